import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// `group_by` + `summarize` and the aggregate functions.
/// Groups of the fixture: a = ids 1, 3; b = ids 2, 4; c = id 5.
final class GroupSummarizeTests: SessionTestCase {
    func testEveryAggregatePerGroup() throws {
        let f = try frame("""
        df |> group_by(grp) |> summarize(n = count(), s = sum(x), m = mean(x), med = median(y), lo = min(name), hi = max(d),
                                         sd = std(y), v = var(y), q = quantile(y, 0.25), nd = n_distinct(flag),
                                         f = first(x), l = last(x), cy = count(y), nul = null_count(x))
        """)
        XCTAssertEqual(f.names, ["grp", "n", "s", "m", "med", "lo", "hi", "sd", "v", "q", "nd", "f", "l", "cy", "nul"])
        XCTAssertEqual(strings(f, "grp"), ["a", "b", "c"], "groups sorted by key")
        XCTAssertEqual(ints(f, "n"), [2, 2, 1])
        assertClose(floats(f, "s"), [4.5, 4.5, -2], "nulls skipped")
        assertClose(floats(f, "m"), [2.25, 4.5, -2])
        assertClose(floats(f, "med"), [10, 30, 50])
        XCTAssertEqual(strings(f, "lo"), ["Alice", "bob", "Eve"])
        XCTAssertEqual(cells(f, "hi"), [date("2024-01-15"), date("2024-02-29"), date("2024-03-01")])
        assertClose(floats(f, "sd"), [nil, Double(200).squareRoot(), nil], "sample std needs two values")
        assertClose(floats(f, "v"), [nil, 200, nil])
        assertClose(floats(f, "q"), [10, 25, 50], "linear interpolation")
        XCTAssertEqual(ints(f, "nd"), [1, 1, 1], "null is not a distinct value")
        assertClose(floats(f, "f"), [1.5, 4.5, -2], "first non-null")
        assertClose(floats(f, "l"), [3.0, 4.5, -2])
        XCTAssertEqual(ints(f, "cy"), [1, 2, 1], "count(x) counts non-null values")
        XCTAssertEqual(ints(f, "nul"), [0, 1, 0])
    }

    func testResultTypes() throws {
        let f = try frame("df |> group_by(grp) |> summarize(n = count(), si = sum(y), sf = sum(x), m = mean(y), med = median(y), mn = min(y), f = first(flag))")
        XCTAssertEqual(f.columns.map(\.type), [.string, .int, .int, .float, .float, .float, .int, .bool])
    }

    func testAutomaticNames() throws {
        let f = try frame("df |> group_by(grp) |> summarize(count(), sum(y), mean(x), n_distinct(name))")
        XCTAssertEqual(Set(f.names), ["grp", "count", "sum_y", "mean_x", "n_distinct_name"])
        let g = try frame("df |> group_by(grp) |> summarize(n(), avg(x), nunique(name), stdev(y), variance(y))")
        XCTAssertEqual(g.names, ["grp", "n", "avg_x", "nunique_name", "stdev_y", "variance_y"])
        assertClose(floats(g, "avg_x"), [2.25, 4.5, -2], "avg is mean")
        XCTAssertEqual(ints(g, "nunique_name"), [2, 2, 1])
        assertClose(floats(g, "variance_y"), [nil, 200, nil])
        XCTAssertEqual(try frame("df |> summarize(sum(y) * 2)").names, ["value"])
    }

    func testColumnOrderFollowsTheArguments() throws {
        // Named and unnamed aggregates keep the order written.
        XCTAssertEqual(try frame("df |> group_by(grp) |> summarize(count(), total = sum(y))").names, ["grp", "count", "total"])
    }

    func testExpressionsThatAreNotSimpleAggregates() throws {
        let f = try frame("""
        df |> group_by(grp) |> summarize(ratio = sum(x) / sum(y), spread = max(y) - min(y), shout = first(name) + "!",
                                         doubled = mean(x * 2), late = max(d) > date("2024-02-01"))
        """)
        assertClose(floats(f, "ratio"), [0.45, 0.075, -0.04])
        assertClose(floats(f, "spread"), [0, 20, 0])
        XCTAssertEqual(strings(f, "shout"), ["Alice!", "bob!", "Eve!"])
        assertClose(floats(f, "doubled"), [4.5, 9, -4])
        XCTAssertEqual(cells(f, "late"), [.bool(false), .bool(true), .bool(true)])
    }

    func testSummarizeSeesVariablesAndUserFunctions() throws {
        try eval("target = 25\nfn span(v) = max(v) - min(v)")
        let f = try frame("df |> group_by(grp) |> summarize(hit = max(y) >= target, s = span(y), sum = sum(y))")
        XCTAssertEqual(cells(f, "hit"), [.bool(false), .bool(true), .bool(true)])
        XCTAssertEqual(ints(f, "s"), [0, 20, 0])
        XCTAssertEqual(ints(f, "sum"), [10, 60, 50])
    }

    func testUserFunctionShadowingAnAggregateIsCalled() throws {
        try eval("fn sum(v) = 42")
        XCTAssertEqual(ints(try frame("df |> group_by(grp) |> summarize(s = sum(y))"), "s"), [42, 42, 42])
    }

    func testSummarizeWithoutGroupsGivesOneRow() throws {
        let f = try frame("df |> summarize(n = count(), total = sum(y), avg = mean(x), first_day = min(d))")
        XCTAssertEqual(f.rowCount, 1)
        XCTAssertEqual(f.names, ["n", "total", "avg", "first_day"])
        XCTAssertEqual(cells(f, "n"), [.int(5)])
        XCTAssertEqual(cells(f, "total"), [.int(120)])
        XCTAssertEqual(cells(f, "avg"), [.float(1.75)])
        XCTAssertEqual(cells(f, "first_day"), [date("2023-12-31")])
    }

    func testSummarizeOfAnEmptyFrame() throws {
        let f = try frame("df |> filter(false) |> summarize(n = count(), m = mean(y), r = sum(y) / count())")
        XCTAssertEqual(f.rowCount, 1, "one row even without input rows")
        XCTAssertEqual(cells(f, "n"), [.int(0)])
        XCTAssertEqual(cells(f, "m"), [.null])
        XCTAssertEqual(cells(f, "r"), [.null])
        let g = try frame("df |> filter(false) |> group_by(grp) |> summarize(n = count())")
        XCTAssertEqual(g.rowCount, 0, "no groups, no rows")
        XCTAssertEqual(g.names, ["grp", "n"])
    }

    func testAggregatesOverOnlyNulls() throws {
        let f = try frame("df |> filter(id == 3) |> summarize(m = mean(y), mx = max(y), f = first(y), c = count(y), nd = n_distinct(y), nc = null_count(y))")
        XCTAssertEqual(cells(f, "m"), [.null])
        XCTAssertEqual(cells(f, "mx"), [.null])
        XCTAssertEqual(cells(f, "f"), [.null])
        XCTAssertEqual(cells(f, "c"), [.int(0)])
        XCTAssertEqual(cells(f, "nd"), [.int(0)])
        XCTAssertEqual(cells(f, "nc"), [.int(1)])
    }

    func testSumOverOnlyNulls() throws {
        // "An aggregate over no values is null, count is 0" (docs/language.md).
        XCTAssertEqual(cells(try frame("df |> filter(id == 3) |> summarize(s = sum(y), n = count(y))"), "s"), [.null])
        XCTAssertEqual(try scalar("sum([])"), .null)
        XCTAssertEqual(try scalar("sum([null, null])"), .null)
    }

    func testSumOverAnEmptyFrame() throws {
        let f = try frame("df |> filter(false) |> summarize(s = sum(y), n = count(), c = count(y))")
        XCTAssertEqual(cells(f, "n"), [.int(0)])
        XCTAssertEqual(cells(f, "c"), [.int(0)])
        // With no rows at all sum(y) is null, as over only-null rows.
        XCTAssertEqual(cells(f, "s"), [.null])
    }

    func testSeveralKeysAndNullKeys() throws {
        let f = try frame("df |> group_by(grp, flag) |> summarize(n = count(), ids = sum(id))")
        XCTAssertEqual(strings(f, "grp"), ["a", "b", "b", "c"])
        XCTAssertEqual(cells(f, "flag"), [.bool(true), .bool(false), .null, .bool(false)], "a null key is its own group, sorted last")
        XCTAssertEqual(ints(f, "n"), [2, 1, 1, 1])
        XCTAssertEqual(ints(f, "ids"), [4, 2, 4, 5])
        let g = try frame("df |> group_by(d) |> summarize(n = count())")
        XCTAssertEqual(cells(g, "d").last, .null)
    }

    func testSummariseAlias() throws {
        XCTAssertEqual(ints(try frame("df |> group_by(grp) |> summarise(n = count())"), "n"), [2, 2, 1])
    }

    func testAggregatesOutsideSummarize() throws {
        XCTAssertEqual(try scalar("mean(df.x)"), .float(1.75))
        XCTAssertEqual(try scalar("sum(df.y)"), .int(120))
        XCTAssertEqual(try scalar("sum([1, 2, 3])"), .int(6))
        XCTAssertEqual(try scalar("median([3, 1, 2])"), .float(2))
        XCTAssertEqual(try scalar("count(df.x)"), .int(4))
        XCTAssertEqual(try scalar("max(df.name)"), .string("dave"))
        XCTAssertEqual(try scalar("min(df.d)"), date("2023-12-31"))
        XCTAssertEqual(try scalar("quantile(df.y, 0.5)"), .float(30))
        XCTAssertEqual(try scalar("quantile([1, 2, 3, 4], q: 0.25)"), .float(1.75))
        XCTAssertEqual(try scalar("n_distinct(df.grp)"), .int(3))
        XCTAssertEqual(try scalar("null_count(df.x)"), .int(1))
        XCTAssertEqual(try scalar("sum(null)"), .null)
        XCTAssertEqual(try scalar("count(null)"), .int(0))
        XCTAssertEqual(try scalar("max(7)"), .int(7))
        XCTAssertEqual(try scalar("std([2, 4, 4, 4, 5, 5, 7, 9])"), .float(Double(32.0 / 7).squareRoot()))
    }

    func testCountForms() throws {
        // count(df, key) and df |> count(key): rows per key, sorted by key.
        for code in ["count(df, grp)", "df |> count(grp)", "df |> group_by(grp) |> count()", "df |> count_rows(grp)"] {
            let f = try frame(code)
            XCTAssertEqual(f.names, ["grp", "n"], code)
            XCTAssertEqual(strings(f, "grp"), ["a", "b", "c"], code)
            XCTAssertEqual(ints(f, "n"), [2, 2, 1], code)
        }
        let two = try frame("df |> count(grp, flag)")
        XCTAssertEqual(ints(two, "n"), [2, 1, 1, 1])
        XCTAssertEqual(cells(two, "flag"), [.bool(true), .bool(false), .null, .bool(false)])
        XCTAssertEqual(ints(try frame("count(df)"), "n"), [5], "no keys: one row with the total")
    }

    func testSummarizeErrors() throws {
        assertFails("df |> group_by(grp) |> summarize(y = y)") { e in
            XCTAssertEqual(e.message, "summarize needs one value per group, but this gives 2")
            XCTAssertEqual(e.hint, "wrap it in an aggregate such as sum(), mean() or first()")
            XCTAssertEqual(e.span?.column, 38)
        }
        assertFails("df |> summarize(s = sum(nope))") { e in
            XCTAssertEqual(e.message, "no column or variable named 'nope'")
            XCTAssertEqual(e.span?.column, 25)
        }
        assertFails("df |> summarize()") { e in XCTAssertTrue(e.message.hasPrefix("summarize() needs name = aggregate pairs"), e.message) }
        assertFails("df |> summarize(s = sum(name))") { e in XCTAssertNotNil(e.span) }
        assertFails("count()") { e in
            XCTAssertEqual(e.message, "count() without arguments counts rows inside summarize()")
            XCTAssertEqual(e.hint, "use nrow(df) elsewhere")
        }
        assertFails("quantile(df.y)") { e in XCTAssertEqual(e.message, "quantile() is missing the argument 'q'") }
    }
}
