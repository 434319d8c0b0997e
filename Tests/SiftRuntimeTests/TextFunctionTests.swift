import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// Text functions of issue 12 against pandas (Tests/fixtures/issue12/text_pandas.py, pandas 3.1;
/// the pandas call is beside each expectation). `tx.s` holds (index 2 null):
///     "Order #123 via email", "order #45, #46", null, "no number", "Café #7 ünïcode", "", "ab12cd34"
/// as a plain (high-cardinality) column and `tx.d` the same as a dictionary-encoded one.
final class TextFunctionTests: SessionTestCase {
    let values = ["Order #123 via email", "order #45, #46", nil, "no number", "Café #7 ünïcode", "", "ab12cd34"]

    override func setUpWithError() throws {
        try super.setUpWithError()
        let plain = Column(name: "s", storage: .string(.plain(values.map { $0 ?? "" })), validity: Bitmap(values.map { $0 != nil }))
        let dict = Column(name: "d", storage: .string(.make(values.map { $0 ?? "" })), validity: Bitmap(values.map { $0 != nil }))
        if case .string(.dictionary) = dict.storage {} else { XCTFail("d should be dictionary-encoded") }
        session.interpreter.globals.set("tx", .frame(try Frame(columns: [plain, dict])))
    }

    /// The expression on both encodings; they must agree, and the answer is returned.
    func both(_ expr: String, file: StaticString = #filePath, line: UInt = #line) throws -> [Scalar] {
        let a = try columnCells(expr.replacingOccurrences(of: "X", with: "tx.s"), file: file, line: line)
        let b = try columnCells(expr.replacingOccurrences(of: "X", with: "tx.d"), file: file, line: line)
        XCTAssertEqual(a, b, "plain and dictionary columns disagree on \(expr)", file: file, line: line)
        return a
    }

    func texts(_ cells: [Scalar]) -> [String?] {
        cells.map { if case .string(let s) = $0 { return s }; return nil }
    }

    func testMatches() throws {
        // s.str.contains(r"#\d+", regex=True); s.str.contains(r"(?i)^order", regex=True)
        XCTAssertEqual(try both("matches(X, \"#\\\\d+\")"), [.bool(true), .bool(true), .null, .bool(false), .bool(true), .bool(false), .bool(false)])
        XCTAssertEqual(try both("matches(X, \"(?i)^order\")"), [.bool(true), .bool(true), .null, .bool(false), .bool(false), .bool(false), .bool(false)])
        assertFails("matches(tx.s, \"(unclosed\")") { e in XCTAssertTrue(e.message.contains("is not valid"), e.message) }
        assertFails("matches(tx.s, 5)") { e in XCTAssertTrue(e.message.contains("text in quotes"), e.message) }
    }

    func testExtract() throws {
        // s.str.extract(r"#(\d+)", expand=False)
        XCTAssertEqual(texts(try both("extract(X, \"#(\\\\d+)\")")), ["123", "45", nil, nil, "7", nil, nil])
        // s.str.extract(r"(email|cd)(\d*)")[1]: an empty group is "", no match is null
        XCTAssertEqual(texts(try both("extract(X, \"(email|cd)(\\\\d*)\", 2)")), ["", nil, nil, nil, nil, nil, "34"])
        // s.str.extract(r"(\w+?)(\d+)")[0]: lazy quantifier
        XCTAssertEqual(texts(try both("extract(X, \"(\\\\w+?)(\\\\d+)\", 1)")), ["1", "4", nil, nil, nil, nil, "ab"])
        XCTAssertEqual(texts(try both("extract(X, \"[a-z]+\", 0)")), ["rder", "order", nil, "no", "af", nil, "ab"])
        assertFails("extract(tx.s, \"#\\\\d+\")") { e in XCTAssertTrue(e.message.contains("has 0 groups"), e.message) }
        XCTAssertEqual(try scalar("extract(\"id: 42\", \"(\\\\d+)\")"), .string("42"))
    }

    func testReplaceRegex() throws {
        // s.str.replace(r"#(\d+)", r"<\1>", regex=True)
        XCTAssertEqual(texts(try both("replace_regex(X, \"#(\\\\d+)\", \"<\\\\1>\")")),
                       ["Order <123> via email", "order <45>, <46>", nil, "no number", "Café <7> ünïcode", "", "ab12cd34"])
        // s.str.replace(r"x*", "-", regex=True): empty matches between every character
        XCTAssertEqual(texts(try both("replace_regex(X, \"x*\", \"-\")")),
                       ["-O-r-d-e-r- -#-1-2-3- -v-i-a- -e-m-a-i-l-", "-o-r-d-e-r- -#-4-5-,- -#-4-6-", nil, "-n-o- -n-u-m-b-e-r-",
                        "-C-a-f-é- -#-7- -ü-n-ï-c-o-d-e-", "-", "-a-b-1-2-c-d-3-4-"])
        // s.str.replace(r"\b(\w)", r"[\1]", regex=True): Unicode word characters on non-ASCII rows
        XCTAssertEqual(texts(try both("replace_regex(X, \"\\\\b(\\\\w)\", \"[\\\\1]\")")),
                       ["[O]rder #[1]23 [v]ia [e]mail", "[o]rder #[4]5, #[4]6", nil, "[n]o [n]umber", "[C]afé #[7] [ü]nïcode", "", "[a]b12cd34"])
        assertFails("replace_regex(tx.s, \"(a)\", \"\\\\2\")") { e in XCTAssertTrue(e.message.contains("group 2"), e.message) }
    }

    /// The byte engine and ICU agree on patterns the byte engine handles, over many rows.
    func testByteEngineAgreesWithICU() throws {
        let patterns = ["#(\\d+)", "^(\\w+)@(\\w+)\\.com$", "(a|ab)(c|bcd)(d*)", "[^a-c]{2,3}", "x?y??z*", "(\\d{2})-(\\d{2,})?", "\\bor", "(?:ab)+?c", "[\\w.-]+", "a.c$", "\\s+\\S"]
        let rows = ["abcd", "ab@cd.com", "xx@yy.com\n", "#12 #345", "12-3456", "12-", "zzz", "or for or", "abababc", "a-b.c_d", "abc", "a\nc", "  tab\tx"]
        for p in patterns {
            let rx = try TextRegex(p)
            for r in rows {
                var bytes = Array(r.utf8)
                let fast = bytes.withUnsafeMutableBufferPointer { rx.firstMatch(UnsafeBufferPointer($0)) }
                let slow = bytes.withUnsafeMutableBufferPointer { rx.slowMatchForTesting(UnsafeBufferPointer($0)) }
                XCTAssertEqual(fast.map { $0.map { $0.map { [$0.lowerBound, $0.upperBound] } ?? [] } }, slow.map { $0.map { $0.map { [$0.lowerBound, $0.upperBound] } ?? [] } }, "\(p) on \(r)")
            }
            XCTAssertTrue(rx.usesByteEngine, "\(p) should run on the byte engine")
        }
        XCTAssertFalse(try TextRegex("(?<=a)b").usesByteEngine, "look-behind is left to ICU")
    }

    func testSubstrPadSplit() throws {
        // s.str.slice(1, 4) ≡ substr(x, 2, 3); s.str.slice(-3) ≡ substr(x, -3)
        XCTAssertEqual(texts(try both("substr(X, 2, 3)")), ["rde", "rde", nil, "o n", "afé", "", "b12"])
        XCTAssertEqual(texts(try both("substr(X, -3)")), ["ail", "#46", nil, "ber", "ode", "", "d34"])
        // s.str.pad(12, side="left", fillchar="*"), s.str.pad(10, side="right", fillchar=".")
        XCTAssertEqual(texts(try both("pad_left(X, 12, \"*\")")), ["Order #123 via email", "order #45, #46", nil, "***no number", "Café #7 ünïcode", "************", "****ab12cd34"])
        XCTAssertEqual(texts(try both("pad_right(X, 10, \".\")")), ["Order #123 via email", "order #45, #46", nil, "no number.", "Café #7 ünïcode", "..........", "ab12cd34.."])
        // s.str.split(",")
        XCTAssertEqual(try both("split(X, \",\")"), [.list(["Order #123 via email"]), .list(["order #45", " #46"]), .null, .list(["no number"]), .list(["Café #7 ünïcode"]), .list([""]), .list(["ab12cd34"])])
        assertFails("substr(tx.s, 0)") { e in XCTAssertTrue(e.message.contains("from 1"), e.message) }
        assertFails("pad_left(tx.s, 5, \"ab\")") { e in XCTAssertTrue(e.message.contains("one character"), e.message) }
    }

    func testConcatAndFormat() throws {
        // df.a + "-" + df.b.astype(str) (null in either → null, as pandas' string addition)
        XCTAssertEqual(texts(try columnCells("concat_str(df.name, \"-\", df.x)")), ["Alice-1.5", nil, "Carol-3.0", "dave-4.5", "Eve--2.0"])
        XCTAssertEqual(texts(try columnCells("concat_str(df.name, df.x, separator: \"/\", ignore_nulls: true)")), ["Alice/1.5", "bob", "Carol/3.0", "dave/4.5", "Eve/-2.0"])
        // "{}: {:.1f} | {:>6} | {:,} | {:05d} | {:.0%} | {:<4}|".format("a", 3.14159, "x", 1234567, 42, 0.256, "ab")
        XCTAssertEqual(try scalar("format(\"{}: {:.1f} | {:>6} | {:,} | {:05d} | {:.0%} | {:<4}|\", \"a\", 3.14159, \"x\", 1234567, 42, 0.256, \"ab\")"),
                       .string("a: 3.1 |      x | 1,234,567 | 00042 | 26% | ab  |"))
        // "{0}-{1}-{0}".format(1, 2), "{:.3e}".format(12345.678), "{:+.2f}".format(2.5), "{:^7}".format("mid")
        XCTAssertEqual(try scalar("format(\"{0}-{1}-{0} {2:.3e} {3:+.2f} {4:^7}|\", 1, 2, 12345.678, 2.5, \"mid\")"), .string("1-2-1 1.235e+04 +2.50   mid  |"))
        XCTAssertEqual(texts(try columnCells("format(\"{} has {:.2f}\", df.name, df.x)")), ["Alice has 1.50", nil, "Carol has 3.00", "dave has 4.50", "Eve has -2.00"])
        assertFails("format(\"{} {}\", 1)") { e in XCTAssertTrue(e.message.contains("2 fields"), e.message) }
        assertFails("format(\"{:q}\", 1)") { e in XCTAssertTrue(e.message.contains("unknown format"), e.message) }
        // The display format of frames still works.
        XCTAssertNoThrow(try eval("df |> format(x: \"money\")"))
    }
}
