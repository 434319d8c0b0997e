import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// lm(…, penalty:) and logit(…, penalty:) against scikit-learn's Ridge, Lasso, ElasticNet and
/// LogisticRegression (penalized.json, from scripts/make_model_fixtures_17.py): coefficients to 1e-6.
final class PenalizedModelTests: ModelTestCase {
    func check(_ section: String, _ call: String) throws {
        let ref = try fixture("penalized.json")
        try eval("d = read_csv(\"marketing.csv\")")
        for case let m as [String: Any] in ref[section] as! [Any] {
            let options = m["options"] as! String
            try eval("m = \(call)(\(m["formula"] as! String), data: d, \(options))")
            let t = try frame("tidy(m)")
            let names = stringValues(t, "term"), estimates = floatValues(t, "estimate")
            let params = m["params"] as! [String: Any]
            XCTAssertEqual(Set(names), Set(params.keys), options)
            for (name, estimate) in zip(names, estimates) {
                let expected = number(params[name])
                // Relative to the coefficient, with a floor for exact zeros of the lasso.
                XCTAssertEqual(estimate, expected, accuracy: 1e-6 * max(abs(expected), 1e-3), "\(options): \(name)")
            }
            XCTAssertEqual(try double("m.n"), number(m["n"]), options)
            let firstKey = section == "linear" ? "first_predictions" : "first_probabilities"
            let p = try column("predict(m, d |> filter(not is_null(age)) |> head(5))")
            for (i, e) in (m[firstKey] as! [Any]).enumerated() {
                XCTAssertEqual(p[i].asDouble!, number(e), accuracy: 1e-6 * max(1, abs(number(e))), "\(options): prediction \(i)")
            }
        }
    }

    func testLinearMatchesScikitLearn() throws { try check("linear", "lm") }
    func testLogisticMatchesScikitLearn() throws { try check("logit", "logit") }

    func testLassoZeroesAndRidgeShrinks() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        let big = try frame("tidy(lm(revenue ~ spend + visits + age + region, data: d, penalty: \"l1\", alpha: 1e6))")
        // A huge alpha leaves only the intercept (the mean of y).
        XCTAssertEqual(floatValues(big, "estimate").dropFirst().filter { $0 != 0 }.count, 0)
        XCTAssertEqual(try double("lm(revenue ~ spend, data: d, penalty: \"l1\", alpha: 1e6).nonzero"), 0)
        let ols = try double("lm(revenue ~ spend + visits, data: d).coef.visits")
        let ridge = try double("lm(revenue ~ spend + visits, data: d, penalty: \"l2\", alpha: 1e5).coef.visits")
        XCTAssertLessThan(abs(ridge), abs(ols))
    }

    func testClassifierFunctionsAcceptPenalizedLogit() throws {
        try eval("""
        d = read_csv("marketing.csv")
        m = logit(churned ~ spend + visits + age, data: d, penalty: "l2")
        """)
        let p = try frame("probabilities(m, d)")
        XCTAssertEqual(p.names, ["false", "true"])
        let c = try column("classify(m, d, threshold: 0.5)")
        XCTAssertEqual(c.type, .bool)
        let e = try frame("evaluate(m, d)")
        XCTAssertEqual(stringValues(e, "metric").first, "accuracy")
        XCTAssertEqual(try frame("confusion(m, d)").rowCount, 2)
        XCTAssertEqual(try column("decision_values(m, d |> head(3))").count, 3)
        let cv = try frame("cross_validate(logit(churned ~ spend + visits, data: d, penalty: \"l1\", c: 0.1, standardize: true), folds: 3)")
        XCTAssertEqual(cv.rowCount, 3)
    }

    func testErrors() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        assertFails("lm(revenue ~ spend, data: d, penalty: \"l3\")", ["unknown penalty"])
        assertFails("lm(revenue ~ spend, data: d, alpha: 1)", ["alpha", "penalty"])
        assertFails("lm(revenue ~ spend, data: d, penalty: \"l1\", alpha: 0)", ["alpha must be a positive"])
        assertFails("lm(revenue ~ spend, data: d, penalty: \"l1\", alpha: -1)", ["alpha must be a positive"])
        assertFails("lm(revenue ~ spend, data: d, penalty: \"l2\", l1_ratio: 0.5)", ["elasticnet"])
        assertFails("lm(revenue ~ spend, data: d, penalty: \"elasticnet\", l1_ratio: 1.5)", ["between 0 and 1"])
        assertFails("lm(revenue ~ spend, data: d, penalty: \"l2\", weights: weight)", ["weights"])
        assertFails("lm(revenue ~ spend, data: d, penalty: \"l2\", standardize: 1)", ["true or false"])
        assertFails("lm(revenue ~ spend, data: d, penalty: 2)", ["penalty"])
        assertFails("logit(churned ~ spend, data: d, c: 1)", ["penalty"])
        assertFails("logit(churned ~ spend, data: d, penalty: \"l2\", c: 0)", ["positive"])
        assertFails("logit(churned ~ spend, data: d, penalty: \"l2\", c: 1, C: 2)", ["once"])
        assertFails("logit(churned ~ spend, data: d |> filter(churned), penalty: \"l2\")", ["single class"])
        assertFails("lm(revenue ~ 1, data: d, penalty: \"l2\")", ["at least one term"])
    }
}

/// tune() and regularization_path() refit the model call; their numbers must equal cross_validate's
/// and the single fits'.
final class TuningTests: ModelTestCase {
    func testTuneAgreesWithCrossValidate() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        let t = try frame("tune(lm(revenue ~ spend + visits + region, data: d, penalty: \"l1\"), grid: {alpha: [0.01, 1, 100]}, folds: 4, seed: 3)")
        XCTAssertEqual(t.names, ["alpha", "mean_rmse", "sd_rmse", "rank"])
        XCTAssertEqual(t.rowCount, 3)
        let cv = try frame("cross_validate(lm(revenue ~ spend + visits + region, data: d, penalty: \"l1\", alpha: 100), folds: 4, seed: 3)")
        let rmse = floatValues(cv, "rmse")
        XCTAssertEqual(floatValues(t, "mean_rmse")[2], rmse.reduce(0, +) / 4, accuracy: 1e-12)
        // A strong lasso on revenue fits worse than a weak one.
        XCTAssertEqual(floatValues(t, "rank")[2], 3)
        let g = try frame("tune(logit(churned ~ spend + visits + age, data: d, penalty: \"elasticnet\"), grid: {c: [0.01, 1], l1_ratio: [0, 1]}, folds: 3, metric: \"roc_auc\")")
        XCTAssertEqual(g.names, ["c", "l1_ratio", "mean_roc_auc", "sd_roc_auc", "rank"])
        XCTAssertEqual(g.rowCount, 4)
        XCTAssertEqual(Set(floatValues(g, "rank")), [1, 2, 3, 4])
    }

    func testRegularizationPath() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        let p = try frame("regularization_path(lm(revenue ~ spend + visits, data: d, penalty: \"l2\"), alpha: [1, 1000])")
        XCTAssertEqual(p.names, ["alpha", "term", "estimate"])
        XCTAssertEqual(p.rowCount, 6)
        let single = try double("lm(revenue ~ spend + visits, data: d, penalty: \"l2\", alpha: 1000).coef.visits")
        XCTAssertEqual(floatValues(p, "estimate")[5], single)
        let q = try frame("regularization_path(logit(churned ~ spend, data: d, penalty: \"l2\", C: 5), c: [0.1, 1])")
        XCTAssertEqual(q.rowCount, 4)
    }

    func testErrors() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        assertFails("tune(lm(revenue ~ spend, data: d, penalty: \"l1\"))", ["grid"])
        assertFails("tune(lm(revenue ~ spend, data: d, penalty: \"l1\"), grid: [1, 2])", ["record"])
        assertFails("tune(lm(revenue ~ spend, data: d, penalty: \"l1\"), grid: {alpha: 1})", ["list"])
        assertFails("tune(lm(revenue ~ spend, data: d, penalty: \"l1\"), grid: {alpah: [1]})", ["no option"])
        assertFails("tune(lm(revenue ~ spend, data: d, penalty: \"l1\"), grid: {alpha: [1]}, metric: \"auc\")", ["unknown metric"])
        assertFails("tune(lm(revenue ~ spend, data: d, penalty: \"l1\"), grid: {alpha: [-1]})", ["alpha must be a positive"])
        assertFails("tune(lm(revenue ~ spend, data: d, penalty: \"l1\"), grid: {alpha: [1]}, folds: 1)", ["folds"])
        assertFails("tune(42, grid: {alpha: [1]})", ["model call"])
        assertFails("regularization_path(lm(revenue ~ spend, data: d), alpha: [1])", ["penalty"])
        assertFails("regularization_path(lm(revenue ~ spend, data: d, penalty: \"l1\"))", ["alpha"])
    }
}
