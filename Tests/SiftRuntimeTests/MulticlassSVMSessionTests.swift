import Foundation
import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// svm() on three classes as a user writes it: iris (Tests/fixtures/models/iris.csv), printed
/// and used to predict through the language.
final class MulticlassSVMSessionTests: SessionTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        let iris = try String(contentsOf: url.appendingPathComponent("fixtures/models/iris.csv"), encoding: .utf8)
        try writeFile("iris.csv", iris)
        try eval("d = read_csv(\"iris.csv\")")
    }

    func testThreeSpeciesPrintAndPredict() throws {
        _ = try session.run(code: """
        s = svm(species ~ ., data: d)
        print(s)
        scored = d |> mutate(predicted = predict(s, d))
        print(scored |> filter(predicted != species) |> nrow())
        """)
        XCTAssertTrue(output.hasPrefix("svm model: species ~ .\nsupport vector machine, linear (dual coordinate descent), one-vs-rest over 3 classes, n = 150, training accuracy 0.947\n"), output)
        XCTAssertTrue(output.contains("weight_setosa") && output.contains("weight_versicolor") && output.contains("weight_virginica"), output)
        XCTAssertTrue(output.contains("classes: setosa, versicolor, virginica"), output)
        XCTAssertTrue(output.hasSuffix("\n8\n"), "8 of 150 flowers misclassified (accuracy 0.947): \(output)")
        let predicted = try columnCells("predict(s, d)")
        XCTAssertEqual(Set(predicted), [.string("setosa"), .string("versicolor"), .string("virginica")])
        XCTAssertEqual(try columnCells("classify(s, d)"), predicted)
        XCTAssertEqual(try scalar("typeof(s)"), .string("svm model"))
    }

    func testKernelProbabilitiesAndDecisionValues() throws {
        _ = try session.run(code: """
        r = svm(species ~ ., data: d, kernel: "rbf", C: 1)
        print(r)
        """)
        XCTAssertTrue(output.contains("one-vs-one over 3 classes (3 pairwise models)"), output)
        XCTAssertTrue(output.contains("setosa vs versicolor"), output)
        let p = try frame("probabilities(r, d |> head(1))")
        XCTAssertEqual(p.names, ["setosa", "versicolor", "virginica"])
        XCTAssertGreaterThan(try scalar("probabilities(r, d |> head(1)).setosa[0]").asDouble ?? 0, 0.9)
        XCTAssertEqual(try frame("decision_values(r, d)").names, ["setosa", "versicolor", "virginica"])
        XCTAssertEqual(try frame("decision_values(r, d, shape: \"ovo\")").names,
                       ["setosa_vs_versicolor", "setosa_vs_virginica", "versicolor_vs_virginica"])
        // A row with a null term gets null everywhere.
        try eval("e = d |> head(2) |> mutate(petal_width = if_else(sepal_length > 5, null, petal_width))")
        XCTAssertEqual(try columnCells("predict(r, e)")[0], .null)
        XCTAssertEqual(try columnCells("probabilities(r, e).virginica")[0], .null)
        XCTAssertEqual(try columnCells("predict(r, e)")[1], .string("setosa"))
        XCTAssertEqual(try scalar("evaluate(r, d).value[0]").asDouble ?? 0, 0.9733, accuracy: 1e-4)
    }
}
