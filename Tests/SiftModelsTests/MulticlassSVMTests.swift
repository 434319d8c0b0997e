import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftModels
@testable import SiftRuntime

/// svm() with more than two classes against scikit-learn (svm_multiclass.json): LinearSVC's
/// one-vs-rest and SVC's one-vs-one on segments.csv (four text classes, split id <= 1000) and on
/// iris, plus libsvm's pairwise coupling of probabilities on its own.
final class MulticlassSVMTests: ModelTestCase {
    private func strings(_ c: Column) -> [String] { (0..<c.count).map { ScalarFormat.plain(c[$0]) } }

    func testAgainstScikitLearnOnAHeldOutSplit() throws {
        let ref = try fixture("svm_multiclass.json")
        try eval("""
        d = read_csv("segments.csv")
        train = d |> filter(id <= 1000)
        test = d |> filter(id > 1000)
        """)
        XCTAssertEqual(try double("nrow(train)"), number(ref["train_rows"]))
        XCTAssertEqual(try double("nrow(test)"), number(ref["test_rows"]))
        for case let m as [String: Any] in ref["models"] as! [Any] {
            let name = m["name"] as! String
            try eval("s = svm(\(m["formula"] as! String), data: train, \(m["options"] as! String))")
            XCTAssertEqual(session.display.inline(try eval("s.classes")), session.display.inline(try eval("\(m["classes"] as! [String])")), name)
            // Accuracy within half a point of scikit-learn's on the same rows.
            XCTAssertEqual(try double("s.train_accuracy"), number(m["train_accuracy"]), accuracy: 0.005, "\(name): training accuracy")
            let test = floatValues(try frame("evaluate(s, test)"), "value")[0]
            XCTAssertEqual(test, number(m["test_accuracy"]), accuracy: 0.005, "\(name): test accuracy")
            // The class of almost every test row agrees.
            let mine = strings(try column("classify(s, test)")), theirs = m["test_predictions"] as! [String]
            XCTAssertEqual(mine.count, theirs.count)
            let agree = Double(zip(mine, theirs).filter { $0 == $1 }.count) / Double(theirs.count)
            XCTAssertGreaterThanOrEqual(agree, 0.98, "\(name): predictions agree on \(agree)")
            XCTAssertEqual(strings(try column("predict(s, test)")), mine, "\(name): predict gives the classes")
            // decision_function (the "ovr" shape) on the first test rows.
            let dv = try frame("decision_values(s, test |> head(5))")
            XCTAssertEqual(dv.names, m["classes"] as! [String])
            for (i, row) in (m["decision_first"] as! [[Any]]).enumerated() {
                for (j, e) in row.enumerated() {
                    XCTAssertEqual(dv.columns[j][i].asDouble!, number(e), accuracy: 0.02 * max(1, abs(number(e))), "\(name): decision value \(i), \(j)")
                }
            }
            if let ovo = m["decision_ovo_first"] as? [[Any]] {
                let pv = try frame("decision_values(s, test |> head(5), shape: \"ovo\")")
                XCTAssertEqual(pv.names.first, "bronze_vs_gold")
                XCTAssertEqual(pv.columns.count, 6)
                for (i, row) in ovo.enumerated() {
                    for (j, e) in row.enumerated() {
                        XCTAssertEqual(pv.columns[j][i].asDouble!, number(e), accuracy: 0.02 * max(1, abs(number(e))), "\(name): pairwise value \(i), \(j)")
                    }
                }
            }
            if let coef = m["coef"] as? [[Any]] {
                let t = try frame("tidy(s)")
                for (c, label) in (m["classes"] as! [String]).enumerated() {
                    for (a, e) in zip(floatValues(t, "weight_" + label), coef[c]) {
                        XCTAssertEqual(a, number(e), accuracy: 1e-3 * max(0.1, abs(number(e))), "\(name): weight of \(label)")
                    }
                }
            }
            if let sv = m["support_vectors"] as? Int {
                XCTAssertEqual(try double("s.support_vectors"), Double(sv), accuracy: Double(sv) * 0.02, "\(name): support vectors")
            }
            // Probabilities: the cross-validation folds differ from scikit-learn's, so the sigmoids
            // differ a little; the coupling itself is checked exactly in testCouplingMatchesLibsvm.
            let pr = try frame("probabilities(s, test |> head(5))")
            for (i, row) in (m["proba_first"] as! [[Any]]).enumerated() {
                for (j, e) in row.enumerated() {
                    XCTAssertEqual(pr.columns[j][i].asDouble!, number(e), accuracy: 0.03, "\(name): probability \(i), \(j)")
                }
            }
        }
    }

    func testIrisTrainingFit() throws {
        let ref = try fixture("svm_multiclass.json")
        try eval("iris = read_csv(\"iris.csv\")")
        for case let m as [String: Any] in ref["iris"] as! [Any] {
            let name = m["name"] as! String
            try eval("s = svm(species ~ ., data: iris, \(m["options"] as! String))")
            XCTAssertEqual(try double("s.train_accuracy"), number(m["train_accuracy"]), accuracy: 1e-9, "iris \(name)")
            let mine = strings(try column("classify(s, iris)")), theirs = m["test_predictions"] as! [String]
            XCTAssertEqual(zip(mine, theirs).filter { $0 != $1 }.count, 0, "iris \(name): predictions")
        }
    }

    func testCouplingMatchesLibsvm() throws {
        // libsvm's pairwise sigmoids on scikit-learn's own decision values, coupled here, must
        // give predict_proba to rounding.
        let ref = try fixture("svm_multiclass.json")
        for case let m as [String: Any] in ref["models"] as! [Any] {
            guard let c = m["coupling"] as? [String: Any] else { continue }
            let a = (c["prob_a"] as! [Any]).map(number), b = (c["prob_b"] as! [Any]).map(number)
            let k = (m["classes"] as! [String]).count
            for (row, expected) in zip(c["decision_ovo"] as! [[Any]], c["proba"] as! [[Any]]) {
                var r = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
                var pair = 0
                for i in 0..<k {
                    for j in (i + 1)..<k {
                        let z = number(row[pair]) * a[pair] + b[pair]
                        let s = z >= 0 ? exp(-z) / (1 + exp(-z)) : 1 / (1 + exp(z))
                        r[i][j] = min(max(s, 1e-7), 1 - 1e-7)
                        r[j][i] = 1 - r[i][j]
                        pair += 1
                    }
                }
                let p = MulticlassSVM.coupled(pairwise: r)
                for (x, e) in zip(p, expected) { XCTAssertEqual(x, number(e), accuracy: 1e-6, "\(m["name"]!): coupled probability") }
            }
        }
        // Consistent pairwise probabilities r_ij = p_i / (p_i + p_j) give back p.
        let truth = [0.5, 0.2, 0.2, 0.1]
        let r = truth.map { pi in truth.map { pj in pi / (pi + pj) } }
        for (x, e) in zip(MulticlassSVM.coupled(pairwise: r), truth) { XCTAssertEqual(x, e, accuracy: 1e-3) }
    }

    func testTextAndNumberLabels() throws {
        try eval("""
        d = read_csv("segments.csv") |> head(400)
        lin = svm(segment ~ x1 + x2 + x3 + x4 + x5, data: d)
        rbf = svm(segment ~ x1 + x2 + x3 + x4 + x5, data: d, kernel: "rbf")
        """)
        for model in ["lin", "rbf"] {
            let predicted = try column("predict(\(model), d)")
            XCTAssertEqual(predicted.type, .string)
            XCTAssertTrue(Set(strings(predicted)).isSubset(of: ["bronze", "gold", "platinum", "silver"]))
            XCTAssertEqual(strings(try column("classify(\(model), d)")), strings(predicted))
            // Probabilities are a distribution over the classes.
            let p = try frame("probabilities(\(model), d)")
            XCTAssertEqual(p.names, ["bronze", "gold", "platinum", "silver"])
            for i in 0..<p.rowCount {
                let row = p.columns.map { $0[i].asDouble! }
                XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-9)
                XCTAssertTrue(row.allSatisfy { $0 > 0 && $0 < 1 })
            }
            XCTAssertEqual(stringValues(try frame("evaluate(\(model), d)"), "metric"), ["accuracy", "n"])
            let c = try frame("confusion(\(model), d)")
            XCTAssertEqual(c.names, ["actual", "predicted_bronze", "predicted_gold", "predicted_platinum", "predicted_silver"])
            XCTAssertEqual(try double("glance(\(model)).classes[0]"), 4)
        }
        XCTAssertEqual(try double("glance(lin).binary_models[0]"), 4)
        XCTAssertEqual(try double("glance(rbf).binary_models[0]"), 6)
        // One-vs-rest: the class is the largest decision value.
        let dv = try frame("decision_values(lin, d)"), classes = strings(try column("classify(lin, d)"))
        for i in 0..<dv.rowCount {
            let row = dv.columns.map { $0[i].asDouble! }
            XCTAssertEqual(dv.names[row.indices.max { row[$0] < row[$1] }!], classes[i])
        }
        // Whole-number labels come back as numbers.
        try eval("d2 = d |> mutate(code = if_else(segment == \"bronze\", 1, if_else(segment == \"gold\", 2, 3)))\nk = svm(code ~ x1 + x2 + x3, data: d2, kernel: \"rbf\")")
        let codes = try column("predict(k, d2)")
        XCTAssertEqual(codes.type, .int)
        XCTAssertTrue(Set((0..<codes.count).compactMap { codes[$0].asDouble }).isSubset(of: [1, 2, 3]))
        XCTAssertEqual(try frame("probabilities(k, d2)").names, ["1", "2", "3"])
    }

    func testPrinting() throws {
        try eval("iris = read_csv(\"iris.csv\")")
        let linear = session.display.render(try eval("svm(species ~ ., data: iris)"))
        XCTAssertTrue(linear.contains("linear (dual coordinate descent), one-vs-rest over 3 classes, n = 150"), linear)
        XCTAssertTrue(linear.contains("weight_setosa") && linear.contains("weight_virginica"), linear)
        XCTAssertTrue(linear.contains("probabilities: Platt scaling per class, normalised to sum to 1"), linear)
        let rbf = session.display.render(try eval("svm(species ~ ., data: iris, kernel: \"rbf\")"))
        XCTAssertTrue(rbf.contains("RBF kernel, gamma 0.25, one-vs-one over 3 classes (3 pairwise models), n = 150, 51 support vectors"), rbf)
        XCTAssertTrue(rbf.contains("versicolor vs virginica"), rbf)
        XCTAssertTrue(rbf.contains("coupled as Wu, Lin & Weng (2004)"), rbf)
    }

    func testTwoClassesKeepTheirOutputs() throws {
        try eval("d = read_csv(\"marketing.csv\") |> filter(not is_null(age)) |> head(300)\ns = svm(churned ~ spend + visits + age, data: d)")
        XCTAssertEqual(try frame("glance(s)").names, ["support_vectors", "iterations", "platt_a", "platt_b", "train_accuracy", "n", "dropped"])
        XCTAssertEqual(try frame("tidy(s)").names, ["term", "mean", "scale", "weight"])
        XCTAssertEqual(try column("predict(s, d)").type, .float)
        XCTAssertEqual(try column("decision_values(s, d)").type, .float)
        XCTAssertEqual(try frame("probabilities(s, d)").names, ["false", "true"])
        let render = session.display.render(try eval("s"))
        XCTAssertFalse(render.contains("one-vs"), render)
        XCTAssertTrue(render.contains("probabilities: Platt scaling, A = "), render)
    }

    func testErrors() {
        _ = try? eval("d = read_csv(\"segments.csv\") |> head(200)\nlin = svm(segment ~ x1 + x2, data: d)")
        assertFails("decision_values(lin, d, shape: \"ovo\")", ["kernel svm with more than two classes"])
        assertFails("decision_values(lin, d, shape: \"pairs\")", ["unknown shape"])
        assertFails("probabilities(decision_tree(x1 ~ x2, data: d), d)", ["needs a classifier", "regression"])
        assertFails("probabilities(lm(x1 ~ x2, data: d), d)", ["needs a classifier"])
        assertFails("svm(segment ~ x1, data: d |> mutate(segment = date(\"2024-01-01\")))", ["use true/false, text or numbers"])
    }

    func testFittingStopsWhenCancelled() {
        var rng = SplitMix64(seed: 3)
        let x = (0..<600).map { _ in rng.nextDouble() }
        let y = (0..<300).map { $0 % 3 }
        defer { Cancellation.reset() }
        let binary = y.map { $0 == 0 ? 1.0 : -1.0 }
        let fits: [() throws -> Void] = [
            { _ = try MulticlassSVM.linear(x: x, classes: y, classCount: 3, features: 2, options: SVM.Options()) },
            { _ = try MulticlassSVM.kernel(x: x, classes: y, classCount: 3, features: 2, kernel: .rbf(gamma: 1), options: SVM.Options()) },
            // The binary solvers poll inside their loops (per epoch, per SMO step).
            { _ = try SVM.linear(x: x, y: binary, features: 2, options: SVM.Options()) },
            { _ = try SVM.kernel(x: x, y: binary, features: 2, kernel: .rbf(gamma: 1), options: SVM.Options()) },
        ]
        for fit in fits {
            Cancellation.request(reason: "stopped by the test")
            XCTAssertThrowsError(try fit()) { e in XCTAssertEqual((e as? Cancelled)?.reason, "stopped by the test") }
            XCTAssertFalse(Cancellation.isRequested, "the request is consumed")
        }
        // Without a request the same fit completes.
        XCTAssertNoThrow(try MulticlassSVM.linear(x: x, classes: y, classCount: 3, features: 2, options: SVM.Options()))
    }
}
