import XCTest
import SiftFrame
import SiftLanguage
import SiftModels
@testable import SiftRuntime

/// boosted_trees() against scikit-learn's HistGradientBoosting (boosting.json) on the same five
/// folds of two public data sets scikit-learn ships: mean accuracy within one point; a regression
/// (diabetes) within 0.03 of its R².
final class BoostedTreesTests: ModelTestCase {
    func testAccuracyMatchesHistGradientBoosting() throws {
        let ref = try fixture("boosting.json")
        for case let d as [String: Any] in ref["data"] as! [Any] {
            let file = d["data"] as! String, response = d["response"] as! String
            try eval("d = read_csv(\"\(file)\")")
            var scores: [Double] = []
            for k in 1...5 {
                try eval("m = boosted_trees(\(response) ~ . - fold, data: d |> filter(fold != \(k)))")
                let e = try frame("evaluate(m, d |> filter(fold == \(k)))")
                let metric = d["metric"] as! String
                scores.append(floatValues(e, "value")[stringValues(e, "metric").firstIndex(of: metric)!])
            }
            let mean = scores.reduce(0, +) / 5
            let tolerance = d["classification"] as! Bool ? 0.01 : 0.03
            XCTAssertEqual(mean, number(d["mean"]), accuracy: tolerance, "\(file): Sift \(scores) vs scikit-learn \(d["fold_scores"]!)")
        }
    }

    func testEarlyStoppingImportancesAndDeterminism() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        try eval("m = boosted_trees(churned ~ spend + visits + age + region, data: d, early_stopping: true, trees: 500, learning_rate: 0.3)")
        XCTAssertLessThan(try double("m.iterations"), 500)
        XCTAssertGreaterThan(try double("m.validation_loss"), 0)
        let t = try frame("tidy(m)")
        XCTAssertEqual(floatValues(t, "importance").reduce(0, +), 1, accuracy: 1e-9)
        XCTAssertEqual(Set(stringValues(t, "term")), ["spend", "visits", "age", "region"])
        let a = try column("predict(boosted_trees(revenue ~ spend + visits, data: d, subsample: 0.5, seed: 3, trees: 20), d)")
        let b = try column("predict(boosted_trees(revenue ~ spend + visits, data: d, subsample: 0.5, seed: 3, trees: 20), d)")
        let c = try column("predict(boosted_trees(revenue ~ spend + visits, data: d, subsample: 0.5, seed: 4, trees: 20), d)")
        XCTAssertEqual((0..<a.count).map { a[$0] }, (0..<b.count).map { b[$0] })
        XCTAssertNotEqual((0..<a.count).map { a[$0] }, (0..<c.count).map { c[$0] })
        // Regression: more trees fit the training data better.
        XCTAssertGreaterThan(try double("boosted_trees(revenue ~ spend + visits, data: d, trees: 50).train_r_squared"),
                             try double("boosted_trees(revenue ~ spend + visits, data: d, trees: 2).train_r_squared"))
        XCTAssertEqual(try frame("probabilities(boosted_trees(region ~ spend + revenue, data: d, trees: 5), d)").names, ["East", "North", "South", "West"])
        XCTAssertLessThanOrEqual(try double("boosted_trees(revenue ~ spend + visits, data: d, trees: 5, max_depth: 2, max_leaf_nodes: 3).n"), 1500)
    }

    /// The fit returns its final raw scores so the training score need not walk every tree again:
    /// they must be exactly what predictAll computes from the saved trees, for grown rows (scored
    /// from their leaves), validation rows and rows left out by subsample (scored through the
    /// tree), and for every loss.
    func testFitScoresEqualPredictAll() throws {
        let n = 12_000, p = 3
        // A deterministic pseudo-random design (an LCG), with ties and a coarse column.
        var state: UInt64 = 12345
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        var data = [Double](repeating: 0, count: n * p)
        for i in 0..<n { data[i] = next(); data[n + i] = (next() * 20).rounded(); data[2 * n + i] = next() * next() }
        let x = Matrix(rows: n, cols: p, data: data)
        let signal = (0..<n).map { data[$0] + 0.1 * data[n + $0] - data[2 * n + $0] + next() }
        let cases: [(y: [Double], classes: Int)] = [
            (signal, 1),
            (signal.map { $0 > 1.2 ? 1 : 0 }, 2),
            (signal.map { $0 < 0.8 ? 0 : $0 < 1.4 ? 1 : 2 }, 3),
        ]
        for (y, classes) in cases {
            for subsample in [1.0, 0.7] {
                var o = BoostedTrees.Options()
                o.iterations = 8
                o.subsample = subsample
                let (model, raw) = try BoostedTrees.fit(x: x, y: y, classCount: classes, options: o)
                XCTAssertTrue(model.usedEarlyStopping)
                XCTAssertEqual(raw.count, model.outputs * n)
                let fromFit = try XCTUnwrap(model.outputs(fromRaw: raw, rows: n)), predicted = model.predictAll(x)
                XCTAssertEqual(fromFit.count, predicted.count)
                XCTAssertTrue(zip(fromFit, predicted).allSatisfy { $0.bitPattern == $1.bitPattern },
                              "classes \(classes), subsample \(subsample): the fit's scores differ from predictAll")
                // The same fit twice: identical trees and losses.
                let again = try BoostedTrees.fit(x: x, y: y, classCount: classes, options: o)
                XCTAssertEqual(again.model.trainLoss.map(\.bitPattern), model.trainLoss.map(\.bitPattern))
                XCTAssertEqual(again.trainingRaw.map(\.bitPattern), raw.map(\.bitPattern))
            }
        }
    }

    func testErrors() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        assertFails("boosted_trees(churned ~ spend, data: d, trees: 0)", ["trees must be between"])
        assertFails("boosted_trees(churned ~ spend, data: d, learning_rate: 0)", ["learning_rate"])
        assertFails("boosted_trees(churned ~ spend, data: d, subsample: 1.5)", ["subsample"])
        assertFails("boosted_trees(churned ~ spend, data: d, loss: \"huber\")", ["unknown loss"])
        assertFails("boosted_trees(churned ~ spend, data: d, loss: \"squared_error\")", ["numeric response"])
        assertFails("boosted_trees(churned ~ spend, data: d, early_stopping: 1)", ["early_stopping"])
        assertFails("boosted_trees(churned ~ spend, data: d, max_bins: 300)", ["max_bins"])
        assertFails("boosted_trees(churned ~ spend, data: d, max_leaf_nodes: 1)", ["max_leaf_nodes"])
        assertFails("boosted_trees(churned ~ spend, data: d, validation_fraction: 1)", ["validation_fraction"])
        assertFails("boosted_trees(churned ~ spend, data: d |> filter(churned))", ["single class"])
    }
}
