import SiftFrame
import SiftLanguage
import SiftText

/// Argument parsing shared by the text builtins: the text column, tokenizer and vectorizer options.
enum TextArgs {
    /// The texts of `text:` (an expression over the frame, usually a column name), nulls as nil.
    static func texts(_ ctx: CallContext, _ frame: Frame, name: String = "text") throws -> (column: Column, texts: [String?]) {
        guard let a = ctx.namedArgument(name) else {
            throw ctx.error("\(ctx.name)() needs \(name): the column of text, e.g. \(name): review")
        }
        let v = try ctx.resolve(a, mask: frame)
        let c: Column
        switch v {
        case .column(let col): c = col
        case .string(let s):
            if frame.hasColumn(s) { c = try frame.column(s) } else { c = Column.constant(.string(s), count: frame.rowCount) }
        default: throw ctx.error("\(name): must be a text column, got \(withArticle(v.typeName))", at: ctx.span(ofNamed: name))
        }
        return (c, try strings(c, ctx, name))
    }

    /// Cells of a text column (a list column's tokens are joined by spaces).
    static func strings(_ c: Column, _ ctx: CallContext, _ what: String) throws -> [String?] {
        switch c.storage {
        case .string(let s): return (0..<c.count).map { c.isValid($0) ? s.string(at: $0) : nil }
        case .list(let l): return (0..<c.count).map { c.isValid($0) ? l[$0].joined(separator: " ") : nil }
        default: throw ctx.error("\(what): must be a text column, got a \(c.type.rawValue) column")
        }
    }

    /// Token lists of a column: a list column as it is, a text column through the tokenizer.
    static func tokenLists(_ c: Column, _ options: TokenizerOptions, _ ctx: CallContext, _ what: String) throws -> [[String]?] {
        if case .list(let l) = c.storage {
            return (0..<c.count).map { i in
                guard c.isValid(i) else { return nil }
                var t = l[i]
                if options.lowercase { t = t.map { $0.lowercased() } }
                if !options.stopWords.isEmpty { t.removeAll { options.stopWords.contains($0) } }
                return Tokenizer.ngrams(t, options.ngrams)
            }
        }
        let tok = Tokenizer(options)
        return try strings(c, ctx, what).map { $0.map(tok.tokens) }
    }

    static func language(_ ctx: CallContext) throws -> TokenizerOptions.Language {
        guard let v = try ctx.optional("lang") else { return .auto }
        let s = try ctx.string(v, "lang", at: ctx.span(ofNamed: "lang"))
        guard let l = TokenizerOptions.language(named: s) else {
            throw ctx.error("unknown lang \"\(s)\"", hint: "lang: \"auto\" (Chinese segmentation where there are Han characters), \"zh\", \"en\" or another space-separated language code", at: ctx.span(ofNamed: "lang"))
        }
        return l
    }

    /// stop_words: true (English and Chinese lists), false, "en", "zh", or a list of words.
    static func stopWords(_ ctx: CallContext, default def: Bool) throws -> Set<String> {
        guard let v = try ctx.optional("stop_words"), !v.isNull else { return def ? StopWords.english.union(StopWords.chinese) : [] }
        let span = ctx.span(ofNamed: "stop_words")
        switch v {
        case .bool(let b): return b ? StopWords.english.union(StopWords.chinese) : []
        case .string(let s):
            guard let l = StopWords.list(s) else { throw ctx.error("unknown stop-word list \"\(s)\"", hint: "stop_words: true, \"en\", \"zh\" or a list of words", at: span) }
            return l
        case .list(let items):
            var out = Set<String>()
            for i in items {
                guard case .string(let w) = i else { throw ctx.error("stop_words: a list must hold words in quotes", at: span) }
                if let l = StopWords.list(w), w == "en" || w == "zh" { out.formUnion(l) } else { out.insert(w.lowercased()) }
            }
            return out
        default: throw ctx.error("stop_words: must be true/false, \"en\", \"zh\" or a list of words, got \(withArticle(v.typeName))", at: span)
        }
    }

    /// ngrams: n (n-grams only) or [min, max].
    static func ngrams(_ ctx: CallContext) throws -> ClosedRange<Int> {
        guard let v = try ctx.optional("ngrams") else { return 1...1 }
        let span = ctx.span(ofNamed: "ngrams")
        var lo = 1, hi = 1
        switch v {
        case .int(let n): lo = Int(n); hi = Int(n)
        case .list(let l) where l.count == 2:
            lo = try ctx.int(l[0], "ngrams' lower bound", at: span); hi = try ctx.int(l[1], "ngrams' upper bound", at: span)
        default: throw ctx.error("ngrams: must be a whole number or [min, max], e.g. ngrams: [1, 2]", at: span)
        }
        guard lo >= 1, hi >= lo, hi <= 10 else { throw ctx.error("ngrams: needs 1 ≤ min ≤ max ≤ 10, got [\(lo), \(hi)]", at: span) }
        return lo...hi
    }

    static func tokenizer(_ ctx: CallContext, pattern: TokenizerOptions.Pattern, defaultStopWords: Bool) throws -> TokenizerOptions {
        let lower = try ctx.optional("lower").map { try ctx.bool($0, "lower", at: ctx.span(ofNamed: "lower")) } ?? true
        return TokenizerOptions(language: try language(ctx), pattern: pattern, lowercase: lower,
                                stopWords: try stopWords(ctx, default: defaultStopWords), ngrams: try ngrams(ctx))
    }

    static func bound(_ ctx: CallContext, _ name: String, default def: DocumentFrequencyBound) throws -> DocumentFrequencyBound {
        guard let v = try ctx.optional(name) else { return def }
        let span = ctx.span(ofNamed: name)
        switch v {
        case .int(let n):
            guard n >= 0 else { throw ctx.error("\(name): must not be negative", at: span) }
            return .count(Int(n))
        case .float(let p):
            guard p >= 0, p <= 1 else { throw ctx.error("\(name): a share of documents must be between 0.0 and 1.0 (a whole number is a count of documents)", at: span) }
            return .proportion(p)
        default: throw ctx.error("\(name): must be a number (a count, or a share between 0.0 and 1.0)", at: span)
        }
    }

    /// Vectorizer options with scikit-learn's defaults (`TfidfVectorizer`/`CountVectorizer`).
    static func vectorizer(_ ctx: CallContext, defaultStopWords: Bool = false) throws -> VectorizerOptions {
        var o = VectorizerOptions()
        o.tokenizer = try tokenizer(ctx, pattern: .sklearn, defaultStopWords: defaultStopWords)
        o.minDF = try bound(ctx, "min_df", default: .count(1))
        o.maxDF = try bound(ctx, "max_df", default: .proportion(1.0))
        if let v = try ctx.optional("max_features"), !v.isNull {
            let n = try ctx.int(v, "max_features", at: ctx.span(ofNamed: "max_features"))
            guard n >= 1 else { throw ctx.error("max_features: must be at least 1", at: ctx.span(ofNamed: "max_features")) }
            o.maxFeatures = n
        }
        if let v = try ctx.optional("norm") {
            let s = v.isNull ? "none" : try ctx.string(v, "norm", at: ctx.span(ofNamed: "norm"))
            guard let n = VectorizerOptions.Norm(rawValue: s.lowercased()) else {
                throw ctx.error("norm: must be \"l2\", \"l1\" or \"none\", got \"\(s)\"", at: ctx.span(ofNamed: "norm"))
            }
            o.norm = n
        }
        func flag(_ name: String) throws -> Bool? { try ctx.optional(name).map { try ctx.bool($0, name, at: ctx.span(ofNamed: name)) } }
        o.sublinearTF = try flag("sublinear_tf") ?? false
        o.useIDF = try flag("use_idf") ?? true
        o.smoothIDF = try flag("smooth_idf") ?? true
        o.binary = try flag("binary") ?? false
        return o
    }

    /// The document texts for a vectorizer: null texts become empty documents (rows of zeros).
    static func documents(_ texts: [String?]) -> [String] { texts.map { $0 ?? "" } }

    static func positiveInt(_ ctx: CallContext, _ name: String, default def: Int, max: Int = Int.max) throws -> Int {
        guard let v = try ctx.optional(name) else { return def }
        let n = try ctx.int(v, name, at: ctx.span(ofNamed: name))
        guard n >= 1, n <= max else { throw ctx.error("\(name): must be between 1 and \(max), got \(n)", at: ctx.span(ofNamed: name)) }
        return n
    }

    static func vectorizerError(_ e: Error, _ ctx: CallContext) -> Error {
        if let v = e as? VectorizerError { return ctx.error(v.description, hint: "lower min_df, raise max_df, or check the text column") }
        return e
    }
}
