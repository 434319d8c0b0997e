import XCTest
import SiftLanguage
import SiftRuntime

/// Names are checked against the schema before anything runs.
final class BinderTests: PlanTestCase {
    /// A file whose body is broken (a row with too many fields) fails when read; a misspelled column at the end
    /// of the chain must be reported first, so the file was never read.
    func testAMisspelledColumnFailsBeforeTheFileIsRead() throws {
        try write("broken.csv", "region,revenue,units\nNorth,1,2\nSouth,3,4,5,6\n")
        XCTAssertThrowsError(try session.evaluate("read_csv(\"broken.csv\") |> filter(units > 0) |> group_by(region) |> summarize(r = sum(revnue))")) { e in
            let err = e as? SiftError
            XCTAssertEqual(err?.message, "no column or variable named 'revnue'")
            XCTAssertEqual(err?.hint, "did you mean 'revenue'?")
            XCTAssertEqual(err?.span?.text, "revnue")
        }
        // Spelled right, the read itself reports the broken row.
        XCTAssertThrowsError(try session.evaluate("read_csv(\"broken.csv\") |> filter(units > 0) |> group_by(region) |> summarize(r = sum(revenue))")) { e in
            XCTAssertFalse((e as? SiftError)?.message.contains("no column") ?? true, "\(e)")
        }
    }

    func testKeysAndColumnNamesAreChecked() {
        for (code, bad) in [("sales |> group_by(regoin) |> summarize(n = count())", "regoin"),
                            ("sales |> select(id, revenu)", "revenu"),
                            ("sales |> sort(\"unit\")", "\"unit\""),
                            ("sales |> join(dims, on: regio)", "regio")] {
            XCTAssertThrowsError(try session.evaluate(code), code) { e in
                XCTAssertEqual((e as? SiftError)?.span?.text, bad, code)
            }
        }
    }

    func testColumnsMadeEarlierInTheChainAreKnown() throws {
        _ = try session.evaluate("sales |> mutate(m = revenue - spend, m2 = m * 2) |> group_by(region) |> summarize(s = sum(m2))")
        _ = try session.evaluate("sales |> rename(amount = revenue) |> filter(amount > 0) |> select(amount)")
        _ = try session.evaluate("sales |> join(dims, on: region) |> filter(target > 0, manager != \"Ana\")")
    }

    func testVariablesAndFunctionsStillResolve() throws {
        _ = try session.evaluate("sales |> filter(units > limit_value - 99) |> mutate(r = round(revenue))")
        _ = try session.evaluate("cols = [\"region\", \"units\"]\nsales |> select(cols) |> head(2)")
    }

    func testExplainNeedsAPipeline() {
        XCTAssertThrowsError(try session.evaluate("explain(1 + 2)"))
        XCTAssertThrowsError(try session.evaluate("explain(sales |> describe())"))
    }
}
