import Foundation
import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// The text builtins through a session, as users call them.
final class TextBuiltinTests: XCTestCase {
    var session: Session!

    override func setUpWithError() throws {
        session = try Session(loadStdlib: false)
        _ = try session.run(code: """
        reviews = read_csv("\(repositoryRoot)/Tests/SiftTextTests/Fixtures/reviews.csv")
        """)
    }

    override func tearDown() { session?.close(); session = nil }

    @discardableResult func eval(_ code: String) throws -> Value { try session.evaluate(code) }

    func frame(_ code: String) throws -> Frame {
        guard case .frame(let f) = try eval(code) else { throw NSError(domain: "test", code: 1, userInfo: [NSLocalizedDescriptionKey: "not a frame: \(code)"]) }
        return f
    }

    func strings(_ f: Frame, _ c: String) -> [String] { (try? f.column(c)).map { col in (0..<col.count).map { ScalarFormat.plain(col[$0]) } } ?? [] }
    func doubles(_ f: Frame, _ c: String) -> [Double] { (try? f.column(c))?.doubles ?? [] }

    func assertFails(_ code: String, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try eval(code)
            XCTFail("expected an error from \(code)", file: file, line: line)
        } catch {
            let text = "\(error)"
            for f in fragments { XCTAssertTrue(text.contains(f), "\(text) lacks \(f)", file: file, line: line) }
        }
    }

    func testTokensListColumn() throws {
        let f = try frame("reviews |> filter(id == 2) |> mutate(words = tokens(review, stop_words: true))")
        let c = try f.column("words")
        XCTAssertEqual(c.type, .list)
        guard case .list(let first) = c[0] else { return XCTFail("not a list cell") }
        XCTAssertTrue(first.contains("battery"))
        XCTAssertFalse(first.contains("the"))
        guard case .list(let items) = try eval("tokens(\"我来到北京清华大学\")") else { return XCTFail() }
        XCTAssertEqual(items.count, 4)
        // A list column survives filter, sort and printing.
        _ = try eval("reviews |> mutate(words = tokens(review)) |> filter(stars > 3) |> sort(-stars)")
        let shown = session.display.render(try eval("reviews |> filter(id == 2) |> mutate(words = tokens(review)) |> select(words)"))
        XCTAssertTrue(shown.contains("[the, battery, died"), shown)
    }

    /// A list cell holds commas: the CSV writer quotes it, so the file reads back one column.
    func testListColumnWritesQuotedCSV() throws {
        let path = NSTemporaryDirectory() + "sift-list-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try eval("write_csv(reviews |> filter(id <= 2) |> mutate(words = tokens(review)) |> select(id, words), \"\(path)\")")
        let back = try frame("read_csv(\"\(path)\")")
        XCTAssertEqual(back.names, ["id", "words"])
        XCTAssertEqual(strings(back, "words")[1], "[the, battery, died, after, a, week, terrible]")
    }

    func testWordCountsAndTopTerms() throws {
        let wc = try frame("reviews |> word_counts(text: review, stop_words: \"en\", n: 5)")
        XCTAssertEqual(wc.rowCount, 5)
        XCTAssertEqual(doubles(wc, "count"), doubles(wc, "count").sorted(by: >))
        let tt = try frame("reviews |> top_terms(text: review, by: segment, n: 3)")
        XCTAssertEqual(tt.names, ["segment", "rank", "term", "count", "share"])
        XCTAssertEqual(Set(strings(tt, "segment")).count, 2)
        XCTAssertFalse(strings(tt, "term").contains("the"))
    }

    func testTfidfMatrixAndNearest() throws {
        try eval("m = tfidf(reviews, text: review, id: id)")
        let terms = try frame("m.terms")
        XCTAssertEqual(strings(terms, "term"), strings(terms, "term").sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
        let t = try frame("tidy(m)")
        XCTAssertEqual(t.names, ["id", "term", "value"])
        // Each document's weights have unit L2 norm.
        let long = try frame("tidy(m) |> mutate(sq = value * value) |> group_by(id) |> summarize(s = sum(sq))")
        for v in doubles(long, "s") { XCTAssertEqual(v, 1, accuracy: 1e-12) }
        let near = try frame("nearest(m, to: \"battery died\", n: 2)")
        XCTAssertEqual(near.rowCount, 2)
        let near2 = try frame("reviews |> nearest(to: \"battery died\", text: review, n: 2)")
        XCTAssertTrue(strings(near2, "review")[0].lowercased().contains("battery"))
        XCTAssertEqual(try frame("count_vectorize(reviews, text: review, max_features: 5).wide").columnCount, 6)
    }

    func testSentimentAndClassifier() throws {
        let s = try frame("reviews |> mutate(mood = sentiment(review))")
        let mood = doubles(s, "mood"), stars = doubles(s, "stars")
        var agree = 0
        for i in mood.indices where stars[i] != 3 { if (mood[i] > 0) == (stars[i] > 3) { agree += 1 } }
        XCTAssertGreaterThan(agree, mood.count / 2)
        try eval("clf = text_classifier(label ~ review, data: reviews, model: \"naive_bayes\")")
        let e = try frame("evaluate(clf, reviews)")
        XCTAssertEqual(strings(e, "metric").first, "accuracy")
        XCTAssertGreaterThan(doubles(e, "value")[0], 0.8)
        let p = try frame("probabilities(clf, reviews)")
        XCTAssertEqual(p.names, ["negative", "positive"])
        let pred = try eval("predict(clf, reviews)")
        guard case .column(let pc) = pred else { return XCTFail() }
        XCTAssertEqual(pc.type, .string)
        try eval("clf2 = text_classifier(label ~ review, data: reviews, model: \"logit\")")
        XCTAssertGreaterThan(doubles(try frame("evaluate(clf2, reviews)"), "value")[0], 0.8)
    }

    func testLDABuiltinIsDeterministic() throws {
        try eval("t1 = lda(reviews, text: review, k: 2, seed: 3, passes: 20)")
        try eval("t2 = lda(reviews, text: review, k: 2, seed: 3, passes: 20)")
        XCTAssertEqual(strings(try frame("tidy(t1)"), "term"), strings(try frame("tidy(t2)"), "term"))
        let shares = try frame("t1.shares")
        XCTAssertEqual(shares.names, ["document", "topic_1", "topic_2", "topic"])
        let g = try frame("glance(t1)")
        XCTAssertTrue(g.names.contains("perplexity"))
    }

    func testSimilarity() throws {
        let cs = try frame("reviews |> head(4) |> cosine_similarity(stars, helpful, id: id)")
        XCTAssertEqual(cs.rowCount, 12)
        XCTAssertEqual(cs.names, ["id_a", "id_b", "similarity"])
        let nn = try frame("reviews |> nearest(to: {stars: 5, helpful: 1}, n: 3)")
        XCTAssertEqual(nn.rowCount, 3)
        let items = try frame("similar_items(reviews, item: 1, by: review, id: id, n: 3)")
        XCTAssertEqual(items.rowCount, 3)
        XCTAssertFalse(strings(items, "id").contains("1"))
    }

    /// The recommender's pearson is Pearson's correlation over common ratings, as pandas' corr.
    func testRecommenderPearsonMatchesPandas() throws {
        let f = try textFixture("recommender.json")
        try eval("ratings = read_csv(\"\(repositoryRoot)/notebooks/data/ratings.csv\")")
        try eval("mi = recommender(ratings, user: user_id, item: item_id, rating: rating, method: \"item-pearson\")")
        try eval("mu = recommender(ratings, user: user_id, item: item_id, rating: rating, method: \"user-pearson\")")
        for (key, code) in [("item_14", "similar_items(mi, item: 14, n: 1000)"), ("item_3", "similar_items(mi, item: 3, n: 1000)"),
                            ("user_42", "similar_users(mu, user: 42, n: 1000)")] {
            let expected = try XCTUnwrap(f[key] as? [String: Double])
            let got = try frame(code)
            let idCol = key.hasPrefix("user") ? "user_id" : "item_id"
            var ours: [String: Double] = [:]
            for (k, v) in zip(strings(got, idCol), doubles(got, "similarity")) { ours[k] = v }
            var compared = 0
            // pandas leaves rounding residue (~1e-17) where the correlation is exactly 0; ours gives 0.
            for (k, v) in expected where abs(v) > 1e-12 {
                XCTAssertEqual(ours[k] ?? .nan, v, accuracy: 1e-9, "\(key) vs \(k)")
                compared += 1
            }
            XCTAssertGreaterThan(compared, 10, key)
        }
        let old = try frame("similar_items(recommender(ratings, user: user_id, item: item_id, rating: rating, method: \"item-centered_cosine\"), item: 14, n: 3)")
        XCTAssertEqual(old.rowCount, 3)
    }

    func testErrors() {
        assertFails("tokens(42)", ["text"])
        assertFails("tokens(\"x\", lang: \"klingon\")", ["unknown lang"])
        assertFails("reviews |> tfidf(text: stars)", ["text column"])
        assertFails("reviews |> tfidf(text: review, min_df: 1.5)", ["between 0.0 and 1.0"])
        assertFails("reviews |> tfidf(text: review, min_df: 1000)", ["min_df"])
        assertFails("reviews |> tfidf(text: review, ngrams: [2, 1])", ["ngrams"])
        assertFails("reviews |> tfidf(text: review, norm: \"l3\")", ["norm"])
        assertFails("sentiment(\"好\", lang: \"zh\")", ["English"])
        assertFails("lda(reviews, text: review)", ["k:"])
        assertFails("lda(reviews, text: review, k: 0)", ["k:"])
        assertFails("text_classifier(label ~ review, data: reviews, model: \"svm\")", ["unknown model"])
        assertFails("text_classifier(label ~ nope, data: reviews)", ["nope"])
        assertFails("reviews |> cosine_similarity(review)", ["numeric"])
        assertFails("reviews |> nearest(to: 3)", ["record"])
    }
}
