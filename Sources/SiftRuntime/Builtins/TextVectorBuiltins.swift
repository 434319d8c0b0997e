import SiftFrame
import SiftLanguage
import SiftModels
import SiftRender
import SiftText

/// A document-term matrix (counts or TF-IDF) with its vocabulary; kept sparse.
final class TextMatrixValue: ModelValue {
    let vectorizer: Vectorizer
    let matrix: SparseMatrix
    let weighting: String
    /// Document labels (the id: column, else row numbers from 1).
    let ids: Column

    init(vectorizer: Vectorizer, matrix: SparseMatrix, weighting: String, ids: Column) {
        self.vectorizer = vectorizer
        self.matrix = matrix
        self.weighting = weighting
        self.ids = ids
    }

    var typeName: String { "text matrix" }
    var summaryLine: String {
        "\(weighting) matrix: \(CellText.grouped(matrix.rows)) documents × \(CellText.grouped(matrix.columns)) terms, \(CellText.grouped(matrix.nonZeroCount)) non-zero"
    }

    func render(width: Int) -> String {
        let density = Double(matrix.nonZeroCount) / Double(max(1, matrix.rows * matrix.columns))
        let sample = vectorizer.vocabulary.prefix(12).joined(separator: ", ")
        return """
        \(summaryLine) (\(Fmt.c("%.3f", 100 * density))% filled)
        terms: \(sample)\(matrix.columns > 12 ? ", …" : "")
        tidy(m): (document, term, value) · m.terms: (term, df, idf) · m.wide: one column per term · nearest(m, to: "…")
        """
    }

    var statistics: [(String, Scalar)] {
        [("documents", .int(Int64(matrix.rows))), ("terms", .int(Int64(matrix.columns))),
         ("non_zero", .int(Int64(matrix.nonZeroCount))), ("dropped_terms", .int(Int64(vectorizer.droppedTerms))),
         ("weighting", .string(weighting))]
    }

    /// The long form: one row per non-zero cell.
    func tidy() throws -> Frame {
        var docRows: [Int] = [], term: [String] = [], value: [Double] = []
        docRows.reserveCapacity(matrix.nonZeroCount)
        for r in 0..<matrix.rows {
            for k in matrix.range(ofRow: r) {
                docRows.append(r); term.append(vectorizer.vocabulary[Int(matrix.indices[k])]); value.append(matrix.values[k])
            }
        }
        return try Frame(columns: [ids.take(docRows).renamed(ids.name), Column(name: "term", storage: .string(.make(term))),
                                   Column(name: "value", storage: .float(value))])
    }

    func termsFrame() throws -> Frame {
        try Frame(columns: [Column(name: "term", storage: .string(.make(vectorizer.vocabulary))),
                            Column(name: "df", storage: .int(vectorizer.documentFrequency.map { Int64($0) })),
                            Column(name: "idf", storage: .float(vectorizer.idf))])
    }

    static let maxWideTerms = 2_000

    func wide() throws -> Frame {
        guard matrix.columns <= Self.maxWideTerms else {
            throw FrameError("the matrix has \(matrix.columns) terms, too many for one column each (at most \(Self.maxWideTerms))", hint: "use max_features: to keep the most frequent terms, or tidy(m) for the long form")
        }
        var cols = [[Double]](repeating: [Double](repeating: 0, count: matrix.rows), count: matrix.columns)
        for r in 0..<matrix.rows { for k in matrix.range(ofRow: r) { cols[Int(matrix.indices[k])][r] = matrix.values[k] } }
        var used = Set([ids.name])
        var out = [ids]
        for (j, t) in vectorizer.vocabulary.enumerated() {
            var name = t
            while used.contains(name) { name += "_" }
            used.insert(name)
            out.append(Column(name: name, storage: .float(cols[j])))
        }
        return try Frame(columns: out)
    }

    func member(_ name: String) -> Value? {
        switch name {
        case "terms", "vocabulary": return (try? termsFrame()).map { .frame($0) }
        case "tidy": return (try? tidy()).map { .frame($0) }
        case "wide": return (try? wide()).map { .frame($0) }
        case "glance": return (try? glance()).map { .frame($0) }
        default: return statistic(name)
        }
    }

    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        throw ctx.error("a text matrix makes no predictions", hint: "tidy(m) gives the weights; text_classifier() fits a model on text")
    }
}

extension Session {
    func registerTextVectors() {
        let I = interpreter
        I.define("count_vectorize", "count_vectorize(frame: frame, *, text: expr, id?: names, min_df: number = 1, max_df: number = 1.0, max_features?: int, ngrams: any = 1, lang: string = \"auto\", lower: bool = true, stop_words: any = false, binary: bool = false)",
                 "The document-term count matrix of a text column, stored sparse, as scikit-learn's CountVectorizer with the same defaults: tokens are runs of 2+ word characters (Chinese text is segmented first), vocabulary sorted, min_df/max_df as a count (int) or share (float), max_features keeps the most frequent terms.",
                 example: "counts = count_vectorize(reviews, text: review, min_df: 2)", category: "text",
                 lazy: true) { ctx in
            try TextVectorArgs.fit(ctx, tfidf: false)
        }
        I.define("tfidf", "tfidf(frame: frame, *, text: expr, id?: names, min_df: number = 1, max_df: number = 1.0, max_features?: int, ngrams: any = 1, norm: string = \"l2\", use_idf: bool = true, smooth_idf: bool = true, sublinear_tf: bool = false, lang: string = \"auto\", lower: bool = true, stop_words: any = false, binary: bool = false)",
                 "TF-IDF weights of a text column, stored sparse, as scikit-learn's TfidfVectorizer with the same defaults and formulas: idf = ln((1 + n) / (1 + df)) + 1 (smooth_idf), tf = count (or 1 + ln count with sublinear_tf), rows scaled to unit L2 norm. tidy(m) gives (document, term, value); m.terms the vocabulary with df and idf.",
                 example: "m = tfidf(reviews, text: review, id: review_id, stop_words: \"en\")", category: "text",
                 lazy: true) { ctx in
            try TextVectorArgs.fit(ctx, tfidf: true)
        }
    }
}

enum TextVectorArgs {
    static func fit(_ ctx: CallContext, tfidf: Bool) throws -> Value {
        let (frame, _) = try Args.input(ctx)
        let (_, texts) = try TextArgs.texts(ctx, frame)
        let options = try TextArgs.vectorizer(ctx)
        let ids = try idColumn(ctx, frame)
        do {
            let (vec, counts) = try Vectorizer.fit(TextArgs.documents(texts), options: options)
            let m = tfidf ? vec.tfidf(counts) : counts
            return .object(TextMatrixValue(vectorizer: vec, matrix: m, weighting: tfidf ? "tf-idf" : "count", ids: ids))
        } catch {
            throw TextArgs.vectorizerError(error, ctx)
        }
    }

    /// The id: column, or `document` numbered from 1.
    static func idColumn(_ ctx: CallContext, _ frame: Frame) throws -> Column {
        if let a = ctx.namedArgument("id") {
            let names = try ctx.columnNames(a, in: frame)
            guard names.count == 1 else { throw ctx.error("id: takes one column", at: ctx.span(ofNamed: "id")) }
            return try frame.column(names[0])
        }
        return Column(name: "document", storage: .int((0..<frame.rowCount).map { Int64($0 + 1) }))
    }
}
