// libFuzzer target: the file-format readers of SiftIO on arbitrary bytes.
//
// The first byte picks the reader: 0 Parquet (whole file, then a one-column projection),
// 1 xlsx (first sheet, then without a header and a range), 2 JSON, 3 gzip then CSV, 4 zstd then
// CSV; the rest is the file. Every reader must either return a frame whose columns are all as
// long as the frame, or throw a FrameError/CSVError with a message; anything
// else (a crash, another error type, an inconsistent frame) is a finding. Row counts are capped
// so a forged footer cannot make the target allocate past libFuzzer's memory limit.
#if canImport(Glibc)
import Glibc
#endif
import SiftFrame
import SiftIO

private func fail(_ message: String, _ input: [UInt8]) -> Never {
    fputs("fuzz-io: \(message)\ninput: \(input.count) bytes\n", stderr)
    abort()
}

private func check(_ f: Frame, _ input: [UInt8]) {
    for c in f.columns where c.count != f.rowCount { fail("column \(c.name) has \(c.count) rows of \(f.rowCount)", input) }
    for c in f.columns { for i in 0..<min(c.count, 64) { _ = c[i] } }
}

private func attempt(_ name: String, _ input: [UInt8], _ body: () throws -> Frame) {
    do {
        check(try body(), input)
    } catch let e as FrameError {
        if e.message.isEmpty { fail("an error without a message (reading \(name))", input) }
    } catch let e as CSVError {
        _ = e.description
    } catch {
        fail("unexpected error type: \(error)", input)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIO(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 1 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let body = Array(input.dropFirst())
    ParquetSource.maxRows = 200_000
    switch input[0] % 5 {
    case 0:
        attempt("f.parquet", input) { try ParquetSource(input: RandomAccessInput(memory: body, name: "f.parquet")).read() }
        attempt("f.parquet", input) {
            let s = try ParquetSource(input: RandomAccessInput(memory: body, name: "f.parquet"))
            guard let first = try s.schema().last?.name else { return Frame.empty }
            return try s.read(columns: [first])
        }
    case 1:
        attempt("f.xlsx", input) { try ExcelSource(bytes: body, name: "f.xlsx").read() }
        attempt("f.xlsx", input) { try ExcelSource(bytes: body, name: "f.xlsx", range: "A2:C9", header: false).read() }
    case 2:
        attempt("f.json", input) { try JSONSource(bytes: body, name: "f.json").read() }
    default:
        attempt("f.csv.gz", input) {
            let text = try Input.decompressed(body, name: "f.csv.gz", limit: 1 << 24)
            return try CSVReader.parse(bytes: text, file: "f.csv.gz")
        }
    }
    return 0
}
