import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftModels

/// Long fits stop when a stop is requested (Ctrl-C, a cell timeout). Fits that can throw raise
/// `Cancelled`; trees and forests stop growing and leave the request raised, so the interpreter
/// discards the unfinished model as soon as the builtin returns.
final class CancellationTests: ModelTestCase {
    override func tearDown() {
        Cancellation.reset()
        super.tearDown()
    }

    func testTreesStopGrowingAndLeaveTheRequestRaised() {
        let n = 400
        let x = Matrix(rows: n, cols: 1, data: (0..<n).map { Double($0) })
        let y = (0..<n).map { Double($0 % 2) }
        let full = DecisionTree(x: x, y: y, classCount: 2, options: DecisionTree.Options(criterion: .gini))
        XCTAssertGreaterThan(full.leafCount, 100)
        Cancellation.request(reason: "stop")
        let stopped = DecisionTree(x: x, y: y, classCount: 2, options: DecisionTree.Options(criterion: .gini))
        XCTAssertEqual(stopped.leafCount, 1, "no split after the request")
        let forest = RandomForest(x: x, y: y, classCount: 2, trees: 50, options: DecisionTree.Options(criterion: .gini))
        XCTAssertEqual(forest.trees.count, 0, "no tree is grown after the request")
        XCTAssertNil(forest.oobScore)
        XCTAssertTrue(Cancellation.isRequested, "left for the interpreter to raise")
    }

    func testTheInterpreterDiscardsAFitCutShort() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        // The request arrives while the builtin runs (here: from a timer on another thread).
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { Cancellation.request(reason: "stopped by test") }
        let started = Date()
        XCTAssertThrowsError(try eval("m = random_forest(churned ~ age + visits + spend + region, data: d, trees: 100000, seed: 1)")) { e in
            XCTAssertEqual((e as? SiftError)?.kind, .cancelled, "\(e)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        XCTAssertFalse(Cancellation.isRequested, "the request is consumed")
        XCTAssertThrowsError(try eval("m"), "the variable was never assigned")
    }
}
