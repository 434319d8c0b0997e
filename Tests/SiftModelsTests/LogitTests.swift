import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// logit() against statsmodels' Logit, and the classifier tools against scikit-learn's metrics
/// (Tests/fixtures/models/logit.json).
final class LogitTests: ModelTestCase {
    func testAgainstStatsmodels() throws {
        let models = try fixture("logit.json")["models"] as! [[String: Any]]
        XCTAssertEqual(models.count, 2)
        try eval("d = read_csv(\"marketing.csv\")")
        for ref in models {
            let formula = ref["formula"] as! String
            try eval("m = logit(\(formula), data: d)")
            let t = try frame("tidy(m)")
            XCTAssertEqual(stringValues(t, "term"), ref["names"] as! [String], formula)
            for (column, key) in [("estimate", "params"), ("std_error", "bse"), ("statistic", "zvalues"),
                                  ("p_value", "pvalues"), ("conf_low", "conf_low"), ("conf_high", "conf_high")] {
                let expected = ref[key] as! [String: Any]
                for (name, value) in zip(stringValues(t, "term"), floatValues(t, column)) {
                    assertRelative(value, number(expected[name]), 1e-6, "\(formula): \(column) of \(name)")
                }
            }
            let g = glanceRow(try frame("glance(m)"))
            for (column, key) in [("log_likelihood", "llf"), ("ll_null", "llnull"), ("pseudo_r_squared", "prsquared"),
                                  ("llr", "llr"), ("llr_p_value", "llr_pvalue"), ("aic", "aic"), ("bic", "bic"),
                                  ("n", "nobs"), ("df_model", "df_model"), ("df_residual", "df_resid"), ("dropped", "dropped")] {
                assertRelative(g[column]!, number(ref[key]), 1e-6, "\(formula): \(column)")
            }
            XCTAssertLessThan(g["iterations"]!, 15)
            let p = try column("predict(m)")
            let used = (0..<p.count).compactMap { p[$0].asDouble }
            for (a, e) in zip(used, ref["predicted_first"] as! [Any]) { assertRelative(a, number(e), 1e-6, "\(formula): probability") }

            // evaluate() on the training data against scikit-learn's metrics of statsmodels' probabilities.
            let metrics = ref["metrics"] as! [String: Any]
            let e = try frame("evaluate(m, d)")
            var values: [String: Double] = [:]
            for (k, v) in zip(stringValues(e, "metric"), floatValues(e, "value")) { values[k] = v }
            for key in ["accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"] {
                assertRelative(values[key]!, number(metrics[key]), 1e-6, "\(formula): \(key)")
            }
            XCTAssertEqual(values["n"], number(ref["nobs"]))
            let confusion = metrics["confusion"] as! [[Int]]
            let c = try frame("confusion(m, d)")
            XCTAssertEqual(stringValues(c, "actual"), ["false", "true"])
            XCTAssertEqual(floatValues(c, "predicted_false").map { Int($0) }, [confusion[0][0], confusion[1][0]])
            XCTAssertEqual(floatValues(c, "predicted_true").map { Int($0) }, [confusion[0][1], confusion[1][1]])
            // The standalone metrics agree with evaluate().
            try eval("dd = d |> mutate(p = predict(m, d), cls = classify(m, d)) |> filter(not is_null(p))")
            assertRelative(try double("roc_auc(dd.churned, dd.p)"), number(metrics["roc_auc"]), 1e-9, "roc_auc()")
            assertRelative(try double("log_loss(dd.churned, dd.p)"), number(metrics["log_loss"]), 1e-9, "log_loss()")
            assertRelative(try double("accuracy(dd.churned, dd.cls)"), number(metrics["accuracy"]), 1e-12, "accuracy()")
            assertRelative(try double("precision(dd.churned, dd.cls)"), number(metrics["precision"]), 1e-12, "precision()")
            assertRelative(try double("recall(dd.churned, dd.cls)"), number(metrics["recall"]), 1e-12, "recall()")
            assertRelative(try double("f1(dd.churned, dd.cls)"), number(metrics["f1"]), 1e-12, "f1()")
        }
    }

    func testClassifyKeepsTheResponseType() throws {
        try eval("d = read_csv(\"marketing.csv\")\nm = logit(churned ~ spend + visits, data: d)")
        let c = try column("classify(m, d, threshold: 0.5)")
        XCTAssertEqual(c.type, .bool)
        let strict = try column("classify(m, d, threshold: 0.99)")
        XCTAssertEqual((0..<strict.count).filter { strict[$0] == .bool(true) }.count, 0)
        // Text responses: the later value in sorted order is the outcome modelled.
        try eval("d2 = d |> mutate(status = if_else(churned, \"lost\", \"kept\"))\nm2 = logit(status ~ spend + visits, data: d2)")
        let labels = try column("classify(m2, d2)")
        XCTAssertEqual(labels.type, .string)
        assertRelative(try double("m2.log_likelihood"), try double("m.log_likelihood"), 1e-12, "same fit for text labels")
        XCTAssertEqual(try frame("confusion(m2, d2)").names, ["actual", "predicted_kept", "predicted_lost"])
        // 0/1 numbers work too.
        try eval("d3 = d |> mutate(y = if_else(churned, 1, 0))")
        assertRelative(try double("logit(y ~ spend + visits, data: d3).log_likelihood"), try double("m.log_likelihood"), 1e-12, "0/1")
    }

    func testSummary() throws {
        try eval("d = read_csv(\"marketing.csv\")\nm = logit(churned ~ spend + visits + age + region, data: d)")
        guard case .object(let o) = try eval("m") else { return XCTFail("not an object") }
        let text = o.render(width: 100)
        for needle in ["Logit Regression Results", "Pseudo R-squ.:", "Log-Likelihood:", "LL-Null:", "LLR p-value:",
                       "P>|z|", "region[T.South]", "54 rows with nulls"] {
            XCTAssertTrue(text.contains(needle), "summary should contain '\(needle)':\n\(text)")
        }
    }
}
