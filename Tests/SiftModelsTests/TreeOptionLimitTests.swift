import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftModels
@testable import SiftRuntime

/// Integer options of decision_tree, random_forest and knn at the ends of Int's range: each either
/// fits a sensible model or fails with a located error and a hint, never traps or allocates
/// for ever. (`min_samples_leaf: Int.max` overflowed `2 * minSamplesLeaf`.)
final class TreeOptionLimitTests: ModelTestCase {
    let huge = "9223372036854775807", hugeNegative = "(-9223372036854775807 - 1)"

    override func setUpWithError() throws {
        try super.setUpWithError()
        try eval("d = read_csv(\"marketing.csv\") |> filter(not is_null(age)) |> head(200)")
    }

    func testHugeMinSamplesLeafIsASingleLeaf() throws {
        try eval("m = decision_tree(churned ~ spend + visits, data: d, min_samples_leaf: \(huge))")
        let g = glanceRow(try frame("glance(m)"))
        XCTAssertEqual(g["leaves"], 1)
        XCTAssertEqual(g["depth"], 0)
        try eval("r = decision_tree(revenue ~ spend, data: d, min_samples_leaf: \(huge))")
        XCTAssertEqual(glanceRow(try frame("glance(r)"))["leaves"], 1)
        try eval("f = random_forest(churned ~ spend + visits, data: d, trees: 3, min_samples_leaf: \(huge), seed: 1)")
        // Half the rows plus one per leaf also leaves one leaf; half exactly still splits.
        try eval("h = decision_tree(churned ~ spend, data: d, min_samples_leaf: 101, max_depth: 1)")
        XCTAssertEqual(glanceRow(try frame("glance(h)"))["leaves"], 1)
        try eval("h = decision_tree(churned ~ spend, data: d, min_samples_leaf: 100, max_depth: 1)")
        XCTAssertLessThanOrEqual(glanceRow(try frame("glance(h)"))["leaves"] ?? 0, 2)
    }

    func testHugeLimitsThatOnlyBoundTheTree() throws {
        try eval("m = decision_tree(churned ~ spend + visits, data: d, max_depth: \(huge), min_samples_split: \(huge))")
        XCTAssertEqual(glanceRow(try frame("glance(m)"))["leaves"], 1, "no node has Int.max rows to split")
        try eval("f = random_forest(churned ~ spend + visits + age, data: d, trees: 2, max_features: \(huge), max_depth: \(huge), seed: 1)")
    }

    func testOutOfRangeOptionsFailWithAHint() {
        for (option, needle) in [("max_depth", "at least 1"), ("min_samples_leaf", "at least 1"), ("min_samples_split", "at least 2")] {
            for value in ["0", "-1", hugeNegative] {
                let text = assertFails("decision_tree(churned ~ spend, data: d, \(option): \(value))", [option, needle])
                XCTAssertTrue(text.hasSuffix(" | ") == false, "\(option): \(value) has a hint: \(text)")
            }
        }
        for value in ["0", "-5", hugeNegative, huge, "100001"] {
            assertFails("random_forest(churned ~ spend, data: d, trees: \(value))", ["between 1 and 100,000", "usual"])
        }
        for value in ["0", hugeNegative] {
            assertFails("random_forest(churned ~ spend, data: d, max_features: \(value))", ["at least 1", "terms tried"])
        }
        for value in ["0", "-3", hugeNegative] {
            assertFails("knn(churned ~ spend, data: d, k: \(value))", ["at least 1", "nearest"])
        }
        assertFails("knn(churned ~ spend, data: d, k: \(huge))", ["larger than the number of training rows", "smaller k"])
    }

    func testLibraryTypesClampWhatTheBuiltinsRefuse() {
        let x = Matrix(rows: 4, cols: 1, data: [1, 2, 3, 4])
        let y: [Double] = [0, 0, 1, 1]
        var o = DecisionTree.Options(criterion: .gini)
        o.minSamplesLeaf = .max
        XCTAssertEqual(DecisionTree(x: x, y: y, classCount: 2, options: o).leafCount, 1)
        o.minSamplesLeaf = 1
        o.maxFeatures = -3
        o.maxDepth = .max
        XCTAssertEqual(DecisionTree(x: x, y: y, classCount: 2, options: o).leafCount, 2)
        let forest = RandomForest(x: x, y: y, classCount: 2, trees: -7, options: o)
        XCTAssertEqual(forest.trees.count, 1, "at least one tree")
        let knn = NearestNeighbors(x: x, y: y, classCount: 2, k: .max, scale: true, classifier: true)
        XCTAssertEqual(knn.k, 4, "at most every row")
        XCTAssertEqual(knn.predict(x, row: 0), [0.5, 0.5])
        XCTAssertEqual(NearestNeighbors(x: x, y: y, classCount: 2, k: .min, scale: false, classifier: true).k, 1)
    }
}
