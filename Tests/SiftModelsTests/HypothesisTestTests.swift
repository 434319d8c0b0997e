import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// t_test, proportions_ztest and chisq_test against scipy / statsmodels (tests.json).
final class HypothesisTestTests: ModelTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try eval("d = read_csv(\"marketing.csv\")")
    }

    func testWelchAgainstScipy() throws {
        let ref = try fixture("tests.json")["welch"] as! [String: Any]
        let r = glanceRow(try frame("t_test(filter(d, loyal).spend, filter(d, not loyal).spend)"))
        assertRelative(r["statistic"]!, number(ref["statistic"]), 1e-9, "t")
        assertRelative(r["p_value"]!, number(ref["pvalue"]), 1e-9, "p")
        assertRelative(r["df"]!, number(ref["df"]), 1e-9, "df")
        assertRelative(r["mean_x"]!, number(ref["mean_a"]), 1e-12, "mean")
        XCTAssertLessThan(r["conf_low"]!, r["difference"]!)
    }

    func testChiSquareAgainstScipy() throws {
        let ref = try fixture("tests.json")["chisq"] as! [String: Any]
        let r = glanceRow(try frame("chisq_test(d.region, d.channel)"))
        assertRelative(r["statistic"]!, number(ref["statistic"]), 1e-9, "chi2")
        assertRelative(r["p_value"]!, number(ref["pvalue"]), 1e-9, "p")
        XCTAssertEqual(r["df"]!, number(ref["dof"]))
        // The same table given as a frame of counts.
        let t = glanceRow(try frame("chisq_test(d |> count(region, channel) |> pivot(rows: region, columns: channel, values: n))"))
        assertRelative(t["statistic"]!, number(ref["statistic"]), 1e-9, "chi2 from a table")
    }

    func testTwoProportionsAgainstStatsmodels() throws {
        let ref = try fixture("tests.json")["prop_z"] as! [String: Any]
        let counts = (ref["counts"] as! [Any]).map(number), nobs = (ref["nobs"] as! [Any]).map(number)
        let r = glanceRow(try frame("proportions_ztest(successes: [\(Int(counts[0])), \(Int(counts[1]))], trials: [\(Int(nobs[0])), \(Int(nobs[1]))])"))
        assertRelative(r["statistic"]!, number(ref["statistic"]), 1e-9, "z")
        assertRelative(r["p_value"]!, number(ref["pvalue"]), 1e-9, "p")
    }

    func testBadInput() {
        assertFails("t_test([1], [2, 3])", ["at least two values"])
        assertFails("t_test(d.region, d.spend)", ["needs numbers"])
        assertFails("proportions_ztest(successes: [5, 200], trials: [100, 100])", ["between 0 and the number of trials"])
        assertFails("chisq_test([\"a\", \"a\"], [\"x\", \"y\"])", ["at least two categories"])
    }
}
