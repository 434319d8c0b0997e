import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// `read_csv` and `write_csv` as the language exposes them.
final class CSVIOTests: SessionTestCase {
    func testReadInfersTypesAndNulls() throws {
        let f = try frame("df")
        XCTAssertEqual(f.names, ["id", "name", "grp", "x", "y", "d", "flag"])
        XCTAssertEqual(f.columns.map(\.type), [.int, .string, .string, .float, .int, .date, .bool])
        XCTAssertEqual(f.rowCount, 5)
        XCTAssertEqual(cells(f, "x"), [.float(1.5), .null, .float(3.0), .float(4.5), .float(-2.0)])
        XCTAssertEqual(cells(f, "y"), [.int(10), .int(20), .null, .int(40), .int(50)], "NA is null by default")
        XCTAssertEqual(cells(f, "d"), [date("2024-01-15"), date("2024-02-29"), date("2023-12-31"), .null, date("2024-03-01")])
        XCTAssertEqual(cells(f, "flag"), [.bool(true), .bool(false), .bool(true), .null, .bool(false)])
    }

    func testRoundTripPreservesTypesValuesAndNulls() throws {
        try eval("write_csv(df, \"copy.csv\")")
        let original = try frame("df")
        let copy = try frame("read_csv(\"copy.csv\")")
        XCTAssertEqual(copy.names, original.names)
        XCTAssertEqual(copy.columns.map(\.type), original.columns.map(\.type))
        for name in original.names {
            XCTAssertEqual(cells(copy, name), cells(original, name), name)
        }
    }

    func testRoundTripOfAwkwardText() throws {
        // Text that needs quoting, text that looks like a null token, and an empty string.
        try eval("""
        t = df |> head(1) |> select(id) |> mutate(s = "a,b")
        t = concat(t, t |> mutate(id = 2, s = "NA"), t |> mutate(id = 3, s = ""), t |> mutate(id = 4, s = "say \\"hi\\"\\nbye"),
                   t |> mutate(id = 5, s = " padded "), t |> mutate(id = 6, s = "x") |> mutate(s = if_else(id > 5, null, s)))
        write_csv(t, "awkward.csv")
        """)
        let back = try frame("read_csv(\"awkward.csv\", quoted_empty: \"string\")")
        XCTAssertEqual(back.columns.map(\.type), [.int, .string])
        XCTAssertEqual(cells(back, "s"), [.string("a,b"), .string("NA"), .string(""), .string("say \"hi\"\nbye"), .string(" padded "), .null])
        // By default the empty string reads back as null, as pandas reads it.
        XCTAssertEqual(cells(try frame("read_csv(\"awkward.csv\")"), "s")[2], .null)
        let text = try readFile("awkward.csv")
        XCTAssertTrue(text.hasPrefix("id,s\n1,\"a,b\"\n2,\"NA\"\n3,\"\"\n"), text)
        XCTAssertTrue(text.hasSuffix("\n6,\n"), text)
    }

    func testWrittenFileContents() throws {
        try eval("write_csv(df |> select(id, x, d, flag) |> head(4), \"small.csv\")")
        XCTAssertEqual(try readFile("small.csv"), """
        id,x,d,flag
        1,1.5,2024-01-15,true
        2,,2024-02-29,false
        3,3.0,2023-12-31,true
        4,4.5,,

        """)
    }

    func testWriteWithDelimiterAndToStandardOutput() throws {
        try eval("write_csv(df |> select(id, name) |> head(2), \"pipe.csv\", delimiter: \"|\")")
        XCTAssertEqual(try readFile("pipe.csv"), "id|name\n1|Alice\n2|bob\n")
        XCTAssertEqual(try eval("write_csv(df |> select(grp, y) |> tail(2), \"-\")").isNull, true, "write_csv returns null")
        XCTAssertEqual(output, "grp,y\nb,40\nc,50\n")
        // Reading the pipe-delimited file back needs no delimiter: it is detected.
        XCTAssertEqual(strings(try frame("read_csv(\"pipe.csv\")"), "name"), ["Alice", "bob"])
    }

    func testReadOptions() throws {
        try writeFile("export.csv", "exported by some tool\nid;label;score\n1;\"a;b\";NA\n2;x;-\n3;\"q\"\"uote\";7\n")
        let f = try frame("read_csv(\"export.csv\", delimiter: \";\", skip: 1, nulls: [\"NA\", \"-\"])")
        XCTAssertEqual(f.names, ["id", "label", "score"])
        XCTAssertEqual(f.columns.map(\.type), [.int, .string, .int])
        XCTAssertEqual(cells(f, "label"), [.string("a;b"), .string("x"), .string("q\"uote")])
        XCTAssertEqual(cells(f, "score"), [.null, .null, .int(7)])

        // Without "-" among the nulls the score column is text.
        let g = try frame("read_csv(\"export.csv\", delimiter: \";\", skip: 1)")
        XCTAssertEqual(cells(g, "score"), [.null, .string("-"), .string("7")])

        let typed = try frame("read_csv(\"export.csv\", delimiter: \";\", skip: 1, nulls: [\"NA\", \"-\"], types: {id: \"float\", score: \"string\"})")
        XCTAssertEqual(typed.columns.map(\.type), [.float, .string, .string])
        XCTAssertEqual(cells(typed, "id"), [.float(1), .float(2), .float(3)])

        let raw = try frame("read_csv(\"export.csv\", delimiter: \";\", skip: 1, infer: false)")
        XCTAssertEqual(raw.columns.map(\.type), [.string, .string, .string])
        XCTAssertEqual(cells(raw, "id"), [.string("1"), .string("2"), .string("3")])

        let noHeader = try frame("read_csv(\"export.csv\", delimiter: \";\", skip: 2, header: false)")
        XCTAssertEqual(noHeader.names, ["column_1", "column_2", "column_3"])
        XCTAssertEqual(cells(noHeader, "column_1"), [.int(1), .int(2), .int(3)])
    }

    func testNamedDelimiters() throws {
        try writeFile("tabbed.tsv", "a\tb\n1\tx\n")
        for d in ["tab", "\\t"] {
            let f = try frame("read_csv(\"tabbed.tsv\", delimiter: \"\(d)\")")
            XCTAssertEqual(f.names, ["a", "b"], d)
        }
    }

    func testQuotedEmptyAndQuotedNullTokens() throws {
        try writeFile("q.csv", "a,b\n\"\",NA\n\"NA\",\n")
        let f = try frame("read_csv(\"q.csv\")")
        XCTAssertEqual(cells(f, "a"), [.null, .string("NA")], "a quoted empty field is null; a quoted NA is text")
        XCTAssertEqual(cells(f, "b"), [.null, .null])
        let kept = try frame("read_csv(\"q.csv\", quoted_empty: \"string\")")
        XCTAssertEqual(cells(kept, "a"), [.string(""), .string("NA")], "quoted_empty: \"string\" keeps \"\"")
        let e = try evalError("read_csv(\"q.csv\", quoted_empty: \"empty\")")
        XCTAssertTrue(e.contains("quoted_empty must be \"null\" or \"string\""), e)
    }

    func testColumnLimitOption() throws {
        try writeFile("wide.csv", (1...30).map { "c\($0)" }.joined(separator: ",") + "\n" + (1...30).map(String.init).joined(separator: ",") + "\n")
        let e = try evalError("read_csv(\"wide.csv\", max_columns: 20)")
        XCTAssertTrue(e.contains("the header has 30 fields, over the limit of 20 columns"), e)
        XCTAssertTrue(e.contains("max_columns: 30"), e)
        XCTAssertEqual(try frame("read_csv(\"wide.csv\", max_columns: 30)").columnCount, 30)
        let bad = try evalError("read_csv(\"wide.csv\", max_columns: 0)")
        XCTAssertTrue(bad.contains("max_columns must be at least 1"), bad)
    }

    func testHeaderOnlyFile() throws {
        try writeFile("empty.csv", "a,b\n")
        let f = try frame("read_csv(\"empty.csv\")")
        XCTAssertEqual(f.names, ["a", "b"])
        XCTAssertEqual(f.rowCount, 0)
    }

    func testReadErrors() throws {
        assertFails("read_csv(\"missing.csv\")") { e in
            XCTAssertTrue(e.message.hasPrefix("file not found: "), e.message)
            XCTAssertTrue(e.message.hasSuffix("/missing.csv"), e.message)
            XCTAssertEqual(e.kind, .io)
        }
        assertFails("read_csv(\"people.csv\", types: {nope: \"int\"})", kind: .runtime) { e in
            XCTAssertEqual(e.message, "types: names a column 'nope' that people.csv does not have")
            XCTAssertEqual(e.hint, "columns: id, name, grp, x, y, d, flag")
        }
        assertFails("read_csv(\"people.csv\", types: {id: \"money\"})") { e in
            XCTAssertEqual(e.message, "unknown type \"money\"")
            XCTAssertEqual(e.hint, "types: int, float, bool, string, date, datetime")
        }
        assertFails("read_csv(\"people.csv\", delimiter: \";;\")") { e in
            XCTAssertTrue(e.message.hasPrefix("delimiter must be one character"), e.message)
            XCTAssertEqual(e.span?.column, 24, "points at the option, not the whole call")
        }
        assertFails("read_csv(\"people.csv\", skip: 1, types: {id: \"money\"})") { e in
            XCTAssertEqual(e.message, "unknown type \"money\"")
            XCTAssertEqual(e.span?.column, 33)
        }
        assertFails("read_csv(\"people.csv\", nulls: \"NA\")") { e in XCTAssertEqual(e.message, "read_csv() needs nulls to be a list, got a string") }
        assertFails("read_csv(\"people.csv\", types: [\"int\"])") { e in XCTAssertEqual(e.message, "read_csv() needs types to be a record such as {name: value}, got a list") }
        assertFails("read_csv(\"people.csv\", header: \"yes\")") { e in XCTAssertEqual(e.message, "read_csv() needs header to be true or false, got a string") }
        assertFails("read_csv(\"people.csv\", sep: \";\")") { e in
            XCTAssertEqual(e.message, "read_csv() has no argument named 'sep'")
            XCTAssertEqual(e.span?.column, 24, "points at the unknown argument")
        }
        assertFails("read_csv(42)") { e in
            XCTAssertEqual(e.message, "read_csv() needs path to be text in quotes, got an int")
            XCTAssertEqual(e.span?.column, 10)
        }
    }

    func testMalformedRowIsAnIOErrorNamingTheLine() throws {
        try writeFile("bad.csv", "a,b\n1,2\n3,4,5\n")
        assertFails("read_csv(\"bad.csv\")", kind: .io) { e in
            XCTAssertTrue(e.message.contains("bad.csv:3"), e.message)
        }
    }

    func testWriteErrors() throws {
        assertFails("write_csv(df, \"no/such/folder/x.csv\")") { e in
            XCTAssertTrue(e.message.contains("no/such/folder/x.csv"), e.message)
        }
        assertFails("write_csv(df, \"x.csv\", delimiter: \"||\")") { e in XCTAssertEqual(e.message, "delimiter must be one character") }
        assertFails("write_csv([1, 2], \"x.csv\")") { e in XCTAssertEqual(e.message, "write_csv() needs a frame as its first argument, got a list") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x.csv"))
    }

    func testRelativePathsResolveFromTheBaseDirectory() throws {
        session.baseDirectory = nil
        assertFails("read_csv(\"people.csv\")") { e in XCTAssertEqual(e.message, "file not found: people.csv") }
        XCTAssertEqual(try frame("read_csv(\"\(dir!)/people.csv\")").rowCount, 5, "absolute paths work from anywhere")
        XCTAssertEqual(session.resolvePath("a.csv"), "a.csv")
        session.baseDirectory = "/data"
        XCTAssertEqual(session.resolvePath("a.csv"), "/data/a.csv")
        XCTAssertEqual(session.resolvePath("/abs/a.csv"), "/abs/a.csv")
        session.baseDirectory = "/data/"
        XCTAssertEqual(session.resolvePath("a.csv"), "/data/a.csv")
    }
}

extension CSVIOTests {
    /// The rendered one-line error of code that must fail.
    func evalError(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var text = ""
        assertFails(code, file: file, line: line) { text = $0.render(color: false) }
        return text
    }
}
