import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// lm() against statsmodels' OLS/WLS on the Longley data and on generated marketing data
/// (Tests/fixtures/models/ols.json, written by scripts/make_model_fixtures.py).
final class LinearModelTests: ModelTestCase {
    func fitCode(_ ref: [String: Any]) -> String {
        let data = ref["data"] as! String
        let formula = ref["formula"] as! String
        var code = "d = read_csv(\"\(data)\")\nm = lm(\(formula), data: d"
        if let w = ref["weights"] as? String { code += ", weights: \(w)" }
        return code + ")"
    }

    func testAgainstStatsmodels() throws {
        let models = try fixture("ols.json")["models"] as! [[String: Any]]
        XCTAssertGreaterThanOrEqual(models.count, 10)
        for ref in models {
            let formula = ref["formula"] as! String
            try eval(fitCode(ref))
            let t = try frame("tidy(m)")
            let names = ref["names"] as! [String]
            XCTAssertEqual(stringValues(t, "term"), names, formula)
            for (column, key) in [("estimate", "params"), ("std_error", "bse"), ("statistic", "tvalues"),
                                  ("p_value", "pvalues"), ("conf_low", "conf_low"), ("conf_high", "conf_high")] {
                let expected = ref[key] as! [String: Any]
                for (name, value) in zip(stringValues(t, "term"), floatValues(t, column)) {
                    assertRelative(value, number(expected[name]), 1e-6, "\(formula): \(column) of \(name)")
                }
            }
            let g = glanceRow(try frame("glance(m)"))
            for (column, key) in [("r_squared", "rsquared"), ("adj_r_squared", "rsquared_adj"), ("f_statistic", "fvalue"),
                                  ("log_likelihood", "llf"), ("aic", "aic"), ("bic", "bic"), ("n", "nobs"),
                                  ("df_residual", "df_resid"), ("df_model", "df_model")] {
                assertRelative(g[column]!, number(ref[key]), 1e-6, "\(formula): \(column)")
            }
            let fp = number(ref["f_pvalue"])
            if fp < 1e-290 { XCTAssertLessThan(g["f_p_value"]!, 1e-290, formula) } else { assertRelative(g["f_p_value"]!, fp, 1e-6, "\(formula): f_p_value") }
            assertRelative(g["sigma"]! * g["sigma"]!, number(ref["scale"]), 1e-6, "\(formula): scale")
            if let dropped = ref["dropped"] { XCTAssertEqual(g["dropped"]!, number(dropped), formula) }
            // The first fitted values and residuals of the rows used.
            let fitted = try column("m.fitted"), resid = try column("residuals(m)")
            let usedFitted = (0..<fitted.count).compactMap { fitted[$0].asDouble }
            let usedResid = (0..<resid.count).compactMap { resid[$0].asDouble }
            XCTAssertEqual(usedFitted.count, Int(number(ref["nobs"])), formula)
            for (a, e) in zip(usedFitted, ref["fitted_first"] as! [Any]) { assertRelative(a, number(e), 1e-6, "\(formula): fitted") }
            for (a, e) in zip(usedResid, ref["resid_first"] as! [Any]) { assertRelative(a, number(e), 1e-6, "\(formula): residual") }
        }
    }

    func testPredictMatchesFittedAndHandlesNulls() throws {
        try eval("d = read_csv(\"marketing.csv\")\nm = lm(revenue ~ spend * channel + log(visits + 1) + age + loyal, data: d)")
        let p = try column("predict(m, d)")
        let f = try column("fitted(m)")
        XCTAssertEqual(p.count, 1500)
        XCTAssertEqual(p.nullCount, 83)
        for i in 0..<p.count {
            XCTAssertEqual(p[i].asDouble == nil, f[i].asDouble == nil)
            if let a = p[i].asDouble, let b = f[i].asDouble { XCTAssertEqual(a, b, accuracy: 1e-9 * abs(b)) }
        }
        // Lines up with the frame inside mutate.
        let out = try frame("d |> mutate(expected = predict(m, d), resid = residuals(m)) |> filter(not is_null(resid))")
        XCTAssertEqual(out.rowCount, 1417)
        // New data: computed terms are recomputed, the response is not needed.
        let new = try column("predict(m, d |> select(-revenue) |> head(3))")
        XCTAssertEqual(new.count, 3)
        XCTAssertEqual(new[0].asDouble!, p[0].asDouble!, accuracy: 1e-9)
    }

    func testPipedDataAndPositionalData() throws {
        try eval("d = read_csv(\"longley.csv\")")
        let a = try double("(d |> lm(TOTEMP ~ GNP + POP)).r_squared")
        let b = try double("lm(TOTEMP ~ GNP + POP, d).r_squared")
        XCTAssertEqual(a, b)
        XCTAssertGreaterThan(a, 0.9)
    }

    func testSummaryLooksLikeStatsmodels() throws {
        try eval("d = read_csv(\"longley.csv\")\nm = lm(TOTEMP ~ GNPDEFL + GNP + UNEMP + ARMED + POP + YEAR, data: d)")
        guard case .object(let o) = try eval("m") else { return XCTFail("not an object") }
        let text = o.render(width: 100)
        for needle in ["OLS Regression Results", "R-squared:", "0.995", "Adj. R-squared:", "0.992", "F-statistic:", "330.3",
                       "Prob (F-statistic):", "4.98e-10", "Log-Likelihood:", "-109.62", "AIC:", "233.2", "BIC:", "238.6",
                       "No. Observations:", "16", "Df Residuals:", "9", "Df Model:", "6",
                       "coef", "std err", "P>|t|", "[0.025", "0.975]",
                       "Intercept  -3.482e+06  8.904e+05     -3.911      0.004",
                       "UNEMP         -2.0202     0.4884     -4.136      0.003"] {
            XCTAssertTrue(text.contains(needle), "summary should contain '\(needle)':\n\(text)")
        }
        XCTAssertEqual(o.typeName, "linear model")
        XCTAssertTrue(o.summaryLine.contains("R² = 0.995"), o.summaryLine)
        XCTAssertEqual(try double("m.n"), 16)
        guard case .record(let r) = try eval("m.coef") else { return XCTFail("coef should be a record") }
        XCTAssertEqual(r.fields.map(\.0), ["Intercept", "GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"])
    }

    func testWeightsExcludedFromDot() throws {
        try eval("d = read_csv(\"marketing.csv\") |> select(revenue, spend, visits, weight)")
        let t = try frame("tidy(lm(revenue ~ ., data: d, weights: weight))")
        XCTAssertEqual(stringValues(t, "term"), ["Intercept", "spend", "visits"])
    }

    func testComputedTermsAndPowers() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        let t = try frame("tidy(lm(revenue ~ spend + spend^2 + sqrt(visits) + exp(-age / 100), data: d))")
        XCTAssertEqual(stringValues(t, "term"), ["Intercept", "spend", "spend^2", "sqrt(visits)", "exp(-age / 100)"])
        let t2 = try frame("tidy(lm(revenue ~ (spend + visits + age)^2, data: d))")
        XCTAssertEqual(stringValues(t2, "term"), ["Intercept", "spend", "visits", "age", "spend:visits", "spend:age", "visits:age"])
        let t3 = try frame("tidy(lm(log(revenue) ~ . - customer_id - churned - weight, data: d |> filter(revenue > 0)))")
        XCTAssertEqual(stringValues(t3, "term"), ["Intercept", "region[T.North]", "region[T.South]", "region[T.West]",
                                                    "channel[T.search]", "channel[T.social]", "loyal[T.true]", "age", "visits", "spend"])
    }
}
