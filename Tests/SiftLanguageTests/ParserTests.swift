import XCTest
import SiftLanguage

final class ParserTests: XCTestCase {
    // MARK: precedence

    func testArithmeticPrecedence() throws {
        XCTAssertEqual(try sexpr("1 + 2 * 3"), "(+ 1 (* 2 3))")
        XCTAssertEqual(try sexpr("(1 + 2) * 3"), "(* (+ 1 2) 3)")
        XCTAssertEqual(try sexpr("1 - 2 - 3"), "(- (- 1 2) 3)", "left-associative")
        XCTAssertEqual(try sexpr("8 / 4 % 3 * 2"), "(* (% (/ 8 4) 3) 2)")
    }

    func testPowerBindsTighterThanUnaryMinusAndIsRightAssociative() throws {
        XCTAssertEqual(try sexpr("-x ^ 2"), "(- (^ x 2))")
        XCTAssertEqual(try sexpr("2 ^ 3 ^ 2"), "(^ 2 (^ 3 2))")
        XCTAssertEqual(try sexpr("2 ^ -1"), "(^ 2 -1)")
        XCTAssertEqual(try sexpr("a * -b"), "(* a (- b))")
    }

    func testNegativeLiteralsAreFolded() throws {
        XCTAssertEqual(try sexpr("-5"), "-5")
        XCTAssertEqual(try sexpr("-2.5"), "-2.5")
        XCTAssertEqual(try sexpr("- -5"), "5")
        XCTAssertEqual(try sexpr("+x"), "(+ x)")
    }

    func testLogicalPrecedence() throws {
        XCTAssertEqual(try sexpr("a or b and c"), "(or a (and b c))")
        XCTAssertEqual(try sexpr("a and b or c"), "(or (and a b) c)")
        XCTAssertEqual(try sexpr("not a == b"), "(not (== a b))")
        XCTAssertEqual(try sexpr("not a and b"), "(and (not a) b)")
        XCTAssertEqual(try sexpr("not not a"), "(not (not a))")
        XCTAssertEqual(try sexpr("a > 1 and b <= 2 or c != 3"), "(or (and (> a 1) (<= b 2)) (!= c 3))")
    }

    func testComparisonsAreNotChainable() throws {
        for code in ["1 < 2 < 3", "a == b == c", "a < b >= c"] {
            assertSiftError(try parse(code), kind: .syntax, code) { e in
                XCTAssertEqual(e.message, "comparisons cannot be chained", code)
                XCTAssertEqual(e.hint, "write a < b and b < c", code)
                XCTAssertFalse(e.incomplete)
            }
        }
        assertSiftError(try parse("1 < 2 < 3")) { e in XCTAssertEqual(e.span?.column, 7, "points at the second comparison") }
        // Parenthesised comparisons are fine.
        XCTAssertEqual(try sexpr("(a < b) == true"), "(== (< a b) true)")
    }

    func testMembership() throws {
        XCTAssertEqual(try sexpr("region in [\"EMEA\", \"APAC\"]"), "(in region [\"EMEA\" \"APAC\"])")
        XCTAssertEqual(try sexpr("x not in [1, 2]"), "(not in x [1 2])")
        XCTAssertEqual(try sexpr("a + 1 in xs"), "(in (+ a 1) xs)")
        XCTAssertEqual(try sexpr("not x in xs"), "(not (in x xs))")
        XCTAssertEqual(try sexpr("x in xs and y not in ys"), "(and (in x xs) (not in y ys))")
    }

    // MARK: pipelines and calls

    func testPipelinesAcrossLinesWithLeadingPipe() throws {
        let code = """
        active = customers
          |> filter(visits > 0)

          |> mutate(rpv = revenue / visits)
          |> head(5)
        """
        let program = try parse(code)
        XCTAssertEqual(program.count, 1, "a line starting with |> continues the statement, even after a blank line")
        XCTAssertEqual(sexpr(program[0]),
                       "(= active (|> (|> (|> customers (call filter (> visits 0))) (call mutate rpv: (/ revenue visits))) (call head 5)))")
    }

    func testTrailingPipeAndOperatorContinueTheLine() throws {
        XCTAssertEqual(try parse("x = df |>\n  head(2)").map(sexpr), ["(= x (|> df (call head 2)))"])
        XCTAssertEqual(try parse("x = 1 +\n  2").map(sexpr), ["(= x (+ 1 2))"])
        XCTAssertEqual(try parse("x = a and\n b").map(sexpr), ["(= x (and a b))"])
        XCTAssertEqual(try parse("x = 1\n+ 2").count, 2, "a line starting with + is a new statement")
    }

    func testPipeIntoBareNameAndLambda() throws {
        XCTAssertEqual(try sexpr("df |> describe"), "(|> df describe)")
        XCTAssertEqual(try sexpr("x |> fn(v) = v + 1"), "(|> x (fn (v) (+ v 1)))")
        XCTAssertEqual(try sexpr("df |> stats.describe()"), "(|> df (call (. stats describe)))")
    }

    func testPipeRightSideMustBeAFunction() throws {
        assertSiftError(try parse("df |> 5"), kind: .syntax) { e in
            XCTAssertTrue(e.message.contains("right side of |> must be a function call"), e.message)
            XCTAssertEqual(e.span?.column, 4)
        }
    }

    func testPipeBindsLooserThanOr() throws {
        XCTAssertEqual(try sexpr("a or b |> f()"), "(|> (or a b) (call f))")
    }

    func testNamedArgumentsWithColonAndEquals() throws {
        XCTAssertEqual(try sexpr("join(a, b, on: region, how = \"left\")"), "(call join a b on: region how: \"left\")")
        XCTAssertEqual(try sexpr("f(x == 1)"), "(call f (== x 1))", "== in an argument is a comparison")
        XCTAssertEqual(try sexpr("f()"), "(call f)")
        XCTAssertEqual(try sexpr("f(1, 2,)"), "(call f 1 2)", "a trailing comma is allowed")
    }

    func testArgumentSpansIncludeTheName() throws {
        let program = try parse("f(1, how: \"x\")")
        guard case .expression(let e) = program[0].kind, case .call(_, let args) = e.kind else { return XCTFail("not a call") }
        XCTAssertEqual(args.count, 2)
        XCTAssertEqual(args[1].name, "how")
        XCTAssertEqual(args[1].span.column, 6)
        XCTAssertEqual(args[1].value.span.column, 11)
    }

    func testCallsIndexingAndMembersChain() throws {
        XCTAssertEqual(try sexpr("df.revenue[0]"), "(index (. df revenue) 0)")
        XCTAssertEqual(try sexpr("f(1)(2)"), "(call (call f 1) 2)")
        XCTAssertEqual(try sexpr("m.coef[\"x\"].y"), "(. (index (. m coef) \"x\") y)")
        XCTAssertEqual(try sexpr("-xs[0] ^ 2"), "(- (^ (index xs 0) 2))")
    }

    // MARK: statements

    func testAssignmentAndUnpacking() throws {
        XCTAssertEqual(try parse("x = 1 + 2").map(sexpr), ["(= x (+ 1 2))"])
        XCTAssertEqual(try parse("train, test = split(df, 0.8, seed: 42)").map(sexpr), ["(= train,test (call split df 0.8 seed: 42))"])
        XCTAssertEqual(try parse("a, b, c = [1, 2, 3]").map(sexpr), ["(= a,b,c [1 2 3])"])
        XCTAssertEqual(try parse("x =\n  5").map(sexpr), ["(= x 5)"], "the value may start on the next line")
    }

    func testStatementsSeparatedByNewlinesAndSemicolons() throws {
        XCTAssertEqual(try parse("a = 1; b = 2\n\n\nc = a + b;").map(sexpr), ["(= a 1)", "(= b 2)", "(= c (+ a b))"])
        XCTAssertEqual(try parse("").count, 0)
        XCTAssertEqual(try parse("\n# just a comment\n\n").count, 0)
    }

    func testTwoExpressionsOnALineIsAnError() throws {
        assertSiftError(try parse("x = 1 2"), kind: .syntax) { e in
            XCTAssertEqual(e.message, "unexpected number 2 after the end of a statement")
            XCTAssertEqual(e.hint, "put each statement on its own line, or separate them with ;")
            XCTAssertEqual(e.span?.column, 7)
        }
    }

    func testFunctionDefinitionsWithDefaults() throws {
        XCTAssertEqual(try parse("fn f(x, n = 2) = x ^ n").map(sexpr), ["(def f (x n=2) (^ x n))"])
        XCTAssertEqual(try parse("fn g(x, n: 2, label = \"a\") = x").map(sexpr), ["(def g (x n=2 label=\"a\") x)"])
        XCTAssertEqual(try parse("fn now() = 1").map(sexpr), ["(def now () 1)"])
        let multi = """
        fn rfm(orders, today) =
          orders
            |> group_by(customer_id)
            |> summarize(recency = days_between(max(order_date), today), frequency = count())
        """
        XCTAssertEqual(try parse(multi).map(sexpr),
                       ["(def rfm (orders today) (|> (|> orders (call group_by customer_id)) (call summarize recency: (call days_between (call max order_date) today) frequency: (call count))))"])
    }

    func testFunctionDefinitionErrors() throws {
        assertSiftError(try parse("fn f(x) x + 1"), kind: .syntax) { e in
            XCTAssertTrue(e.message.hasPrefix("expected '=' after the parameters of f"), e.message)
        }
        assertSiftError(try parse("fn f(1) = 1"), kind: .syntax) { e in
            XCTAssertEqual(e.message, "expected a parameter name, found number 1")
        }
    }

    func testLambdas() throws {
        XCTAssertEqual(try sexpr("fn(x) = x + 1"), "(fn (x) (+ x 1))")
        XCTAssertEqual(try sexpr("fn(x, y = 2) -> x * y"), "(fn (x y=2) (* x y))")
        XCTAssertEqual(try parse("double = fn(x) = x * 2").map(sexpr), ["(= double (fn (x) (* x 2)))"])
        XCTAssertEqual(try sexpr("map(xs, fn(v) = v ^ 2)"), "(call map xs (fn (v) (^ v 2)))")
        assertSiftError(try parse("fn(x) x"), kind: .syntax) { e in XCTAssertEqual(e.hint, "fn(x) = x + 1") }
    }

    // MARK: literals

    func testListsAndRecords() throws {
        XCTAssertEqual(try sexpr("[1, \"a\", [true, null], 2.5]"), "[1 \"a\" [true null] 2.5]")
        XCTAssertEqual(try sexpr("[]"), "[]")
        XCTAssertEqual(try sexpr("[\n  1,\n  2,\n]"), "[1 2]")
        XCTAssertEqual(try sexpr("{a: 1, \"unit price\": 2, c = [3]}"), "{a: 1, unit price: 2, c: [3]}")
        XCTAssertEqual(try sexpr("{}"), "{}")
        XCTAssertEqual(try sexpr("{name: \"Ada\"}.name"), "(. {name: \"Ada\"} name)")
    }

    func testRecordErrors() throws {
        assertSiftError(try parse("{1: 2}"), kind: .syntax) { e in
            XCTAssertEqual(e.message, "expected a field name in the record, found number 1")
            XCTAssertEqual(e.hint, "{name: value, …}")
        }
        assertSiftError(try parse("{a 1}"), kind: .syntax) { e in XCTAssertEqual(e.message, "expected ':' after the field name 'a'") }
    }

    func testVariablesAndBacktickNames() throws {
        XCTAssertEqual(try sexpr("spend > $spend"), "(> spend $spend)")
        XCTAssertEqual(try sexpr("`unit price` * 2"), "(* unit price 2)")
    }

    func testConditionals() throws {
        XCTAssertEqual(try sexpr("if a > 1 then \"big\" else \"small\""), "(if (> a 1) \"big\" \"small\")")
        XCTAssertEqual(try sexpr("if a\nthen 1\nelse 2"), "(if a 1 2)", "then/else may start lines")
        XCTAssertEqual(try sexpr("if a then 1 else if b then 2 else 3"), "(if a 1 (if b 2 3))")
        XCTAssertEqual(try sexpr("if a then 1 else 2 + 3"), "(if a 1 (+ 2 3))", "else takes the whole rest")
        assertSiftError(try parse("if a then 1"), kind: .syntax) { e in
            XCTAssertEqual(e.message, "expected 'else': every if needs both branches")
            XCTAssertTrue(e.incomplete)
        }
        assertSiftError(try parse("if a 1 else 2"), kind: .syntax) { e in
            XCTAssertEqual(e.message, "expected 'then' after the condition of if")
            XCTAssertFalse(e.incomplete)
        }
    }

    // MARK: formulas

    func testFormulas() throws {
        XCTAssertEqual(try sexpr("revenue ~ spend + visits + region"), "(~ revenue (+ (+ spend visits) region))")
        XCTAssertEqual(try sexpr("~ x"), "(~ _ x)")
        XCTAssertEqual(try sexpr("churned ~ ."), "(~ churned .)")
        XCTAssertEqual(try sexpr("y ~ a:b"), "(~ y (: a b))")
        XCTAssertEqual(try sexpr("y ~ a + b:c"), "(~ y (+ a (: b c)))", "interactions bind tighter than +")
        XCTAssertEqual(try sexpr("y ~ . - x"), "(~ y (- . x))")
        XCTAssertEqual(try sexpr("lm(y ~ x + log(z), data: df)"), "(call lm (~ y (+ x (call log z))) data: df)")
        XCTAssertEqual(try sexpr("f(y ~ a:b, k: 2)"), "(call f (~ y (: a b)) k: 2)")
    }

    func testDotAndColonOnlyMeanSomethingInFormulas() throws {
        assertSiftError(try parse("x = ."), kind: .syntax) { e in XCTAssertEqual(e.message, "unexpected '.': an expression is missing here") }
        assertSiftError(try parse("a:b"), kind: .syntax) { e in XCTAssertEqual(e.message, "unexpected ':' after the end of a statement") }
    }

    // MARK: spans and errors

    func testExpressionSpansCoverTheirSource() throws {
        let program = try parse("x = 1\ny = foo(a, b) + 2")
        XCTAssertEqual(program[1].span.line, 2)
        guard case .assign(_, let e) = program[1].kind, case .binary(_, let call, _) = e.kind else { return XCTFail("unexpected shape") }
        XCTAssertEqual(call.span.column, 5)
        XCTAssertEqual(call.span.end - call.span.start, "foo(a, b)".utf8.count)
        XCTAssertEqual(e.span.end - e.span.start, "foo(a, b) + 2".utf8.count)
    }

    func testMissingClosingParenthesisOnTheSameLine() throws {
        assertSiftError(try parse("total = sum(a, b\n"), kind: .syntax) { e in
            XCTAssertEqual(e.message, "expected ',' or ')' in the argument list, found end of input")
            XCTAssertTrue(e.incomplete)
        }
        assertSiftError(try parse("x = f(1 2)"), kind: .syntax) { e in
            XCTAssertEqual(e.message, "expected ',' or ')' in the argument list, found number 2")
            XCTAssertEqual(place(e)?.line, 1)
            XCTAssertEqual(place(e)?.column, 9)
            XCTAssertEqual(e.hint, "did you forget a comma?")
            XCTAssertFalse(e.incomplete)
        }
    }

    func testMissingClosingParenthesisFoundOnALaterLine() throws {
        // Newlines do not end an expression inside brackets, so the problem shows up where the
        // next statement starts; the hint points back at the unclosed bracket.
        let code = "a = 1\nb = (a + 2\nc = 3\n"
        assertSiftError(try parse(code), kind: .syntax) { e in
            XCTAssertEqual(e.message, "expected ')' to close '(', found 'c'")
            XCTAssertEqual(place(e)?.line, 3)
            XCTAssertEqual(place(e)?.column, 1)
            XCTAssertEqual(e.hint, "is the '(' at line 2, column 5 missing its closing bracket?")
            XCTAssertFalse(e.incomplete)
        }
        assertSiftError(try parse("x = f(a,\n  b\ny = 2")) { e in
            XCTAssertEqual(place(e)?.line, 3)
            XCTAssertEqual(e.hint, "is the '(' at line 1, column 6 missing its closing bracket?")
        }
        assertSiftError(try parse("x = [1, 2\ny = 3")) { e in
            XCTAssertEqual(e.message, "expected ']' to close the list, found 'y'")
            XCTAssertEqual(e.hint, "is the '[' at line 1, column 5 missing its closing bracket?")
        }
    }

    func testIncompleteInputIsFlagged() throws {
        let incomplete = ["df |>", "df\n  |>\n", "f(1,", "f(", "[1, 2", "{a: 1", "(1 + 2", "1 +", "1 *\n", "x =", "x = a and",
                          "if a then 1 else", "fn f(x) =", "\"abc", "not", "xs[0", "y ~"]
        for code in incomplete {
            assertSiftError(try parse(code), code) { e in
                XCTAssertTrue(e.incomplete, "\(code.debugDescription) should be reported as incomplete: \(e.message)")
                XCTAssertEqual(e.kind, .syntax, code)
            }
        }
        let broken = ["1 2", "f(1 2)", ")", "x = )", "1 + * 2", "[1 2]"]
        for code in broken {
            assertSiftError(try parse(code), code) { e in
                XCTAssertFalse(e.incomplete, "\(code.debugDescription) is an error, not unfinished input")
            }
        }
    }

    func testAssignInsteadOfCompareHasAHint() throws {
        assertSiftError(try parse("filter(df, x = = 1)"), kind: .syntax) { e in
            XCTAssertEqual(e.hint, "compare with ==, assign with name = value at the start of a line")
        }
    }

    func testDeeplyNestedParenthesesGiveALimitErrorNotACrash() throws {
        let code = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        assertSiftError(try parse(code), kind: .limit) { e in
            XCTAssertTrue(e.message.contains("nested too deeply"), e.message)
            XCTAssertEqual(e.hint, "split it into smaller steps with intermediate variables")
            XCTAssertFalse(e.incomplete)
            XCTAssertEqual(place(e)?.line, 1)
        }
    }

    func testOtherDeepNestingIsLimitedToo() throws {
        let cases = [
            String(repeating: "[", count: 5_000),
            String(repeating: "f(", count: 5_000) + "1",
            String(repeating: "not ", count: 5_000) + "x",
            String(repeating: "-", count: 5_000) + "x",
            "x" + String(repeating: " ^ x", count: 5_000),
            String(repeating: "{a: ", count: 5_000),
            String(repeating: "if a then 1 else ", count: 5_000) + "2",
        ]
        for code in cases {
            assertSiftError(try parse(code), kind: .limit, String(code.prefix(10)))
        }
        // Nesting just under the limit is fine.
        XCTAssertEqual(try sexpr(String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)), "1")
    }

    func testLongFlatChainsAreLimited() throws {
        // `1 + 1 + … + 1` nests no brackets but still builds a tree as deep as the chain is long;
        // evaluating 100,000 links used to overflow the stack even on the CLI's 512 MiB thread
        // (the CLI test feeds it 100,000 links; twice the limit is enough here).
        var results: [String: SiftError?] = [:]
        let links = 2 * Parser.maxHeight
        onLargeStack {
            let cases = [
                "sum": "x = 1" + String(repeating: " + 1", count: links),
                "pipe": "df" + String(repeating: " |> f()", count: links),
                "index": "xs" + String(repeating: "[0]", count: links),
                "member": "r" + String(repeating: ".a", count: links),
                "and": "a" + String(repeating: " and a", count: links),
                "or": "a" + String(repeating: " or a", count: links),
            ]
            for (name, code) in cases {
                do { _ = try parse(code); results[name] = .some(nil) } catch let e as SiftError { results[name] = e } catch { results[name] = .some(nil) }
            }
        }
        XCTAssertEqual(results.count, 6)
        for (name, e) in results {
            guard let e else { XCTFail("\(name): a \(2 * Parser.maxHeight)-link chain should be refused"); continue }
            XCTAssertEqual(e.kind, .limit, name)
            XCTAssertTrue(e.message.contains("expression too long"), "\(name): \(e.message)")
            XCTAssertEqual(e.hint, "split it into smaller steps with intermediate variables", name)
        }
    }

    func testChainsBelowTheLimitParse() throws {
        var height = 0
        onLargeStack {
            let code = "1" + String(repeating: " + 1", count: Parser.maxHeight - 1)
            if let p = try? parse(code), case .expression(let e) = p[0].kind { height = e.height }
        }
        XCTAssertEqual(height, Parser.maxHeight)
    }

    func testExprHeight() throws {
        func height(_ code: String) throws -> Int {
            guard case .expression(let e) = try parse(code)[0].kind else { return -1 }
            return e.height
        }
        XCTAssertEqual(try height("1"), 1)
        XCTAssertEqual(try height("1 + 2"), 2)
        XCTAssertEqual(try height("1 + 2 * 3"), 3)
        XCTAssertEqual(try height("f(1, [2, (3 + 4)])"), 4)
        XCTAssertEqual(try height("((((1))))"), 1, "parentheses add no node")
    }
}
