import SiftFrame
import SiftLanguage
import SiftText

/// Text basics: tokens, word counts, top terms per group, sentiment.
extension Session {
    func registerText() {
        let I = interpreter
        I.define("tokens", "tokens(text, *, lang: string = \"auto\", lower: bool = true, stop_words: any = false, ngrams: any = 1)",
                 "The words of each text as a list column. Words are runs of letters and digits (an apostrophe between letters and a point between digits stay inside: don't, 3.5); text with Chinese characters is segmented as jieba does (dictionary word graph, most probable path, HMM for unknown words). stop_words: true (English and Chinese lists), \"en\", \"zh\" or a list; ngrams: n or [min, max] joins neighbouring words with a space.",
                 example: "reviews |> mutate(words = tokens(review, stop_words: true))", category: "text") { ctx in
            let options = try TextArgs.tokenizer(ctx, pattern: .words, defaultStopWords: false)
            let tok = Tokenizer(options)
            let v = try ctx.value(0)
            switch v {
            case .string(let s): return .list(tok.tokens(s).map { .string($0) })
            case .null: return .null
            case .column(let c):
                let lists = try TextArgs.tokenLists(c, options, ctx, "tokens()")
                return .column(Column(name: c.name, storage: .list(lists.map { $0 ?? [] }), validity: c.validity))
            default: throw ctx.error("tokens() needs text or a text column, got \(withArticle(v.typeName))", at: ctx.span(of: 0))
            }
        }
        I.define("word_counts", "word_counts(frame: frame, *, text: expr, lang: string = \"auto\", lower: bool = true, stop_words: any = false, ngrams: any = 1, n?: int)",
                 "How often each word occurs across a text column: a frame (term, count, documents) sorted by count, then term. documents counts the texts that use the word.",
                 example: "reviews |> word_counts(text: review, stop_words: true, n: 20)", category: "text", lazy: true) { ctx in
            let (frame, _) = try Args.input(ctx)
            let (c, _) = try TextArgs.texts(ctx, frame)
            let options = try TextArgs.tokenizer(ctx, pattern: .words, defaultStopWords: false)
            let limit = try ctx.optional("n").map { _ in try TextArgs.positiveInt(ctx, "n", default: 10) }
            let lists = try TextArgs.tokenLists(c, options, ctx, "text")
            let counts = TermCounts(lists.compactMap { $0 })
            return .frame(try counts.frame(limit: limit))
        }
        I.define("top_terms", "top_terms(frame: frame, *, text: expr, by?: names, n: int = 10, lang: string = \"auto\", lower: bool = true, stop_words: any = true, ngrams: any = 1)",
                 "The n most frequent terms of a text column in each group of by (stop words removed unless stop_words: false): a frame (by…, rank, term, count, share), share being the term's part of the group's tokens.",
                 example: "reviews |> top_terms(text: review, by: segment, n: 5)", category: "text", lazy: true) { ctx in
            let (frame, groupKeys) = try Args.input(ctx)
            let (c, _) = try TextArgs.texts(ctx, frame)
            let n = try TextArgs.positiveInt(ctx, "n", default: 10)
            let by = try ctx.namedArgument("by").map { try ctx.columnNames($0, in: frame) } ?? groupKeys ?? []
            let options = try TextArgs.tokenizer(ctx, pattern: .words, defaultStopWords: true)
            let lists = try TextArgs.tokenLists(c, options, ctx, "text")
            return .frame(try TermCounts.topTerms(frame: frame, by: by, lists: lists, n: n))
        }
        I.define("sentiment", "sentiment(text, *, lang: string = \"en\", score: string = \"compound\")",
                 "English sentiment in the manner of VADER (its lexicon and rules: negation, intensifiers, \"but\", ALL-CAPS, ! and ?): the compound score in [-1, 1] (≥ 0.05 positive, ≤ -0.05 negative), or score: \"positive\", \"negative\", \"neutral\" for the shares of the text. For other languages train text_classifier() on labelled reviews.",
                 example: "reviews |> mutate(mood = sentiment(review))", category: "text") { ctx in
            let lang = try ctx.optional("lang").map { try ctx.string($0, "lang", at: ctx.span(ofNamed: "lang")) } ?? "en"
            guard ["en", "english"].contains(lang.lowercased()) else {
                throw ctx.error("sentiment() scores English text only (lang: \"en\")", hint: "for Chinese or other languages, fit text_classifier(label ~ text, data: labelled) and use predict()", at: ctx.span(ofNamed: "lang"))
            }
            let which = try ctx.optional("score").map { try ctx.string($0, "score", at: ctx.span(ofNamed: "score")) } ?? "compound"
            let pick: (SentimentScores) -> Double
            switch which {
            case "compound": pick = { $0.compound }
            case "positive", "pos": pick = { $0.positive }
            case "negative", "neg": pick = { $0.negative }
            case "neutral", "neu": pick = { $0.neutral }
            default: throw ctx.error("score: must be \"compound\", \"positive\", \"negative\" or \"neutral\"", at: ctx.span(ofNamed: "score"))
            }
            let analyzer = SentimentAnalyzer.shared
            let v = try ctx.value(0)
            switch v {
            case .string(let s): return .float(pick(analyzer.scores(s)))
            case .null: return .null
            case .column(let c):
                let texts = try TextArgs.strings(c, ctx, "sentiment()")
                return .column(Column(name: "sentiment", storage: .float(texts.map { $0.map { pick(analyzer.scores($0)) } ?? 0 }), validity: c.validity))
            default: throw ctx.error("sentiment() needs text or a text column, got \(withArticle(v.typeName))", at: ctx.span(of: 0))
            }
        }
        registerTextModels()
        registerSimilarity()
    }
}

/// Term counts over token lists, and the frames built from them.
struct TermCounts {
    var terms: [String] = []
    var count: [Int] = []
    var documents: [Int] = []
    var index: [String: Int] = [:]
    var total = 0

    init(_ lists: [[String]]) {
        var seen = Set<Int>()
        for l in lists {
            seen.removeAll(keepingCapacity: true)
            for t in l {
                let j: Int
                if let e = index[t] { j = e } else { j = terms.count; index[t] = j; terms.append(t); count.append(0); documents.append(0) }
                count[j] += 1
                total += 1
                if seen.insert(j).inserted { documents[j] += 1 }
            }
        }
    }

    /// Term indices by count (descending), then term (code-point order).
    func ranked() -> [Int] {
        terms.indices.sorted { count[$0] != count[$1] ? count[$0] > count[$1] : terms[$0].unicodeScalars.lexicographicallyPrecedes(terms[$1].unicodeScalars) }
    }

    func frame(limit: Int?) throws -> Frame {
        var order = ranked()
        if let limit { order = Array(order.prefix(limit)) }
        return try Frame(columns: [Column(name: "term", storage: .string(.make(order.map { terms[$0] }))),
                                   Column(name: "count", storage: .int(order.map { Int64(count[$0]) })),
                                   Column(name: "documents", storage: .int(order.map { Int64(documents[$0]) }))])
    }

    static func topTerms(frame: Frame, by: [String], lists: [[String]?], n: Int) throws -> Frame {
        let keys = try by.map { try frame.column($0) }
        // Group rows by the key columns' codes.
        var groupOf: [[Int32]: Int] = [:]
        var firstRow: [Int] = []
        var members: [[Int]] = []
        let codes = keys.map { KeyCodes.sorted($0).codes }
        for r in 0..<frame.rowCount {
            let key = codes.map { $0[r] }
            let g: Int
            if let e = groupOf[key] { g = e } else { g = members.count; groupOf[key] = g; firstRow.append(r); members.append([]) }
            members[g].append(r)
        }
        // Groups in key order.
        let groupOrder = members.indices.sorted { a, b in
            for c in codes { if c[firstRow[a]] != c[firstRow[b]] { return c[firstRow[a]] < c[firstRow[b]] } }
            return a < b
        }
        var rowsOut: [Int] = [], rank: [Int64] = [], term: [String] = [], count: [Int64] = [], share: [Double] = []
        for g in groupOrder {
            let tc = TermCounts(members[g].compactMap { lists[$0] })
            for (k, j) in tc.ranked().prefix(n).enumerated() {
                rowsOut.append(firstRow[g]); rank.append(Int64(k + 1)); term.append(tc.terms[j])
                count.append(Int64(tc.count[j])); share.append(Double(tc.count[j]) / Double(max(1, tc.total)))
            }
        }
        var columns = keys.map { $0.take(rowsOut) }
        columns += [Column(name: "rank", storage: .int(rank)), Column(name: "term", storage: .string(.make(term))),
                    Column(name: "count", storage: .int(count)), Column(name: "share", storage: .float(share))]
        return try Frame(columns: columns)
    }
}
