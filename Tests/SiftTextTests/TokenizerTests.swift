import XCTest
@testable import SiftText

final class TokenizerTests: XCTestCase {
    func testWordRunsKeepContractionsAndDecimals() {
        let t = Tokenizer()
        XCTAssertEqual(t.tokens("Don't buy it: 3.5 stars, NOT 4!"), ["don't", "buy", "it", "3.5", "stars", "not", "4"])
        XCTAssertEqual(t.tokens("naïve café-style"), ["naïve", "café", "style"])
        XCTAssertEqual(Tokenizer(TokenizerOptions(lowercase: false)).tokens("Big Deal"), ["Big", "Deal"])
    }

    func testSklearnPatternDropsSingleCharacters() {
        let t = Tokenizer(TokenizerOptions(pattern: .sklearn))
        XCTAssertEqual(t.tokens("I don't like a 4K UI_theme"), ["don", "like", "4k", "ui_theme"])
    }

    func testStopWordsThenNgrams() {
        let t = Tokenizer(TokenizerOptions(stopWords: StopWords.english, ngrams: 1...2))
        XCTAssertEqual(t.tokens("the battery is very weak"), ["battery", "weak", "battery weak"])
        XCTAssertEqual(Tokenizer.ngrams(["a", "b", "c"], 2...3), ["a b", "b c", "a b c"])
        XCTAssertEqual(Tokenizer.ngrams(["a"], 2...3), [])
    }

    func testBundledStopWordLists() {
        XCTAssertEqual(StopWords.english.count, 318)
        XCTAssertTrue(StopWords.english.contains("the"))
        XCTAssertTrue(StopWords.chinese.contains("的"))
    }

    /// The ASCII fast path gives what the Unicode-scalar path gives, on random ASCII text.
    func testASCIIFastPathAgreesWithScalarPath() {
        var rng = TextRandom(seed: 3)
        let alphabet = Array("aZ09_ '.,-!x".unicodeScalars)
        for _ in 0..<2000 {
            let text = String(String.UnicodeScalarView((0..<Int(rng.next() % 24)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
            for pattern in [TokenizerOptions.Pattern.words, .sklearn] {
                var slow: [String] = []
                Tokenizer.wordRuns(Array(text.lowercased().unicodeScalars), pattern: pattern) { slow.append(String(String.UnicodeScalarView($0))) }
                XCTAssertEqual(Tokenizer.asciiWordRuns(text, pattern: pattern, lowercase: true), slow, text)
            }
        }
        XCTAssertNil(Tokenizer.asciiWordRuns("café", pattern: .words, lowercase: true))
    }
}
