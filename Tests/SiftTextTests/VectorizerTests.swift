import XCTest
@testable import SiftText

/// TF-IDF and counts against scikit-learn's TfidfVectorizer/CountVectorizer on the same corpus and
/// settings (fixture from scripts/make_text_fixtures.py), to 1e-9.
final class VectorizerTests: XCTestCase {
    func options(_ s: [String: Any]) -> VectorizerOptions {
        var o = VectorizerOptions()
        o.tokenizer.language = .words
        if let r = s["ngram_range"] as? [Int] { o.tokenizer.ngrams = r[0]...r[1] }
        if s["stop_words"] as? String == "english" { o.tokenizer.stopWords = StopWords.english }
        if let l = s["lowercase"] as? Bool { o.tokenizer.lowercase = l }
        if let b = s["sublinear_tf"] as? Bool { o.sublinearTF = b }
        if let b = s["smooth_idf"] as? Bool { o.smoothIDF = b }
        if let b = s["use_idf"] as? Bool { o.useIDF = b }
        if let b = s["binary"] as? Bool { o.binary = b }
        if s.keys.contains("norm") { o.norm = (s["norm"] as? String).flatMap(VectorizerOptions.Norm.init) ?? .none }
        if let m = s["max_features"] as? Int { o.maxFeatures = m }
        for (key, set) in [("min_df", { (b: DocumentFrequencyBound) in o.minDF = b }), ("max_df", { (b: DocumentFrequencyBound) in o.maxDF = b })] {
            // The fixture's counts are whole numbers ≥ 1 and its shares lie below 1.
            if let n = s[key] as? Double {
                if n >= 1 && n == n.rounded() { set(.count(Int(n))) } else { set(.proportion(n)) }
            }
        }
        return o
    }

    func testMatchesScikitLearn() throws {
        let f = try textFixture("tfidf.json")
        let corpus = try XCTUnwrap(f["corpus"] as? [String])
        let cases = try XCTUnwrap(f["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 7)
        for c in cases {
            let name = c["name"] as? String ?? "?"
            let o = options(c["settings"] as? [String: Any] ?? [:])
            let (vec, counts) = try Vectorizer.fit(corpus, options: o)
            XCTAssertEqual(vec.vocabulary, c["vocabulary"] as? [String], name)
            let expectedIDF = c["idf"] as? [Double] ?? []
            if !expectedIDF.isEmpty {
                for (a, b) in zip(vec.idf, expectedIDF) { XCTAssertEqual(a, b, accuracy: 1e-12, name) }
            }
            let x = vec.tfidf(counts)
            let tf = try XCTUnwrap(c["tfidf"] as? [[Double]])
            let cnt = try XCTUnwrap(c["counts"] as? [[Double]])
            XCTAssertEqual(x.rows, tf.count)
            for r in 0..<x.rows {
                let row = x.dense(row: r), crow = counts.dense(row: r)
                for j in 0..<x.columns {
                    XCTAssertEqual(row[j], tf[r][j], accuracy: 1e-9, "\(name) [\(r), \(vec.vocabulary[j])]")
                    XCTAssertEqual(crow[j], cnt[r][j], "\(name) counts [\(r), \(vec.vocabulary[j])]")
                }
            }
        }
    }

    func testTransformIgnoresUnknownTerms() throws {
        let (vec, _) = try Vectorizer.fit(["red apple", "green apple"], options: VectorizerOptions())
        let m = vec.counts(["blue apple apple"])
        XCTAssertEqual(m.dense(row: 0), [2, 0, 0])
        XCTAssertThrowsError(try Vectorizer.fit(["a b", "c"], options: VectorizerOptions()))  // only 1-char tokens
        var o = VectorizerOptions()
        o.minDF = .count(3); o.maxDF = .count(2)
        XCTAssertThrowsError(try Vectorizer.fit(["ab cd"], options: o))
    }
}
