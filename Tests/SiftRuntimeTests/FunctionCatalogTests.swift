import Foundation
import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// The function catalogue: every builtin declared once, every call bound against it.
final class FunctionCatalogTests: SessionTestCase {
    var builtins: [Builtin] { session.interpreter.builtinList }

    func testEveryDeclarationParses() {
        XCTAssertGreaterThan(builtins.count, 80)
        for b in builtins {
            XCTAssertNil(b.declarationProblem, b.name)
            XCTAssertFalse(b.summary.isEmpty, "\(b.name) has no help text")
        }
    }

    /// Builtins whose every extra argument is meaningful by design: names after the frame are
    /// columns or new columns (`select(df, a, b = c)`), and print prints whatever it gets.
    static let openEnded: Set<String> = ["select", "group_by", "summarize", "print", "format", "mutate"]

    /// The issue's acceptance test: each builtin called with one surplus argument is an error
    /// that comes from binding (it names the function and shows its signature), before the body
    /// could ignore it.
    func testEveryBuiltinRejectsASurplusArgument() throws {
        var checked = 0
        for b in builtins {
            let sig = b.declaration
            let code: String
            if sig.variadic == nil {
                let n = sig.positionalParameters.count + 1
                code = "\(b.name)(" + Array(repeating: "1", count: n).joined(separator: ", ") + ")"
            } else if !sig.acceptsAnyNamed {
                code = "\(b.name)(1, zz_surplus: 1)"
            } else {
                XCTAssertTrue(Self.openEnded.contains(b.name), "\(b.name) accepts any argument: add it to openEnded only if that is by design")
                continue
            }
            do {
                _ = try session.evaluate(code)
                XCTFail("\(code) ran without an error")
            } catch let e as SiftError {
                XCTAssertTrue(e.message.hasPrefix("\(b.name)"), "\(code): \(e.message)")
                XCTAssertTrue(["positional argument", "no argument named 'zz_surplus'", "name = expression pairs", "did you mean zz_surplus =="].contains { e.message.contains($0) },
                              "\(code): \(e.message)")
                XCTAssertEqual(e.hint, "usage: \(b.signature)", code)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 80)
    }

    func testTheIssuesSilentWrongAnswersAreErrors() {
        assertFails("round(3.14159, 2, 9)") { e in XCTAssertEqual(e.message, "round() takes at most 2 positional arguments (x, digits) but got 3") }
        assertFails("quantile(df.x, 0.5, 7)") { e in XCTAssertTrue(e.message.hasPrefix("quantile() takes at most 2"), e.message) }
        assertFails("len(\"abc\", 5)") { e in XCTAssertTrue(e.message.hasPrefix("len() takes at most 1"), e.message) }
        assertFails("df |> summarize(s = sum(y, 5))") { e in XCTAssertTrue(e.message.hasPrefix("sum() takes at most 1"), e.message) }
        assertFails("df |> mutate(s = sum(y, 5))") { e in
            XCTAssertTrue(e.message.hasPrefix("sum() takes at most 1"), e.message)
            XCTAssertEqual(e.span?.column, 25, "points at the surplus argument")
        }
        assertFails("round(3.1, digts: 1)") { e in
            XCTAssertEqual(e.message, "round() has no argument named 'digts'")
            XCTAssertEqual(e.hint, "did you mean 'digits'? usage: round(x, digits: int = 0)")
        }
        assertFails("round(3.1, 1, digits: 2)") { e in XCTAssertTrue(e.message.contains("two values for 'digits'"), e.message) }
        assertFails("round(3.1, \"two\")") { e in XCTAssertEqual(e.message, "round() needs digits to be a whole number, got a string") }
        assertFails("head(df, n: 2, n: 3)") { e in XCTAssertTrue(e.message.contains("two values for 'n'"), e.message) }
        assertFails("replace(\"abc\", \"a\")") { e in XCTAssertEqual(e.message, "replace() is missing the argument 'new'") }
    }

    func testArgumentsBindByNameOrPosition() throws {
        XCTAssertEqual(try scalar("round(x: 3.14159, digits: 2)"), .float(3.14))
        XCTAssertEqual(try scalar("round(3.14159, digits: 3)"), .float(3.142))
        XCTAssertEqual(try scalar("round(digits: 1, x: 2.25)"), .float(2.3))
        XCTAssertEqual(try frame("df |> head(n: 2)").rowCount, 2)
        XCTAssertEqual(try frame("head(n: 3, frame: df)").rowCount, 3)
        XCTAssertEqual(try scalar("nrow(df |> sample(n: 2, seed: 3))"), .int(2))
    }

    func testDeclaredDefaultsAreTheOnesThatRun() throws {
        XCTAssertEqual(try frame("df |> head()").rowCount, 5)
        XCTAssertEqual(try scalar("round(2.5)"), .float(3))
        let head = try XCTUnwrap(session.interpreter.builtins["head"])
        XCTAssertEqual(head.declaration.parameter(named: "n")?.defaultText, "5")
    }

    func testAliasesWorkEverywhere() throws {
        XCTAssertEqual(try columnCells("(df |> mutate(a = avg(y))).a"), Array(repeating: .float(30), count: 5))
        XCTAssertEqual(try columnCells("(df |> group_by(grp) |> summarize(a = avg(y), k = n())).a"), [.float(10), .float(30), .float(50)])
        XCTAssertEqual(try scalar("average([1, 2, 6])"), .float(3))
        XCTAssertEqual(try frame("df |> arrange(-id)").rowCount, 5)
        XCTAssertEqual(try frame("df |> group_by(grp) |> summarise(k = count())").rowCount, 3)
        let mean = try XCTUnwrap(session.interpreter.builtins["avg"])
        XCTAssertEqual(mean.name, "mean")
        XCTAssertEqual(builtins.filter { $0.name == "mean" }.count, 1, "aliases are not listed twice")
    }

    func testMaxAndMinOfSeveralArgumentsAreRowwise() throws {
        XCTAssertEqual(try columnCells("(df |> mutate(m = max(y, 25))).m"), [.int(25), .int(25), .int(25), .int(40), .int(50)],
                       "null y is skipped, as SQL's GREATEST")
        XCTAssertEqual(try columnCells("(df |> mutate(m = min(x, 2))).m"), [.float(1.5), .float(2), .float(2), .float(2), .float(-2)])
        XCTAssertEqual(try columnCells("(df |> mutate(m = greatest(x, y))).m"), [.float(10), .float(20), .float(3), .float(40), .float(50)])
        XCTAssertEqual(try columnCells("(df |> mutate(m = least(name, \"C\"))).m"), [.string("Alice"), .string("C"), .string("C"), .string("C"), .string("C")])
        XCTAssertEqual(try scalar("max(df.y)"), .int(50), "one argument is still the aggregate")
        XCTAssertEqual(try scalar("greatest(1, 7, 3)"), .int(7))
        assertFails("greatest(df.name, df.y)") { e in XCTAssertTrue(e.message.contains("cannot compare"), e.message) }
    }

    /// docs/functions.md is generated from the catalogue; this fails when it is stale.
    func testTheFunctionReferenceIsUpToDate() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/functions.md").path
        let generated = FunctionReference.markdown(builtins)
        if ProcessInfo.processInfo.environment["SIFT_UPDATE_DOCS"] == "1" {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let committed = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        XCTAssertTrue(committed == generated, "docs/functions.md is stale: run SIFT_UPDATE_DOCS=1 swift test --filter FunctionCatalogTests")
    }
}
