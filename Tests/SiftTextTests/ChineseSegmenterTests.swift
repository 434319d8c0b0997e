import XCTest
@testable import SiftText

final class ChineseSegmenterTests: XCTestCase {
    func testJiebaReadmeExample() {
        XCTAssertEqual(ChineseSegmenter().cut("我来到北京清华大学"), ["我", "来到", "北京", "清华大学"])
        // 杭研 is not in the dictionary: the HMM joins it.
        XCTAssertEqual(ChineseSegmenter().cut("他来到了网易杭研大厦"), ["他", "来到", "了", "网易", "杭研", "大厦"])
    }

    /// Word for word what jieba 0.42.1 `jieba.cut(s)` gives, on hand-picked sentences and the first
    /// 200 sentences of the People's Daily 1998 sample (fixture from scripts/make_text_fixtures.py).
    func testMatchesJiebaWordForWord() throws {
        let f = try textFixture("jieba.json")
        let sentences = try XCTUnwrap(f["sentences"] as? [[String: Any]])
        XCTAssertGreaterThan(sentences.count, 200)
        var mismatches = 0
        let seg = ChineseSegmenter()
        for s in sentences {
            let text = try XCTUnwrap(s["text"] as? String)
            let words = try XCTUnwrap(s["words"] as? [String])
            let ours = seg.cut(text)
            if ours != words {
                mismatches += 1
                if mismatches <= 3 { XCTFail("\(text)\njieba: \(words.joined(separator: "/"))\nours:  \(ours.joined(separator: "/"))") }
            }
        }
        XCTAssertEqual(mismatches, 0)
    }

    func testTokensDropPunctuationAndKeepWords() {
        let t = Tokenizer(TokenizerOptions(language: .auto))
        XCTAssertEqual(t.tokens("质量还不错，价格 299.5 元！"), ["质量", "还", "不错", "价格", "299.5", "元"])
        let stop = Tokenizer(TokenizerOptions(language: .chinese, stopWords: StopWords.chinese))
        XCTAssertFalse(stop.tokens("我的手机很好").contains("的"))
    }

    func testEmptyAndOddInput() {
        let seg = ChineseSegmenter()
        XCTAssertEqual(seg.cut(""), [])
        XCTAssertEqual(seg.cut("，。"), ["，", "。"])
        XCTAssertEqual(seg.cut("\u{0}a"), ["\u{0}", "a"])
        // A long run of one unknown character must not blow up (DAG and Viterbi are linear).
        XCTAssertEqual(seg.cut(String(repeating: "龘", count: 5000)).joined(), String(repeating: "龘", count: 5000))
    }
}
