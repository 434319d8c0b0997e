import XCTest
import SiftFrame
import SiftLanguage

final class InterpreterTests: XCTestCase {
    var t: TestInterpreter!

    override func setUp() {
        super.setUp()
        t = TestInterpreter()
        Interrupt.reset()
    }

    // MARK: arithmetic

    func testScalarArithmetic() throws {
        XCTAssertEqual(try t.scalar("1 + 2 * 3"), .int(7))
        XCTAssertEqual(try t.scalar("(1 + 2) * 3"), .int(9))
        XCTAssertEqual(try t.scalar("10 - 4 - 3"), .int(3))
        XCTAssertEqual(try t.scalar("2 ^ 10"), .int(1024))
        XCTAssertEqual(try t.scalar("2 ^ 3 ^ 2"), .int(512))
        XCTAssertEqual(try t.scalar("-2 ^ 2"), .int(-4))
        XCTAssertEqual(try t.scalar("x = 3\n-x ^ 2"), .int(-9))
        XCTAssertEqual(try t.scalar("1.5 * 2"), .float(3.0))
        XCTAssertEqual(try t.scalar("1 + 0.5"), .float(1.5))
        XCTAssertEqual(try t.scalar("2.0 ^ -1"), .float(0.5))
        XCTAssertEqual(try t.scalar("+4"), .int(4))
    }

    func testDivisionIsAlwaysFloat() throws {
        XCTAssertEqual(try t.scalar("7 / 2"), .float(3.5))
        XCTAssertEqual(try t.scalar("6 / 3"), .float(2.0))
        XCTAssertEqual(try t.scalar("-7 / 2"), .float(-3.5))
        XCTAssertEqual(try t.scalar("7.5 / 2.5"), .float(3.0))
    }

    func testModuloTakesTheSignOfTheDivisor() throws {
        XCTAssertEqual(try t.scalar("7 % 3"), .int(1))
        XCTAssertEqual(try t.scalar("-7 % 3"), .int(2))
        XCTAssertEqual(try t.scalar("7 % -3"), .int(-2))
        XCTAssertEqual(try t.scalar("7.5 % 2"), .float(1.5))
        XCTAssertEqual(try t.scalar("m = -9223372036854775807 - 1\nm % -1"), .int(0), "Int64.min % -1 must not trap")
    }

    func testDivisionAndModuloByZeroAreNull() throws {
        for code in ["1 / 0", "1.0 / 0", "0 / 0", "1 / 0.0", "5 % 0", "5.5 % 0"] {
            XCTAssertEqual(try t.scalar(code), .null, code)
        }
    }

    func testNullPropagates() throws {
        for code in ["null + 1", "2.5 * null", "null - null", "-null", "null ^ 2", "null / 1", "null == null",
                     "null < 1", "1 != null", "not null", "\"a\" + null", "\"a\" == null", "null < \"b\"", "null % 3"] {
            XCTAssertEqual(try t.scalar(code), .null, code)
        }
    }

    func testTextAndListOperators() throws {
        XCTAssertEqual(try t.scalar("\"ab\" + \"cd\""), .string("abcd"))
        XCTAssertEqual(try t.scalar("\"apple\" < \"banana\""), .bool(true))
        XCTAssertEqual(try t.scalar("total([1, 2] + [3])"), .int(6))
        XCTAssertEqual(try t.scalar("2 in [1, 2]"), .bool(true))
        XCTAssertEqual(try t.scalar("\"c\" not in [\"a\", \"b\"]"), .bool(true))
        XCTAssertEqual(try t.scalar("3 in []"), .bool(false))
        assertSiftError(try t.run("\"a\" * 3"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "cannot apply * to string and int")
            XCTAssertEqual(e.hint, "convert text to numbers with cast(x, \"float\")")
        }
        assertSiftError(try t.run("1 < \"a\""), kind: .runtime) { e in XCTAssertEqual(e.message, "cannot compare int with string") }
        assertSiftError(try t.run("[1] == [1]"), kind: .runtime) { e in XCTAssertEqual(e.message, "operator == does not apply to a list") }
        assertSiftError(try t.run("1 in 2"), kind: .runtime) { e in XCTAssertTrue(e.message.contains("right side of `in` must be a list"), e.message) }
    }

    func testIntegerOverflowIsAnErrorNotATrap() throws {
        let cases = ["9223372036854775807 + 1", "9223372036854775807 * 2", "-9223372036854775807 - 2", "2 ^ 63",
                     "m = -9223372036854775807 - 1\n-m"]
        for code in cases {
            assertSiftError(try t.run(code), kind: .runtime, code) { e in
                XCTAssertTrue(e.message.hasPrefix("integer overflow"), "\(code): \(e.message)")
                XCTAssertNotNil(e.span, code)
            }
        }
        assertSiftError(try t.run("x = 9223372036854775807 + 1")) { e in
            XCTAssertEqual(e.hint, "the result does not fit in 64 bits; convert to float first with cast(x, \"float\")")
            XCTAssertEqual(e.span?.column, 5)
        }
        // The same numbers as floats are fine, and Int64.min / -1 is a float division.
        XCTAssertEqual(try t.scalar("9223372036854775807.0 * 2"), .float(18446744073709551614.0))
        XCTAssertEqual(try t.scalar("m = -9223372036854775807 - 1\nm / -1"), .float(9223372036854775808.0))
        XCTAssertEqual(try t.scalar("2 ^ 62"), .int(4_611_686_018_427_387_904))
    }

    func testNegativeIntegerPowerIsAnError() throws {
        assertSiftError(try t.run("2 ^ -1"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "negative integer power")
            XCTAssertEqual(e.hint, "use a float base, e.g. 2.0 ^ -1")
        }
    }

    // MARK: logic

    func testKleeneAndOr() throws {
        let table: [(String, Scalar)] = [
            ("true and true", .bool(true)), ("true and false", .bool(false)),
            ("null and false", .bool(false)), ("false and null", .bool(false)),
            ("null and true", .null), ("true and null", .null), ("null and null", .null),
            ("null or true", .bool(true)), ("true or null", .bool(true)),
            ("null or false", .null), ("false or null", .null), ("null or null", .null),
            ("false or false", .bool(false)), ("not true", .bool(false)), ("not false", .bool(true)),
        ]
        for (code, expected) in table {
            XCTAssertEqual(try t.scalar(code), expected, code)
        }
    }

    func testAndOrShortCircuit() throws {
        XCTAssertEqual(try t.scalar("false and boom()"), .bool(false))
        XCTAssertEqual(try t.scalar("true or boom()"), .bool(true))
        XCTAssertEqual(t.boomCalls, 0, "the right side must not be evaluated")
        assertSiftError(try t.run("true and boom()")) { e in XCTAssertEqual(e.message, "boom was evaluated") }
        XCTAssertEqual(t.boomCalls, 1)
        // null does not decide `and`/`or`, so the right side runs.
        assertSiftError(try t.run("null or boom()"))
        XCTAssertEqual(t.boomCalls, 2)
    }

    func testEvaluationOrderIsLeftToRight() throws {
        _ = try t.run("x = [tick(1), tick(2)]\ny = tick(3) and tick(4)\nz = [tick(5) == tick(6)]")
        XCTAssertEqual(t.ticks, [1, 2, 3, 4, 5, 6])
    }

    func testLogicalOperatorsNeedBooleans() throws {
        assertSiftError(try t.run("not 1"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "not needs true/false values, got int")
            XCTAssertEqual(e.hint, "compare first, e.g. x > 0")
        }
    }

    // MARK: conditionals

    func testIfThenElse() throws {
        XCTAssertEqual(try t.scalar("x = 5\nif x > 3 then \"big\" else \"small\""), .string("big"))
        XCTAssertEqual(try t.scalar("if false then 1 else 2"), .int(2))
        XCTAssertEqual(try t.scalar("if null then 1 else 2"), .int(2), "a null condition picks the else branch")
        XCTAssertEqual(try t.scalar("if true then 1 else boom()"), .int(1))
        XCTAssertEqual(t.boomCalls, 0, "only the chosen branch is evaluated")
        assertSiftError(try t.run("if 1 then 2 else 3"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "if needs a true/false condition, got int")
            XCTAssertEqual(e.span?.column, 4)
        }
    }

    func testIfOnAColumnSuggestsIfElse() throws {
        let frame = try Frame(columns: [Column(name: "x", storage: .int([1, 2]))])
        let program = try parse("if x > 1 then 1 else 0")
        guard case .expression(let e) = program[0].kind else { return XCTFail() }
        assertSiftError(try t.interpreter.eval(e, Scope(env: t.interpreter.globals, mask: frame)), kind: .runtime) { e in
            XCTAssertEqual(e.message, "if … then … else needs a single true/false, got a column")
            XCTAssertEqual(e.hint, "use if_else(condition, a, b) to choose per row")
        }
    }

    // MARK: variables, lists, records

    func testAssignmentAndUnpacking() throws {
        let outcomes = try t.interpreter.run(source("a, b = [1, \"two\"]\nc = a + 1\nfn f(x) = x\nc"))
        XCTAssertEqual(outcomes.count, 4)
        guard case .assigned(let names, _) = outcomes[0], case .defined(let fname) = outcomes[2], case .value(let v) = outcomes[3] else {
            return XCTFail("unexpected outcomes")
        }
        XCTAssertEqual(names, ["a", "b"])
        XCTAssertEqual(fname, "f")
        XCTAssertEqual(v.scalar, .int(2))
        XCTAssertEqual(t.global("b")?.scalar, .string("two"))
        assertSiftError(try t.run("p, q = [1]"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "cannot unpack list into 2 names")
            XCTAssertEqual(e.hint, "the right side must give a list of exactly 2 values")
        }
        assertSiftError(try t.run("p, q = 5")) { e in XCTAssertEqual(e.message, "cannot unpack int into 2 names") }
        XCTAssertNil(t.global("p"), "a failed unpack assigns nothing")
    }

    func testListsRecordsIndexingAndMembers() throws {
        XCTAssertEqual(try t.scalar("xs = [10, 20, 30]\nxs[0] + xs[-1]"), .int(40))
        XCTAssertEqual(try t.scalar("r = {name: \"Ada\", age: 36}\nr.name"), .string("Ada"))
        XCTAssertEqual(try t.scalar("{\"unit price\": 2}[\"unit price\"]"), .int(2))
        XCTAssertEqual(try t.scalar("\"héllo\"[1]"), .string("é"))
        XCTAssertEqual(try t.scalar("[[1, 2], [3]][0][1]"), .int(2))
        assertSiftError(try t.run("[1, 2][5]"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "index 5 is out of range for a list of 2")
            XCTAssertEqual(e.hint, "indexes start at 0; -1 is the last")
        }
        assertSiftError(try t.run("{a: 1}.b")) { e in
            XCTAssertEqual(e.message, "the record has no field 'b'")
            XCTAssertEqual(e.hint, "fields: a")
        }
        assertSiftError(try t.run("x = 1\nx.y")) { e in XCTAssertEqual(e.hint, "`.name` works on frames, records and models") }
    }

    func testFormulasAreValues() throws {
        guard case .formula(let f) = try t.run("f = revenue ~ spend + region") else { return XCTFail("not a formula") }
        XCTAssertEqual(f.lhs?.simpleName, "revenue")
        XCTAssertEqual(sexpr(f.rhs), "(+ spend region)")
        XCTAssertEqual(f.span.column, 5)
    }

    // MARK: functions

    func testUserFunctionsAndDefaults() throws {
        _ = try t.run("fn power(x, n = 2) = x ^ n")
        XCTAssertEqual(try t.scalar("power(3)"), .int(9))
        XCTAssertEqual(try t.scalar("power(2, 10)"), .int(1024))
        XCTAssertEqual(try t.scalar("power(2, n: 3)"), .int(8))
        XCTAssertEqual(try t.scalar("power(n = 3, x = 2)"), .int(8))
        XCTAssertEqual(try t.scalar("fn g(x, y = x * 10) = y\ng(4)"), .int(40), "defaults see earlier parameters")
    }

    func testLambdasAndHigherOrderCalls() throws {
        XCTAssertEqual(try t.scalar("double = fn(x) = x * 2\ndouble(21)"), .int(42))
        XCTAssertEqual(try t.scalar("(fn(x, y) -> x - y)(10, 3)"), .int(7))
        XCTAssertEqual(try t.scalar("fn apply(f, v) = f(v)\napply(twice, 5)"), .int(10), "builtins are values")
        XCTAssertEqual(try t.scalar("apply(fn(v) = v + 1, 5)"), .int(6))
        XCTAssertEqual(try t.scalar("5 |> twice"), .int(10))
        XCTAssertEqual(try t.scalar("5 |> twice()"), .int(10))
        XCTAssertEqual(try t.scalar("fn add(a, b) = a + b\n1 |> add(2)"), .int(3), "the piped value is the first argument")
    }

    func testClosuresCaptureTheirDefiningScope() throws {
        _ = try t.run("fn make_adder(n) = fn(x) = x + n\nadd2 = make_adder(2)\nadd10 = make_adder(10)")
        XCTAssertEqual(try t.scalar("add2(5)"), .int(7))
        XCTAssertEqual(try t.scalar("add10(5)"), .int(15))
        XCTAssertEqual(try t.scalar("n = 1000\nadd2(5)"), .int(7), "a global n does not leak into the closure")
    }

    func testParametersShadowGlobalsWithoutChangingThem() throws {
        _ = try t.run("x = 1\nfn f(x) = x * 100\ny = f(5)")
        XCTAssertEqual(t.global("y")?.scalar, .int(500))
        XCTAssertEqual(t.global("x")?.scalar, .int(1))
        XCTAssertEqual(try t.scalar("fn g() = x + 1\ng()"), .int(2), "functions read globals")
        XCTAssertEqual(try t.scalar("x = 41\ng()"), .int(42), "…at call time")
    }

    func testRecursionWithADefaultParameter() throws {
        _ = try t.run("fn fact(n, acc = 1) = if n <= 1 then acc else fact(n - 1, acc * n)")
        XCTAssertEqual(try t.scalar("fact(0)"), .int(1))
        XCTAssertEqual(try t.scalar("fact(5)"), .int(120))
        XCTAssertEqual(try t.scalar("fact(20)"), .int(2_432_902_008_176_640_000))
        assertSiftError(try t.run("fact(21)"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "integer overflow in *")
            XCTAssertEqual(e.span?.column, 59, "points at acc * n in the definition")
        }
        XCTAssertEqual(try t.scalar("fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)\nfib(15)"), .int(610))
    }

    func testDeepRecursionHitsTheCallLimit() throws {
        t.interpreter.maxCallDepth = 50
        _ = try t.run("fn down(n) = if n == 0 then 0 else down(n - 1)\nfn forever(n) = forever(n + 1)")
        XCTAssertEqual(try t.scalar("down(40)"), .int(0))
        assertSiftError(try t.run("down(100)"), kind: .limit) { e in
            XCTAssertEqual(e.message, "too many nested calls (more than 50); is a function calling itself without end?")
            XCTAssertEqual(e.hint, "check the stopping condition of recursive functions")
            XCTAssertNotNil(e.span)
        }
        assertSiftError(try t.run("forever(0)"), kind: .limit)
        // The depth counter unwinds with the error: ordinary calls still work afterwards.
        XCTAssertEqual(try t.scalar("down(45)"), .int(0))
    }

    func testUserFunctionArityErrors() throws {
        _ = try t.run("fn f(x, y) = x + y")
        assertSiftError(try t.run("f(1, 2, 3)"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "f() takes 2 arguments but got 3")
            XCTAssertEqual(e.hint, "usage: f(x, y)")
        }
        assertSiftError(try t.run("f(1)"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "f() is missing the argument 'y'")
            XCTAssertEqual(e.span?.column, 1)
        }
        assertSiftError(try t.run("fn one(x) = x\none(1, 2)")) { e in XCTAssertEqual(e.message, "one() takes 1 argument but got 2") }
    }

    func testUnknownNamedArguments() throws {
        _ = try t.run("fn f(x, y = 1) = x + y")
        assertSiftError(try t.run("f(1, z: 2)"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "f() has no parameter named 'z'")
            XCTAssertEqual(e.hint, "usage: f(x, y = …)")
            XCTAssertEqual(e.span?.column, 6, "points at the named argument")
        }
        assertSiftError(try t.run("twice(3, times: 2)"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "twice() has no argument named 'times'")
            XCTAssertEqual(e.hint, "usage: twice(x)")
        }
        assertSiftError(try t.run("show(1, ending: \"\")")) { e in XCTAssertEqual(e.hint, "usage: show(x, *, end?: string)") }
    }

    func testAnArgumentGivenTwiceIsAnError() throws {
        // It used to be accepted silently, the later value winning.
        _ = try t.run("fn f(x, y = 1) = x + y")
        assertSiftError(try t.run("f(1, x: 2)"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "f() got two values for 'x'")
            XCTAssertEqual(e.span?.column, 6)
        }
        assertSiftError(try t.run("f(x: 1, x: 2)")) { e in XCTAssertEqual(e.message, "f() got two values for 'x'") }
        XCTAssertEqual(try t.scalar("f(1, y: null)"), .null)
    }

    func testUnknownNamesSuggestTheClosest() throws {
        _ = try t.run("revenue = 10")
        assertSiftError(try t.run("revnue + 1"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "unknown name 'revnue'")
            XCTAssertEqual(e.hint, "did you mean 'revenue'?")
            XCTAssertEqual(e.span?.column, 1)
        }
        assertSiftError(try t.run("twcie(2)"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "unknown function 'twcie'")
            XCTAssertEqual(e.hint, "did you mean 'twice'?")
        }
        assertSiftError(try t.run("qqqqqqq(2)")) { e in XCTAssertEqual(e.hint, "see :help for the list of functions") }
        assertSiftError(try t.run("x = 1\nx(2)")) { e in
            XCTAssertTrue(e.message.hasPrefix("'x' is a"), e.message)
            XCTAssertTrue(e.message.hasSuffix("int, not a function"), e.message)
        }
        assertSiftError(try t.run("[1](0)")) { e in XCTAssertEqual(e.message, "a list cannot be called") }
    }

    func testBuiltinsSeeArgumentsInTheOrderWritten() throws {
        for evaluation in [Builtin.Evaluation.eager, .lazy] {
            let i = Interpreter()
            i.register(Builtin(name: "order", declaration: "order(args..., **named)", summary: "argument names as written", evaluation: evaluation) { ctx in
                .list(ctx.arguments.map { .string($0.name ?? "_") })
            })
            let outcomes = try i.run(Source(name: "<test>", text: "order(a = 1, 2, b = 3, 4)\n5 |> order(a = 1, 2)"))
            guard case .value(.list(let direct)) = outcomes[0], case .value(.list(let piped)) = outcomes[1] else { return XCTFail("not lists") }
            XCTAssertEqual(direct.compactMap(\.scalar), [.string("a"), .string("_"), .string("b"), .string("_")])
            XCTAssertEqual(piped.compactMap(\.scalar), [.string("_"), .string("a"), .string("_")], "the piped value comes first")
        }
    }

    func testFileSystemFrameErrorsAreIOErrors() throws {
        t.interpreter.register(Builtin(name: "open_it", declaration: "open_it()", summary: "fails like a missing file") { _ in
            throw FrameError("file not found: x.csv", isIO: true)
        })
        assertSiftError(try t.run("open_it()")) { e in
            XCTAssertEqual(e.kind, .io)
            XCTAssertEqual(e.span?.column, 1)
        }
    }

    func testTypeNamesTakeTheRightArticle() {
        XCTAssertEqual(withArticle("int"), "an int")
        XCTAssertEqual(withArticle("list"), "a list")
        XCTAssertEqual(withArticle("grouped frame"), "a grouped frame")
        assertSiftError(try t.run("x = 1\nx.name")) { e in XCTAssertEqual(e.message, "an int has no fields") }
    }

    func testSuggestions() {
        XCTAssertEqual(Suggest.closest("revnue", in: ["revenue", "region", "visits"]), "revenue")
        XCTAssertEqual(Suggest.closest("twcie", in: ["twice", "tick"]), "twice", "a swapped pair of letters is one typo")
        XCTAssertEqual(Suggest.closest("REGION", in: ["region"]), "region", "case is ignored")
        XCTAssertNil(Suggest.closest("xyz", in: ["revenue", "region"]))
        XCTAssertNil(Suggest.closest("ab", in: []))
        XCTAssertEqual(Suggest.closest("cat", in: ["bat", "hat", "cut"]), "bat", "ties go to the alphabetically first")
        XCTAssertEqual(Suggest.closest("spend", in: ["spend", "spends"]), "spend", "an exact match wins")
    }

    func testFailedStatementKeepsEarlierAssignments() throws {
        assertSiftError(try t.run("a = 1\nb = nope\nc = 3"))
        XCTAssertEqual(t.global("a")?.scalar, .int(1))
        XCTAssertNil(t.global("b"))
        XCTAssertNil(t.global("c"), "statements after the error do not run")
    }

    // MARK: data masking at the language level

    func testBareNamesPreferColumnsAndDollarNamesPreferVariables() throws {
        let frame = try Frame(columns: [Column(name: "spend", storage: .int([50, 150, 250]))])
        _ = try t.run("spend = 100")
        func eval(_ code: String) throws -> Value {
            guard case .expression(let e) = try parse(code)[0].kind else { throw SiftError(.runtime, "not an expression") }
            return try t.interpreter.eval(e, Scope(env: t.interpreter.globals, mask: frame))
        }
        guard case .column(let c) = try eval("spend > $spend") else { return XCTFail("expected a column") }
        XCTAssertEqual((0..<c.count).map { c[$0] }, [.bool(false), .bool(true), .bool(true)])
        XCTAssertEqual(try eval("$spend").scalar, .int(100))
        guard case .column = try eval("spend") else { return XCTFail("a bare name is the column") }
        // A column never hides a function of the same name.
        _ = try t.run("fn spend2(x) = x")
        let f2 = try Frame(columns: [Column(name: "twice", storage: .int([1, 2]))])
        guard case .expression(let e) = try parse("twice(4)")[0].kind else { return XCTFail() }
        XCTAssertEqual(try t.interpreter.eval(e, Scope(env: t.interpreter.globals, mask: f2)).scalar, .int(8))
        assertSiftError(try eval("spnd + 1"), kind: .runtime) { e in
            XCTAssertEqual(e.message, "no column or variable named 'spnd'")
            XCTAssertEqual(e.hint, "did you mean 'spend'?")
        }
    }

    // MARK: output and cancellation

    func testBuiltinsWriteThroughTheInterpreter() throws {
        _ = try t.run("show(1)\nshow(\"two\", end: \"|\")\nshow(3.5)")
        XCTAssertEqual(t.output, "1\ntwo|3.5\n")
    }

    func testInterruptCancelsTheNextCall() throws {
        Interrupt.request(reason: "interrupted")
        assertSiftError(try t.run("twice(1)"), kind: .cancelled) { e in XCTAssertEqual(e.message, "interrupted") }
        XCTAssertFalse(Interrupt.requested, "the request is consumed")
        XCTAssertEqual(try t.scalar("twice(1)"), .int(2))
    }

    func testDeepButAllowedExpressionsEvaluate() throws {
        var result: Scalar? = nil
        onLargeStack {
            let code = "1" + String(repeating: " + 1", count: 5_000)
            result = (try? self.t.run(code))?.scalar
        }
        XCTAssertEqual(result, .int(5_001))
    }
}
