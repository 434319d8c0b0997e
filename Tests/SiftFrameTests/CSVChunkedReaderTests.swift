import Foundation
@testable import SiftFrame
import XCTest

/// Helpers shared by the CSV reader tests: temporary files, reading both ways at several chunk
/// sizes, and cell-for-cell frame comparison.
class CSVReadTestCase: XCTestCase {
    static let chunkSizes = [1, 7, 64]

    func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sift-chunked-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = temporaryPath(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Reads `text` both ways at every chunk size; the streaming path must be taken (the file is
    /// larger than a chunk) and must agree with the whole-file reader.
    func assertSameRead(_ text: String, _ label: String, options: CSVOptions = CSVOptions(), file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = Array(text.utf8)
        let path = try write(bytes, "same.csv")
        let whole = try CSVReader.parse(bytes: bytes, file: path, options: options)
        for size in Self.chunkSizes where bytes.count > size {
            guard let chunked = try ChunkedCSVReader.read(path: path, options: options, chunkSize: size) else {
                XCTFail("\(label): chunk size \(size): the streaming path gave up", file: file, line: line)
                continue
            }
            assertSameFrame(chunked, whole, "\(label), chunk size \(size)", file: file, line: line)
        }
    }

    func assertSameFrame(_ a: Frame, _ b: Frame, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.names, b.names, label, file: file, line: line)
        XCTAssertEqual(a.rowCount, b.rowCount, label, file: file, line: line)
        guard a.names == b.names, a.rowCount == b.rowCount else { return }
        for (ca, cb) in zip(a.columns, b.columns) {
            let where_ = "\(label), column \(ca.name)"
            XCTAssertEqual(ca.type, cb.type, where_, file: file, line: line)
            XCTAssertEqual(ca.validity, cb.validity, "\(where_): nulls", file: file, line: line)
            switch (ca.storage, cb.storage) {
            case (.int(let x), .int(let y)): XCTAssertEqual(x, y, where_, file: file, line: line)
            case (.float(let x), .float(let y)): XCTAssertEqual(x.map(\.bitPattern), y.map(\.bitPattern), where_, file: file, line: line)
            case (.bool(let x), .bool(let y)): XCTAssertEqual(x, y, where_, file: file, line: line)
            case (.date(let x), .date(let y)): XCTAssertEqual(x, y, where_, file: file, line: line)
            case (.datetime(let x), .datetime(let y)): XCTAssertEqual(x, y, where_, file: file, line: line)
            case (.string(.plain(let ox, let bx)), .string(.plain(let oy, let by))):
                XCTAssertEqual(ox, oy, "\(where_): offsets", file: file, line: line)
                XCTAssertEqual(bx, by, "\(where_): bytes", file: file, line: line)
            case (.string(.dictionary(let cx, let vx, let ox)), .string(.dictionary(let cy, let vy, let oy))):
                XCTAssertEqual(cx, cy, "\(where_): codes", file: file, line: line)
                XCTAssertEqual(vx, vy, "\(where_): dictionary", file: file, line: line)
                XCTAssertEqual(ox, oy, where_, file: file, line: line)
            default:
                XCTFail("\(where_): storage differs: \(ca.storage) vs \(cb.storage)", file: file, line: line)
            }
        }
    }
}

/// The chunked CSV reader must give exactly what the whole-file reader gives. Each input is
/// written to a file and read with chunk sizes of 1, 7 and 64 bytes (so chunk boundaries fall
/// inside records, quoted fields, CRLF pairs and multi-byte characters) and compared with the
/// whole-file reader: same names, types, storage, values (floats bit for bit) and nulls, or the
/// same error with the same line.
final class CSVChunkedReaderTests: CSVReadTestCase {
    /// Malformed input: the streaming path hands over, and reading the file gives the whole-file
    /// reader's error (same message, same line).
    func assertSameError(_ bytes: [UInt8], _ label: String, options: CSVOptions = CSVOptions(), file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try write(bytes, "error.csv")
        var expected = ""
        do {
            _ = try CSVReader.parse(bytes: bytes, file: path, options: options)
            XCTFail("\(label): the whole-file reader accepted it", file: file, line: line)
        } catch { expected = "\(error)" }
        XCTAssertTrue(expected.contains(path), "\(label): \(expected)", file: file, line: line)
        for size in Self.chunkSizes where bytes.count > size {
            XCTAssertNil(try ChunkedCSVReader.read(path: path, options: options, chunkSize: size), "\(label), chunk size \(size)", file: file, line: line)
            do {
                _ = try CSVReader.read(path: path, options: options, chunkSize: size)
                XCTFail("\(label), chunk size \(size): read without error", file: file, line: line)
            } catch {
                XCTAssertEqual("\(error)", expected, "\(label), chunk size \(size)", file: file, line: line)
            }
        }
    }

    // MARK: - Records and fields across chunk boundaries

    func testMixedTypesAcrossBoundaries() throws {
        var text = "id,price,ok,day,at,name\n"
        for i in 0..<40 {
            text += "\(i),\(Double(i) * 1.25),\(i % 3 == 0 ? "true" : "FALSE"),2024-01-\(10 + i % 20),2024-02-03 04:05:\(10 + i % 40).25,name \(i % 5)\n"
        }
        try assertSameRead(text, "mixed")
    }

    func testQuotedFieldsWithNewlinesAndDoubledQuotes() throws {
        var text = "id,text,n\n"
        for i in 0..<12 {
            text += "\(i),\"line one\nline \"\"two\"\", still \(i)\r\nthird\rfourth\",\(i * 7)\n"
            text += "\(i + 100),\"\"\"\"\"\",\"\(i)\"\n"
            text += "\(i + 200),\"\",\n"
        }
        try assertSameRead(text, "quoted")
    }

    func testCRLFAndCROnlyAndBlankLines() throws {
        var crlf = "a,b\r\n", cr = "a,b\r", mixed = "\r\n\na,b\r\n\r\n"
        for i in 0..<30 {
            crlf += "\(i),x\(i)\r\n"
            cr += "\(i),x\(i)\r"
            mixed += "\(i),x\(i)" + (i % 2 == 0 ? "\r\n\r\n" : "\n\n\r")
        }
        try assertSameRead(crlf, "CRLF")
        try assertSameRead(crlf + "30,end", "CRLF, no final newline")
        try assertSameRead(cr, "CR only")
        try assertSameRead(mixed, "blank lines")
    }

    func testMultiByteCharactersCutByChunks() throws {
        var text = "\u{FEFF}city,emoji,n\n"
        for i in 0..<25 {
            text += "Zürich \(i % 4),\"🎉 日本 \(i)\",\(i)\n"
        }
        try assertSameRead(text, "UTF-8")
    }

    func testShortRowsDelimiterSkipAndNoHeader() throws {
        var text = "preamble line\r\nsecond line\na;b;c\n"
        for i in 0..<30 { text += i % 4 == 0 ? "\(i)\n" : "\(i);\(i * 2);z\(i)\n" }
        var o = CSVOptions()
        o.skip = 2
        try assertSameRead(text, "skip, semicolon, short rows", options: o)
        var noHeader = CSVOptions()
        noHeader.header = false
        try assertSameRead(String(text.dropFirst("preamble line\r\nsecond line\n".count)), "no header", options: noHeader)
    }

    // MARK: - Type inference decided late

    func testLateValuesWidenTypesExactly() throws {
        func column(_ values: [String]) -> String { "v,k\n" + values.enumerated().map { "\($1),\($0)\n" }.joined() }
        let ints = (0..<30).map { "\($0 * 1000)" }
        try assertSameRead(column(ints + ["2.5"]), "int then float")
        try assertSameRead(column(ints + ["9007199254740993", "1e3"]), "int then large int then float")
        try assertSameRead(column(ints + ["-0", "1"] + ints + ["0.5"]), "-0 then float")
        try assertSameRead(column(ints + ["n/a"] + ints), "int then text")
        try assertSameRead(column(ints.map { $0 + ".5" } + ["x"]), "float then text")
        try assertSameRead(column(["", "NA", "\"\""] + ints), "nulls then ints")
        try assertSameRead(column(["", "NA", "\"\"", "hello"] + ints), "nulls then text")
        try assertSameRead(column(Array(repeating: "", count: 20) + ["\"\""]), "no values")
        try assertSameRead(column(Array(repeating: "true", count: 20) + ["2024-01-01"]), "bool then date")
        try assertSameRead(column(Array(repeating: "2024-01-01", count: 20) + ["2024-01-01 10:00"]), "date then datetime")
        try assertSameRead(column(Array(repeating: "\" 12 \"", count: 20) + ["\"\"", "13"]), "quoted numbers")
        // The same with a quoted "" kept as an empty string (it can then make a column text).
        var keep = CSVOptions()
        keep.quotedEmptyIsNull = false
        try assertSameRead(column(["", "NA", "\"\""] + ints), "nulls then ints, quoted_empty: string", options: keep)
        try assertSameRead(column(["", "NA", "\"\"", "hello"] + ints), "nulls then text, quoted_empty: string", options: keep)
        try assertSameRead(column(Array(repeating: "", count: 20) + ["\"\""]), "no values, quoted_empty: string", options: keep)
        try assertSameRead(column(Array(repeating: "\"\"", count: 20) + ["x", ""]), "quoted empties then text", options: keep)
        try assertSameRead(column(Array(repeating: "\"\"", count: 20) + ["x", ""]), "quoted empties then text")
        var none = CSVOptions()
        none.nulls = []
        try assertSameRead(column(Array(repeating: "", count: 20) + ["7", "\"\""]), "nulls: [] makes an empty field text", options: none)
    }

    func testDictionaryTurnsPlainAtTheSameRow() throws {
        var text = "code,group\n"
        for i in 0..<3000 { text += "v\(i < 1500 ? i % 7 : i),g\(i % 3)\n" }
        try assertSameRead(text, "dictionary then plain")
    }

    func testDeclaredTypesAndNoInference() throws {
        var text = "zip,n,flag\n"
        for i in 0..<30 { text += "0\(1000 + i),\(i),\(i % 2 == 0 ? "true" : "false")\n" }
        var o = CSVOptions()
        o.types = ["zip": .string, "n": .float]
        try assertSameRead(text, "declared types", options: o)
        var raw = CSVOptions()
        raw.infer = false
        try assertSameRead(text, "infer: false", options: raw)
        var nulls = CSVOptions()
        nulls.nulls = ["-"]
        try assertSameRead(text.replacingOccurrences(of: ",1,", with: ",-,"), "custom nulls", options: nulls)
    }

    // MARK: - Errors keep their positions

    func testErrorsStraddlingChunkBoundaries() throws {
        var good = "id,text\n"
        for i in 0..<20 { good += "\(i),\"row \(i)\"\n" }
        try assertSameError(Array((good + "20,\"never closed\n21,x\n").utf8), "unterminated quote")
        try assertSameError(Array((good + "20,x,extra\n21,y\n").utf8), "too many fields")
        try assertSameError(Array((good + "20,\"a \\\"b\\\" c\"\n").utf8), "backslash-escaped quote")
        try assertSameError(Array(good.utf8) + [50, 48, 44, 0xC3, 0x28, 10] + Array("21,z\n".utf8), "invalid UTF-8")
        try assertSameError(Array(good.utf8) + [50, 48, 44, 0xE6, 0x97] , "UTF-8 cut by the end of the file")
        try assertSameError(Array(good.utf8) + [50, 48, 44, 0, 10], "NUL byte")
        var o = CSVOptions()
        o.types = ["id": .int]
        try assertSameError(Array((good + "x20,y\n").utf8), "declared type refused", options: o)
    }

    func testSlowSpellingsOfDeclaredTypesStillRead() throws {
        var text = "flag\n"
        for i in 0..<30 { text += i % 2 == 0 ? "yes\n" : "no\n" }
        var o = CSVOptions()
        o.types = ["flag": .bool]
        let path = try write(Array(text.utf8), "slow.csv")
        let whole = try CSVReader.parse(bytes: Array(text.utf8), file: path, options: o)
        for size in Self.chunkSizes {
            assertSameFrame(try CSVReader.read(path: path, options: o, chunkSize: size), whole, "yes/no as bool, chunk size \(size)")
        }
    }

    /// Megabyte windows: the pipeline reads and scans the next window while this one's
    /// columns convert; records (quoted newlines, doubled quotes) cut by a window's end must
    /// carry over whole, and a column that turns to text at the very end restarts.
    func testLargeWindowsWithQuotedNewlines() throws {
        let megabyte = 1 << 20
        var text = "id,note,x\n"
        var i = 0
        while text.utf8.count < 3 * megabyte {
            text += i % 5 == 0 ? "\(i),\"two\nlines, \"\"quoted\"\"\",\(Double(i) / 8)\r\n" : "\(i),plain \(i % 300),\(i)\n"
            i += 1
        }
        text += "\(i),\"late text\",not a number\n"
        let bytes = Array(text.utf8)
        let path = try write(bytes, "large.csv")
        let whole = try CSVReader.parse(bytes: bytes, file: path, options: CSVOptions())
        for size in [megabyte + 12_345, 2 * megabyte] {
            guard let chunked = try ChunkedCSVReader.read(path: path, options: CSVOptions(), chunkSize: size) else {
                XCTFail("chunk size \(size): the streaming path gave up")
                continue
            }
            assertSameFrame(chunked, whole, "large, chunk size \(size)")
        }
    }

    /// Typed columns take a fast loop for plain cells and the general rules for the rest
    /// (quoted numbers, `-0`, values that widen or refuse). Cells alternating between the two,
    /// and null tokens that look like numbers, must read exactly as the rules say.
    func testTypedCellsAlternatingBetweenFastAndGeneralPaths() throws {
        var text = "i,f,d\n"
        for k in 0..<3000 {
            let i = k % 2 == 0 ? "\"\(k)\"" : (k % 7 == 0 ? "99" : "\(k)")
            let f = k % 3 == 0 ? "\"\(k).5\"" : (k % 11 == 0 ? "" : "\(k).25")
            let d = k % 2 == 1 ? "\"2024-01-0\(k % 9 + 1)\"" : "2024-02-1\(k % 9)"
            text += "\(i),\(f),\(d)\n"
        }
        text += "-0,NA,2024-03-01\n"
        var o = CSVOptions()
        o.nulls = ["", "NA", "99"]
        try assertSameRead(text, "alternating paths", options: o)
        let frame = try CSVReader.parse(bytes: Array(text.utf8), file: "t.csv", options: o)
        let i = frame.columns[0], f = frame.columns[1]
        XCTAssertEqual(i.type, .int)
        XCTAssertEqual(f.type, .float)
        XCTAssertEqual(frame.columns[2].type, .date)
        XCTAssertEqual(i[0], .int(0))
        XCTAssertEqual(i[7], .null, "99 is a null token")
        XCTAssertEqual(i[9], .int(9))
        XCTAssertEqual(i[10], .int(10), "quoted integer")
        XCTAssertEqual(f[3], .float(3.5), "quoted float")
        XCTAssertEqual(f[22], .null, "empty cell")
        XCTAssertEqual(f[1], .float(1.25))
        XCTAssertEqual(f[3000], .null)
    }

    /// A record longer than a whole window: the scan reads on until it fits.
    func testRecordLongerThanAChunk() throws {
        let long = String(repeating: "x", count: 70_000)
        var text = "id,note\n"
        for i in 0..<2000 { text += i == 1000 ? "\(i),\"\(long)\"\n" : "\(i),short \(i)\n" }
        let bytes = Array(text.utf8)
        let path = try write(bytes, "long-record.csv")
        let whole = try CSVReader.parse(bytes: bytes, file: path, options: CSVOptions())
        for size in [4096, 65_536] {
            guard let chunked = try ChunkedCSVReader.read(path: path, options: CSVOptions(), chunkSize: size) else {
                XCTFail("chunk size \(size): the streaming path gave up")
                continue
            }
            assertSameFrame(chunked, whole, "long record, chunk size \(size)")
        }
    }

    // MARK: - The shared conformance files

    func testConformanceFilesAtTinyChunkSizes() throws {
        let dir = CSVConformanceTests.suiteDirectory.appendingPathComponent("cases")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else {
            throw XCTSkip("\(dir.path) not found")
        }
        XCTAssertGreaterThan(names.count, 0)
        for name in names.sorted() {
            let path = dir.appendingPathComponent(name).path
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
            for header in [true, false] {
                var o = CSVOptions()
                o.header = header
                let whole = Result { try CSVReader.parse(bytes: bytes, file: path, options: o) }
                for size in Self.chunkSizes {
                    let chunked = Result { try CSVReader.read(path: path, options: o, chunkSize: size) }
                    let label = "\(name), header \(header), chunk size \(size)"
                    switch (chunked, whole) {
                    case (.success(let a), .success(let b)): assertSameFrame(a, b, label)
                    case (.failure(let a), .failure(let b)): XCTAssertEqual("\(a)", "\(b)", label)
                    default: XCTFail("\(label): \(chunked) vs \(whole)")
                    }
                }
            }
        }
    }

    /// A stop request (Ctrl-C, a cell timeout) ends a streaming read at the next chunk instead of
    /// falling back to reading the whole file.
    func testAStopRequestEndsTheRead() throws {
        let text = "a,b\n" + (0..<2_000).map { "\($0),x\($0)\n" }.joined()
        let path = try write(Array(text.utf8), "stop.csv")
        Cancellation.request(reason: "stop")
        defer { Cancellation.reset() }
        XCTAssertThrowsError(try CSVReader.read(path: path, options: CSVOptions(), chunkSize: 64)) { e in
            XCTAssertTrue(e is Cancelled, "\(e)")
        }
        XCTAssertEqual(try CSVReader.read(path: path, options: CSVOptions(), chunkSize: 64).rowCount, 2_000)
    }
}
