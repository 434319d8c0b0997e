import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// Window functions after `group_by` with `order_by:` against pandas (issue 12). Expected lists
/// come from Tests/fixtures/issue12/windows_pandas.py (pandas 3.1); the pandas call is beside each.
///
///     w:  g  t  x          (s = w.sort_values("t", kind="stable"); grp = s.groupby("g")["x"])
///         a  3  10
///         b  1  4
///         a  1  null
///         b  2  4
///         a  2  5
///         c  1  7
///         b  3  1
///         a  4  2
final class WindowFunctionTests: SessionTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try writeFile("w.csv", "g,t,x\na,3,10\nb,1,4\na,1,\nb,2,4\na,2,5\nc,1,7\nb,3,1\na,4,2\n")
        _ = try session.run(code: "w = read_csv(\"w.csv\", types: {x: \"float\"})")
    }

    /// `w |> group_by(g) |> mutate(r = EXPR)` → column r.
    func grouped(_ expr: String, file: StaticString = #filePath, line: UInt = #line) throws -> [Double?] {
        floats(try frame("w |> group_by(g) |> mutate(r = \(expr))", file: file, line: line), "r", file: file, line: line)
    }

    func testCumulative() throws {
        // grp.cumsum() / cumprod() / cummax() / cummin()
        assertClose(try grouped("cumsum(x, order_by: t)"), [15, 4, nil, 8, 5, 7, 9, 17])
        assertClose(try grouped("cumprod(x, order_by: t)"), [50, 4, nil, 16, 5, 7, 16, 100])
        assertClose(try grouped("cummax(x, order_by: t)"), [10, 4, nil, 4, 5, 7, 4, 10])
        assertClose(try grouped("cummin(x, order_by: t)"), [5, 4, nil, 4, 5, 7, 1, 2])
        // df["x"].cumsum() (no group, row order)
        assertClose(floats(try frame("w |> mutate(r = cumsum(x))"), "r"), [10, 14, nil, 18, 23, 30, 31, 33])
        // Int stays int: pd.Series([3, 1, 2]).cumsum() → [3, 4, 6]
        XCTAssertEqual(ints(try frame("w |> mutate(r = cumsum(t))"), "r"), [3, 4, 5, 7, 9, 10, 13, 17])
        assertFails("w |> mutate(r = cumprod(t * 10000000000))") { e in XCTAssertTrue(e.message.contains("overflows"), e.message) }
        assertFails("w |> mutate(r = cumsum(g))") { e in XCTAssertTrue(e.message.contains("needs numbers"), e.message) }
    }

    func testDiffOfDatetimesIsDaysLikeSubtraction() throws {
        // pandas: both are Timedelta('-2 days +00:00:01'), i.e. -1.999988… days.
        let f = try frame("frame(t = [datetime(\"2024-01-01 23:59:59\"), datetime(\"2023-12-31 00:00:00\")]) |> mutate(a = t - lag(t), b = diff(t))")
        XCTAssertEqual(try f.column("b").type, .float)
        XCTAssertEqual(cells(f, "a"), cells(f, "b"))
        guard case .float(let b) = try f.column("b").storage else { return XCTFail("b is not float") }
        XCTAssertEqual(b[1], -(2 * 86_400 - 1) / 86_400.0, accuracy: 1e-12)
    }

    func testShiftLagLeadDiffPctChange() throws {
        // grp.shift(1), grp.shift(-1), grp.shift(2, fill_value=0)
        assertClose(try grouped("lag(x, order_by: t)"), [5, nil, nil, 4, nil, nil, 4, 10])
        assertClose(try grouped("shift(x, order_by: t)"), [5, nil, nil, 4, nil, nil, 4, 10])
        assertClose(try grouped("lead(x, order_by: t)"), [2, 4, 5, 1, 10, nil, nil, nil])
        assertClose(try grouped("shift(x, -1, order_by: t)"), [2, 4, 5, 1, 10, nil, nil, nil])
        assertClose(try grouped("lag(x, 2, default: 0, order_by: t)"), [nil, 0, 0, 0, 0, 0, 4, 5])
        // grp.diff(), grp.pct_change(fill_method=None)
        assertClose(try grouped("diff(x, order_by: t)"), [5, nil, nil, 0, nil, nil, -3, -8])
        assertClose(try grouped("pct_change(x, order_by: t)"), [1, nil, nil, 0, nil, nil, -0.75, -0.8])
        // Text shifts too: lag of g within the frame order.
        XCTAssertEqual(strings(try frame("w |> mutate(r = lag(g))"), "r"), [nil, "a", "b", "a", "b", "a", "c", "b"])
        // x - lag(x) is diff; one expression mixing both still runs per partition.
        assertClose(try grouped("x - lag(x, order_by: t)"), [5, nil, nil, 0, nil, nil, -3, -8])
        // Descending order: lag along t descending is lead along t.
        assertClose(try grouped("lag(x, order_by: -t)"), [2, 4, 5, 1, 10, nil, nil, nil])
        assertClose(try grouped("lag(x, order_by: desc(t))"), [2, 4, 5, 1, 10, nil, nil, nil])
    }

    func testRowNumberAndRank() throws {
        // s.groupby("g").cumcount() + 1
        XCTAssertEqual(ints(try frame("w |> group_by(g) |> mutate(r = row_number(order_by: t))"), "r"), [3, 1, 1, 2, 2, 1, 3, 4])
        XCTAssertEqual(ints(try frame("w |> mutate(r = row_number())"), "r"), [1, 2, 3, 4, 5, 6, 7, 8])
        // df.groupby("g")["x"].rank(method=m)
        assertClose(try grouped("rank(x)"), [3, 2.5, nil, 2.5, 2, 1, 1, 1])
        assertClose(try grouped("rank(x, method: \"min\")"), [3, 2, nil, 2, 2, 1, 1, 1])
        assertClose(try grouped("rank(x, method: \"max\")"), [3, 3, nil, 3, 2, 1, 1, 1])
        assertClose(try grouped("rank(x, method: \"dense\")"), [3, 2, nil, 2, 2, 1, 1, 1])
        assertClose(try grouped("rank(x, method: \"first\")"), [3, 2, nil, 3, 2, 1, 1, 1])
        // rank(method="min", ascending=False)
        assertClose(try grouped("rank(x, method: \"min\", descending: true)"), [1, 1, nil, 1, 2, 1, 3, 3])
        // df["x"].rank()
        assertClose(floats(try frame("w |> mutate(r = rank(x))"), "r"), [7, 3.5, nil, 3.5, 5, 6, 1, 2])
        assertFails("w |> mutate(r = rank(x, method: \"best\"))") { e in XCTAssertEqual(e.hint, "method: average, min, max, dense or first") }
        assertFails("row_number()") { e in XCTAssertTrue(e.message.contains("inside mutate"), e.message) }
    }

    func testRolling() throws {
        // grp.rolling(2).mean(), grp.rolling(2, min_periods=1).mean()
        assertClose(try grouped("rolling(x, 2, order_by: t)"), [7.5, nil, nil, 4, nil, nil, 2.5, 6])
        assertClose(try grouped("rolling(x, window: 2, min_periods: 1, order_by: t)"), [7.5, 4, nil, 4, 5, 7, 2.5, 6])
        // grp.rolling(3, min_periods=1).sum() / .max() / .median() / .count()
        assertClose(try grouped("rolling(x, 3, agg: \"sum\", min_periods: 1, order_by: t)"), [15, 4, nil, 8, 5, 7, 9, 17])
        assertClose(try grouped("rolling(x, 3, agg: max, min_periods: 1, order_by: t)"), [10, 4, nil, 4, 5, 7, 4, 10])
        assertClose(try grouped("rolling(x, 3, agg: \"median\", min_periods: 1, order_by: t)"), [7.5, 4, nil, 4, 5, 7, 4, 5])
        assertClose(try grouped("rolling(x, 3, agg: \"count\", min_periods: 1, order_by: t)"), [2, 1, 0, 2, 1, 1, 3, 3])
        // grp.rolling(3, min_periods=2).std()
        assertClose(try grouped("rolling(x, 3, agg: \"std\", min_periods: 2, order_by: t)"),
                    [3.5355339059327378, nil, nil, 0, nil, nil, 1.7320508075688772, 4.041451884327381], accuracy: 1e-12)
        // df["x"].rolling(3, min_periods=1).mean()
        assertClose(floats(try frame("w |> mutate(r = rolling(x, 3, min_periods: 1))"), "r"),
                    [10, 7, 7, 4, 4.5, 5.333333333333333, 4.333333333333333, 3.3333333333333335], accuracy: 1e-12)
        assertFails("w |> mutate(r = rolling(x, 0))") { e in XCTAssertTrue(e.message.contains("window: 1 or more"), e.message) }
        assertFails("w |> mutate(r = rolling(x, 2, agg: \"mode\"))") { e in XCTAssertTrue(e.message.contains("cannot aggregate with mode"), e.message) }
        assertFails("w |> mutate(r = rolling(x, 2, min_periods: 3))") { e in XCTAssertTrue(e.message.contains("min_periods"), e.message) }
    }

    func testHeadTailPerGroup() throws {
        // df.groupby("g").head(2)["t"], df.groupby("g").tail(1)["t"]
        XCTAssertEqual(ints(try frame("w |> group_by(g) |> head(2)"), "t"), [3, 1, 1, 2, 1])
        XCTAssertEqual(ints(try frame("w |> group_by(g) |> tail(1)"), "t"), [1, 3, 4])
        // Top 2 per group: sort, then head per group (not the fused global top-N).
        XCTAssertEqual(ints(try frame("w |> group_by(g) |> sort(-t) |> head(2)"), "t"), [4, 3, 3, 2, 1])
        XCTAssertEqual(try frame("w |> group_by(g) |> head(0)").rowCount, 0)
    }

    /// The whole-frame path (window calls over all groups at once) and the per-group path (an
    /// aggregate in the expression) give the same answers.
    func testWholeFrameAndPerGroupPathsAgree() throws {
        // cumsum(x) + 0 * mean(x) forces per-group evaluation; mean of group a is finite.
        let fast = try grouped("cumsum(x, order_by: t)")
        let slow = try grouped("cumsum(x, order_by: t) + 0 * mean(x)")
        assertClose(fast, slow)
        let fastRoll = try grouped("rolling(x, 2, min_periods: 1, order_by: t)")
        let slowRoll = try grouped("rolling(x, 2, min_periods: 1, order_by: t) + 0 * mean(x)")
        assertClose(fastRoll, slowRoll)
        // Grouped filter with a window: the last row of each group by t.
        XCTAssertEqual(ints(try frame("w |> group_by(g) |> filter(row_number(order_by: -t) == 1)"), "t"), [1, 3, 4])
        // With an aggregate the filter runs per group: only c's last row is at least its mean.
        XCTAssertEqual(ints(try frame("w |> group_by(g) |> filter(row_number(order_by: -t) == 1 and x >= mean(x))"), "t"), [1])
    }

    func testNullsEmptyAndSingleRowGroups() throws {
        // Single-row group c: lag null, cumsum itself, rank 1, rolling(2) null (min_periods 2).
        let f = try frame("w |> filter(g == \"c\") |> group_by(g) |> mutate(l = lag(x), c = cumsum(x), k = rank(x), r = rolling(x, 2))")
        XCTAssertEqual(cells(f, "l"), [.null])
        XCTAssertEqual(cells(f, "c"), [.float(7)])
        XCTAssertEqual(cells(f, "k"), [.float(1)])
        XCTAssertEqual(cells(f, "r"), [.null])
        // Empty frame: every window function gives an empty column.
        let e = try frame("w |> filter(t > 99) |> group_by(g) |> mutate(l = lag(x), c = cumsum(x), k = rank(x), r = rolling(x, 2), n = row_number(), d = diff(x), p = pct_change(x))")
        XCTAssertEqual(e.rowCount, 0)
        XCTAssertEqual(e.names, ["g", "t", "x", "l", "c", "k", "r", "n", "d", "p"])
        // All-null column.
        XCTAssertEqual(cells(try frame("w |> mutate(n = cast(null, \"float\")) |> mutate(c = cumsum(n))"), "c"), Array(repeating: .null, count: 8))
        // Outside a verb: a column or a list is one partition.
        XCTAssertEqual(try columnCells("cumsum([1, 2, 3])"), [.int(1), .int(3), .int(6)])
        XCTAssertEqual(try columnCells("lag(w.t)"), [.null, .int(3), .int(1), .int(1), .int(2), .int(2), .int(1), .int(3)])
    }
}
