import Foundation
import SiftFrame
import XCTest

/// The CSV reader's dialect handling, options, type inference and error messages, and the
/// writer's round trip through the reader.
final class CSVReaderTests: XCTestCase {
    // MARK: - Helpers

    func csvError(_ body: @autoclosure () throws -> Frame, file: StaticString = #filePath, line: UInt = #line) -> CSVError? {
        do {
            let f = try body()
            XCTFail("expected a CSVError, read \(f.columnCount) columns × \(f.rowCount) rows: \(textRows(f).prefix(5))…", file: file, line: line)
        } catch let e as CSVError {
            return e
        } catch {
            XCTFail("expected a CSVError, got \(type(of: error)): \(error)", file: file, line: line)
        }
        return nil
    }

    func frameError(_ body: @autoclosure () throws -> Frame, file: StaticString = #filePath, line: UInt = #line) -> FrameError? {
        do {
            let f = try body()
            XCTFail("expected a FrameError, read \(f.columnCount) columns × \(f.rowCount) rows", file: file, line: line)
        } catch let e as FrameError {
            return e
        } catch {
            XCTFail("expected a FrameError, got \(type(of: error)): \(error)", file: file, line: line)
        }
        return nil
    }

    func bytesFrame(_ bytes: [UInt8], _ configure: (inout CSVOptions) -> Void = { _ in }) throws -> Frame {
        var o = CSVOptions()
        configure(&o)
        return try CSVReader.parse(bytes: bytes, file: "t.csv", options: o)
    }

    func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sift-frame-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    // MARK: - Quoting and line endings

    func testQuotedFieldsAndDoubledQuotes() throws {
        let f = try parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"\"\"\"\n\"plain\",\"\",z\n")
        XCTAssertEqual(f.names, ["a", "b", "c"])
        XCTAssertEqual(f.rowCount, 2)
        XCTAssertEqual(strings(try f.column("a")), ["x, y", "plain"])
        XCTAssertEqual(strings(try f.column("b")), ["say \"hi\"", nil], "a quoted empty field is null, as in pandas")
        XCTAssertEqual(strings(try f.column("c")), ["\"", "z"])
    }

    func testNewlinesInsideQuotes() throws {
        let f = try parse("id,text\n1,\"line one\nline two\"\n2,\"crlf\r\ninside\"\n3,\"cr\ronly\"\n4,\"\n\"\n")
        XCTAssertEqual(ints(try f.column("id")), [1, 2, 3, 4])
        XCTAssertEqual(strings(try f.column("text")), ["line one\nline two", "crlf\r\ninside", "cr\ronly", "\n"])
    }

    func testLineEndings() throws {
        for (label, text) in [("LF", "a,b\n1,x\n2,y\n"), ("CRLF", "a,b\r\n1,x\r\n2,y\r\n"), ("CR", "a,b\r1,x\r2,y\r"),
                              ("no final newline", "a,b\n1,x\n2,y"), ("CRLF no final newline", "a,b\r\n1,x\r\n2,y"),
                              ("mixed", "a,b\r\n1,x\n2,y\r")] {
            let f = try parse(text)
            XCTAssertEqual(f.names, ["a", "b"], label)
            XCTAssertEqual(ints(try f.column("a")), [1, 2], label)
            XCTAssertEqual(strings(try f.column("b")), ["x", "y"], "\(label): no stray \\r in values")
        }
    }

    func testBlankLinesAreSkipped() throws {
        let f = try parse("\n\r\na,b\n\n1,2\r\n\r\n\n3,4\n\n")
        XCTAssertEqual(f.names, ["a", "b"])
        XCTAssertEqual(ints(try f.column("a")), [1, 3])
        XCTAssertEqual(ints(try f.column("b")), [2, 4])
    }

    func testTrailingDelimiterMakesAnEmptyLastField() throws {
        let f = try parse("a,b,c\n1,2,\n4,5,")
        XCTAssertEqual(f.rowCount, 2)
        XCTAssertEqual(ints(try f.column("c")), [nil, nil])
        XCTAssertEqual(ints(try f.column("b")), [2, 5])
    }

    func testByteOrderMark() throws {
        let f = try bytesFrame([0xEF, 0xBB, 0xBF] + Array("id,name\n1,ä\n".utf8))
        XCTAssertEqual(f.names, ["id", "name"], "the BOM must not become part of the first name")
        XCTAssertEqual(ints(try f.column("id")), [1])
        XCTAssertEqual(strings(try f.column("name")), ["ä"])
        // A BOM and nothing else is an empty file.
        let empty = try bytesFrame([0xEF, 0xBB, 0xBF])
        XCTAssertEqual(empty.columnCount, 0)
    }

    func testEmptyInputs() throws {
        for text in ["", "\n", "\r\n\r\n", "\n\n\n"] {
            let f = try parse(text)
            XCTAssertEqual(f.columnCount, 0, "\(text.debugDescription)")
            XCTAssertEqual(f.rowCount, 0, "\(text.debugDescription)")
        }
        let noHeader = try parse("") { $0.header = false }
        XCTAssertEqual(noHeader.columnCount, 0)
    }

    func testHeaderOnly() throws {
        for text in ["a,b,c\n", "a,b,c", "a,b,c\r\n\n\n"] {
            let f = try parse(text)
            XCTAssertEqual(f.names, ["a", "b", "c"], text.debugDescription)
            XCTAssertEqual(f.rowCount, 0)
            for c in f.columns { XCTAssertEqual(c.count, 0) }
        }
    }

    // MARK: - Ragged rows

    func testTooManyFieldsIsAnErrorNamingTheLine() throws {
        let e = csvError(try parse("a,b\n1,2\n3,4,5\n6,7\n"))
        XCTAssertEqual(e?.line, 3)
        XCTAssertEqual(e?.file, "<text>")
        XCTAssertTrue(e?.message.contains("row has 3 fields, expected 2") ?? false, "\(String(describing: e))")
        XCTAssertTrue(e?.description.hasPrefix("<text>:3: ") ?? false, "\(String(describing: e))")

        // Line numbers count physical lines: blank lines and newlines inside quotes included.
        let e2 = csvError(try parse("a,b\n\n\"x\ny\",2\r\n\r\n3,4,5\n"))
        XCTAssertEqual(e2?.line, 6)
        let e3 = csvError(try parse("a,b\r1,2\r3,4,5\r"))
        XCTAssertEqual(e3?.line, 3, "CR-only files count lines too")

        // Without a header the first record fixes the width.
        let e4 = csvError(try parse("1,2\n3,4\n5,6,7\n") { $0.header = false })
        XCTAssertEqual(e4?.line, 3)
    }

    func testTooFewFieldsArePaddedWithNull() throws {
        let f = try parse("a,b,c\n1\n2,x\n3,y,z\n")
        XCTAssertEqual(f.rowCount, 3)
        XCTAssertEqual(ints(try f.column("a")), [1, 2, 3])
        XCTAssertEqual(strings(try f.column("b")), [nil, "x", "y"])
        XCTAssertEqual(strings(try f.column("c")), [nil, nil, "z"])
        // Padding nulls stay null even when empty strings are not null.
        let g = try parse("a,b\n1\n2,\n") { $0.nulls = []; $0.infer = false }
        XCTAssertEqual(strings(try g.column("b")), [nil, ""])
    }

    func testUnterminatedQuote() throws {
        let e = csvError(try parse("a,b\n1,2\n3,\"never closed\n4,5\n"))
        XCTAssertEqual(e?.line, 3)
        XCTAssertTrue(e?.message.contains("unterminated") ?? false)
    }

    func testBackslashEscapedQuotesAreRefused() throws {
        // `\"` inside a quoted field would silently shift every later field under RFC 4180 rules.
        let e = csvError(try parse("a,b\n1,\"say \\\"hi\\\" there\"\n"))
        XCTAssertEqual(e?.line, 2)
        XCTAssertTrue(e?.message.contains("backslash") ?? false, "\(String(describing: e))")
        // A field that merely ends in a backslash (a Windows folder) is fine.
        let f = try parse("path,n\n\"C:\\temp\\\",1\n\"D:\\\"\n")
        XCTAssertEqual(strings(try f.column("path")), ["C:\\temp\\", "D:\\"])
        XCTAssertEqual(ints(try f.column("n")), [1, nil])
    }

    func testTextAfterClosingQuoteIsKeptLikePython() throws {
        let f = try parse("a,b\n\"x\"y,\" l \" \n") { $0.infer = false }
        XCTAssertEqual(strings(try f.column("a")), ["xy"])
        XCTAssertEqual(strings(try f.column("b")), [" l  "])
    }

    // MARK: - Delimiters

    func testDelimiterDetection() throws {
        let cases: [(String, String)] = [
            ("semicolon", "a;b;c\n1;2;3\n4;5;6\n"),
            ("tab", "a\tb\tc\n1\t2\t3\n4\t5\t6\n"),
            ("pipe", "a|b|c\n1|2|3\n4|5|6\n"),
            ("comma", "a,b,c\n1,2,3\n4,5,6\n"),
        ]
        for (label, text) in cases {
            let f = try parse(text)
            XCTAssertEqual(f.names, ["a", "b", "c"], label)
            XCTAssertEqual(ints(try f.column("c")), [3, 6], label)
        }
        // Commas inside quotes do not outvote the real delimiter.
        let q = try parse("name;note\n\"x\";\"a, b, c, d\"\n\"y\";\"e, f\"\n")
        XCTAssertEqual(q.names, ["name", "note"])
        XCTAssertEqual(strings(try q.column("note")), ["a, b, c, d", "e, f"])
        // European decimals: semicolons separate, commas are part of the numbers.
        let eu = try parse("x;y\n1,5;2,25\n3,0;4,75\n")
        XCTAssertEqual(eu.names, ["x", "y"])
        XCTAssertEqual(strings(try eu.column("x")), ["1,5", "3,0"])
        // A single column reads as one column.
        let one = try parse("value\n1\n2\n")
        XCTAssertEqual(one.names, ["value"])
        XCTAssertEqual(ints(try one.column("value")), [1, 2])
    }

    func testExplicitDelimiter() throws {
        let f = try parse("a|b,c\n1|2,3\n") { $0.delimiter = UInt8(ascii: "|") }
        XCTAssertEqual(f.names, ["a", "b,c"])
        XCTAssertEqual(strings(try f.column("b,c")), ["2,3"])
        let g = try parse("a;b,c\n1;2,3\n4;5,6\n") { $0.delimiter = UInt8(ascii: ",") }
        XCTAssertEqual(g.names, ["a;b", "c"])
        XCTAssertEqual(ints(try g.column("c")), [3, 6])
    }

    // MARK: - Options

    func testNoHeaderNamesColumns() throws {
        let f = try parse("1,x,2.5\n2,y,3.5\n") { $0.header = false }
        XCTAssertEqual(f.names, ["column_1", "column_2", "column_3"])
        XCTAssertEqual(ints(try f.column("column_1")), [1, 2])
        XCTAssertEqual(strings(try f.column("column_2")), ["x", "y"])
        XCTAssertEqual(doubles(try f.column("column_3")), [2.5, 3.5])
    }

    func testSkip() throws {
        let f = try parse("# exported by tool; version 3; really\n# second line\na,b\n1,2\n") { $0.skip = 2 }
        XCTAssertEqual(f.names, ["a", "b"], "the delimiter is detected after the skipped lines")
        XCTAssertEqual(ints(try f.column("b")), [2])
        let crlf = try parse("junk\r\na,b\r\n1,2\r\n") { $0.skip = 1 }
        XCTAssertEqual(crlf.names, ["a", "b"])
        XCTAssertEqual(crlf.rowCount, 1)
        let cr = try parse("junk\ra,b\r1,2\r") { $0.skip = 1 }
        XCTAssertEqual(cr.names, ["a", "b"])
        let beyond = try parse("a,b\n1,2\n") { $0.skip = 5 }
        XCTAssertEqual(beyond.columnCount, 0)
        let noHeader = try parse("title\n1,2\n3,4\n") { $0.skip = 1; $0.header = false }
        XCTAssertEqual(noHeader.names, ["column_1", "column_2"])
        XCTAssertEqual(ints(try noHeader.column("column_1")), [1, 3])
        // Error line numbers still count the skipped lines.
        let e = csvError(try parse("junk\na,b\n1,2,3\n") { $0.skip = 1 })
        XCTAssertEqual(e?.line, 3)
    }

    func testDefaultNulls() throws {
        let f = try parse("s,n\nNA,1\nN/A,NULL\nnull,\nNaN,nan\nx,5\n\"NA\",\"\"\n")
        XCTAssertEqual(strings(try f.column("s")), [nil, nil, nil, nil, "x", "NA"], "quoted NA is text")
        XCTAssertEqual(ints(try f.column("n")), [1, nil, nil, nil, 5, nil], "quoted empty is null in a typed column")
        // "na", "None" and "-" are not null tokens by default.
        let g = try parse("s\nna\nNone\n-\n")
        XCTAssertEqual(strings(try g.column("s")), ["na", "None", "-"])
    }

    func testCustomNulls() throws {
        let f = try parse("a,b\n-,1\nmissing,2\nNA,-\n,4\n") { $0.nulls = ["-", "missing"] }
        XCTAssertEqual(strings(try f.column("a")), [nil, nil, "NA", ""], "only the listed tokens are null")
        XCTAssertEqual(ints(try f.column("b")), [1, 2, nil, 4])
        let none = try parse("a\n\nNA\n\"\"\n") { $0.nulls = [] }
        // The blank line is skipped; NA is text; a quoted "" is still null unless quoted_empty says otherwise.
        XCTAssertEqual(strings(try none.column("a")), ["NA", nil])
        let kept = try parse("a,b\nNA,1\n\"\",2\n,3\n") { $0.nulls = []; $0.quotedEmptyIsNull = false }
        XCTAssertEqual(strings(try kept.column("a")), ["NA", "", ""])
    }

    /// The documented rule: an empty field is null in every column type, quoted or not (pandas,
    /// DuckDB); `quotedEmptyIsNull = false` keeps `""` as an empty string in text columns only.
    func testEmptyFieldsAreNullInEveryColumnType() throws {
        let text = "i,f,b,d,t,s,q\n1,1.5,true,2024-01-01,2024-01-01 10:00,x,\"a\"\n,,,,,,\n\"\",\"\",\"\",\"\",\"\",\"\",\"\"\n3,2.5,false,2024-01-03,2024-01-03 11:00,z,\"c\"\n"
        let f = try parse(text)
        let types: [DataType] = [.int, .float, .bool, .date, .datetime, .string, .string]
        for (c, t) in zip(f.columns, types) {
            XCTAssertEqual(c.type, t, "\(c.name): an empty field does not change the inferred type")
            XCTAssertEqual((0..<4).map { !c.isValid($0) }, [false, true, true, false], "\(c.name): empty and \"\" are null")
        }
        let g = try parse(text) { $0.quotedEmptyIsNull = false }
        for (c, t) in zip(g.columns, types) {
            XCTAssertEqual(c.type, t, "\(c.name): type with quoted_empty: string")
            let quotedIsNull = t != .string
            XCTAssertEqual((0..<4).map { !c.isValid($0) }, [false, true, quotedIsNull, false], "\(c.name): \"\" is an empty string only in text")
        }
        XCTAssertEqual(strings(try g.column("s")), ["x", nil, "", "z"])
        // The same with declared types and without inference.
        let h = try parse(text) { $0.infer = false }
        for c in h.columns { XCTAssertEqual(c.nullCount, 2, "\(c.name): infer: false") }
        let k = try parse(text) { $0.types = ["i": .float, "s": .string] }
        XCTAssertEqual(try k.column("i").nullCount, 2)
        XCTAssertEqual(try k.column("s").nullCount, 2)
    }

    func testEmptyStringVersusNullInStringColumns() throws {
        let f = try parse("a,b\nx,\"\"\ny,\n")
        XCTAssertEqual(strings(try f.column("b")), [nil, nil])
        let g = try parse("a,b\nx,\"\"\ny,\n") { $0.quotedEmptyIsNull = false }
        XCTAssertEqual(strings(try g.column("b")), ["", nil])
        XCTAssertEqual(try g.column("b").nullCount, 1)
    }

    // MARK: - Column limit

    func testHeaderWiderThanTheColumnLimitIsRefused() throws {
        let wide = (1...50).map { "c\($0)" }.joined(separator: ",") + "\n" + (1...50).map(String.init).joined(separator: ",") + "\n"
        let e = csvError(try parse(wide) { $0.maxColumns = 49 })
        XCTAssertEqual(e?.message, "the header has 50 fields, over the limit of 49 columns")
        XCTAssertTrue(e?.hint?.contains("max_columns: 50") ?? false, e?.hint ?? "no hint")
        XCTAssertEqual(try parse(wide) { $0.maxColumns = 50 }.columnCount, 50, "the limit itself is allowed")
        let noHeader = csvError(try parse(wide) { $0.maxColumns = 10; $0.header = false })
        XCTAssertEqual(noHeader?.message, "the first record has 50 fields, over the limit of 10 columns")
        XCTAssertEqual(CSVOptions().maxColumns, 100_000)
    }

    /// A one-line file of two million fields (about 14 MB) is refused from its first chunk, by
    /// both readers, without building columns; the limit is adjustable.
    func testOneLineFileOfMillionsOfFieldsIsRefusedEarly() throws {
        var line = [UInt8]()
        line.reserveCapacity(14_000_000)
        for i in 0..<2_000_000 { line += Array("f\(i % 100_000),".utf8) }
        line += Array("end\n".utf8)
        let path = temporaryPath("wide.csv")
        try Data(line).write(to: URL(fileURLWithPath: path))
        let started = Date()
        let e = csvError(try CSVReader.read(path: path))
        XCTAssertEqual(e?.file, path)
        XCTAssertEqual(e?.message, "the header has more than 100,000 fields, over the limit of 100,000 columns", "the streaming reader stops at its first chunk")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        // The whole-file reader (pipes, small files) counts the record and refuses it too.
        let whole = csvError(try CSVReader.parse(bytes: line, file: path))
        XCTAssertEqual(whole?.message, "the header has 2,000,001 fields, over the limit of 100,000 columns")
    }

    func testTypesOverride() throws {
        let f = try parse("zip,price,day,flag,n\n01234,3,2024-01-05,true,7\n00501,4,2024-02-29,false,\n") {
            $0.types = ["zip": .string, "price": .float, "day": .string, "n": .float]
        }
        XCTAssertEqual(try f.column("zip").type, .string)
        XCTAssertEqual(strings(try f.column("zip")), ["01234", "00501"], "leading zeros survive")
        XCTAssertEqual(doubles(try f.column("price")), [3, 4])
        XCTAssertEqual(strings(try f.column("day")), ["2024-01-05", "2024-02-29"])
        XCTAssertEqual(bools(try f.column("flag")), [true, false], "other columns are still inferred")
        XCTAssertEqual(doubles(try f.column("n")), [7, nil])

        let d = try parse("d,t\n2024-03-01,2024-03-01 12:30\n") { $0.types = ["d": .datetime, "t": .datetime] }
        XCTAssertEqual(cells(try d.column("d")), [.datetime(Int64(date("2024-03-01")) * Temporal.microsPerDay)])
        XCTAssertEqual(cells(try d.column("t")), [.datetime(Int64(date("2024-03-01")) * Temporal.microsPerDay + 45_000_000_000)])
    }

    func testTypesOverrideUsesTheDeclaredType() throws {
        // Values that `cast` accepts for the declared type must give a column of that type.
        let f = try parse("n,b,d\n1,true,2024-01-02\n2.0,yes,2024-01-03 10:00\n") {
            $0.types = ["n": .int, "b": .bool, "d": .date]
        }
        XCTAssertEqual(try f.column("n").type, .int)
        XCTAssertEqual(ints(try f.column("n")), [1, 2])
        XCTAssertEqual(try f.column("b").type, .bool)
        XCTAssertEqual(bools(try f.column("b")), [true, true])
        XCTAssertEqual(try f.column("d").type, .date)
        XCTAssertEqual(cells(try f.column("d")), [.date(date("2024-01-02")), .date(date("2024-01-03"))])
        let early = try parse("d\n1969-12-31 23:00\n") { $0.types = ["d": .date] }
        XCTAssertEqual(cells(try early.column("d")), [.date(-1)], "a datetime before 1970 keeps its calendar day")
    }

    func testTypesOverrideErrorNamesTheLine() throws {
        let e = csvError(try parse("id,n\na,1\nb,2\n\nc,x7\n") { $0.types = ["n": .int] })
        XCTAssertEqual(e?.line, 5)
        XCTAssertTrue(e?.message.contains("'n'") ?? false, "\(String(describing: e))")
        XCTAssertTrue(e?.message.contains("int") ?? false)
        XCTAssertTrue(e?.message.contains("x7") ?? false)
        let e2 = csvError(try parse("d\n2024-01-01\n2024-02-30\n") { $0.types = ["d": .date] })
        XCTAssertEqual(e2?.line, 3)
        // Nulls are fine in a declared column.
        let ok = try parse("n\n1\nNA\n\n3\n") { $0.types = ["n": .int] }
        XCTAssertEqual(ints(try ok.column("n")), [1, nil, 3])
    }

    func testInferFalseReadsStrings() throws {
        let f = try parse("a,b,c,d\n1,2.5,true,2024-01-01\n,x,NA,\n") { $0.infer = false }
        for c in f.columns { XCTAssertEqual(c.type, .string, c.name) }
        XCTAssertEqual(strings(try f.column("a")), ["1", nil])
        XCTAssertEqual(strings(try f.column("c")), ["true", nil], "nulls still apply")
        let g = try parse("a,b\n1,2\n") { $0.infer = false; $0.types = ["b": .int] }
        XCTAssertEqual(try g.column("a").type, .string)
        XCTAssertEqual(ints(try g.column("b")), [2], "types win over infer = false")
    }

    // MARK: - Encodings and binary input

    func testInvalidUTF8NamesByteOffsetAndLine() throws {
        let e = csvError(try bytesFrame(Array("a,b\n1,".utf8) + [0xFF] + Array("\n".utf8)))
        XCTAssertTrue(e?.message.contains("byte offset 6") ?? false, "\(String(describing: e))")
        XCTAssertEqual(e?.line, 2)
        XCTAssertEqual(e?.file, "t.csv")
        // Latin-1 after the 8-byte fast path.
        let latin1 = Array("name\nabcdefghijklmnop caf".utf8) + [0xE9] + Array("\n".utf8)
        XCTAssertTrue(csvError(try bytesFrame(latin1))?.message.contains("byte offset 25") ?? false)
        // Overlong encoding, surrogate, truncated sequence at the end, stray continuation byte.
        for (bad, offset) in [([0xC0, 0xAF], 2), ([0xED, 0xA0, 0x80], 2), ([0xE2, 0x82], 2), ([0x80], 2), ([0xF4, 0x90, 0x80, 0x80], 2)] as [([UInt8], Int)] {
            let e = csvError(try bytesFrame(Array("a\n".utf8) + bad))
            XCTAssertTrue(e?.message.contains("byte offset \(offset)") ?? false, "\(bad): \(String(describing: e))")
        }
        // Valid multi-byte text passes: 2-, 3- and 4-byte sequences.
        let ok = try bytesFrame(Array("a\nʤ\n日本\n😄\n".utf8))
        XCTAssertEqual(strings(try ok.column("a")), ["ʤ", "日本", "😄"])
    }

    func testUTF16IsRefused() throws {
        let le: [UInt8] = [0xFF, 0xFE] + "a,b\n1,2\n".utf8.flatMap { [$0, 0] }
        XCTAssertTrue(csvError(try bytesFrame(le))?.message.contains("UTF-16") ?? false)
        let be: [UInt8] = [0xFE, 0xFF] + "a,b\n1,2\n".utf8.flatMap { [0, $0] }
        XCTAssertTrue(csvError(try bytesFrame(be))?.message.contains("UTF-16") ?? false)
        let noBOM: [UInt8] = "a,b\n1,2\n".utf8.flatMap { [$0, 0] }
        XCTAssertTrue(csvError(try bytesFrame(noBOM))?.message.contains("NUL byte at offset 1") ?? false)
    }

    func testNulBytesAreRefused() throws {
        let e = csvError(try bytesFrame(Array("a,b\n1,".utf8) + [0] + Array("\n".utf8)))
        XCTAssertTrue(e?.message.contains("NUL byte at offset 6") ?? false, "\(String(describing: e))")
        // Also far into the file, not only in the first few kilobytes.
        var late = Array("a,b\n".utf8)
        for i in 0..<2000 { late += Array("\(i),x\n".utf8) }
        let offset = late.count + 2
        late += Array("7,".utf8) + [0] + Array("\n".utf8)
        let e2 = csvError(try bytesFrame(late))
        XCTAssertTrue(e2?.message.contains("NUL byte at offset \(offset)") ?? false, "\(String(describing: e2))")
    }

    // MARK: - Size extremes

    func testTenThousandColumns() throws {
        let n = 10_000
        let header = (0..<n).map { "c\($0)" }.joined(separator: ",")
        let row1 = (0..<n).map { String($0) }.joined(separator: ",")
        let row2 = (0..<n).map { $0 % 2 == 0 ? "x\($0)" : "" }.joined(separator: ",")
        let f = try parse(header + "\n" + row1 + "\n" + row2 + "\n")
        XCTAssertEqual(f.columnCount, n)
        XCTAssertEqual(f.rowCount, 2)
        XCTAssertEqual(f.names.first, "c0")
        XCTAssertEqual(f.names.last, "c9999")
        XCTAssertEqual(Set(f.names).count, n)
        XCTAssertEqual(strings(f.columns[9998]), ["9998", "x9998"])
        XCTAssertEqual(ints(f.columns[9999]), [9999, nil])
    }

    func testFiftyMegabyteQuotedField() throws {
        let size = 50 * 1024 * 1024
        var bytes = [UInt8]()
        bytes.reserveCapacity(size + 64)
        bytes += Array("id,blob,tail\n1,\"".utf8)
        let start = bytes.count
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: size)
        // Doubled quotes, a delimiter and newlines deep inside the field.
        for (k, c) in "\"\",\n\r\n".utf8.enumerated() { bytes[start + size / 2 + k] = c }
        bytes += Array("\",end\n2,short,e2\n".utf8)
        let f = try bytesFrame(bytes)
        XCTAssertEqual(f.rowCount, 2)
        let blob = try f.column("blob")
        guard case .string(let s) = blob.storage else { return XCTFail("blob should be text") }
        XCTAssertEqual(s.string(at: 0).utf8.count, size - 1, "one doubled quote collapses")
        XCTAssertEqual(s.string(at: 1), "short")
        XCTAssertEqual(strings(try f.column("tail")), ["end", "e2"])
        XCTAssertEqual(ints(try f.column("id")), [1, 2])
    }

    // MARK: - Type inference

    func testIntInference() throws {
        let f = try parse("a,b,c\n1,-5,007\n+2, 42 ,9223372036854775807\n3,,-9223372036854775808\n")
        XCTAssertEqual(try f.column("a").type, .int)
        XCTAssertEqual(ints(try f.column("a")), [1, 2, 3])
        XCTAssertEqual(ints(try f.column("b")), [-5, 42, nil], "spaces around a number are tolerated")
        XCTAssertEqual(ints(try f.column("c")), [7, .max, .min])
    }

    func testFloatInference() throws {
        let f = try parse("x\n1\n2.5\n-.5\n1e3\n2.5E-3\n+1.5e+2\n1.\n")
        XCTAssertEqual(try f.column("x").type, .float, "ints and floats mix to float")
        XCTAssertEqual(doubles(try f.column("x")), [1, 2.5, -0.5, 1000, 0.0025, 150, 1])
        let inf = try parse("x\n1.5\ninf\n-Infinity\n")
        XCTAssertEqual(doubles(try inf.column("x")), [1.5, .infinity, -.infinity])
        for text in ["x\n1e\n", "x\n1.2.3\n", "x\n0x1F\n", "x\n1_000\n", "x\n--1\n", "x\ne5\n", "x\n1,5\n"] {
            let g = try parse(text) { $0.delimiter = UInt8(ascii: ";") }
            XCTAssertEqual(try g.column("x").type, .string, text.debugDescription)
        }
    }

    func testIntOverflowBecomesFloat() throws {
        let f = try parse("big\n1\n9223372036854775808\n")
        XCTAssertEqual(try f.column("big").type, .float)
        XCTAssertEqual(doubles(try f.column("big")), [1, 9_223_372_036_854_775_808.0])
        let g = try parse("small\n-9223372036854775809\n")
        XCTAssertEqual(doubles(try g.column("small")), [-9_223_372_036_854_775_809.0])
        let h = try parse("huge\n123456789012345678901234567890\n")
        XCTAssertEqual(doubles(try h.column("huge")), [1.2345678901234568e29])
    }

    func testBoolDateDatetimeInference() throws {
        let f = try parse("b,d,t,t2\ntrue,2024-02-29,2024-01-01T10:00:00,2024-01-01 10:00\nFALSE,1969-12-31,2024-01-01 23:59:59.5Z,1900-03-01 00:00:00.000001\nTrue,2000/01/01,,\n")
        XCTAssertEqual(bools(try f.column("b")), [true, false, true])
        XCTAssertEqual(try f.column("d").type, .date)
        XCTAssertEqual(cells(try f.column("d")), [.date(19782), .date(-1), .date(10957)])
        XCTAssertEqual(try f.column("t").type, .datetime)
        let day = Int64(19723) * Temporal.microsPerDay
        XCTAssertEqual(cells(try f.column("t")), [.datetime(day + 36_000_000_000), .datetime(day + 86_399_500_000), .null])
        XCTAssertEqual(cells(try f.column("t2")), [.datetime(day + 36_000_000_000), .datetime(Int64(date("1900-03-01")) * Temporal.microsPerDay + 1), .null])
        // Not quite bools or dates: text.
        for col in ["yes", "1 ", "2023-02-29", "2024-13-01", "2024-1-1", "2024-01-01T25:00", "2024-01-01 10:00:00.", "t"] {
            let g = try parse("x\n\(col)\n")
            XCTAssertNotEqual(try g.column("x").type, .bool, col)
            XCTAssertNotEqual(try g.column("x").type, .date, col)
            XCTAssertNotEqual(try g.column("x").type, .datetime, col)
        }
        // 0/1 columns are ints, not bools.
        XCTAssertEqual(try parse("x\n0\n1\n").column("x").type, .int)
    }

    func testMixedAndAllNullColumns() throws {
        let f = try parse("m,n,e,d\n1,,,2024-01-01\nx,NA,,2024-01-01 10:00\n2.5,,,\n")
        XCTAssertEqual(try f.column("m").type, .string)
        XCTAssertEqual(strings(try f.column("m")), ["1", "x", "2.5"], "mixed values keep their text")
        XCTAssertEqual(try f.column("n").type, .string, "an all-null column is read as strings")
        XCTAssertEqual(try f.column("n").nullCount, 3)
        XCTAssertEqual(try f.column("e").nullCount, 3)
        XCTAssertEqual(try f.column("d").type, .string, "dates mixed with datetimes fall back to text")
        // A late odd value widens the whole column.
        var text = "v\n"
        for i in 0..<5000 { text += "\(i)\n" }
        text += "oops\n"
        let w = try parse(text)
        XCTAssertEqual(try w.column("v").type, .string)
        XCTAssertEqual(strings(try w.column("v")).first, "0")
        XCTAssertEqual(strings(try w.column("v")).last, "oops")
    }

    func testQuotedNumbersAreNumbers() throws {
        let f = try parse("a,b\n\"1\",\"2.5\"\n\"3\",\"\"\n")
        XCTAssertEqual(ints(try f.column("a")), [1, 3])
        XCTAssertEqual(doubles(try f.column("b")), [2.5, nil])
    }

    func testFloatParsingMatchesSwift() throws {
        var rng = SplitMix64(seed: 20_240_601)
        var texts: [String] = []
        while texts.count < 10_000 {
            let ndigits = 1 + Int(rng.next() % 24)
            var digits = (0..<ndigits).map { _ in Character(UnicodeScalar(48 + UInt8(rng.next() % 10))) }
            if rng.next() % 4 == 0 { digits.insert(contentsOf: repeatElement("0", count: Int(rng.next() % 6)), at: 0) }
            var s = String(digits)
            let point = Int(rng.next() % UInt64(s.count + 1))
            if point < s.count { s.insert(".", at: s.index(s.startIndex, offsetBy: point)) }
            switch rng.next() % 4 {
            case 0: s += "e" + String(Int(rng.next() % 640) - 330)
            case 1: s += "E" + String(Int(rng.next() % 44) - 22)
            default: break
            }
            if rng.next() % 3 == 0 { s = "-" + s }
            guard Double(s) != nil else { continue }
            texts.append(s)
        }
        texts += ["2.2250738585072011e-308", "2.2250738585072014e-308", "4.9e-324", "2.4703282292062327e-324",
                  "1e23", "9007199254740993", "9007199254740992.5", "0.1", "0.30000000000000004",
                  "1.7976931348623157e308", "1.7976931348623159e308", "1e-400", "123456789012345678901234567890e-10",
                  "0.000000000000000000000000000001", "-0", "0e500", "4503599627370496.5", "1e22", "1e-22", "8.98846567431158e307"]
        let f = try parse("x\n" + texts.joined(separator: "\n") + "\n") { $0.types = ["x": .float] }
        let got = doubles(try f.column("x"))
        XCTAssertEqual(got.count, texts.count)
        var mismatches: [String] = []
        for (t, g) in zip(texts, got) {
            let want = Double(t)!
            if g?.bitPattern != want.bitPattern { mismatches.append("\(t): got \(String(describing: g)), want \(want)") }
            if case .float(let p)? = Scalar.parse(t, as: .float), p.bitPattern == want.bitPattern {} else {
                mismatches.append("Scalar.parse \(t)")
            }
        }
        XCTAssertEqual(mismatches, [], "\(mismatches.count) mismatches")
    }

    // MARK: - Names

    func testDuplicateAndEmptyHeaderNamesAreMadeUnique() throws {
        let f = try parse("a,a,,b, a ,a_2,\n1,2,3,4,5,6,7\n")
        XCTAssertEqual(f.names, ["a", "a_2", "column_3", "b", "a_3", "a_2_2", "column_7"])
        XCTAssertEqual(ints(try f.column("a_3")), [5])
        XCTAssertEqual(ints(try f.column("column_7")), [7])
        let g = try parse("column_2,,x\n1,2,3\n")
        XCTAssertEqual(Set(g.names).count, 3, "\(g.names)")
        XCTAssertEqual(g.names[0], "column_2")
        XCTAssertEqual(ints(try g.column("column_2")), [1])
        let h = try parse("\" padded \",\"tab\t\"\n1,2\n")
        XCTAssertEqual(h.names, ["padded", "tab"], "names are trimmed")
    }

    // MARK: - String storage

    func testDictionaryAndPlainStorageReadTheSame() throws {
        var text = "cat,free,late\n"
        var cats: [String?] = [], free: [String?] = [], late: [String?] = []
        for i in 0..<8000 {
            let c: String? = i % 97 == 0 ? nil : ["red", "green", "blue"][i % 3]
            let u: String? = i % 101 == 0 ? nil : "id-\(i)-é"
            let l: String? = i < 3000 ? ["p", "q"][i % 2] : (i % 7 == 0 ? "p" : "u\(i)")
            cats.append(c); free.append(u); late.append(l)
            text += "\(c ?? ""),\(u ?? ""),\(l!)\n"
        }
        let f = try parse(text)
        XCTAssertEqual(f.rowCount, 8000)
        let cat = try f.column("cat"), fr = try f.column("free"), la = try f.column("late")
        guard case .string(.dictionary(_, let values, _)) = cat.storage else { return XCTFail("categorical text should be dictionary-encoded") }
        XCTAssertTrue(Set(["red", "green", "blue"]).isSubset(of: Set(values)), "\(values)")
        XCTAssertLessThanOrEqual(values.count, 4, "three colours, plus at most the placeholder of null cells")
        guard case .string(.plain) = fr.storage else { return XCTFail("unique text should switch to plain storage") }
        guard case .string(.plain) = la.storage else { return XCTFail("text that stops repeating should switch to plain storage") }
        XCTAssertEqual(strings(cat), cats)
        XCTAssertEqual(strings(fr), free)
        XCTAssertEqual(strings(la), late)
        XCTAssertEqual(fr.nullCount, free.filter { $0 == nil }.count)
    }

    // MARK: - Files

    func testMissingFileAndDirectory() throws {
        let missing = temporaryPath("does-not-exist.csv")
        let e = frameError(try CSVReader.read(path: missing))
        XCTAssertTrue(e?.message.contains("file not found") ?? false, "\(String(describing: e))")
        XCTAssertTrue(e?.message.contains(missing) ?? false)
        let dir = FileManager.default.temporaryDirectory.path
        let d = frameError(try CSVReader.read(path: dir))
        XCTAssertTrue(d?.message.contains("is a directory") ?? false, "\(String(describing: d))")
        XCTAssertTrue(d?.message.contains(dir) ?? false)
    }

    func testReadFromFileAndErrorsNameThePath() throws {
        let path = temporaryPath("bad.csv")
        try Data("a,b\n1,2\n3,4,5\n".utf8).write(to: URL(fileURLWithPath: path))
        let e = csvError(try CSVReader.read(path: path))
        XCTAssertEqual(e?.file, path)
        XCTAssertEqual(e?.line, 3)
        XCTAssertTrue(e?.description.hasPrefix("\(path):3: ") ?? false)
    }

    // MARK: - Writer round trip

    func testWriterQuotingExactBytes() throws {
        let f = try frame(
            plainColumn("text", ["plain", "a,b", "say \"hi\"", "two\nlines", " lead", "trail ", "", nil, "NA", "cr\r"]),
            intColumn("n", [1, nil, -3, 4, 5, 6, 7, 8, 9, 10]))
        let text = String(decoding: CSVWriter.bytes(f), as: UTF8.self)
        let expected = [
            "text,n", "plain,1", "\"a,b\",", "\"say \"\"hi\"\"\",-3", "\"two\nlines\",4", "\" lead\",5", "\"trail \",6",
            "\"\",7", ",8", "\"NA\",9", "\"cr\r\",10",
        ].map { $0 + "\n" }.joined()
        XCTAssertEqual(text, expected)
        let semi = String(decoding: CSVWriter.bytes(try frame(dictColumn("a;b", ["x;y", "z,w"])), delimiter: UInt8(ascii: ";")), as: UTF8.self)
        XCTAssertEqual(semi, "\"a;b\"\n\"x;y\"\nz,w\n")
    }

    func testWriterKeepsInfinitiesAndNegativeZero() throws {
        // pandas' to_csv writes inf, -inf and -0.0 (NaN as an empty field); they are values, and
        // writing them empty turned them into nulls on the way back.
        let f = try frame(floatColumn("x", [.infinity, -.infinity, -0.0, 0.0, nil, 1.5]), intColumn("i", [1, 2, 3, 4, 5, 6]))
        let text = String(decoding: CSVWriter.bytes(f), as: UTF8.self)
        XCTAssertEqual(text, "x,i\ninf,1\n-inf,2\n-0.0,3\n0.0,4\n,5\n1.5,6\n")
        let back = try CSVReader.parse(bytes: Array(text.utf8), file: "inf.csv", options: CSVOptions())
        guard case .float(let x) = try back.column("x").storage else { return XCTFail("x is not float after a round trip") }
        XCTAssertEqual(x[0], .infinity)
        XCTAssertEqual(x[1], -.infinity)
        XCTAssertEqual(x[2].sign, .minus, "-0.0 keeps its sign")
        XCTAssertEqual(try back.column("x").nullCount, 1)
    }

    func testWriterRoundTrip() throws {
        let original = try frame(
            plainColumn("text", ["plain", "a,b", "say \"hi\"", "two\nlines", " lead", "trail ", "", nil, "NA", "crlf\r\n"]),
            dictColumn("cat", ["x", "y", nil, "x", "", "y", "x", "NULL", "y", "x"]),
            intColumn("i", [1, nil, -3, .max, .min, 0, 7, 8, 9, 10]),
            floatColumn("f", [0.1, 1e20, -2.5, nil, 1.0, 0.30000000000000004, 1e-7, 123456789012345.0, .leastNonzeroMagnitude, 3]),
            boolColumn("b", [true, false, nil, true, true, false, false, true, nil, true]),
            dateColumn("d", ["2024-02-29", "1969-12-31", nil, "0001-01-01", "9999-12-31", "1970-01-01", "2000-03-01", "1900-02-28", "2024-01-01", "1582-10-15"]),
            datetimeColumn("t", ["2024-01-01 10:00:00", "1969-12-31 23:59:59.999999", nil, "2024-01-01 00:00:00", "2000-02-29 12:34:56.5",
                                 "1970-01-01 00:00:00.000001", "2024-06-30 23:59:59", "1901-01-01 00:00:00", "2024-01-01 10:00", "2038-01-19 03:14:08"]))
        for delimiter in [",", ";", "\t", "|"].map({ UInt8(ascii: UnicodeScalar($0)!) }) {
            let bytes = CSVWriter.bytes(original, delimiter: delimiter)
            // The writer writes an empty string as `""`; quoted_empty: "string" reads it back so.
            var keep = CSVOptions()
            keep.quotedEmptyIsNull = false
            let back = try CSVReader.parse(bytes: bytes, file: "roundtrip.csv", options: keep)
            XCTAssertEqual(back.names, original.names)
            for (a, b) in zip(original.columns, back.columns) {
                XCTAssertEqual(b.type, a.type, "\(a.name) type after a round trip")
                XCTAssertEqual(cells(b), cells(a), "\(a.name) after a round trip with delimiter \(delimiter)")
            }
        }
        // Through a file.
        let path = temporaryPath("roundtrip.csv")
        try CSVWriter.write(original, to: path)
        var keep = CSVOptions()
        keep.quotedEmptyIsNull = false
        let fromFile = try CSVReader.read(path: path, options: keep)
        XCTAssertEqual(textRows(fromFile), textRows(original))
        // Read with the defaults, the empty strings (written `""`) come back null, as pandas reads them.
        XCTAssertEqual(try CSVReader.read(path: path).column("text").nullCount, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".tmp-\(getpid())"), "no temporary file left behind")
    }

    func testParallelColumnBuildingMatchesSerial() throws {
        // Over 50,000 cells the reader builds columns concurrently.
        var text = "a,b,c,d\n"
        for i in 0..<20_000 { text += "\(i),\(Double(i) / 4),\(i % 3 == 0 ? "x" : "y"),\(i % 1000 == 999 ? "" : String(i * 2))\n" }
        let f = try parse(text)
        XCTAssertEqual(f.rowCount, 20_000)
        XCTAssertEqual(ints(try f.column("a")), (0..<20_000).map { Int64($0) })
        XCTAssertEqual(doubles(try f.column("b")), (0..<20_000).map { Double($0) / 4 })
        XCTAssertEqual(strings(try f.column("c")), (0..<20_000).map { $0 % 3 == 0 ? "x" : "y" })
        XCTAssertEqual(ints(try f.column("d")), (0..<20_000).map { $0 % 1000 == 999 ? nil : Int64($0 * 2) })
        // An error found while building concurrently still surfaces with its line.
        let e = csvError(try parse(text + "1,2,3,bad\n") { $0.types = ["d": .int] })
        XCTAssertEqual(e?.line, 20_002)
    }
}
