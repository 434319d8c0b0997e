// libFuzzer target: the CSV reader on arbitrary bytes, then a write/re-read round trip.
//
// The first byte chooses the options (delimiter auto/,/;/tab/|, header on/off, inference on/off,
// skip 0/1, a forced type for the first column; the length's parity whether a quoted "" is null);
// the rest is the file. A file that parses is
// written with CSVWriter and read back with the writer's dialect: that must parse again, to the
// same shape, and without type inference (all text) to the same values. With
// The same bytes are also read from a file by the streaming reader with a tiny chunk size (1–64
// bytes, from the input's length), which must give the same frame, or fail the same way. With
// SIFT_FUZZ_CSV_LARGE=1 every input is also repeated past the 4 MB threshold where the reader
// scans in two parallel pieces, and the result must agree with the one-piece scan (slow: use it
// for a separate campaign).
#if canImport(Glibc)
import Glibc
#endif
import SiftFrame

nonisolated(unsafe) private var largeMode: Bool? = nil

private func fail(_ message: String, _ input: [UInt8]) -> Never {
    let preview = String(decoding: input.prefix(400), as: UTF8.self)
    fputs("fuzz-csv: \(message)\ninput (\(input.count) bytes): \(preview.debugDescription)\n", stderr)
    abort()
}

private func options(_ mode: UInt8) -> CSVOptions {
    var o = CSVOptions()
    switch mode & 7 {
    case 1: o.delimiter = UInt8(ascii: ",")
    case 2: o.delimiter = UInt8(ascii: ";")
    case 3: o.delimiter = UInt8(ascii: "\t")
    case 4: o.delimiter = UInt8(ascii: "|")
    default: o.delimiter = nil  // auto-detect (weighted: 0, 5, 6, 7)
    }
    o.header = mode & 8 == 0
    o.infer = mode & 16 == 0
    o.skip = mode & 32 == 0 ? 0 : 1
    if mode & 64 != 0 {
        let first = o.header ? "a" : "column_1"
        o.types[first] = mode & 128 == 0 ? .int : .date
    }
    return o
}

/// Parses; a thrown CSVError is a normal answer (nil), anything else is a finding.
private func parse(_ bytes: [UInt8], _ o: CSVOptions, _ input: [UInt8]) -> Frame? {
    do {
        return try CSVReader.parse(bytes: bytes, file: "<fuzz>", options: o)
    } catch let e as CSVError {
        _ = e.description
        return nil
    } catch {
        // Frame(columns:) and friends may throw their own errors; they must still print.
        _ = "\(error)"
        return nil
    }
}

private func touch(_ f: Frame) {
    for c in f.columns {
        _ = c.type
        _ = c.nullCount
        for r in 0..<min(f.rowCount, 64) { _ = c[r] }
    }
}

nonisolated(unsafe) private let scratchPath = "/tmp/sift-fuzz-csv-\(getpid()).csv"

/// Same value, treating NaN as equal to NaN (the frames are compared cell by cell).
private func same(_ a: Scalar, _ b: Scalar) -> Bool {
    if case .float(let x) = a, case .float(let y) = b { return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN) }
    return a == b
}

/// The streaming reader on the same bytes, at a chunk size small enough to cut every record.
private func compareWithChunkedRead(_ body: [UInt8], _ o: CSVOptions, _ whole: Frame?, _ input: [UInt8]) {
    let fd = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return }
    let wrote = body.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    guard wrote == body.count else { return }
    let chunk = input.count % 64 + 1
    let chunked: Frame?
    do { chunked = try CSVReader.read(path: scratchPath, options: o, chunkSize: chunk) } catch { chunked = nil }
    guard let whole else {
        if chunked != nil { fail("the streaming reader (chunk \(chunk)) accepts what the whole-file reader refuses", input) }
        return
    }
    guard let chunked else { fail("the streaming reader (chunk \(chunk)) refuses what the whole-file reader reads", input) }
    guard chunked.columnCount == whole.columnCount, chunked.rowCount == whole.rowCount else {
        fail("the streaming reader (chunk \(chunk)) gives \(chunked.rowCount)×\(chunked.columnCount), the whole-file reader \(whole.rowCount)×\(whole.columnCount)", input)
    }
    for (a, b) in zip(whole.columns, chunked.columns) {
        guard a.name == b.name, a.type == b.type else {
            fail("the streaming reader (chunk \(chunk)) gives column \(b.name): \(b.type.rawValue), the whole-file reader \(a.name): \(a.type.rawValue)", input)
        }
        for r in 0..<whole.rowCount where !same(a[r], b[r]) {
            fail("the streaming reader (chunk \(chunk)) gives \(b[r]) in row \(r + 1) of \(a.name), the whole-file reader \(a[r])", input)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if largeMode == nil {
        largeMode = getenv("SIFT_FUZZ_CSV_LARGE") != nil
    }
    guard let data, size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    var o = options(input[0])
    let body = Array(input.dropFirst())
    // The mode byte is full: the input's length parity chooses how a quoted "" reads.
    o.quotedEmptyIsNull = input.count % 2 == 0
    let parsed = parse(body, o, input)
    compareWithChunkedRead(body, o, parsed, input)
    guard let frame = parsed else { return 0 }
    touch(frame)
    for c in frame.columns where c.count != frame.rowCount {
        fail("column \(c.name) has \(c.count) values in a frame of \(frame.rowCount) rows", input)
    }

    // Round trip: what the writer produces must read back to the same shape.
    let written = CSVWriter.bytes(frame)
    var ro = CSVOptions()
    ro.delimiter = UInt8(ascii: ",")
    ro.header = true
    ro.infer = o.infer
    // The writer writes an empty string as `""`, which reads back as an empty string only so.
    ro.quotedEmptyIsNull = false
    if frame.columnCount > 0 {
        guard let again = parse(written, ro, input) else {
            let err: String
            do { _ = try CSVReader.parse(bytes: written, file: "<written>", options: ro); err = "?" } catch { err = "\(error)" }
            fail("written CSV does not read back: \(err)\nwritten: \(String(decoding: written.prefix(400), as: UTF8.self).debugDescription)", input)
        }
        if again.columnCount != frame.columnCount || again.rowCount != frame.rowCount {
            fail("round trip changed the shape: \(frame.rowCount)×\(frame.columnCount) → \(again.rowCount)×\(again.columnCount)\nwritten: \(String(decoding: written.prefix(400), as: UTF8.self).debugDescription)", input)
        }
        touch(again)
        // Without inference every column is text, so every value must come back exactly:
        // quoting, doubled quotes, null tokens and empty strings all survive the round trip.
        if !o.infer && o.types.isEmpty {
            for (c, d) in zip(frame.columns, again.columns) {
                for r in 0..<frame.rowCount where c[r] != d[r] {
                    fail("round trip changed row \(r + 1) of column \(c.name): \(c[r]) → \(d[r])\nwritten: \(String(decoding: written.prefix(400), as: UTF8.self).debugDescription)", input)
                }
            }
        }
    }

    if largeMode == true, o.skip == 0, let first = body.firstIndex(of: 10), frame.rowCount > 0 {
        // Repeat the data lines past the parallel-scan threshold; the header stays once.
        let head = o.header ? Array(body[...first]) : []
        guard !head.contains(34) else { return 0 }  // a quoted header spanning lines: no clean split
        var rows = o.header ? Array(body[(first + 1)...]) : body
        if rows.last != 10 { rows.append(10) }
        guard !rows.isEmpty else { return 0 }
        let copies = (4 << 20) / rows.count + 2
        var big = head
        big.reserveCapacity(head.count + rows.count * copies)
        for _ in 0..<copies { big += rows }
        var one = head; one += rows
        guard let single = parse(one, o, input) else { return 0 }
        guard let large = parse(big, o, input) else {
            var err = "?"
            do { _ = try CSVReader.parse(bytes: big, file: "<large>", options: o) } catch { err = "\(error)" }
            fail("the two-piece scan fails where the one-piece scan succeeds: \(err)", input)
        }
        if large.rowCount != single.rowCount * copies || large.columnCount != single.columnCount {
            fail("the two-piece scan disagrees: \(copies) copies of \(single.rowCount) rows gave \(large.rowCount)×\(large.columnCount)", input)
        }
    }
    return 0
}
