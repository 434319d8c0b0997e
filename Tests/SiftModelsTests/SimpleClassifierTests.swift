import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// naive_bayes() and knn() against scikit-learn's GaussianNB and KNeighbors* (simple_classifiers.json).
final class SimpleClassifierTests: ModelTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try eval("d = read_csv(\"marketing.csv\") |> filter(not is_null(age))")
    }

    func testNaiveBayesAgainstScikitLearn() throws {
        let ref = try fixture("simple_classifiers.json")
        let nb = ref["naive_bayes"] as! [String: Any]
        try eval("m = naive_bayes(\(ref["formula"] as! String), data: d)")
        XCTAssertEqual(try double("m.train_accuracy"), number(nb["train_accuracy"]), accuracy: 1e-12)
        let p = try column("predict(m, d)")
        for (i, e) in (nb["proba_first"] as! [Any]).enumerated() { assertRelative(p[i].asDouble!, number(e), 1e-9, "probability \(i)") }
        let t = try frame("tidy(m)")
        XCTAssertEqual(stringValues(t, "class"), ["false", "true"])
        for (a, e) in zip(floatValues(t, "prior"), nb["priors"] as! [Any]) { assertRelative(a, number(e), 1e-12, "prior") }
        let means = nb["means"] as! [[Any]]
        for (c, row) in means.enumerated() {
            for (j, name) in ["spend", "visits", "age", "revenue"].enumerated() {
                assertRelative(floatValues(t, "mean_" + name)[c], number(row[j]), 1e-12, "mean of \(name)")
            }
        }
        guard case .object(let o) = try eval("m") else { return XCTFail() }
        XCTAssertTrue(o.render(width: 100).contains("Gaussian naive Bayes, 2 classes"))
        XCTAssertEqual(try column("classify(m, d)").type, .bool)
    }

    func testKNNAgainstScikitLearn() throws {
        let ref = try fixture("simple_classifiers.json")
        for case let r as [String: Any] in ref["knn"] as! [Any] {
            let k = r["k"] as! Int
            try eval("m = knn(\(ref["formula"] as! String), data: d, k: \(k))")
            XCTAssertEqual(try double("m.train_accuracy"), number(r["train_accuracy"]), accuracy: 1e-12, "k = \(k)")
            let p = try column("predict(m, d)")
            for (i, e) in (r["proba_first"] as! [Any]).enumerated() { XCTAssertEqual(p[i].asDouble!, number(e), accuracy: 1e-12, "k = \(k), row \(i)") }
        }
        let reg = ref["knn_regression"] as! [String: Any]
        try eval("r = knn(\(reg["formula"] as! String), data: d, k: \(reg["k"] as! Int))")
        assertRelative(try double("r.train_r_squared"), number(reg["train_r2"]), 1e-9, "knn regression R²")
        let p = try column("predict(r, d)")
        for (i, e) in (reg["predicted_first"] as! [Any]).enumerated() { assertRelative(p[i].asDouble!, number(e), 1e-12, "row \(i)") }
    }

    func testErrors() {
        assertFails("knn(churned ~ spend, data: d |> head(3), k: 5)", ["larger than the number of training rows"])
        assertFails("naive_bayes(churned ~ spend, data: d |> filter(churned))", ["single class"])
        assertFails("knn(churned ~ spend, data: d, k: 0)", ["at least 1"])
    }
}
