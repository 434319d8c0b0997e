import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftModels
@testable import SiftRuntime

/// svm() against scikit-learn's LinearSVC and SVC on the same split (svm.json): accuracy within
/// 0.5 points, linear weights and decision values close.
final class SVMTests: ModelTestCase {
    func testAgainstScikitLearn() throws {
        let ref = try fixture("svm.json")
        try eval("""
        d = read_csv("marketing.csv") |> filter(not is_null(age))
        train = d |> filter(customer_id <= 1100)
        test = d |> filter(customer_id > 1100)
        """)
        XCTAssertEqual(try double("nrow(train)"), number(ref["train_rows"]))
        for case let m as [String: Any] in ref["models"] as! [Any] {
            let name = m["name"] as! String
            try eval("s = svm(\(m["formula"] as! String), data: train, \(m["options"] as! String))")
            let train = try double("s.train_accuracy")
            let test = floatValues(try frame("evaluate(s, test)"), "value")[0]
            XCTAssertEqual(train, number(m["train_accuracy"]), accuracy: 0.005, "\(name): training accuracy")
            XCTAssertEqual(test, number(m["test_accuracy"]), accuracy: 0.005, "\(name): test accuracy")
            let dv = try column("decision_values(s, test)")
            for (i, e) in (m["decision_first"] as! [Any]).enumerated() {
                XCTAssertEqual(dv[i].asDouble!, number(e), accuracy: 0.02 * max(1, abs(number(e))), "\(name): decision value \(i)")
            }
            if let coef = m["coef"] as? [Any] {
                let t = try frame("tidy(s)")
                for (a, e) in zip(floatValues(t, "weight"), coef) { XCTAssertEqual(a, number(e), accuracy: 1e-3 * max(0.1, abs(number(e))), "\(name): weight") }
            }
            if let sv = m["support_vectors"] as? Int {
                XCTAssertEqual(try double("s.support_vectors"), Double(sv), accuracy: Double(sv) * 0.02, "\(name): support vectors")
            }
        }
    }

    func testClassesFollowTheDecisionSign() throws {
        try eval("d = read_csv(\"marketing.csv\") |> filter(not is_null(age)) |> head(400)\ns = svm(churned ~ spend + visits + age, data: d, kernel: \"rbf\")")
        let out = try frame("d |> mutate(dv = decision_values(s, d), c = classify(s, d), p = predict(s, d))")
        let dv = floatValues(out, "dv"), c = try out.column("c"), p = floatValues(out, "p")
        for i in 0..<out.rowCount {
            XCTAssertEqual(c[i], .bool(dv[i] >= 0))
            XCTAssertTrue(p[i] > 0 && p[i] < 1)
        }
        // Probabilities rise with the decision value (Platt's sigmoid).
        let pairs = zip(dv, p).sorted { $0.0 < $1.0 }
        XCTAssertTrue(zip(pairs, pairs.dropFirst()).allSatisfy { $0.1 <= $1.1 + 1e-12 })
    }

    func testErrors() {
        try? eval("d = read_csv(\"marketing.csv\")")
        assertFails("svm(churned ~ spend, data: d |> filter(churned))", ["single class"])
        assertFails("svm(churned ~ spend, data: d, kernel: \"sigmoidal\")", ["unknown kernel"])
        assertFails("svm(churned ~ spend, data: d, C: 0)", ["C must be positive"])
        assertFails("svm(churned ~ spend, data: d, loss: \"log\")", ["unknown loss"])
        assertFails("decision_values(lm(revenue ~ spend, data: d), d)", ["svm or logit"])
    }

    func testPlattScalingMatchesLogisticRegression() throws {
        // Platt's fit is a logistic regression of the label on the decision value, with targets
        // shrunk by 1/(N+2); on 20,000 points that shrinkage is negligible, so A and B must agree
        // with logit()'s slope and intercept (of the opposite sign).
        var rng = SplitMix64(seed: 9)
        var f: [Double] = [], y: [Double] = []
        for _ in 0..<20_000 {
            let v = rng.nextDouble() * 6 - 3
            f.append(v)
            y.append(rng.nextDouble() < 1 / (1 + exp(-2 * v)) ? 1 : -1)
        }
        let (a, b) = SVM.platt(decisions: f, labels: y)
        let frame = try Frame(columns: [Column(name: "f", storage: .float(f)), Column(name: "y", storage: .bool(y.map { $0 > 0 }))])
        session.interpreter.globals.set("pf", .frame(frame))
        let t = try self.frame("tidy(logit(y ~ f, data: pf))")
        let coef = floatValues(t, "estimate")
        XCTAssertEqual(a, -coef[1], accuracy: 5e-3)
        XCTAssertEqual(b, -coef[0], accuracy: 5e-3)
        XCTAssertEqual(a, -2, accuracy: 0.1)
    }
}
