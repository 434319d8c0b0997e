import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// The session itself: data masking, `print`, `timeit`, outcomes, located errors, limits.
final class SessionTests: SessionTestCase {
    // MARK: data masking

    /// A closed session is freed: nothing of it stays alive through the cycles between functions
    /// and the environments they were defined in (the fuzzer makes one session per input).
    func testAClosedSessionIsFreed() throws {
        weak var gone: Session?
        weak var globals: Environment?
        do {
            let s = try Session()
            _ = try s.evaluate("fn twice(x) = x * 2\nf = fn(y) = twice(y) + 1\nf(3)")
            gone = s
            globals = s.interpreter.globals
            s.close()
        }
        XCTAssertNil(gone, "the session is released")
        XCTAssertNil(globals, "its global environment is released")
    }

    func testBareNamesAreColumnsInsideVerbs() throws {
        try eval("x = 100")
        XCTAssertEqual(ints(try frame("df |> filter(x > 2)"), "id"), [3, 4], "x is the column")
        XCTAssertEqual(try frame("df |> filter($x > 2)").rowCount, 5, "$x is the variable (100 > 2 for every row)")
        assertClose(floats(try frame("df |> mutate(z = x + $x)"), "z"), [101.5, nil, 103, 104.5, 98])
        XCTAssertEqual(cells(try frame("df |> group_by(grp) |> summarize(big = sum(y) > $x)"), "big"), [.bool(false), .bool(false), .bool(false)])
        XCTAssertEqual(try scalar("x"), .int(100), "outside verbs, x is the variable")
    }

    func testVariablesAreVisibleWhenNoColumnHasTheName() throws {
        try eval("limit = 25\ngroups = [\"a\", \"c\"]")
        XCTAssertEqual(ints(try frame("df |> filter(y > limit)"), "id"), [4, 5])
        XCTAssertEqual(ints(try frame("df |> filter(grp in groups)"), "id"), [1, 3, 5])
    }

    func testDollarNameThatIsNotAVariable() throws {
        assertFails("df |> filter($grp == \"a\")") { e in
            XCTAssertEqual(e.message, "no column or variable named 'grp'")
            XCTAssertEqual(e.span?.column, 14)
        }
    }

    func testFunctionNamesAreNeverMaskedByColumns() throws {
        // A column called `year` does not stop year() from being called inside a verb.
        let f = try frame("df |> mutate(year = 1) |> mutate(y2 = year(d))")
        XCTAssertEqual(cells(f, "y2"), [.int(2024), .int(2024), .int(2023), .null, .int(2024)])
        XCTAssertEqual(ints(f, "year"), [1, 1, 1, 1, 1])
    }

    func testUserFunctionsCalledFromVerbs() throws {
        try eval("fn band(v, cut = 20) = if_else(v > cut, \"high\", \"low\")")
        let f = try frame("df |> mutate(b = band(y), c = band(y, cut: 40))")
        XCTAssertEqual(cells(f, "b"), [.string("low"), .string("low"), .null, .string("high"), .string("high")])
        XCTAssertEqual(cells(f, "c"), [.string("low"), .string("low"), .null, .string("low"), .string("high")])
    }

    func testFunctionsOverFrames() throws {
        // The DESIGN.md shape: a function that takes a frame and runs a pipeline on it.
        try eval("""
        fn totals(frame, key) =
          frame
            |> group_by(grp)
            |> summarize(n = count(), total = sum(y), latest = days_between(max(d), key))
        """)
        let f = try frame("totals(df, date(\"2024-03-31\"))")
        XCTAssertEqual(strings(f, "grp"), ["a", "b", "c"])
        XCTAssertEqual(ints(f, "total"), [10, 60, 50])
        XCTAssertEqual(ints(f, "latest"), [76, 31, 30])
    }

    // MARK: print and display

    func testPrintWritesThroughTheInterpreter() throws {
        try eval("print(\"Loaded\", nrow(df), \"rows\", 1.5, null, true, [1, \"a\"], {k: 2}, date(\"2024-01-01\"))\nprint()")
        XCTAssertEqual(output, "Loaded 5 rows 1.5 null true [1, \"a\"] {k: 2} 2024-01-01\n\n")
    }

    func testPrintOfAFrameIsATable() throws {
        try eval("print(df |> select(id, name) |> head(2))")
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 6, output)
        XCTAssertTrue(lines[0].contains("id") && lines[0].contains("name"), output)
        XCTAssertTrue(lines[1].contains("int") && lines[1].contains("string"), output)
        XCTAssertTrue(lines[3].contains("Alice"), output)
        XCTAssertTrue(lines[4].contains("bob"), output)
        XCTAssertEqual(lines[5], "2 rows × 2 columns")
    }

    func testPrintReturnsNullAndOutputBeforeAnErrorIsKept() throws {
        XCTAssertTrue(try eval("print(1)").isNull)
        output = ""
        XCTAssertThrowsError(try session.run(code: "print(\"before\")\nx = nope\nprint(\"after\")"))
        XCTAssertEqual(output, "before\n")
    }

    func testOutcomesAreReportedAsTheyHappen() throws {
        // A syntax error anywhere stops the program before any statement runs.
        XCTAssertThrowsError(try session.run(Source(name: "<test>", text: "a = 1\nbad(\n"))) { e in
            XCTAssertTrue((e as? SiftError)?.incomplete ?? false)
        }
        XCTAssertNil(session.interpreter.globals.lookup("a"))
        var seen: [String] = []
        XCTAssertThrowsError(try session.run(Source(name: "<test>", text: "a = 1\nfn f(x) = x\na + 1\nb = nope\nc = 2")) { outcome in
            switch outcome {
            case .assigned(let names, _): seen.append("assigned " + names.joined(separator: ","))
            case .defined(let name): seen.append("defined " + name)
            case .value(let v): seen.append("value \(v.scalar.map { "\($0)" } ?? v.typeName)")
            }
        })
        XCTAssertEqual(seen, ["assigned a", "defined f", "value int(2)"], "outcomes before the error are reported")
        XCTAssertEqual(try scalar("a"), .int(1))
        XCTAssertNil(session.interpreter.globals.lookup("c"))
    }

    func testDisplayRendering() throws {
        let display = session.display
        XCTAssertEqual(display.repr(.string("a\"b")), "\"a\\\"b\"")
        XCTAssertEqual(display.inline(.list([.int(1), .string("x"), .null])), "[1, \"x\", null]")
        XCTAssertEqual(display.summaryLine("customers", try eval("df")), "customers: 5 rows × 7 columns")
        XCTAssertEqual(display.summaryLine("g", try eval("df |> group_by(grp)")), "g: 5 rows grouped by grp")
        XCTAssertEqual(display.summaryLine("x", .int(3)), "x = 3")
        XCTAssertTrue(display.render(try eval("df |> group_by(grp)")).hasPrefix("grouped by grp (3 groups)\n"))
        XCTAssertEqual(display.inline(try eval("y ~ a + b")), "y ~ a + b")
        XCTAssertEqual(display.inline(try eval("nrow")), "<builtin nrow(frame)>")
        XCTAssertEqual(display.inline(try eval("fn f(a, b = 1) = a\nf")), "<function f(a, b = …)>")
    }

    // MARK: timeit

    func testTimeitReturnsMinAndMedian() throws {
        guard case .record(let r) = try eval("timeit(df |> sort(-x), repeat: 3)") else { return XCTFail("not a record") }
        XCTAssertEqual(r.fields.map(\.0), ["min", "median"])
        guard case .float(let lo)? = r["min"], case .float(let mid)? = r["median"] else { return XCTFail("not floats") }
        XCTAssertGreaterThanOrEqual(lo, 0)
        XCTAssertGreaterThanOrEqual(mid, lo)
        XCTAssertLessThan(mid, 10)
    }

    func testTimeitEvaluatesTheExpressionRepeatedly() throws {
        try eval("fn noisy() = print(\"run\")")
        _ = try eval("timeit(noisy(), repeat: 4)")
        XCTAssertEqual(output, String(repeating: "run\n", count: 4))
        output = ""
        _ = try eval("timeit(noisy())")
        XCTAssertEqual(output, String(repeating: "run\n", count: 5), "5 runs by default")
        assertFails("timeit(1, repeat: 0)") { e in XCTAssertEqual(e.message, "repeat must be at least 1") }
        assertFails("timeit(nope)") { e in XCTAssertEqual(e.span?.column, 8) }
    }

    // MARK: errors

    func testErrorsPointAtTheFailingArgument() throws {
        assertFails("df |> filter(y > 1, nope > 2)") { e in
            XCTAssertEqual(e.span?.column, 21)
            XCTAssertEqual(e.span.map { $0.end - $0.start }, 4)
        }
        assertFails("df |> select(id, nme)") { e in XCTAssertEqual(e.span?.column, 18) }
        assertFails("df |> mutate(a = 1, b = upper(nope))") { e in XCTAssertEqual(e.span?.column, 31) }
        assertFails("df |> sort(id, -nope)") { e in XCTAssertEqual(e.span?.column, 17) }
        assertFails("df |> group_by(grp) |> summarize(m = mean(nope))") { e in XCTAssertEqual(e.span?.column, 43) }
        assertFails("df |> head(n: \"x\")") { e in XCTAssertEqual(e.message, "head() needs n to be a whole number, got a string") }
        assertFails("df |> head(2, m: 3)") { e in
            XCTAssertEqual(e.message, "head() has no argument named 'm'")
            XCTAssertEqual(e.span?.column, 15)
            XCTAssertEqual(e.hint, "did you mean 'n'? usage: head(frame, n: int = 5)")
        }
    }

    func testAggregateErrorPointsAtTheAggregate() throws {
        assertFails("df |> summarize(s = sum(name))") { e in
            XCTAssertEqual(e.message, "sum() needs numbers, got the string column 'name'")
            XCTAssertEqual(e.hint, "use count(), n_distinct() or first() on text")
            XCTAssertEqual(e.span?.column, 21, "sum(name), not the whole summarize call")
        }
    }

    func testErrorRenderingFromASession() throws {
        do {
            _ = try session.run(code: "a = 1\ndf |> filter(revnue > 100)", name: "analysis.sift")
            XCTFail("should fail")
        } catch let e as SiftError {
            XCTAssertEqual(e.render(color: false), """
            analysis.sift:2:14: error: no column or variable named 'revnue'
             2 | df |> filter(revnue > 100)
               |              ^^^^^^
              hint: columns here: id, name, grp, x, y, d, flag
            """)
        }
    }

    func testAFailedStatementLeavesVariablesIntact() throws {
        try eval("keep = df |> head(2)")
        XCTAssertThrowsError(try eval("keep = keep |> filter(nope > 1)"))
        XCTAssertEqual(try frame("keep").rowCount, 2)
    }

    // MARK: limits and the big stack

    func testCallDepthLimitFollowsTheSessionLimits() throws {
        var limits = session.limits
        limits.maxCallDepth = 30
        session.limits = limits
        XCTAssertEqual(session.interpreter.maxCallDepth, 30)
        try eval("fn down(n) = if n == 0 then 0 else down(n - 1)")
        XCTAssertEqual(try scalar("down(20)"), .int(0))
        assertFails("down(50)", kind: .limit)
    }

    func testDefaultCallDepthWorksOnTheLargeStack() throws {
        // The CLI runs sessions on LargeStack; the default limit (2,000 nested calls) must be
        // reachable there as a clean error, not a native stack overflow.
        var result: Result<Value, Error>? = nil
        let session = self.session!
        LargeStack.run {
            result = Result { try session.evaluate("fn down(n) = if n == 0 then 0 else down(n - 1)\ndown(1500)") }
        }
        XCTAssertEqual(try result?.get().scalar, .int(0))
        LargeStack.run {
            result = Result { try session.evaluate("fn forever(n) = forever(n + 1)\nforever(0)") }
        }
        XCTAssertThrowsError(try result?.get()) { e in XCTAssertEqual((e as? SiftError)?.kind, .limit) }
    }

    func testStandardLibraryLoads() throws {
        // Every `fn name(` in stdlib/*.sift must be defined in a default session.
        let dir = repositoryRoot + "/stdlib"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".sift") }
        guard !files.isEmpty else { throw XCTSkip("no stdlib files") }
        let full = try Session()
        var names: [String] = []
        for file in files {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("fn ") {
                let rest = line.dropFirst(3)
                if let paren = rest.firstIndex(of: "(") { names.append(String(rest[..<paren])) }
            }
        }
        XCTAssertFalse(names.isEmpty)
        for name in names {
            guard case .function? = full.interpreter.globals.lookup(name) else { XCTFail("stdlib function \(name) is not defined"); continue }
        }
    }

    func testEveryBuiltinHasHelp() throws {
        let builtins = session.interpreter.builtinList
        XCTAssertGreaterThan(builtins.count, 60)
        for b in builtins {
            XCTAssertFalse(b.summary.isEmpty, b.name)
            XCTAssertTrue(b.signature.hasPrefix(b.name + "("), "\(b.name): \(b.signature)")
        }
        let names = Set(session.interpreter.builtins.keys)
        for expected in ["read_csv", "write_csv", "head", "tail", "select", "drop", "rename", "filter", "mutate", "sort", "arrange",
                         "group_by", "ungroup", "summarize", "summarise", "join", "distinct", "count", "value_counts", "describe",
                         "schema", "pivot", "concat", "sample", "fill_null", "drop_null", "cast", "cut", "corr", "print", "timeit"] {
            XCTAssertTrue(names.contains(expected), expected)
        }
    }
}
