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

    // MARK: - Precision after a large value leaves the window (Tests/fixtures/issue12/rolling_precision_pandas.py)

    /// `frame(x: values) |> mutate(r = EXPR)` → column r.
    func rolled(_ values: String, _ expr: String, file: StaticString = #filePath, line: UInt = #line) throws -> [Double?] {
        floats(try frame("frame(x: [\(values)]) |> mutate(r = \(expr))", file: file, line: line), "r", file: file, line: line)
    }

    /// Element-wise relative comparison (1e-9 of the expected value, or 1e-9 absolute below 1).
    func assertRelative(_ actual: [Double?], _ expected: [Double?], _ message: String = "",
                        file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, "lengths differ: \(actual) vs \(expected) \(message)", file: file, line: line)
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            switch (a, e) {
            case (nil, nil): continue
            case (let a?, let e?):
                XCTAssertEqual(a, e, accuracy: 1e-9 * Swift.max(abs(e), 1), "row \(i): \(actual) vs \(expected) \(message)", file: file, line: line)
            default: XCTFail("row \(i): \(actual) vs \(expected) \(message)", file: file, line: line)
            }
        }
    }

    func testRollingKeepsPrecisionAfterALargeValueLeaves() throws {
        // pd.Series([5000000.0, 10.1, 10.2, 10.3, 10.4]).rolling(3).std()   (was 0.0884 after the 5e6 left)
        assertRelative(try rolled("5000000.0, 10.1, 10.2, 10.3, 10.4", "rolling(x, 3, agg: \"std\")"), [nil, nil, 2886745.485842897, 0.1000000000000012, 0.1000000000000012])
        // pd.Series([1e9, 1.0, 2.0, 3.0, 4.0, 5.0]).rolling(3).std()   (was 8.0)
        assertRelative(try rolled("1e9, 1.0, 2.0, 3.0, 4.0, 5.0", "rolling(x, 3, agg: \"std\")"), [nil, nil, 577350268.3236004, 1.0, 1.0, 1.0])
        // pd.Series([1e9, 1.0, 2.0, 3.0, 4.0, 5.0]).rolling(2).var()   (was 128)
        assertRelative(try rolled("1e9, 1.0, 2.0, 3.0, 4.0, 5.0", "rolling(x, 2, agg: \"var\")"), [nil, 4.99999999e+17, 0.5, 0.5, 0.5, 0.5])
        // pd.Series([1e17, 1.0, 1.0, 1.0]).rolling(2).sum() / .mean()   (were 0.0 and 0.0)
        assertRelative(try rolled("1e17, 1.0, 1.0, 1.0", "rolling(x, 2, agg: \"sum\")"), [nil, 1e+17, 2.0, 2.0])
        assertRelative(try rolled("1e17, 1.0, 1.0, 1.0", "rolling(x, 2, agg: \"mean\")"), [nil, 5e+16, 1.0, 1.0])
        // pd.Series([1e17, 1.0, 2.0, 3.0]).rolling(2).sum()   (distinct values: no same-value shortcut can help)
        assertRelative(try rolled("1e17, 1.0, 2.0, 3.0", "rolling(x, 2, agg: \"sum\")"), [nil, 1e+17, 3.0, 5.0])
    }

    /// Data bit-identical to `precision_data` in Tests/fixtures/issue12/rolling_precision_pandas.py
    /// (a 64-bit LCG): x around 1000 with a null every 23 rows and, when spiky, a 1e8..2e8 spike
    /// every 19 rows; y near 1.7e9 with a spread of 10.
    static func precisionData(_ n: Int, spiky: Bool) -> (x: [Double?], y: [Double]) {
        var s: UInt64 = 42
        func next() -> Double {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Double(s >> 11) * 0x1p-53
        }
        var xs: [Double?] = [], ys: [Double] = []
        for i in 0..<n {
            let u = next(), u2 = next()
            var x: Double? = (u - 0.5) * 200 + 1000
            if spiky && i % 19 == 5 { x = 1e8 * (1 + u) }
            if i % 23 == 7 { x = nil }
            xs.append(x)
            ys.append(1.7e9 + u2 * 10)
        }
        return (xs, ys)
    }

    /// Loads `precisionData` as frame p (g = row % 3) and returns a runner of `p |> CODE` → column r.
    func loadPrecisionData(spiky: Bool) throws -> (String) throws -> [Double?] {
        let (xs, ys) = Self.precisionData(60, spiky: spiky)
        var csv = "g,x,y\n"
        for i in 0..<xs.count { csv += "\(i % 3),\(xs[i].map { "\($0)" } ?? ""),\(ys[i])\n" }
        try writeFile("p.csv", csv)
        _ = try session.run(code: "p = read_csv(\"p.csv\", types: {x: \"float\", y: \"float\"})")
        // The CSV round trip must hand rolling() the very doubles pandas saw.
        XCTAssertEqual(floats(try frame("p"), "x"), xs)
        XCTAssertEqual(floats(try frame("p"), "y"), ys.map(Optional.some))
        return { code in floats(try self.frame("p |> \(code)"), "r") }
    }

    /// Expected lists from rolling_precision_pandas.py: pandas' own where it agrees with the exact
    /// answer to 1e-12, else the exact answer (pandas 3.1.1's running variance is itself off there).
    func testRollingMatchesPandasOnOrdinaryData() throws {
        let col = try loadPrecisionData(spiky: false)
        // df.x.rolling(7).sum()
        assertRelative(try col("mutate(r = rolling(x, 7, agg: \"sum\"))"),
                       [nil, nil, nil, nil, nil, nil, 6986.832097369991, nil, nil, nil, nil, nil, nil, nil,
                        6960.642503228648, 6989.647395933455, 6987.889932355035, 6924.596067096287, 6878.160640016409,
                        6986.977477664563, 6910.780195087713, 7000.362669408378, 6891.507075120846, 6887.645410270138,
                        6925.936655549178, 6989.927840189672, 6834.399206131825, 6810.589607215811, 6701.309347624283,
                        6632.987727476069, nil, nil, nil, nil, nil, nil, nil, 7061.006041347326, 6909.802371291682,
                        6899.551779957257, 6806.817692554838, 6873.909798530586, 6849.098599705451, 6945.852417969942,
                        7006.895521971923, 7167.368810691977, 7114.848741612341, 7012.738534013416, 7064.434784761374,
                        7062.773701032613, 6962.242653030726, 6995.766460482582, 6930.417812056818, nil, nil, nil, nil,
                        nil, nil, nil])
        // df.x.rolling(7, min_periods=3).std()
        assertRelative(try col("mutate(r = rolling(x, 7, agg: \"std\", min_periods: 3))"),
                       [nil, nil, 26.848533312075986, 57.53754053289529, 50.055793091155316, 45.184093904315844,
                        56.02335774221665, 60.910464816009394, 65.27358800594033, 64.24445512088865, 48.70074785173909,
                        49.727095947214345, 48.834365749642664, 32.60803137356972, 30.18005765496315, 40.53288284483984,
                        40.64061424078163, 53.38433241589545, 57.119294115449236, 69.14275645181364, 73.44221270069384,
                        80.09926216579787, 70.46758441683244, 70.50015464132409, 64.62182452737152, 60.18404399311937,
                        50.1203100077468, 54.379810508373865, 32.097438777125106, 35.079067765724275, 35.35713789672023,
                        63.34565073441407, 61.775661254033764, 80.29937489342292, 72.81131120725087, 76.55995182105171,
                        77.9332954719808, 72.26732431596749, 73.17914194755225, 73.36894073703449, 56.19413186476076,
                        57.876867543545394, 51.841432557534176, 40.51141184689421, 43.844011472412355, 35.38508828719303,
                        50.352501667190396, 66.52188643319639, 71.47433024702791, 71.32714197103402, 82.39382244528696,
                        86.41356472778754, 79.48701702576521, 80.34901314723679, 64.10785918001714, 66.12992507393871,
                        68.90733556143958, 42.42365876578819, 46.0212527970212, 48.460741496861836])
        // df.y.rolling(5).std()  (exact; pandas 3.1.1 is 9.6e-7 relative off)
        assertRelative(try col("mutate(r = rolling(y, 5, agg: \"std\"))"),
                       [nil, nil, nil, nil, 2.491679699872853, 2.873357879372064, 2.1600906055144242, 1.9855202100819198,
                        2.1567286353949595, 2.383883419725217, 2.2936345011659998, 2.2836407100748914, 2.3651456803132906,
                        1.3509562244219429, 1.023637130425097, 1.3780125949182784, 0.908405566955041, 0.8204533463435836,
                        1.3597352502029636, 1.3811784503717066, 2.146079280673718, 2.4999033465799885, 2.5119056810226317,
                        3.885024027547326, 4.634960437585473, 4.1011824459461685, 3.253547976886742, 2.1995615515177462,
                        2.245022381743657, 1.7555541259833027, 2.7976882051011143, 3.2367818332075364, 3.441592787322273,
                        3.9885351254173167, 4.056483448500546, 3.677614681578902, 3.853225202455425, 3.463922916223733,
                        3.0780610044935335, 2.5579491686167732, 2.7238076206917534, 2.6674275215509025, 2.3704102041058674,
                        2.695048039616162, 2.0364918930929363, 1.8910803849809166, 1.4572945160141861, 3.175225103240898,
                        3.069002128842411, 3.2388148014209563, 3.602037316264215, 2.738960693299175, 2.4008815663309746,
                        2.356570156143383, 2.844475621911995, 1.9490657170237622, 2.438384129042243, 2.778272158807965,
                        2.785873702055418, 1.562362456896893])
        // df.groupby("g").x.rolling(4, min_periods=2).var(), in row order
        assertRelative(try col("group_by(g) |> mutate(r = rolling(x, 4, agg: \"var\", min_periods: 2))"),
                       [nil, nil, nil, 5972.578798631885, 74.71926607874637, 2091.695647985319, 8202.537710686875,
                        74.71926607874637, 2016.9964970547394, 5535.195827341576, 171.72853601289802, 1729.1725856948062,
                        5449.23034941628, 379.17858079720656, 1577.4100920858089, 3634.631276860399, 370.5571338152927,
                        3869.4375603455665, 4094.7451261200063, 2781.063179864525, 1509.2038971232078, 5346.3381689543285,
                        2541.135103543514, 1432.644636941014, 6562.327004471696, 2582.0930373234223, 940.5480240092462,
                        5431.727368973517, 3047.5433710235307, 858.1737822263618, 7598.083907274719, 2273.3996771334437,
                        1311.596180504377, 10231.804987345422, 2867.0652639721898, 5276.1930771926445, 12261.995567743514,
                        2922.6847921200438, 5636.583122662138, 9555.925627852488, 2572.2043598678956, 4126.219242152541,
                        7160.254953951814, 583.2961555024126, 4364.278510998379, 6181.9120572441, 1514.474260014212,
                        4850.0713028306745, 2357.693726315641, 2759.4726092546875, 5582.411095744996, 201.08402279391922,
                        2862.8994581960505, 6470.483557115677, 535.974921343808, 4851.083493672954, 1410.1927715467086,
                        588.0477153070779, 1246.6018664594128, 8797.524352486975])
        // df.groupby("g").x.rolling(4, min_periods=1).mean(), in row order
        assertRelative(try col("group_by(g) |> mutate(r = rolling(x, 4, agg: \"mean\", min_periods: 1))"),
                       [1013.6460653287816, 982.5676637659024, 1036.0295614484232, 958.9991129955001, 988.6799164635067,
                        1003.6899908886173, 1000.6974275552475, 988.6799164635067, 1021.6821065050208, 996.6097217943613,
                        981.9874106305241, 1011.8776654918245, 987.6511256537772, 990.0179924673748, 998.6432075095748,
                        1033.230893098881, 985.9503163914318, 982.1327358538247, 996.2146077732851, 1011.1198668972231,
                        950.3316830942689, 1018.2965076053816, 1013.4231761948591, 949.3974665018537, 1009.7435321599834,
                        1011.7633488789586, 936.399505211185, 964.7388564952228, 1006.9645497077781, 937.4458757864544,
                        974.3088368695107, 1003.0287759449799, 950.6721770822628, 982.5442984387632, 996.6328180843079,
                        974.1625294034933, 969.5219571935568, 991.6076061371182, 971.3079966412463, 991.6766947818306,
                        1001.9207453613348, 998.7654703115645, 1005.7269427219635, 984.5210328989143, 1013.1642263973738,
                        1001.4205560919556, 976.6122495880048, 970.6260784421254, 1043.0424076386776, 993.1865872353817,
                        965.8945214931438, 1068.3847634210572, 995.7265603495376, 948.0847250948044, 1063.7990103693128,
                        1016.2446523897555, 923.3207796775563, 1051.8092159749133, 1058.8689895419966, 984.4125550510477])
    }

    func testRollingStaysExactAfterSpikesLeave() throws {
        let col = try loadPrecisionData(spiky: true)
        // df.x.rolling(7).sum()
        assertRelative(try col("mutate(r = rolling(x, 7, agg: \"sum\"))"),
                       [nil, nil, nil, nil, nil, nil, 135681225.64608276, nil, nil, nil, nil, nil, nil, nil,
                        6960.642503228648, 6989.647395933454, 6987.889932355034, 6924.596067096287, 6878.160640016409,
                        6986.977477664563, 6910.780195087713, 7000.362669408378, 6891.507075120846, 6887.645410270138,
                        121805871.8293021, 121805935.82048674, 121805780.29185268, 121805756.48225378, 121805647.20199418,
                        121805578.88037403, nil, nil, nil, nil, nil, nil, nil, 7061.006041347326, 6909.802371291682,
                        6899.551779957257, 6806.817692554838, 6873.909798530586, 6849.098599705451, 150649231.32270566,
                        150649292.36580968, 150649452.8390984, 150649400.3190293, 150649298.20882168, 150649349.90507245,
                        150649348.24398872, 6962.242653030726, 6995.766460482582, 6930.417812056818, nil, nil, nil, nil,
                        nil, nil, nil])
        // df.x.rolling(7, min_periods=3).std()  (exact; pandas 3.1.1 is 4.7e-4 relative off)
        assertRelative(try col("mutate(r = rolling(x, 7, agg: \"std\", min_periods: 3))"),
                       [nil, nil, 26.848533312075972, 57.537540532895285, 50.05579309115531, 55388769.96184894,
                        51280030.37050801, 55388764.20980866, 55388758.07803093, 55388762.297926694, 55388757.05189931,
                        55388758.058463395, 48.83436574964265, 32.60803137356973, 30.180057654963157, 40.53288284483984,
                        40.64061424078164, 53.38433241589544, 57.11929411544922, 69.14275645181363, 73.44221270069383,
                        80.09926216579785, 70.46758441683244, 70.50015464132407, 46035654.19282683, 46035650.16175314,
                        46035659.95912823, 46035661.458997265, 46035668.342987046, 46035672.646847114, 49724212.04016576,
                        63.34565073441413, 61.7756612540338, 80.29937489342308, 72.81131120725108, 76.559951821052,
                        77.93329547198108, 72.26732431596773, 73.17914194755238, 73.3689407370346, 56.1941318647608,
                        57.87686754354551, 51.841432557534276, 56937436.01899978, 56937432.173648275, 56937422.06477451,
                        56937425.373239644, 56937431.80559509, 56937428.5490433, 56937428.653681554, 82.3938224452871,
                        86.41356472778772, 79.48701702576534, 80.34901314723703, 64.10785918001764, 66.1299250739392,
                        68.90733556143995, 42.423658765789106, 46.02125279702208, 48.46074149686281])
        // df.groupby("g").x.rolling(4, min_periods=2).var(), in row order  (exact; pandas 3.1.1 is 1.7e-3 relative off)
        assertRelative(try col("group_by(g) |> mutate(r = rolling(x, 4, agg: \"var\", min_periods: 2))"),
                       [nil, nil, nil, 5972.578798631878, 74.71926607874568, 9203740763586024.0, 8202.537710686878,
                        74.71926607874568, 6135826197206921.0, 5535.195827341578, 171.72853601289842, 4601871103771556.0,
                        5449.230349416282, 379.1785807972056, 4601872300821413.0, 3634.6312768604016, 370.5571338152926,
                        3869.4375603455683, 4094.74512612, 2781.0631798645204, 1509.2038971232118, 5346.338168954331,
                        2541.135103543509, 1432.644636941017, 3708740434320246.5, 2582.0930373234173, 940.5480240092522,
                        3708744088667153.5, 3047.543371023526, 858.1737822263674, 4944990666529999.0, 2273.3996771334396,
                        1311.5961805043773, 4944989663462094.0, 2867.0652639721857, 5276.193077192638, 12261.995567743494,
                        2922.684792120039, 5636.583122662129, 9555.925627852483, 2572.204359867894, 4126.21924215253,
                        7160.254953951815, 5673276226661400.0, 4364.278510998369, 6181.912057244099, 5673277020927126.0,
                        4850.07130283066, 2357.6937263156537, 5673275356397636.0, 5582.411095744981, 201.08402279393462,
                        5673275101312836.0, 6470.483557115655, 535.9749213438237, 4851.08349367296, 1410.1927715466823,
                        588.0477153070917, 1246.6018664594383, 8797.52435248694])
        // df.groupby("g").x.rolling(4, min_periods=1).mean(), in row order
        assertRelative(try col("group_by(g) |> mutate(r = rolling(x, 4, agg: \"mean\", min_periods: 1))"),
                       [1013.6460653287816, 982.5676637659024, 1036.0295614484232, 958.9991129955001, 988.6799164635067,
                        67838123.0969836, 1000.6974275552475, 988.6799164635067, 45225767.953434974, 996.6097217943613,
                        981.9874106305241, 33919571.58116185, 987.6511256537772, 990.0179924673748, 33919558.34670386,
                        1033.230893098881, 985.9503163914318, 982.1327358538246, 996.2146077732851, 1011.1198668972231,
                        950.3316830942688, 1018.2965076053816, 1013.4231761948591, 949.3974665018536, 30450746.216693796,
                        1011.7633488789586, 936.3995052111849, 30450701.212018132, 1006.9645497077781, 937.4458757864545,
                        40600622.93971905, 1003.0287759449799, 950.6721770822629, 40600631.17518062, 996.6328180843079,
                        974.1625294034933, 969.5219571935568, 991.6076061371182, 971.3079966412462, 991.6766947818306,
                        1001.9207453613348, 998.7654703115645, 1005.7269427219635, 37661555.88860482, 1013.1642263973737,
                        1001.4205560919556, 37661547.97982151, 970.6260784421254, 1043.0424076386776, 37661564.55415916,
                        965.8945214931438, 1068.3847634210572, 37661567.094132274, 948.0847250948044, 1063.7990103693128,
                        1016.2446523897555, 923.3207796775563, 1051.8092159749133, 1058.8689895419966, 984.4125550510477])
    }

    func testRollingInfinitiesDoNotPoisonLaterWindows() throws {
        // pd.Series([1.0, inf, 2.0, 3.0, -inf, inf, 4.0, 5.0, 6.0]).rolling(3).std() → nan while an
        // infinity is in the window, then 1.0. pandas' rolling(2).sum() is nan there too, an artefact
        // of its compensation term; Sift gives the IEEE sum (±inf, or nan for inf - inf) and, as
        // pandas, exact sums again once the infinities have left.
        try writeFile("inf.csv", "x\n1.0\ninf\n2.0\n3.0\n-inf\ninf\n4.0\n5.0\n6.0\n")
        _ = try session.run(code: "v = read_csv(\"inf.csv\", types: {x: \"float\"})")
        func col(_ expr: String) throws -> [Double?] { floats(try frame("v |> mutate(r = \(expr))"), "r") }
        XCTAssertEqual(try col("x").map { $0?.isInfinite ?? false }, [false, true, false, false, true, true, false, false, false])
        let std = try col("rolling(x, 3, agg: \"std\")")
        for i in 2..<8 { XCTAssertTrue(std[i]?.isNaN ?? false, "\(std)") }
        assertClose([std[8]], [1.0], accuracy: 1e-12)
        let sum = try col("rolling(x, 2, agg: \"sum\")")
        XCTAssertEqual(sum[1], .infinity); XCTAssertEqual(sum[2], .infinity); XCTAssertEqual(sum[4], -.infinity)
        XCTAssertTrue(sum[5]?.isNaN ?? false, "\(sum)")
        // pd.Series(...).rolling(2).sum() where no infinity is in the window: 5.0, 9.0, 11.0
        XCTAssertEqual([sum[3], sum[7], sum[8]], [5.0, 9.0, 11.0])
    }
}
