/// How text becomes tokens, shared by `tokens`, the vectorizers, `top_terms` and `lda`.
public struct TokenizerOptions: Sendable {
    public enum Language: String, Sendable {
        /// Chinese segmentation where the text has Han characters, word runs elsewhere.
        case auto
        /// Word runs only (English and other space-separated languages).
        case words
        /// jieba segmentation for the whole text.
        case chinese
    }

    public enum Pattern: Sendable {
        /// Runs of word characters; an apostrophe between letters and a `.`/`,` between digits stay
        /// inside the word ("don't", "3.5"). For reading and counting.
        case words
        /// scikit-learn's default `token_pattern`, `(?u)\b\w\w+\b`: maximal runs of two or more word
        /// characters. The vectorizers use it so their vocabularies are scikit-learn's.
        case sklearn
    }

    public var language: Language = .auto
    public var pattern: Pattern = .words
    public var lowercase = true
    public var stopWords: Set<String> = []
    /// Inclusive n-gram range, as scikit-learn's `ngram_range`.
    public var ngrams: ClosedRange<Int> = 1...1

    public init(language: Language = .auto, pattern: Pattern = .words, lowercase: Bool = true,
                stopWords: Set<String> = [], ngrams: ClosedRange<Int> = 1...1) {
        self.language = language
        self.pattern = pattern
        self.lowercase = lowercase
        self.stopWords = stopWords
        self.ngrams = ngrams
    }

    /// Parses a user's language name.
    public static func language(named name: String) -> Language? {
        switch name.lowercased() {
        case "auto": return .auto
        case "zh", "chinese", "cn", "zh-cn", "zh-tw", "zh-hans", "zh-hant": return .chinese
        case "en", "english", "words", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "ru", "tr", "id", "vi": return .words
        default: return nil
        }
    }
}

/// Splits text into tokens. Value type: cheap to copy, safe to share between threads.
public struct Tokenizer: Sendable {
    public let options: TokenizerOptions

    public init(_ options: TokenizerOptions = TokenizerOptions()) { self.options = options }

    /// The tokens of one text: words (lower-cased if asked), stop words removed, then n-grams
    /// joined by a space — scikit-learn's order of operations (`_word_ngrams`).
    public func tokens(_ text: String) -> [String] {
        if options.language != .chinese, var words = Self.asciiWordRuns(text, pattern: options.pattern, lowercase: options.lowercase) {
            if !options.stopWords.isEmpty { words.removeAll { options.stopWords.contains($0) } }
            return Self.ngrams(words, options.ngrams)
        }
        let text = options.lowercase ? CharClass.lower(text) : text
        var words: [String] = []
        let scalars = Array(text.unicodeScalars)
        let useChinese: Bool
        switch options.language {
        case .chinese: useChinese = true
        case .words: useChinese = false
        case .auto: useChinese = scalars.contains { CharClass.isHan($0) }
        }
        if useChinese {
            let minimum = options.pattern == .sklearn ? 2 : 1
            ChineseSegmenter().cut(scalars) { w in
                // Keep words with a word character; a non-Han word follows the pattern's minimum length.
                guard w.contains(where: CharClass.isWord) else { return }
                if w.count < minimum && !w.contains(where: CharClass.isHan) { return }
                words.append(String(String.UnicodeScalarView(w)))
            }
        } else {
            Self.wordRuns(scalars, pattern: options.pattern) { words.append(String(String.UnicodeScalarView($0))) }
        }
        if !options.stopWords.isEmpty { words.removeAll { options.stopWords.contains($0) } }
        return Self.ngrams(words, options.ngrams)
    }

    /// The word runs of an all-ASCII text straight from its UTF-8 bytes (the common case, and
    /// several times faster than going through Unicode scalars); nil when the text has any
    /// non-ASCII byte. The same rules as `wordRuns`: for ASCII, word characters are [A-Za-z0-9_].
    static func asciiWordRuns(_ text: String, pattern: TokenizerOptions.Pattern, lowercase: Bool) -> [String]? {
        var text = text
        return text.withUTF8 { b -> [String]? in
            let n = b.count
            var out: [String] = []
            @inline(__always) func isWord(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 }
            @inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }
            @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
            if b.contains(where: { $0 >= 0x80 }) { return nil }
            var buf = [UInt8]()
            buf.reserveCapacity(32)
            var i = 0
            while i < n {
                guard isWord(b[i]) else { i += 1; continue }
                var j = i + 1
                while j < n {
                    if isWord(b[j]) { j += 1; continue }
                    if pattern == .words, j + 1 < n, isWord(b[j + 1]) {
                        let c = b[j]
                        if (c == 39 && isLetter(b[j - 1]) && isLetter(b[j + 1])) || ((c == 46 || c == 44) && isDigit(b[j - 1]) && isDigit(b[j + 1])) {
                            j += 2; continue
                        }
                    }
                    break
                }
                if pattern == .words || j - i >= 2 {
                    buf.removeAll(keepingCapacity: true)
                    for k in i..<j { let c = b[k]; buf.append(lowercase && c >= 65 && c <= 90 ? c | 0x20 : c) }
                    out.append(String(decoding: buf, as: UTF8.self))
                }
                i = j
            }
            return out
        }
    }

    /// Word runs of `s` by the pattern's rules.
    static func wordRuns(_ s: [Unicode.Scalar], pattern: TokenizerOptions.Pattern, emit: (ArraySlice<Unicode.Scalar>) -> Void) {
        let n = s.count
        var i = 0
        while i < n {
            guard CharClass.isWord(s[i]) else { i += 1; continue }
            var j = i + 1
            while j < n {
                if CharClass.isWord(s[j]) { j += 1; continue }
                if pattern == .words, j + 1 < n, CharClass.isWord(s[j + 1]) {
                    let c = s[j]
                    let letters = s[j - 1].properties.isAlphabetic && s[j + 1].properties.isAlphabetic
                    let digits = s[j - 1].properties.numericType != nil && s[j + 1].properties.numericType != nil
                    if (letters && (c == "'" || c == "\u{2019}")) || (digits && (c == "." || c == ",")) { j += 2; continue }
                }
                break
            }
            if pattern == .words || j - i >= 2 { emit(s[i..<j]) }
            i = j
        }
    }

    /// scikit-learn's `_word_ngrams`: all n-grams for n in the range, shortest first.
    public static func ngrams(_ words: [String], _ range: ClosedRange<Int>) -> [String] {
        if range == 1...1 { return words }
        var out: [String] = []
        var lo = range.lowerBound
        if lo == 1 { out = words; lo = 2 }
        let hi = min(range.upperBound, words.count)
        if lo <= hi {
            for n in lo...hi {
                for i in 0...(words.count - n) { out.append(words[i..<i + n].joined(separator: " ")) }
            }
        }
        return out
    }
}
