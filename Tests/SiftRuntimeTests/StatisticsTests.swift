import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// `describe`, `schema`, `corr`. Expected numbers computed by hand / with Python's statistics
/// module from the fixture: x = [1.5, null, 3.0, 4.5, -2.0], y = [10, 20, null, 40, 50].
final class StatisticsTests: SessionTestCase {
    func testDescribe() throws {
        let f = try frame("describe(df)")
        XCTAssertEqual(f.names, ["column", "type", "count", "nulls", "mean", "std", "min", "25%", "50%", "75%", "max", "distinct", "top"])
        XCTAssertEqual(strings(f, "column"), ["id", "name", "grp", "x", "y", "d", "flag"])
        XCTAssertEqual(strings(f, "type"), ["int", "string", "string", "float", "int", "date", "bool"])
        XCTAssertEqual(ints(f, "count"), [5, 5, 5, 4, 4, 4, 4], "non-null values")
        XCTAssertEqual(ints(f, "nulls"), [0, 0, 0, 1, 1, 1, 1])
        let x = try frame("describe(df) |> filter(column == \"x\")")
        assertClose(floats(x, "mean"), [1.75])
        assertClose(floats(x, "std"), [2.7838821814150108], accuracy: 1e-12)
        assertClose(floats(x, "min"), [-2])
        assertClose(floats(x, "25%"), [0.625], "linear interpolation, as pandas")
        assertClose(floats(x, "50%"), [2.25])
        assertClose(floats(x, "75%"), [3.375])
        assertClose(floats(x, "max"), [4.5])
        let grp = try frame("describe(df) |> filter(column == \"grp\")")
        XCTAssertEqual(cells(grp, "distinct"), [.int(3)])
        XCTAssertEqual(cells(grp, "top"), [.string("a")])
        XCTAssertEqual(cells(grp, "mean"), [.null], "no mean for text")
        XCTAssertEqual(cells(try frame("describe(df) |> filter(column == \"flag\")"), "distinct"), [.int(2)], "null is not counted as distinct")
    }

    func testDescribeOfAnEmptyFrame() throws {
        let f = try frame("describe(df |> filter(false))")
        XCTAssertEqual(ints(f, "count"), [0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(cells(f, "mean")[0], .null)
    }

    func testSchema() throws {
        let f = try frame("schema(df)")
        XCTAssertEqual(f.names, ["column", "type", "nulls", "example"])
        XCTAssertEqual(strings(f, "column"), ["id", "name", "grp", "x", "y", "d", "flag"])
        XCTAssertEqual(strings(f, "type"), ["int", "string", "string", "float", "int", "date", "bool"])
        XCTAssertEqual(ints(f, "nulls"), [0, 0, 0, 1, 1, 1, 1])
        XCTAssertEqual(strings(f, "example"), ["1", "Alice", "a", "1.5", "10", "2024-01-15", "true"], "the first non-null value")
        XCTAssertEqual(strings(try frame("schema(df |> filter(false))"), "example"), Array(repeating: "", count: 7))
        XCTAssertEqual(ints(try frame("df |> group_by(grp) |> schema()"), "nulls"), [0, 0, 0, 1, 1, 1, 1], "works on grouped frames")
        assertFails("schema(5)") { e in XCTAssertTrue(e.message.hasPrefix("schema() needs a frame"), e.message) }
    }

    func testCorrOfTwoColumnsUsesPairwiseCompleteRows() throws {
        // Complete (x, y) pairs: (1.5, 10), (4.5, 40), (-2, 50).
        guard case .float(let r) = try scalar("corr(df.x, df.y)") else { return XCTFail("not a float") }
        XCTAssertEqual(r, -0.2830246771895402, accuracy: 1e-12)
        guard case .float(let same) = try scalar("corr(df.y, df.id)") else { return XCTFail("not a float") }
        XCTAssertEqual(same, 1.0, accuracy: 1e-12)
        assertFails("corr(df.x, 5)") { e in XCTAssertEqual(e.message, "corr(x, y) needs two columns") }
    }

    func testCorrMatrix() throws {
        let f = try frame("corr(df, [x, y, id])")
        XCTAssertEqual(f.names, ["column", "x", "y", "id"])
        XCTAssertEqual(strings(f, "column"), ["x", "y", "id"])
        assertClose(floats(f, "x"), [1, -0.2830246771895402, -0.297970606494784], accuracy: 1e-12)
        assertClose(floats(f, "y"), [-0.2830246771895402, 1, 1], accuracy: 1e-12)
        assertClose(floats(f, "id"), [-0.297970606494784, 1, 1], accuracy: 1e-12)
        let all = try frame("corr(df)")
        XCTAssertEqual(strings(all, "column"), ["id", "x", "y", "flag"], "every numeric column (bool counts)")
    }

    func testSpearmanOnCompleteData() throws {
        // Without nulls spearman is pearson on ranks: y and id rise together; ids vs -id fall.
        let f = try frame("df |> mutate(neg = -id, sq = id * id) |> corr([id, neg, sq], method: \"spearman\")")
        assertClose(floats(f, "id"), [1, -1, 1], accuracy: 1e-12)
    }

    func testSpearmanRanksPairwiseCompleteRows() throws {
        // Pairs (x, y): (1.5, 10), (4.5, 40), (-2, 50) → ranks (2, 1), (3, 2), (1, 3) → rho = -0.5,
        // as pandas gives. (Ranking each column over all its values first gave -0.142857.)
        let f = try frame("corr(df, [x, y], method: \"spearman\")")
        assertClose(floats(f, "y"), [-0.5, 1], accuracy: 1e-12)
        assertClose(floats(f, "x"), [1, -0.5], accuracy: 1e-12)
    }

    func testCorrErrors() throws {
        assertFails("corr(df, [x, y], method: \"kendall\")") { e in XCTAssertEqual(e.message, "method must be \"pearson\" or \"spearman\"") }
        assertFails("corr(df, [x, nope])") { e in
            XCTAssertEqual(e.message, "no column named 'nope'")
            XCTAssertEqual(e.span?.column, 14)
        }
    }
}
