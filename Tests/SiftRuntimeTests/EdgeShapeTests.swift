import Foundation
import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// Issue 12's functions on the shapes that break code first: a frame with no rows, a frame with
/// one row, and a group of one row inside a grouped frame. Each expected value is pandas' answer
/// for the same data (the call is beside each case); a crash, an error or another answer fails.
final class EdgeShapeTests: SessionTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        _ = try session.run(code: issue12Orders)
        _ = try session.run(code: """
        one = orders |> filter(customer_id == 3)
        none = orders |> head(0)
        """)
    }

    /// (expression, pandas call on the one-row series `s` of customer 3, expected cell).
    static let cases: [(expr: String, pandas: String, expected: Scalar)] = [
        ("lag(amount)", "s.amount.shift(1)", .null),
        ("lead(amount)", "s.amount.shift(-1)", .null),
        ("diff(amount)", "s.amount.diff()", .null),
        ("pct_change(amount)", "s.amount.pct_change()", .null),
        ("cumsum(amount)", "s.amount.cumsum()", .float(10)),
        ("cumprod(amount)", "s.amount.cumprod()", .float(10)),
        ("cummax(amount)", "s.amount.cummax()", .float(10)),
        ("cummin(amount)", "s.amount.cummin()", .float(10)),
        ("rank(amount)", "s.amount.rank()", .float(1)),
        // pandas gives 1.0; Sift's "min"/"max"/"dense"/"first" ranks are whole numbers, so ints.
        ("rank(amount, method: \"dense\")", "s.amount.rank(method='dense')", .int(1)),
        ("rolling(amount, window: 3, agg: \"mean\")", "s.amount.rolling(3).mean()", .null),
        ("rolling(amount, window: 3, agg: \"sum\", min_periods: 1)", "s.amount.rolling(3, min_periods=1).sum()", .float(10)),
        ("extract(note, \"#(\\\\d+)\", 1)", "s.note.str.extract(r'#(\\d+)', expand=False)", .string("1006")),
        ("matches(note, \"Order\")", "s.note.str.contains('Order')", .bool(true)),
        ("replace_regex(note, \"\\\\d\", \"x\")", "s.note.str.replace(r'\\d', 'x', regex=True)", .string("Order #xxxx")),
        ("month_name(order_date)", "s.order_date.dt.month_name()", .string("March")),
        ("day_name(order_date)", "s.order_date.dt.day_name()", .string("Monday")),
        ("week(order_date)", "s.order_date.dt.isocalendar().week", .int(11)),
        ("case_when(amount > 50 ~ \"big\", default: \"small\")", "np.select([s.amount > 50], ['big'], 'small')", .string("small")),
    ]

    func cell(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> Scalar {
        let f = try frame(code, file: file, line: line)
        XCTAssertEqual(f.rowCount, 1, code, file: file, line: line)
        return try f.column("v")[0]
    }

    func testOneRowFrame() throws {
        for c in Self.cases {
            XCTAssertEqual(try cell("one |> mutate(v = \(c.expr))"), c.expected, "\(c.expr) on one row (pandas: \(c.pandas))")
        }
    }

    /// Customer 3 is a group of one row among groups of two and three.
    func testSingleRowGroup() throws {
        for c in Self.cases {
            let code = "orders |> group_by(customer_id) |> mutate(v = \(c.expr)) |> ungroup() |> filter(customer_id == 3)"
            XCTAssertEqual(try cell(code), c.expected, "\(c.expr) in a one-row group (pandas: groupby + \(c.pandas))")
        }
    }

    func testEmptyFrame() throws {
        for c in Self.cases {
            let f = try frame("none |> mutate(v = \(c.expr))")
            XCTAssertEqual(f.rowCount, 0, c.expr)
            XCTAssertTrue(f.hasColumn("v"), c.expr)
            let g = try frame("none |> group_by(customer_id) |> mutate(v = \(c.expr))")
            XCTAssertEqual(g.rowCount, 0, "grouped: \(c.expr)")
        }
        // pandas: df.iloc[:0].groupby('customer_id').agg(n=('amount', 'size'), s=('amount', 'sum')) → 0 rows
        let s = try frame("none |> group_by(customer_id) |> summarize(n = n(), s = sum(amount))")
        XCTAssertEqual(s.rowCount, 0)
        XCTAssertEqual(s.names, ["customer_id", "n", "s"])
        // pandas: df.iloc[:0].amount.mean() → NaN, .size → 0; .sum() → 0.0 where Sift (as SQL)
        // gives null, documented in sum's entry with the pandas spelling coalesce(sum(x), 0).
        let whole = try frame("none |> summarize(n = n(), s = sum(amount), m = mean(amount), z = coalesce(sum(amount), 0))")
        XCTAssertEqual(whole.rowCount, 1)
        XCTAssertEqual(try whole.column("n")[0], .int(0))
        XCTAssertEqual(try whole.column("s")[0], .null)
        XCTAssertEqual(try whole.column("m")[0], .null)
        XCTAssertEqual(asDouble(try whole.column("z")[0]), 0)
        // Reshaping an empty frame keeps its shape rules: melt → 0 rows; value_counts → 0 rows.
        XCTAssertEqual(try frame("none |> melt(id: [\"customer_id\"], columns: [\"amount\"])").rowCount, 0)
        XCTAssertEqual(try frame("none |> value_counts(region)").rowCount, 0)
        XCTAssertEqual(try frame("none |> nlargest(3, amount)").rowCount, 0)
    }
}
