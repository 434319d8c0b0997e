import Foundation
import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// save_model / load_model: every model kind predicts exactly the same after a round trip, and
/// damaged or newer files are clear errors.
final class ModelPersistenceTests: ModelTestCase {
    var directory: String!

    override func setUpWithError() throws {
        try super.setUpWithError()
        directory = NSTemporaryDirectory() + "sift-models-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try eval("""
        d = read_csv("marketing.csv")
        iris = read_csv("iris.csv")
        """)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
        super.tearDown()
    }

    func roundTrip(_ fit: String, _ score: String = "predict(m, d)", file: StaticString = #filePath, line: UInt = #line) throws {
        let path = directory + "/m.model"
        try eval("m = \(fit)")
        let before = try eval(score)
        try eval("save_model(m, \"\(path)\")")
        try eval("m = load_model(\"\(path)\")")
        let after = try eval(score)
        switch (before, after) {
        case (.column(let a), .column(let b)):
            XCTAssertEqual(a.count, b.count, fit, file: file, line: line)
            for i in 0..<a.count { XCTAssertEqual(a[i], b[i], "\(fit): row \(i)", file: file, line: line) }
        case (.frame(let a), .frame(let b)):
            XCTAssertEqual(a.names, b.names, fit, file: file, line: line)
            for c in a.names {
                let x = try a.column(c), y = try b.column(c)
                for i in 0..<x.count { XCTAssertEqual(x[i], y[i], "\(fit): \(c) row \(i)", file: file, line: line) }
            }
        default: XCTFail("\(fit): \(before.typeName) vs \(after.typeName)", file: file, line: line)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "m.model" }
        XCTAssertEqual(leftovers, [], "the atomic write leaves no temporary file", file: file, line: line)
    }

    func testEveryModelKindRoundTrips() throws {
        try roundTrip("lm(log(revenue) ~ spend * region + visits^2 + loyal, data: d)")
        try roundTrip("lm(revenue ~ spend + visits, data: d, weights: weight)", "tidy(m)")
        try roundTrip("logit(churned ~ spend + visits + age + region, data: d)")
        try roundTrip("logit(churned ~ spend + visits + age + region, data: d)", "classify(m, d, threshold: 0.3)")
        try roundTrip("lm(revenue ~ spend + visits + region, data: d, penalty: \"elasticnet\", alpha: 0.5)")
        try roundTrip("logit(churned ~ spend + log(visits + 1), data: d, penalty: \"l1\", c: 0.1, standardize: true)")
        try roundTrip("kmeans(d, k: 3, columns: [spend, visits], seed: 1)")
        try roundTrip("kmeans(d, k: 3, columns: [spend, visits], seed: 1)", "assign(m)")
        try roundTrip("decision_tree(churned ~ spend + visits + region, data: d, max_depth: 4)")
        try roundTrip("random_forest(revenue ~ spend + visits + region, data: d, trees: 5, seed: 2)")
        try roundTrip("naive_bayes(species ~ ., data: iris)", "predict(m, iris)")
        try roundTrip("knn(species ~ ., data: iris, k: 7)", "probabilities(m, iris)")
        try roundTrip("svm(species ~ ., data: iris, kernel: \"rbf\")", "probabilities(m, iris)")
        try roundTrip("svm(churned ~ spend + visits, data: d |> head(300))", "decision_values(m, d)")
    }

    func testLoadedModelPrintsAndDescribesItself() throws {
        let path = directory + "/lm.model"
        try eval("m = lm(revenue ~ spend + region, data: d)\nsave_model(m, \"\(path)\")")
        let a = try eval("glance(m)"), b = try eval("glance(load_model(\"\(path)\"))")
        guard case .frame(let fa) = a, case .frame(let fb) = b else { return XCTFail() }
        XCTAssertEqual(glanceRow(fa), glanceRow(fb))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("\"format\":\"sift-model\""))
        XCTAssertTrue(text.contains("\"version\":1"))
    }

    func testErrors() throws {
        let path = directory + "/m.model"
        try eval("m = lm(revenue ~ spend, data: d)\nsave_model(m, \"\(path)\")")
        // A file from a newer Sift.
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"version\":1", with: "\"version\":7")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        assertFails("load_model(\"\(path)\")", ["newer Sift", "version 7", "up to 1"])
        try "customer_id,spend\n1,2\n".write(toFile: path, atomically: true, encoding: .utf8)
        assertFails("load_model(\"\(path)\")", ["not a Sift model file"])
        try "{\"format\":\"sift-model\",\"version\":1,\"kind\":\"linear\"}".write(toFile: path, atomically: true, encoding: .utf8)
        assertFails("load_model(\"\(path)\")", ["damaged"])
        try "{\"format\":\"sift-model\",\"version\":1,\"kind\":\"neural\"}".write(toFile: path, atomically: true, encoding: .utf8)
        assertFails("load_model(\"\(path)\")", ["does not know"])
        assertFails("load_model(\"\(directory!)/absent.model\")", ["cannot read"])
        assertFails("save_model(m, \"\(directory!)/no/such/dir/m.model\")", ["cannot write"])
        assertFails("save_model(42, \"x.model\")", ["needs a model"])
        assertFails("save_model(m)", ["path"])
        assertFails("save_model(m, 3)", ["path"])
        assertFails("load_model(3)", ["path"])
        try eval("r = read_csv(\"marketing.csv\") |> head(50) |> mutate(item = visits) |> recommender(user: customer_id, item: item, rating: spend)")
        assertFails("save_model(r, \"\(path)\")", ["cannot save"])
    }
}
