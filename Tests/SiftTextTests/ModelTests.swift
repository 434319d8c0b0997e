import XCTest
@testable import SiftText

final class TextModelTests: XCTestCase {
    /// Documents drawn from three planted topics with disjoint vocabularies: each fitted topic's top
    /// words come from one planted topic, each planted topic is found once, and a seed repeats exactly.
    func testLDARecoversPlantedTopics() throws {
        let planted = [["battery", "charge", "power", "drain", "charger", "hours"],
                       ["shipping", "delivery", "package", "courier", "arrived", "late"],
                       ["screen", "display", "bright", "pixels", "colour", "resolution"]]
        var rng = TextRandom(seed: 99)
        var docs: [String] = []
        var truth: [Int] = []
        for _ in 0..<300 {
            let t = Int(rng.next() % 3)
            truth.append(t)
            docs.append((0..<12).map { _ in planted[t][Int(rng.next() % 6)] }.joined(separator: " "))
        }
        var o = VectorizerOptions()
        o.norm = .none
        let (vec, counts) = try Vectorizer.fit(docs, options: o)
        let m = try LDAModel(counts: counts, vocabulary: vec.vocabulary, k: 3, passes: 60, seed: 7)
        var found = Set<Int>()
        for t in 0..<3 {
            let top = Set(m.topWords(t, n: 6).map(\.0))
            let match = planted.indices.first { Set(planted[$0]) == top }
            XCTAssertNotNil(match, "topic \(t): \(top)")
            if let match { found.insert(match) }
        }
        XCTAssertEqual(found.count, 3)
        // Documents are assigned to the topic they were drawn from (up to relabelling).
        var agree = 0
        var mapping: [Int: Int] = [:]
        for t in 0..<3 { if let p = planted.indices.first(where: { Set(planted[$0]) == Set(m.topWords(t, n: 6).map(\.0)) }) { mapping[t] = p } }
        for (d, row) in m.documentTopic.enumerated() {
            let best = row.indices.max { row[$0] < row[$1] } ?? 0
            if mapping[best] == truth[d] { agree += 1 }
        }
        XCTAssertGreaterThan(Double(agree) / Double(docs.count), 0.98)
        XCTAssertLessThan(m.perplexity, 7.0, "three topics of six words: perplexity near 6")
        let again = try LDAModel(counts: counts, vocabulary: vec.vocabulary, k: 3, passes: 60, seed: 7)
        XCTAssertEqual(again.topicWord, m.topicWord)
        XCTAssertEqual(again.documentTopic, m.documentTopic)
        let other = try LDAModel(counts: counts, vocabulary: vec.vocabulary, k: 3, passes: 60, seed: 8)
        XCTAssertNotEqual(other.documentTopic, m.documentTopic)
    }

    func testClassifiersLearnWords() throws {
        let pos = ["great phone love it", "excellent battery great screen", "love the camera", "great value excellent"]
        let neg = ["terrible battery hate it", "awful screen broke", "hate the camera terrible", "awful value broke fast"]
        for family in [TextClassifier.Family.naiveBayes, .logit] {
            let c = try TextClassifier(documents: pos + neg, labels: Array(repeating: "pos", count: 4) + Array(repeating: "neg", count: 4),
                                       family: family, vectorizer: VectorizerOptions())
            XCTAssertEqual(c.classes, ["neg", "pos"])
            XCTAssertEqual(c.predict(["i love this great thing", "terrible and awful"]), [1, 0], "\(family)")
            let p = c.probabilities(["great"])[0]
            XCTAssertEqual(p[0] + p[1], 1, accuracy: 1e-12)
            XCTAssertGreaterThan(p[1], 0.5)
        }
    }

    /// scikit-learn's MultinomialNB on the same counts (alpha = 1): feature_log_prob by hand.
    func testNaiveBayesFormula() throws {
        var o = VectorizerOptions()
        o.useIDF = false; o.norm = .none
        let c = try TextClassifier(documents: ["aa bb", "aa aa cc"], labels: ["x", "y"], family: .naiveBayes, vectorizer: o)
        // vocabulary aa, bb, cc; class x counts (1,1,0) + 1 = (2,2,1) → log(2/5), log(1/5);
        // class y counts (2,0,1) + 1 = (3,1,2) → log(3/6)
        XCTAssertEqual(c.weights[0][0], log(2.0 / 5), accuracy: 1e-12)
        XCTAssertEqual(c.weights[0][2], log(1.0 / 5), accuracy: 1e-12)
        XCTAssertEqual(c.weights[1][0], log(3.0 / 6), accuracy: 1e-12)
        XCTAssertEqual(c.bias[0], log(0.5), accuracy: 1e-12)
    }
}

/// Class probabilities against scikit-learn's MultinomialNB and LogisticRegression(C=1) on the same
/// TF-IDF features (fixture from scripts/make_text_fixtures.py), for two and three classes.
final class ClassifierFixtureTests: XCTestCase {
    func testMatchesScikitLearn() throws {
        let f = try textFixture("classifiers.json")
        let corpus = try XCTUnwrap(f["corpus"] as? [String])
        var o = VectorizerOptions()
        o.tokenizer.language = .words
        for c in try XCTUnwrap(f["cases"] as? [[String: Any]]) {
            let labels = try XCTUnwrap(c["labels"] as? [String])
            for (family, key, tolerance) in [(TextClassifier.Family.naiveBayes, "nb_proba", 1e-9), (.logit, "logit_proba", 1e-5)] {
                let model = try TextClassifier(documents: corpus, labels: labels, family: family, vectorizer: o, maxIterations: 1000)
                let expected = try XCTUnwrap(c[key] as? [[Double]])
                let got = model.probabilities(corpus)
                for (r, row) in expected.enumerated() {
                    for (k, v) in row.enumerated() {
                        XCTAssertEqual(got[r][k], v, accuracy: tolerance, "\(key) \(labels.count) docs, \(row.count) classes, row \(r)")
                    }
                }
            }
        }
    }
}
