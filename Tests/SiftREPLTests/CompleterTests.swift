import XCTest
import SiftRuntime
@testable import SiftREPL

/// Tab completion reads the live session: columns flowing into the pipeline being typed, named
/// arguments, variables, builtins, keywords, meta-commands and file paths.
final class CompleterTests: XCTestCase {
    var session: Session!
    var completer: Completer!

    override func setUpWithError() throws {
        session = try REPLFixtures.sessionWithCustomers()
        completer = Completer(session: session)
    }

    private func candidates(_ context: String) -> [String] { completer.complete(context).candidates }

    // MARK: columns

    func testColumnsOfThePipelineHead() {
        let r = completer.complete("c |> filter(reve")
        XCTAssertEqual(r.word, "reve")
        XCTAssertTrue(r.candidates.contains("revenue"), "\(r.candidates)")
        XCTAssertEqual(r.candidates.first, "revenue", "columns come first")
    }

    func testEveryCandidateStartsWithTheWord() {
        for context in ["c |> filter(re", "c |> select(c", "pri", "c |> sort(-sp", ":he", ":help fi"] {
            let r = completer.complete(context)
            for c in r.candidates {
                XCTAssertTrue(c.hasPrefix(r.word), "\(context.debugDescription): candidate \(c) does not start with \(r.word)")
            }
        }
    }

    func testColumnsCreatedEarlierInThePipeline() {
        XCTAssertTrue(candidates("c |> mutate(ratio = 1) |> filter(rat").contains("ratio"))
        XCTAssertTrue(candidates("c |> group_by(region) |> summarize(total = sum(revenue)) |> sort(-tot").contains("total"))
        // `==` is a comparison, not a new column.
        XCTAssertFalse(candidates("c |> filter(zeta == 1) |> select(ze").contains("zeta"))
    }

    func testColumnsAfterAnAssignment() {
        XCTAssertTrue(candidates("top = c |> filter(reve").contains("revenue"))
    }

    func testColumnsWhenTheFrameIsTheFirstArgument() {
        XCTAssertTrue(candidates("filter(c, reve").contains("revenue"))
    }

    func testColumnsOfAGroupedFrame() throws {
        _ = try session.evaluate("g = c |> group_by(region)")
        XCTAssertTrue(candidates("g |> summarize(total = sum(sp").contains("spend"))
    }

    func testNoColumnsWithoutAFrameAtTheHead() throws {
        _ = try session.evaluate("n = 3")
        XCTAssertFalse(candidates("n |> filter(reve").contains("revenue"))
        XCTAssertFalse(candidates("reve").contains("revenue"))
    }

    func testDotCompletesColumnsOfAFrameVariable() {
        let r = completer.complete("c.sp")
        XCTAssertEqual(r.word, "sp")
        XCTAssertEqual(r.candidates, ["spend"])
        XCTAssertEqual(Set(candidates("c.")), Set(["customer_id", "signup_date", "region", "channel", "age", "income",
                                                   "visits", "spend", "revenue", "churned", "comment"]))
        XCTAssertTrue(candidates("x = mean(c.reve").contains("revenue"))
    }

    // MARK: named arguments, names, keywords

    func testNamedArgumentsOfTheEnclosingCall() {
        let r = completer.complete("read_csv(\"x.csv\", deli")
        XCTAssertEqual(r.word, "deli")
        XCTAssertTrue(r.candidates.contains("delimiter:"), "\(r.candidates)")
        let all = candidates("read_csv(\"x.csv\", ")
        for p in ["delimiter:", "header:", "nulls:", "types:", "infer:", "skip:"] {
            XCTAssertTrue(all.contains(p), "missing \(p) in \(all)")
        }
    }

    func testNamedArgumentsOnlyForTheInnermostOpenCall() {
        // The `read_csv(` call is closed: its parameters are not offered inside `print(`.
        XCTAssertFalse(candidates("print(read_csv(\"x.csv\"), deli").contains("delimiter:"))
    }

    func testVariablesAndBuiltins() throws {
        XCTAssertTrue(candidates("pri").contains("print"))
        XCTAssertTrue(candidates("read_").contains("read_csv"))
        _ = try session.evaluate("my_total = 10")
        XCTAssertTrue(candidates("my_").contains("my_total"))
        XCTAssertTrue(candidates("x = my_t").contains("my_total"))
        XCTAssertTrue(candidates("c").contains("c"))
    }

    func testUserFunctions() throws {
        _ = try session.evaluate("fn double_it(x) = x * 2")
        XCTAssertTrue(candidates("doub").contains("double_it"))
    }

    func testKeywords() {
        XCTAssertTrue(candidates("x = if true the").contains("then"))
        XCTAssertTrue(candidates("x = nu").contains("null"))
        XCTAssertTrue(candidates("x = tr").contains("true"))
        XCTAssertTrue(candidates("x = 1 > 0 an").contains("and"))
    }

    func testNoDuplicates() {
        let all = candidates("")
        XCTAssertEqual(all.count, Set(all).count, "duplicates in \(all)")
        XCTAssertFalse(all.contains(""))
    }

    // MARK: meta-commands

    func testMetaCommandNames() {
        let r = completer.complete(":he")
        XCTAssertEqual(r.word, ":he")
        XCTAssertEqual(r.candidates, [":help"])
        XCTAssertEqual(Set(candidates(":")), Set(Completer.metaCommands))
        XCTAssertEqual(candidates(":s"), [":schema", ":save"])
    }

    func testIndentedMetaCommands() {
        // The REPL runs `  :help` as a meta-command, so completion treats it as one too.
        XCTAssertEqual(candidates("  :he"), [":help"])
        XCTAssertTrue(candidates("  :help fil").contains("filter"))
    }

    func testHelpCompletesFunctionNames() throws {
        let r = completer.complete(":help fil")
        XCTAssertEqual(r.word, "fil")
        XCTAssertTrue(r.candidates.contains("filter"), "\(r.candidates)")
        _ = try session.evaluate("fn filterish(x) = x")
        XCTAssertTrue(candidates(":help fil").contains("filterish"))
        _ = try session.evaluate("filtered_value = 1")
        XCTAssertFalse(candidates(":help fil").contains("filtered_value"), "plain variables have no help")
    }

    func testSchemaCompletesFrameVariablesOnly() throws {
        _ = try session.evaluate("n = 1")
        _ = try session.evaluate("g = c |> group_by(region)")
        _ = try session.evaluate("s = \"text\"")
        _ = try session.evaluate("fn f(x) = x")
        XCTAssertEqual(Set(candidates(":schema ")), Set(["c", "g"]))
        XCTAssertEqual(candidates(":schema g"), ["g"])
    }

    // MARK: file paths

    func testFilePathsInsideAString() throws {
        let dir = try REPLFixtures.makeTempDir(self)
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try REPLFixtures.write("a\n1\n", to: dir + "/data.csv")
        try REPLFixtures.write("a\n1\n", to: dir + "/date.txt")
        try REPLFixtures.write("a\n1\n", to: dir + "/other.csv")
        try REPLFixtures.write("a\n1\n", to: dir + "/.dataset_hidden")
        try REPLFixtures.write("a\n1\n", to: dir + "/data/inner.csv")

        let r = completer.complete("read_csv(\"\(dir)/da")
        XCTAssertEqual(r.word, "\(dir)/da")
        XCTAssertEqual(r.candidates, ["\(dir)/data.csv", "\(dir)/data/", "\(dir)/date.txt"])

        XCTAssertEqual(candidates("read_csv(\"\(dir)/data/"), ["\(dir)/data/inner.csv"])
        XCTAssertEqual(candidates("x = read_csv('\(dir)/oth"), ["\(dir)/other.csv"])
        XCTAssertEqual(candidates("read_csv(\"\(dir)/."), ["\(dir)/.dataset_hidden"], "hidden files only when asked for")
        XCTAssertEqual(candidates("read_csv(\"\(dir)/nothing"), [])
        XCTAssertEqual(candidates("read_csv(\"\(dir)/missing_dir/x"), [])
    }

    func testFilePathsForLoadAndSave() throws {
        let dir = try REPLFixtures.makeTempDir(self)
        try REPLFixtures.write("x = 1\n", to: dir + "/script.sift")
        XCTAssertEqual(candidates(":load \(dir)/scr"), ["\(dir)/script.sift"])
        XCTAssertEqual(candidates(":save \(dir)/scr"), ["\(dir)/script.sift"])
    }

    func testAClosedStringIsNotAPath() {
        // After the string closes, completion is back to names.
        XCTAssertTrue(candidates("read_csv(\"x.csv\", deli").contains("delimiter:"))
        XCTAssertNil(Completer.openString(in: "read_csv(\"x.csv\")"))
        XCTAssertEqual(Completer.openString(in: "read_csv(\"data/cu"), "data/cu")
        XCTAssertEqual(Completer.openString(in: "x = 'a\\'b"), "a'b")
        XCTAssertNil(Completer.openString(in: "x = 1 # \"not a string"))
    }

    // MARK: multi-line entries

    func testMultiLineContext() {
        let r = completer.complete("c |>\n  mutate(ratio = revenue / spend) |>\n  filter(rat")
        XCTAssertEqual(r.word, "rat")
        XCTAssertTrue(r.candidates.contains("ratio"), "\(r.candidates)")
        XCTAssertTrue(candidates("c |>\n  group_by(region) |>\n  summarize(n = count(),\n    total = sum(reve").contains("revenue"))
        // Named arguments of a call opened on an earlier line.
        XCTAssertTrue(candidates("read_csv(\"x.csv\",\n  deli").contains("delimiter:"))
        // Only the last line decides what the word is: a string closed earlier does not matter.
        XCTAssertTrue(candidates("x = [\"a\",\n  pri").contains("print"))
    }

    // MARK: robustness

    func testWeirdInputDoesNotCrash() {
        let inputs = ["", " ", "\"", "'", "\"\"", "''", "\"'\"", "\\", "(", ")", ")))", "(((", "[}", ".", "..", "c..",
                      ":", ": ", "::", ":help ", ":schema", ":schema  ", ":nope x", "\n", "\n\n", "c |>\n", "|>",
                      "é", "données", "数据 |> fil", "c |> filter(é", "c.é", "🙂", "\"🙂", "read_csv(\"🙂/",
                      "c |> filter(\"", "x = \"\\", "\u{0}", "\t\t", "c.\u{301}", "=", "==", "= =", "c = =", "$", "$c.",
                      "`unit price", "c |> filter(`rev", String(repeating: "(", count: 5000), String(repeating: "x", count: 10000)]
        for input in inputs {
            let r = completer.complete(input)
            for c in r.candidates { XCTAssertFalse(c.isEmpty, "empty candidate for \(input.debugDescription)") }
        }
    }

    func testEmptyWordOffersEverything() {
        let r = completer.complete("")
        XCTAssertEqual(r.word, "")
        XCTAssertTrue(r.candidates.contains("print"))
        XCTAssertTrue(r.candidates.contains("c"))
    }
}

/// Statements separated by `;`, and brackets or `=` inside string literals, must not confuse
/// where the pipeline starts or which call is open.
final class CompleterContextTests: XCTestCase {
    var completer: Completer!

    override func setUpWithError() throws {
        completer = Completer(session: try REPLFixtures.sessionWithCustomers())
    }

    private func candidates(_ context: String) -> [String] { completer.complete(context).candidates }

    func testStatementAfterASemicolon() {
        XCTAssertTrue(candidates("x = 1; c |> filter(reve").contains("revenue"))
        XCTAssertTrue(candidates("print(1); c |> filter(reve").contains("revenue"))
        XCTAssertTrue(candidates("x = 1; top = c |> filter(reve").contains("revenue"))
    }

    func testBracketsInsideStringsAreNotCode() {
        XCTAssertTrue(candidates("read_csv(\"a(b.csv\", deli").contains("delimiter:"))
        XCTAssertTrue(candidates("read_csv(\"x.csv\", nulls: [\"(\", \"]\"], deli").contains("delimiter:"))
        XCTAssertTrue(candidates("c |> filter(comment == \")\" and reve").contains("revenue"))
    }

    func testAssignmentsInsideStringsAreNotColumnsOrStatements() {
        XCTAssertFalse(candidates("c |> filter(comment == \"(zz = 1\") |> select(z").contains("zz"))
        XCTAssertTrue(candidates("c |> filter(comment == \"a = b\" and reve").contains("revenue"))
        XCTAssertEqual(Completer.currentStatement("x = \"a = b\""), " \"a = b\"")
    }

    func testCommentsAreNotCode() {
        XCTAssertTrue(candidates("c |> # a ( comment\n  filter(reve").contains("revenue"))
    }
}
