import Foundation
import XCTest
import SiftLanguage

/// `SiftError.render`: `file:line:col: error: message`, the source line, a caret under the spot.
final class ErrorRenderingTests: XCTestCase {
    func runtimeError(_ code: String, name: String = "script.sift") -> SiftError? {
        let t = TestInterpreter()
        do {
            _ = try t.run(code, name: name)
            XCTFail("\(code) should fail")
        } catch let e as SiftError {
            return e
        } catch {
            XCTFail("not a SiftError: \(error)")
        }
        return nil
    }

    func testRuntimeErrorRendering() throws {
        let e = try XCTUnwrap(runtimeError("total = 1\nresult = total + totl\n"))
        XCTAssertEqual(e.render(color: false), """
        script.sift:2:18: error: unknown name 'totl'
         2 | result = total + totl
           |                  ^^^^
          hint: did you mean 'total'?
        """)
        XCTAssertEqual(e.description, e.render(color: false))
    }

    func testCaretLineHasNoStrayCharacters() throws {
        // The caret line used to end with a stray ')'.
        let e = try XCTUnwrap(runtimeError("x = 1 + \"a\""))
        let lines = e.render(color: false).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "script.sift:1:5: error: cannot apply + to int and string")
        XCTAssertEqual(lines[1], " 1 | x = 1 + \"a\"")
        XCTAssertEqual(lines[2], "   |     ^^^^^^^")
    }

    func testSyntaxErrorRendering() throws {
        do {
            _ = try Parser.parse(Source(name: "<command>", text: "x = f(1 2)"))
            XCTFail("should not parse")
        } catch let e as SiftError {
            XCTAssertEqual(e.render(color: false), """
            <command>:1:9: syntax error: expected ',' or ')' in the argument list, found number 2
             1 | x = f(1 2)
               |         ^
              hint: did you forget a comma?
            """)
        }
    }

    func testGutterWidensWithTheLineNumber() throws {
        let code = String(repeating: "x = 1\n", count: 11) + "y = nope"
        let e = try XCTUnwrap(runtimeError(code))
        let lines = e.render(color: false).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "script.sift:12:5: error: unknown name 'nope'")
        XCTAssertEqual(lines[1], " 12 | y = nope")
        XCTAssertEqual(lines[2], "    |     ^^^^")
    }

    func testColumnsCountCharactersNotBytes() throws {
        let e = try XCTUnwrap(runtimeError("größe = 1\ngröße + nope"))
        XCTAssertEqual(e.span?.line, 2)
        XCTAssertEqual(e.span?.column, 9)
        let lines = e.render(color: false).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "script.sift:2:9: error: unknown name 'nope'")
        XCTAssertEqual(lines[2], "   |         ^^^^")
    }

    func testCaretFollowsTabs() throws {
        // Tabs before the spot are kept in the caret line so the caret sits under it in a terminal.
        let e = try XCTUnwrap(runtimeError("\tx = 1 + \"a\""))
        let lines = e.render(color: false).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "script.sift:1:6: error: cannot apply + to int and string")
        XCTAssertEqual(lines[1], " 1 | \tx = 1 + \"a\"")
        XCTAssertEqual(lines[2], "   | \t    ^^^^^^^")
    }

    func testSpanOverSeveralLinesUnderlinesToTheEndOfTheFirst() throws {
        let e = try XCTUnwrap(runtimeError("x = 1 +\n  \"a\""))
        let lines = e.render(color: false).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "script.sift:1:5: error: cannot apply + to int and string")
        XCTAssertEqual(lines[2], "   |     ^^^")
    }

    func testLongLinesAreShortened() throws {
        let code = "x = " + String(repeating: "1 + ", count: 100) + "nope"
        let e = try XCTUnwrap(runtimeError(code))
        let lines = e.render(color: false).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "script.sift:1:405: error: unknown name 'nope'")
        XCTAssertTrue(lines[1].hasSuffix("…"))
        XCTAssertEqual(lines[1].count, " 1 | ".count + 200 + 1)
        XCTAssertLessThanOrEqual(lines[2].count, " 1 | ".count + 200 + 80)
    }

    func testNotebookCellsKeepFileLineNumbers() throws {
        let t = TestInterpreter()
        do {
            try t.interpreter.run(Source(name: "report.md", text: "x = 1\ny = nope", firstLine: 10))
            XCTFail("should fail")
        } catch let e as SiftError {
            XCTAssertEqual(e.span?.location, "report.md:11:5")
            XCTAssertTrue(e.render(color: false).contains("\n 11 | y = nope\n"), e.render(color: false))
        }
    }

    func testErrorsWithoutASpan() {
        XCTAssertEqual(SiftError(.runtime, "boom").render(color: false), "error: boom")
        XCTAssertEqual(SiftError(.io, "disk full", hint: "free some space").render(color: false), "error: disk full\n  hint: free some space")
        XCTAssertEqual(SiftError(.syntax, "odd").render(color: false), "syntax error: odd")
    }

    func testColorOnlyWhenAsked() throws {
        let e = try XCTUnwrap(runtimeError("x = nope"))
        XCTAssertFalse(e.render(color: false).contains("\u{1B}"))
        let colored = e.render(color: true)
        XCTAssertTrue(colored.contains("\u{1B}[1;31merror\u{1B}[0m"), colored)
        XCTAssertTrue(colored.contains("\u{1B}[1;31m^^^^\u{1B}[0m"), colored)
        // Stripping the escapes gives the plain rendering.
        let stripped = colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        XCTAssertEqual(stripped, e.render(color: false))
    }
}
