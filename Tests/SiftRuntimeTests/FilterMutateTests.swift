import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// `filter` and `mutate`, plain and per group.
final class FilterMutateTests: SessionTestCase {
    // MARK: filter

    func testFilterKeepsRowsWhereTheConditionIsTrue() throws {
        XCTAssertEqual(ints(try frame("df |> filter(y > 15)"), "id"), [2, 4, 5])
        XCTAssertEqual(ints(try frame("df |> filter(grp == \"a\")"), "id"), [1, 3])
        XCTAssertEqual(ints(try frame("df |> filter(grp in [\"a\", \"c\"])"), "id"), [1, 3, 5])
        XCTAssertEqual(ints(try frame("df |> filter(d >= date(\"2024-02-01\"))"), "id"), [2, 5])
    }

    func testFilterDropsRowsWhereTheConditionIsNull() throws {
        // x is null in row 2, y in row 3, flag in row 4.
        XCTAssertEqual(ints(try frame("df |> filter(x > -100)"), "id"), [1, 3, 4, 5])
        XCTAssertEqual(ints(try frame("df |> filter(y < 100)"), "id"), [1, 2, 4, 5])
        XCTAssertEqual(ints(try frame("df |> filter(flag)"), "id"), [1, 3])
        XCTAssertEqual(ints(try frame("df |> filter(not flag)"), "id"), [2, 5])
        XCTAssertEqual(ints(try frame("df |> filter(flag or y > 45)"), "id"), [1, 3, 5], "null or false is null: row 4 goes")
        XCTAssertEqual(ints(try frame("df |> filter(is_null(x) or x > 4)"), "id"), [2, 4])
    }

    func testSeveralConditionsMustAllHold() throws {
        XCTAssertEqual(ints(try frame("df |> filter(x > 1, y > 5)"), "id"), [1, 4])
        XCTAssertEqual(ints(try frame("df |> filter(x > 1 and y > 5)"), "id"), [1, 4])
        XCTAssertEqual(ints(try frame("df |> filter(grp not in [\"a\"], y > 30, not is_null(flag))"), "id"), [5])
    }

    func testConstantConditions() throws {
        XCTAssertEqual(try frame("df |> filter(true)").rowCount, 5)
        XCTAssertEqual(try frame("df |> filter(false)").rowCount, 0)
        XCTAssertEqual(try frame("df |> filter(null)").rowCount, 0)
        XCTAssertEqual(try frame("df |> filter(false) |> filter(x > 0)").rowCount, 0, "filtering an empty frame is fine")
        XCTAssertEqual(try frame("df |> filter(false)").names, try frame("df").names)
    }

    func testFilterPerGroup() throws {
        // Group means of x: a = 2.25, b = 4.5 (null skipped), c = -2.
        XCTAssertEqual(ints(try frame("df |> group_by(grp) |> filter(x > mean(x))"), "id"), [3])
        XCTAssertEqual(ints(try frame("df |> group_by(grp) |> filter(x >= mean(x))"), "id"), [3, 4, 5])
        XCTAssertEqual(ints(try frame("df |> group_by(grp) |> filter(y == max(y))"), "id"), [1, 4, 5], "row order is kept")
        XCTAssertEqual(ints(try frame("df |> group_by(grp) |> filter(count() > 1)"), "id"), [1, 2, 3, 4])
        guard case .grouped(let g) = try eval("df |> group_by(grp) |> filter(x > 0)") else { return XCTFail("grouping lost") }
        XCTAssertEqual(g.keys, ["grp"])
    }

    func testFilterErrors() throws {
        assertFails("df |> filter(xx > 2)", kind: .runtime) { e in
            XCTAssertEqual(e.message, "no column or variable named 'xx'")
            XCTAssertEqual(e.hint, "did you mean 'x'?")
            XCTAssertEqual(e.span?.line, 1)
            XCTAssertEqual(e.span?.column, 14, "the span starts where the unknown name is")
            XCTAssertEqual(e.span.map { $0.end - $0.start }, 2)
        }
        assertFails("df |> filter(x)") { e in
            XCTAssertEqual(e.message, "a filter condition must be true or false for each row; this gives float values")
            XCTAssertEqual(e.hint, "compare it, e.g. x > 0")
            XCTAssertEqual(e.span?.column, 14)
        }
        assertFails("df |> filter(1)") { e in XCTAssertEqual(e.message, "a filter condition must be true or false, got an int") }
        assertFails("df |> filter()") { e in XCTAssertEqual(e.message, "filter() needs a condition, e.g. filter(spend > 100)") }
        assertFails("df |> filter(x = 1)") { e in
            XCTAssertEqual(e.message, "filter conditions compare with ==: did you mean x == 1?")
            XCTAssertEqual(e.span?.column, 14)
        }
        assertFails("df |> filter(y > 0, name = \"bob\")") { e in
            XCTAssertEqual(e.message, "filter conditions compare with ==: did you mean name == \"bob\"?")
        }
        assertFails("df |> filter(name > 3)") { e in XCTAssertEqual(e.message, "cannot compare string with int") }
    }

    func testErrorsInsideAPipelineOnALaterLine() throws {
        assertFails("""
        out = df
          |> filter(y > 0)
          |> mutate(z = x * nope)
        """) { e in
            XCTAssertEqual(e.span?.line, 3)
            XCTAssertEqual(e.span?.column, 21)
            XCTAssertEqual(e.message, "no column or variable named 'nope'")
        }
        XCTAssertNil(session.interpreter.globals.lookup("out"), "a failed statement assigns nothing")
    }

    // MARK: mutate

    func testMutateIsSequential() throws {
        let f = try frame("df |> mutate(a = x * 2, b = a + 1, c = b / a)")
        XCTAssertEqual(f.names, ["id", "name", "grp", "x", "y", "d", "flag", "a", "b", "c"])
        assertClose(floats(f, "a"), [3, nil, 6, 9, -4])
        assertClose(floats(f, "b"), [4, nil, 7, 10, -3])
        assertClose(floats(f, "c"), [4.0 / 3, nil, 7.0 / 6, 10.0 / 9, 0.75])
    }

    func testMutateReplacesInPlaceAndBroadcastsScalars() throws {
        let f = try frame("df |> mutate(x = x * 10, k = 7, label = \"const\", today = date(\"2024-01-01\"))")
        XCTAssertEqual(f.names, ["id", "name", "grp", "x", "y", "d", "flag", "k", "label", "today"], "replacing keeps the position")
        assertClose(floats(f, "x"), [15, nil, 30, 45, -20])
        XCTAssertEqual(ints(f, "k"), [7, 7, 7, 7, 7])
        XCTAssertEqual(strings(f, "label"), Array(repeating: "const", count: 5))
        XCTAssertEqual(cells(f, "today"), Array(repeating: date("2024-01-01"), count: 5))
        XCTAssertEqual(floats(try frame("df"), "x")[0], 1.5, "mutate never changes its input")
    }

    func testMutateFromAListOfTheRightLength() throws {
        XCTAssertEqual(ints(try frame("df |> mutate(z = [5, 4, 3, 2, 1])"), "z"), [5, 4, 3, 2, 1])
    }

    func testMutateWithAggregatesAndVariables() throws {
        try eval("bonus = 100")
        let f = try frame("df |> mutate(centered = y - mean(y), total = y + bonus, share = y / sum(y))")
        assertClose(floats(f, "centered"), [-20, -10, nil, 10, 20])
        assertClose(floats(f, "total"), [110, 120, nil, 140, 150])
        assertClose(floats(f, "share"), [10.0 / 120, 20.0 / 120, nil, 40.0 / 120, 50.0 / 120])
    }

    func testMutatePerGroup() throws {
        // Share of the group's y: a = [10, null], b = [20, 40], c = [50].
        let f = try frame("df |> group_by(grp) |> mutate(share = y / sum(y), n = count(), first_id = id - min(id))")
        assertClose(floats(f, "share"), [1, 1.0 / 3, nil, 2.0 / 3, 1])
        XCTAssertEqual(ints(f, "n"), [2, 2, 2, 2, 1])
        XCTAssertEqual(ints(f, "first_id"), [0, 0, 2, 2, 0])
        XCTAssertEqual(ints(f, "id"), [1, 2, 3, 4, 5], "rows stay in their original order")
        guard case .grouped(let g) = try eval("df |> group_by(grp) |> mutate(k = 1)") else { return XCTFail("grouping lost") }
        XCTAssertEqual(g.keys, ["grp"])
    }

    func testMutatePerGroupThenSummarize() throws {
        let f = try frame("df |> group_by(grp) |> mutate(dev = y - mean(y)) |> summarize(s = sum(dev))")
        assertClose(floats(f, "s"), [0, 0, 0])
    }

    func testMutateErrors() throws {
        assertFails("df |> mutate(a = x + nope)") { e in
            XCTAssertEqual(e.message, "no column or variable named 'nope'")
            XCTAssertEqual(e.span?.column, 22)
            XCTAssertEqual(e.hint, "columns here: id, name, grp, x, y, d, flag")
        }
        assertFails("df |> mutate(z = [1, 2])") { e in
            XCTAssertEqual(e.message, "a column cannot hold a list")
            XCTAssertEqual(e.span?.column, 14)
        }
        assertFails("df |> mutate(z = df.x |> head(2))") { e in XCTAssertTrue(e.message.hasPrefix("head() needs a frame"), e.message) }
        assertFails("df |> mutate()") { e in XCTAssertEqual(e.message, "mutate() needs name = expression pairs") }
        assertFails("df |> mutate(x + 1)") { e in XCTAssertEqual(e.message, "mutate() needs name = expression pairs") }
        assertFails("df |> mutate(z = name * 2)") { e in
            XCTAssertEqual(e.message, "cannot apply * to string and int")
            XCTAssertEqual(e.span?.column, 18)
        }
    }

    func testGroupByComputedKey() throws {
        let f = try frame("df |> group_by(big = y > 25) |> summarize(n = count())")
        XCTAssertEqual(f.names, ["big", "n"])
        XCTAssertEqual(cells(f, "big"), [.bool(false), .bool(true), .null])
        XCTAssertEqual(ints(f, "n"), [2, 2, 1])
    }

    func testGroupByErrors() throws {
        assertFails("df |> group_by(grpp)") { e in
            XCTAssertEqual(e.message, "no column named 'grpp'")
            XCTAssertEqual(e.hint, "did you mean 'grp'?")
            XCTAssertEqual(e.span?.column, 16)
        }
        assertFails("df |> group_by()") { e in XCTAssertEqual(e.message, "group_by() needs at least one key column") }
    }

    func testUngroup() throws {
        guard case .frame(let f) = try eval("df |> group_by(grp) |> ungroup()") else { return XCTFail("still grouped") }
        XCTAssertEqual(f.rowCount, 5)
    }

    func testDroppingEveryGroupKeyUngroups() throws {
        // select() without the group keys gives a plain frame, never a grouped frame with no keys.
        if case .grouped(let g) = try eval("df |> group_by(grp) |> select(id)") {
            XCTAssertFalse(g.keys.isEmpty, "a grouped frame without keys")
        }
        guard case .frame = try eval("df |> group_by(grp) |> select(id)") else { return XCTFail("still grouped") }
        guard case .grouped(let kept) = try eval("df |> group_by(grp, flag) |> select(id, flag)") else { return XCTFail("grouping lost") }
        XCTAssertEqual(kept.keys, ["flag"], "only the remaining keys")
        guard case .grouped(let renamed) = try eval("df |> group_by(grp) |> select(id, g = grp)") else { return XCTFail("grouping lost") }
        XCTAssertEqual(renamed.keys, ["g"], "a renamed key groups under its new name")
    }
}
