import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftModels
@testable import SiftRuntime

/// decision_tree() against scikit-learn's DecisionTreeClassifier/Regressor with the same settings
/// (Tests/fixtures/models/trees.json), and random_forest() behaviour.
final class TreeTests: ModelTestCase {
    func testSameTrainingScoreAsScikitLearn() throws {
        let ref = try fixture("trees.json")
        let trees = ref["trees"] as! [[String: Any]]
        XCTAssertEqual(trees.count, 9)
        try eval("d = read_csv(\"marketing.csv\") |> filter(not is_null(age))")
        for t in trees {
            let formula = t["formula"] as! String, criterion = t["criterion"] as! String
            let depth = t["max_depth"] as! Int, leaf = t["min_samples_leaf"] as! Int
            try eval("m = decision_tree(\(formula), data: d, max_depth: \(depth), min_samples_leaf: \(leaf), criterion: \"\(criterion)\")")
            let g = glanceRow(try frame("glance(m)"))
            let what = "\(formula) \(criterion) depth \(depth) leaf \(leaf)"
            if t["kind"] as! String == "classifier" {
                XCTAssertEqual(g["train_accuracy"]!, number(t["train_accuracy"]), accuracy: 1e-12, what)
            } else {
                assertRelative(g["train_r_squared"]!, number(t["train_r2"]), 1e-9, what)
            }
            XCTAssertEqual(g["n"]!, number(ref["rows"]))
            // Same tree, same importances. (Deeper trees meet exact ties between correlated features,
            // which scikit-learn breaks by a random feature order; the accuracy still agrees.)
            let imp = try frame("tidy(m)")
            XCTAssertEqual(floatValues(imp, "importance").reduce(0, +), 1, accuracy: 1e-9)
            if depth > 4 { continue }
            let expected = t["importances"] as! [String: Any]
            for (name, value) in zip(stringValues(imp, "term"), floatValues(imp, "importance")) {
                XCTAssertEqual(value, number(expected[name]), accuracy: 1e-9, "\(what): importance of \(name)")
            }
        }
    }

    func testPrintingAndCategoricalSplits() throws {
        try eval("d = read_csv(\"marketing.csv\")\nm = decision_tree(revenue ~ region + spend, data: d, max_depth: 3)")
        guard case .object(let o) = try eval("m") else { return XCTFail() }
        let text = o.render(width: 100)
        for needle in ["decision tree: revenue ~ region + spend", "regression, squared_error, depth 3", "all rows (n = 1500)",
                       "├─ spend <=", "└─ spend >", "feature importances: spend"] {
            XCTAssertTrue(text.contains(needle), "missing '\(needle)' in\n\(text)")
        }
        // A categorical split reads as a comparison with a level.
        try eval("d2 = d |> mutate(big = region == \"South\")\nm2 = decision_tree(big ~ region, data: d2, max_depth: 1)")
        guard case .object(let o2) = try eval("m2") else { return XCTFail() }
        XCTAssertTrue(o2.render(width: 100).contains("region != South  → false (100%"), o2.render(width: 100))
        XCTAssertEqual(try double("glance(m2).train_accuracy[0]"), 1)
    }

    func testClassifyPredictAndMultiClass() throws {
        try eval("d = read_csv(\"marketing.csv\")\nm = decision_tree(churned ~ spend + visits, data: d, max_depth: 3)")
        let p = try column("predict(m, d)")
        XCTAssertEqual(p.type, .float)
        XCTAssertTrue((0..<p.count).allSatisfy { (p[$0].asDouble ?? 0) >= 0 && (p[$0].asDouble ?? 0) <= 1 })
        XCTAssertEqual(try column("classify(m, d)").type, .bool)
        try eval("r = decision_tree(region ~ spend + revenue + age, data: d, max_depth: 3)")
        let labels = try column("predict(r, d)")
        XCTAssertEqual(labels.type, .string)
        XCTAssertTrue(Set((0..<labels.count).compactMap { if case .string(let s) = labels[$0] { return s }; return nil }).isSubset(of: ["East", "North", "South", "West"]))
        let e = try frame("evaluate(r, d)")
        XCTAssertEqual(stringValues(e, "metric"), ["accuracy", "n"])
        let c = try frame("confusion(r, d)")
        XCTAssertEqual(c.names, ["actual", "predicted_East", "predicted_North", "predicted_South", "predicted_West"])
        XCTAssertEqual(floatValues(c, "predicted_East").reduce(0, +) + floatValues(c, "predicted_North").reduce(0, +)
                       + floatValues(c, "predicted_South").reduce(0, +) + floatValues(c, "predicted_West").reduce(0, +), 1446)
    }

    func testRandomForestIsSeededAndSensible() throws {
        try eval("""
        d = read_csv("marketing.csv")
        train, test = split(d, 0.8, seed: 42)
        f1 = random_forest(churned ~ spend + visits + age + revenue + region, data: train, trees: 40, seed: 1)
        f2 = random_forest(churned ~ spend + visits + age + revenue + region, data: train, trees: 40, seed: 1)
        f3 = random_forest(churned ~ spend + visits + age + revenue + region, data: train, trees: 40, seed: 2)
        """)
        let p1 = try column("predict(f1, test)"), p2 = try column("predict(f2, test)"), p3 = try column("predict(f3, test)")
        XCTAssertEqual((0..<p1.count).map { p1[$0] }, (0..<p2.count).map { p2[$0] }, "same seed, same forest")
        XCTAssertNotEqual((0..<p1.count).map { p1[$0] }, (0..<p3.count).map { p3[$0] })
        let g = glanceRow(try frame("glance(f1)"))
        XCTAssertEqual(g["trees"], 40)
        XCTAssertGreaterThan(g["oob_score"]!, 0.5)
        XCTAssertGreaterThan(g["train_accuracy"]!, g["oob_score"]!)
        let imp = floatValues(try frame("tidy(f1)"), "importance")
        XCTAssertEqual(imp.reduce(0, +), 1, accuracy: 1e-9)
        let e = try frame("evaluate(f1, test)")
        XCTAssertGreaterThan(floatValues(e, "value")[4], 0.55, "ROC AUC on the test set")
        // Regression forest.
        try eval("rf = random_forest(revenue ~ spend + visits + age, data: train, trees: 30, seed: 3)")
        XCTAssertGreaterThan(try double("glance(rf).oob_score[0]"), 0.7)
        XCTAssertGreaterThan(floatValues(try frame("evaluate(rf, test)"), "value")[2], 0.7)
    }

    func testTreeErrors() {
        try? eval("d = read_csv(\"marketing.csv\")")
        assertFails("decision_tree(churned ~ spend, data: d, criterion: \"gain\")", ["unknown criterion"])
        assertFails("decision_tree(revenue ~ spend, data: d, criterion: \"gini\")", ["too many classes", "squared_error"])
        assertFails("decision_tree(churned ~ spend, data: d |> filter(churned))", ["single class"])
        assertFails("decision_tree(churned ~ spend, data: d, max_depth: 0)", ["at least 1"])
        assertFails("random_forest(churned ~ spend, data: d, trees: 0)", ["between 1"])
        assertFails("decision_tree(churned ~ spnd, data: d)", ["'spnd'", "spend"])
    }

    func testPureTreeOnXor() throws {
        // XOR needs two levels; a depth-2 tree separates it perfectly.
        let a: [Double] = [0, 0, 1, 1, 0, 0, 1, 1], b: [Double] = [0, 1, 0, 1, 0, 1, 0, 1]
        let y: [Double] = zip(a, b).map { $0 != $1 ? 1 : 0 }
        let tree = DecisionTree(x: Matrix(rows: 8, cols: 2, data: a + b), y: y, classCount: 2, options: {
            var o = DecisionTree.Options(criterion: .gini); o.maxDepth = 2; return o }())
        let x = Matrix(rows: 8, cols: 2, data: a + b)
        for i in 0..<8 { XCTAssertEqual(tree.predict(x, row: i)[1], y[i]) }
    }
}
