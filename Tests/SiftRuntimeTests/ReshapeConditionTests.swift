import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// Reshaping, conditions, whole-frame helpers and iteration of issue 12 against pandas
/// (Tests/fixtures/issue12/reshape_pandas.py, pandas 3.1; the pandas call beside each).
///     rs: id g q1   q2
///         1  a 10   1
///         2  b null 2
///         3  a 30   3
///         4  b 40   4
///         5  a 50   5
///         6  c 60   6
final class ReshapeConditionTests: SessionTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        _ = try session.run(code: "rs = frame(id: [1, 2, 3, 4, 5, 6], g: [\"a\", \"b\", \"a\", \"b\", \"a\", \"c\"], q1: [10, null, 30, 40, 50, 60.0], q2: [1, 2, 3, 4, 5, 6])")
    }

    func testMeltTransposeExplode() throws {
        // df.melt(id_vars=["id"], value_vars=["q1", "q2"], var_name="quarter", value_name="v")
        let m = try frame("rs |> melt(id: id, columns: [q1, q2], names_to: \"quarter\", values_to: \"v\")")
        XCTAssertEqual(m.names, ["id", "quarter", "v"])
        XCTAssertEqual(ints(m, "id"), [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6])
        XCTAssertEqual(strings(m, "quarter"), ["q1", "q1", "q1", "q1", "q1", "q1", "q2", "q2", "q2", "q2", "q2", "q2"])
        assertClose(floats(m, "v"), [10, nil, 30, 40, 50, 60, 1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try frame("rs |> unpivot(id: [id, g])").rowCount, 12, "columns default to the rest; unpivot is melt")
        assertFails("rs |> melt(id: id, columns: [nope])") { e in XCTAssertTrue(e.message.contains("nope"), e.message) }
        // df.head(2).set_index("g").T
        let t = try frame("rs |> head(2) |> transpose(names: g)")
        XCTAssertEqual(t.names, ["column", "a", "b"])
        XCTAssertEqual(strings(t, "column"), ["id", "q1", "q2"])
        assertClose(floats(t, "a"), [1, 10, 1])
        assertClose(floats(t, "b"), [2, nil, 2])
        XCTAssertEqual(try frame("rs |> transpose()").names.last, "row_6")
        // pd.DataFrame({"id": [1, 2, 3], "t": [["x", "y"], [], None]}).explode("t")
        let e = try frame("frame(id: [1, 2, 3], t: [[\"x\", \"y\"], [], null]) |> explode(t)")
        XCTAssertEqual(ints(e, "id"), [1, 1, 2, 3])
        XCTAssertEqual(strings(e, "t"), ["x", "y", nil, nil])
        XCTAssertEqual(ints(try frame("frame(s: [\"a,b\", \"c\"], k: [1, 2]) |> mutate(p = split(s, \",\")) |> explode(p)"), "k"), [1, 1, 2])
        assertFails("rs |> explode(g)") { e in XCTAssertTrue(e.message.contains("needs a list column"), e.message) }
    }

    func testCrosstab() throws {
        // pd.crosstab(df.g, df.q2 > 3) and normalize="index" / "all"
        let c = try frame("rs |> mutate(big = q2 > 3) |> crosstab(g, big)")
        XCTAssertEqual(c.names, ["g", "false", "true"])
        XCTAssertEqual(ints(c, "false"), [2, 1, 0])
        XCTAssertEqual(ints(c, "true"), [1, 1, 1])
        let i = try frame("rs |> mutate(big = q2 > 3) |> crosstab(g, big, normalize: \"index\")")
        assertClose(floats(i, "false"), [0.666667, 0.5, 0], accuracy: 1e-6)
        assertClose(floats(i, "true"), [0.333333, 0.5, 1], accuracy: 1e-6)
        let a = try frame("rs |> mutate(big = q2 > 3) |> crosstab(g, big, normalize: \"all\")")
        assertClose(floats(a, "false"), [0.333333, 0.166667, 0], accuracy: 1e-6)
        assertFails("rs |> crosstab(g, q2, normalize: \"rows\")") { e in XCTAssertTrue(e.message.contains("normalize"), e.message) }
    }

    func testNlargestUniqueValueCountsCast() throws {
        // df.nlargest(3, "q1").id, df.nsmallest(2, ["q2"]).id
        XCTAssertEqual(ints(try frame("rs |> nlargest(3, q1)"), "id"), [6, 5, 4])
        XCTAssertEqual(ints(try frame("rs |> nsmallest(2, q2)"), "id"), [1, 2])
        XCTAssertEqual(try frame("rs |> filter(id > 99) |> nlargest(3, q1)").rowCount, 0)
        // pd.Series(["b", "a", None, "b"]).unique()
        XCTAssertEqual(try columnCells("unique([\"b\", \"a\", null, \"b\"])"), [.string("b"), .string("a"), .null])
        XCTAssertEqual(try scalar("n_unique(rs.g)"), .int(3))
        // df.g.value_counts(normalize=True)
        let v = try frame("rs |> value_counts(g, normalize: true)")
        XCTAssertEqual(v.names, ["g", "proportion"])
        assertClose(floats(v, "proportion"), [0.5, 0.333333, 0.166667], accuracy: 1e-6)
        XCTAssertEqual(ints(try frame("rs |> value_counts(g)"), "count"), [3, 2, 1])
        // df[["q1", "q2"]].astype(float)
        let f = try frame("rs |> select(q1, q2) |> cast(\"float\")")
        XCTAssertEqual(f.columns.map(\.type), [.float, .float])
        assertFails("rs |> cast(\"int\")") { _ in }
    }

    func testCaseWhenQcutBetween() throws {
        // np.select([q2 >= 5, q2 >= 3], ["high", "mid"], default="low")
        XCTAssertEqual(strings(try frame("rs |> mutate(s = case_when(q2 >= 5 ~ \"high\", q2 >= 3 ~ \"mid\", default: \"low\"))"), "s"),
                       ["low", "low", "mid", "mid", "high", "high"])
        // A null condition is not true: q1 null for id 2 falls to the default (null here).
        XCTAssertEqual(strings(try frame("rs |> mutate(s = case_when(q1 > 35 ~ \"big\", q1 <= 35 ~ \"small\"))"), "s"),
                       ["small", nil, "small", "big", "big", "big"])
        XCTAssertEqual(try scalar("case_when(1 > 2 ~ \"a\", 2 > 1 ~ \"b\")"), .string("b"))
        assertFails("rs |> mutate(s = case_when(q2 > 1, \"x\"))") { e in XCTAssertTrue(e.message.contains("condition ~ value"), e.message) }
        // pd.qcut(df.q2, 3, labels=False) → bins 0, 0, 1, 1, 2, 2
        let q = try frame("rs |> mutate(b = qcut(q2, 3))")
        XCTAssertEqual(strings(q, "b"), ["[1, 2.667]", "[1, 2.667]", "(2.667, 4.333]", "(2.667, 4.333]", "(4.333, 6]", "(4.333, 6]"])
        XCTAssertEqual(strings(try frame("rs |> mutate(b = qcut(q2, [0, 0.5, 1], labels: [\"low\", \"high\"]))"), "b"), ["low", "low", "low", "high", "high", "high"])
        assertFails("rs |> mutate(b = qcut(q2 * 0, 3))") { e in XCTAssertTrue(e.message.contains("repeat"), e.message) }
    }

    func testFillStrategy() throws {
        // df.groupby("g")["q1"].ffill(); df["q1"].bfill()
        assertClose(floats(try frame("rs |> group_by(g) |> mutate(f = fill_null(q1, strategy: \"forward\"))"), "f"), [10, nil, 30, 40, 50, 60])
        assertClose(floats(try frame("rs |> mutate(f = fill_null(q1, strategy: \"backward\"))"), "f"), [10, 30, 30, 40, 50, 60])
        assertClose(floats(try frame("rs |> fill_null(strategy: \"forward\")"), "q1"), [10, 10, 30, 40, 50, 60])
        assertFails("rs |> fill_null(strategy: \"sideways\")") { e in XCTAssertTrue(e.message.contains("forward"), e.message) }
        assertFails("rs |> fill_null(0, strategy: \"forward\")") { e in XCTAssertTrue(e.message.contains("not both"), e.message) }
    }

    func testAcross() throws {
        // (df[cols] - df[cols].mean()) / df[cols].std() per group: standardise in one line.
        let z = try frame("rs |> mutate(across([q1, q2], fn(x) = (x - mean(x)) / std(x)))")
        assertClose(floats(z, "q2"), [-1.336306, -0.801784, -0.267261, 0.267261, 0.801784, 1.336306], accuracy: 1e-6)
        // df.groupby("g")[["q1", "q2"]].mean()
        let s = try frame("rs |> group_by(g) |> summarize(across([q1, q2], mean, names: \"mean_{col}\"))")
        XCTAssertEqual(s.names, ["g", "mean_q1", "mean_q2"])
        assertClose(floats(s, "mean_q1"), [30, 40, 60])
        assertClose(floats(s, "mean_q2"), [3, 3, 6])
        let numeric = try frame("rs |> mutate(across(of_type(\"numeric\"), fn(x) = x * 2))")
        assertClose(floats(numeric, "id"), [2, 4, 6, 8, 10, 12])
        assertFails("rs |> mutate(across(q1))") { e in XCTAssertTrue(e.message.contains("columns and a function"), e.message) }
        assertFails("rs |> mutate(q1 + 1)") { e in XCTAssertEqual(e.message, "mutate() needs name = expression pairs") }
    }

    func testFrameBuildingAndIteration() throws {
        // pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}); pd.DataFrame(records)
        let f = try frame("frame(a: [1, 2], b: [\"x\", \"y\"], c: 0)")
        XCTAssertEqual(f.names, ["a", "b", "c"])
        XCTAssertEqual(ints(f, "c"), [0, 0])
        let r = try frame("as_frame(map(range(1, 4), fn(k) = {k: k, sq: k * k}))")
        XCTAssertEqual(ints(r, "sq"), [1, 4, 9])
        let sparse = try frame("as_frame([{a: 1}, {b: \"x\"}])")
        XCTAssertEqual(cells(sparse, "a"), [.int(1), .null])
        XCTAssertEqual(cells(sparse, "b"), [.null, .string("x")])
        assertFails("frame(a: [1, 2], b: [1])") { e in XCTAssertTrue(e.message.contains("has 1 values but the first column has 2"), e.message) }
        assertFails("as_frame([1, 2])") { e in XCTAssertTrue(e.message.contains("list of records"), e.message) }
        // Gradient descent on (w - 3)^2 for 10,000 steps: no recursion, well inside the step limit.
        guard case .float(let w) = try scalar("reduce(range(10000), fn(w, i) = w - 0.01 * 2 * (w - 3), 0.0)") else { return XCTFail("not a float") }
        XCTAssertEqual(w, 3, accuracy: 1e-9)
        XCTAssertEqual(try scalar("reduce(range(1, 101), fn(acc, k) = acc + k, 0)"), .int(5050))
        _ = try eval("set_option(\"max_steps\", 10)")
        assertFails("map(range(11), fn(k) = k)") { e in XCTAssertTrue(e.message.contains("step limit of 10"), e.message) }
    }
}
