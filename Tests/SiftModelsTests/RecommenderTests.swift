import Foundation
import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// recommender(), recommend(), similar_items() and evaluate() on recommenders.
final class RecommenderTests: ModelTestCase {
    /// A: x=5 y=3; B: x=4 y=2 z=4; C: y=5 z=1.
    override func setUpWithError() throws {
        try super.setUpWithError()
        let f = try Frame(columns: [
            Column(name: "who", storage: .string(.make(["A", "A", "B", "B", "B", "C", "C"]))),
            Column(name: "what", storage: .string(.make(["x", "y", "x", "y", "z", "y", "z"]))),
            Column(name: "stars", storage: .int([5, 3, 4, 2, 4, 5, 1])),
        ])
        session.interpreter.globals.set("r", .frame(f))
    }

    func testItemCosineByHand() throws {
        // Item vectors over (A, B, C): x = (5,4,0), y = (3,2,5), z = (0,4,1); item means 4.5, 10/3, 2.5.
        let cos = { (a: [Double], b: [Double]) -> Double in
            zip(a, b).map(*).reduce(0, +) / (a.map { $0 * $0 }.reduce(0, +).squareRoot() * b.map { $0 * $0 }.reduce(0, +).squareRoot())
        }
        let x: [Double] = [5, 4, 0], y: [Double] = [3, 2, 5], z: [Double] = [0, 4, 1]
        let szx = cos(z, x), szy = cos(z, y)
        let expected = 2.5 + (szx * (5 - 4.5) + szy * (3 - 10.0 / 3)) / (szx + szy)
        try eval("m = recommender(r, user: who, item: what, rating: stars, method: \"item-cosine\")")
        let rec = try frame("recommend(m, user: \"A\", n: 5)")
        XCTAssertEqual(stringValues(rec, "what"), ["z"], "items A rated are excluded")
        XCTAssertEqual(floatValues(rec, "score")[0], expected, accuracy: 1e-12)
        XCTAssertEqual(floatValues(rec, "rank"), [1])
        let sim = try frame("similar_items(m, item: \"x\", n: 2)")
        XCTAssertEqual(stringValues(sim, "what"), ["z", "y"])
        XCTAssertEqual(floatValues(sim, "similarity")[0], cos(x, z), accuracy: 1e-12)
        XCTAssertEqual(floatValues(sim, "similarity")[1], cos(x, y), accuracy: 1e-12)
    }

    func testUserPearsonByHand() throws {
        // Centred on user means (4, 10/3, 3): s(A,B) = 0.866 > 0, s(A,C) = −0.5 is ignored,
        // so r̂(A, z) = 4 + (4 − 10/3) = 4.667.
        try eval("m = recommender(r, user: who, item: what, rating: stars, method: \"user-pearson\")")
        let rec = try frame("recommend(m, user: \"A\")")
        XCTAssertEqual(floatValues(rec, "score")[0], 4 + 2.0 / 3, accuracy: 1e-12)
        let p = try column("predict(m, r)")
        XCTAssertEqual(p.count, 7)
        let g = glanceRow(try frame("glance(m)"))
        XCTAssertEqual(g["users"], 3)
        XCTAssertEqual(g["ratings"], 7)
    }

    func testOnBundledRatings() throws {
        let path = repositoryRootForModels + "/notebooks/data/ratings.csv"
        try eval("ratings = read_csv(\"\(path)\")\ntrain, test = split(ratings, 0.8, seed: 1)")
        for method in ["item-cosine", "item-pearson", "user-cosine", "user-pearson"] {
            try eval("m = recommender(train, user: user_id, item: item_id, rating: rating, method: \"\(method)\", k: 20)")
            let e = try frame("evaluate(m, test, k: 10)")
            var v: [String: Double] = [:]
            for (k, x) in zip(stringValues(e, "metric"), floatValues(e, "value")) { v[k] = x }
            XCTAssertGreaterThan(v["coverage"]!, 0.9, method)
            XCTAssertLessThan(v["rmse"]!, 1.6, method)
            XCTAssertGreaterThan(v["recall_at_10"]!, 0.12, "\(method): better than a random top 10 (about 0.11)")
            // Recommendations never repeat what the user rated in training.
            let rec = try frame("recommend(m, user: 42, n: 10)")
            let rated = Set(floatValues(try frame("train |> filter(user_id == 42)"), "item_id"))
            XCTAssertTrue(Set(floatValues(rec, "item_id")).isDisjoint(with: rated), method)
            XCTAssertEqual(floatValues(rec, "score"), floatValues(rec, "score").sorted(by: >))
        }
    }

    func testErrors() {
        try? eval("m = recommender(r, user: who, item: what, rating: stars)")
        assertFails("recommend(m, user: \"Z\")", ["no user Z"])
        assertFails("similar_items(m, item: \"q\")", ["no item q"])
        assertFails("recommender(r, user: who, item: what, rating: stars, method: \"item-jaccard\")", ["unknown method"])
        assertFails("recommender(r, user: who, item: what, rating: what)", ["must be numeric"])
        assertFails("recommender(r, user: whom, item: what, rating: stars)", ["'whom'", "who"])
        assertFails("recommend(lm(stars ~ what, data: r), user: \"A\")", ["needs a recommender"])
    }
}

let repositoryRootForModels: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()
