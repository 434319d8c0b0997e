import XCTest
@testable import SiftREPL

/// The REPL asks for another line exactly when the parser says the input merely stopped early;
/// anything else (including a real syntax error) is a whole entry, evaluated or reported.
final class InputCompletenessTests: XCTestCase {
    private func assertComplete(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(InputCompleteness.isComplete(text), "expected complete: \(text.debugDescription)", file: file, line: line)
    }

    private func assertIncomplete(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(InputCompleteness.isComplete(text), "expected incomplete: \(text.debugDescription)", file: file, line: line)
    }

    func testEmptyAndBlankInputIsComplete() {
        assertComplete("")
        assertComplete("   ")
        assertComplete("\n\n")
        assertComplete("\t \n ")
    }

    func testSimpleExpressionsAreComplete() {
        assertComplete("1 + 2")
        assertComplete("x = 1")
        assertComplete("print(\"hi\")")
        assertComplete("df |> head(3)")
        assertComplete("[1, 2, 3]")
        assertComplete("{a: 1, b: [2, 3]}")
        assertComplete("fn f(x) = x + 1")
    }

    func testOpenParenthesisAfterOperatorIsIncomplete() {
        assertIncomplete("x = (1 +")
    }

    func testTrailingPipeIsIncomplete() {
        assertIncomplete("df |>")
        assertIncomplete("df |> filter(x > 1) |>")
        assertIncomplete("df |>   ")  // trailing spaces do not matter
    }

    func testTrailingOperatorIsIncomplete() {
        for op in ["+", "-", "*", "/", "%", "^", "==", "!=", "<", "<=", ">", ">=", "and", "or", "~"] {
            assertIncomplete("x = 1 \(op)")
        }
        assertIncomplete("x =")
        assertIncomplete("not")
    }

    func testTrailingCommaInsideCallIsIncomplete() {
        assertIncomplete("print(1,")
        assertIncomplete("read_csv(\"x.csv\",")
        assertIncomplete("df |> select(a,\n  b,")
    }

    func testOpenBracketsAreIncomplete() {
        assertIncomplete("[")
        assertIncomplete("[1, 2")
        assertIncomplete("{")
        assertIncomplete("{a: 1")
        assertIncomplete("(")
        assertIncomplete("f(1, g(2)")
        assertIncomplete("[[1, 2], [3")
    }

    func testClosingTheBracketsOnLaterLinesCompletes() {
        assertComplete("[1,\n 2]")
        assertComplete("{a: 1,\n b: 2}")
        assertComplete("f(1,\n  2)")
        assertComplete("x = (1 +\n 2)")
    }

    func testUnterminatedStringIsIncomplete() {
        assertIncomplete("\"abc")
        assertIncomplete("x = 'abc")
        assertIncomplete("read_csv(\"data/")
        assertIncomplete("\"escaped quote \\\" still open")
    }

    func testTerminatedStringsAreComplete() {
        assertComplete("\"abc\"")
        assertComplete("'it''s'") // two adjacent literals or an error: either way not incomplete
        assertComplete("\"a \\\" b\"")
        assertComplete("\"(\"")  // a bracket inside a string does not count
        assertComplete("\"[{\" + \"x\"")
    }

    func testFunctionWithoutBodyIsIncomplete() {
        assertIncomplete("fn f(x) =")
        assertIncomplete("fn f(x, y = 1) =")
        assertComplete("fn f(x) =\n  x * 2")
    }

    func testTrailingBackslashIsIncomplete() {
        assertIncomplete("x = 1 \\")
        assertIncomplete("\\")
        assertIncomplete("df \\   ")  // whitespace after the backslash is ignored
        assertComplete("x = 1 \\\n + 2")
    }

    func testBackslashEndingACommentOrStringIsNotAContinuation() {
        // The lexer ignores comments, so `\` there does not continue the line: no "  ... " prompt.
        assertComplete("x = 1  # saved in C:\\")
        assertComplete("p = \"C:\\\\\"")  // p = "C:\\" ends with a closed string
    }

    func testMetaCommandsAreComplete() {
        assertComplete(":help")
        assertComplete(":help filter")
        assertComplete("  :vars")
        assertComplete(":load \"unterminated")  // meta-commands are never continued
        assertComplete(":time (1 +")
    }

    func testSyntaxErrorThatIsNotIncompleteIsComplete() {
        // These must be reported, not swallowed by an endless "  ... " prompt.
        assertComplete("1 + * 2")
        assertComplete(")")
        assertComplete("x = )")
        assertComplete("[1, 2)")
        assertComplete("f(1 2)")
        assertComplete("1 +\n * 2")
    }

    func testMultiLinePipelines() {
        assertComplete("df |>\n  head(3)")
        assertComplete("c |>\n  group_by(region) |>\n  summarize(n = count())")
        assertIncomplete("c |>\n  group_by(region) |>")
        assertIncomplete("c |>\n  filter(x > 1,")
    }

    func testCommentsDoNotHideAnOpenEntry() {
        assertComplete("# only a comment")
        assertComplete("1 + 2  # a comment")
        assertIncomplete("df |>  # keep going")
        assertIncomplete("[1, 2,  # more below")
    }

    func testIfExpressions() {
        assertIncomplete("if true then")
        assertIncomplete("if true then 1 else")
        assertComplete("if true then 1 else 2")
    }
}
