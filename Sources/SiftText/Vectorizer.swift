#if canImport(Glibc)
import Glibc
#endif
import SiftFrame

/// A document-frequency bound given as a count or a proportion, as scikit-learn's min_df/max_df
/// (an int is a number of documents, a float in [0, 1] a share of them).
public enum DocumentFrequencyBound: Sendable, Equatable {
    case count(Int)
    case proportion(Double)

    func documents(of n: Int) -> Double {
        switch self {
        case .count(let c): return Double(c)
        case .proportion(let p): return p * Double(n)
        }
    }
}

/// Settings of `count_vectorize`/`tfidf`; the defaults are scikit-learn's `CountVectorizer` and
/// `TfidfVectorizer` defaults.
public struct VectorizerOptions: Sendable {
    public var tokenizer = TokenizerOptions(pattern: .sklearn)
    public var minDF: DocumentFrequencyBound = .count(1)
    public var maxDF: DocumentFrequencyBound = .proportion(1.0)
    public var maxFeatures: Int? = nil
    /// Counts become 1 (scikit-learn's `binary=True`).
    public var binary = false
    public enum Norm: String, Sendable { case l2, l1, none }
    public var norm: Norm = .l2
    public var useIDF = true
    public var smoothIDF = true
    public var sublinearTF = false
    public init() {}
}

public enum VectorizerError: Error, CustomStringConvertible {
    case emptyVocabulary
    case boundsConflict
    public var description: String {
        switch self {
        case .emptyVocabulary: return "empty vocabulary: the documents hold no tokens (or only stop words)"
        case .boundsConflict: return "max_df corresponds to fewer documents than min_df"
        }
    }
}

/// A fitted vocabulary with document frequencies and idf weights, which turns documents into
/// count or TF-IDF rows. Formulas (scikit-learn's):
///   idf(t) = ln((1 + n) / (1 + df(t))) + 1   with smooth_idf, else ln(n / df(t)) + 1;
///   tf = count, or 1 + ln(count) with sublinear_tf; row = tf · idf, then divided by its L2 (or L1) norm.
public struct Vectorizer: Sendable {
    public let options: VectorizerOptions
    /// Terms sorted by Unicode code points (scikit-learn's sorted vocabulary).
    public let vocabulary: [String]
    public let index: [String: Int]
    /// Documents containing each term, in the fitting documents.
    public let documentFrequency: [Int]
    public let idf: [Double]
    public let documentCount: Int
    /// Terms dropped by min_df, max_df or max_features (scikit-learn's `stop_words_`).
    public let droppedTerms: Int

    /// Fits the vocabulary on `documents` and returns it with the documents' count matrix.
    public static func fit(_ documents: [String], options: VectorizerOptions) throws -> (Vectorizer, SparseMatrix) {
        let tok = Tokenizer(options.tokenizer)
        var termIndex: [String: Int] = [:]
        var terms: [String] = []
        var rowStart = [0]
        var cols: [Int32] = []
        var vals: [Double] = []
        // Per-document counts in an array indexed by term, reset through the list of terms touched.
        var count: [Int] = []
        var touched: [Int] = []
        for (d, doc) in documents.enumerated() {
            try Cancellation.check(every: 2048, at: d)
            touched.removeAll(keepingCapacity: true)
            for t in tok.tokens(doc) {
                let j: Int
                if let e = termIndex[t] { j = e } else { j = terms.count; termIndex[t] = j; terms.append(t); count.append(0) }
                if count[j] == 0 { touched.append(j) }
                count[j] += 1
            }
            touched.sort()
            for j in touched { cols.append(Int32(j)); vals.append(Double(count[j])); count[j] = 0 }
            rowStart.append(cols.count)
        }
        guard !terms.isEmpty else { throw VectorizerError.emptyVocabulary }
        let n = documents.count
        var df = [Int](repeating: 0, count: terms.count)
        var tf = [Double](repeating: 0, count: terms.count)
        for k in cols.indices { df[Int(cols[k])] += 1; tf[Int(cols[k])] += vals[k] }
        // Sorted vocabulary, then the document-frequency bounds, then max_features by total count.
        var order = Array(terms.indices)
        order.sort { terms[$0].unicodeScalars.lexicographicallyPrecedes(terms[$1].unicodeScalars) }
        let maxDoc = options.maxDF.documents(of: n), minDoc = options.minDF.documents(of: n)
        guard maxDoc >= minDoc else { throw VectorizerError.boundsConflict }
        var kept = order.filter { Double(df[$0]) <= maxDoc && Double(df[$0]) >= minDoc }
        if let limit = options.maxFeatures, kept.count > limit {
            // Highest total count first; ties keep vocabulary order (a stable sort).
            let ranked = kept.enumerated().sorted { a, b in
                tf[a.element] != tf[b.element] ? tf[a.element] > tf[b.element] : a.offset < b.offset
            }
            let chosen = Set(ranked.prefix(limit).map(\.element))
            kept = kept.filter { chosen.contains($0) }
        }
        guard !kept.isEmpty else { throw VectorizerError.emptyVocabulary }
        var newIndex = [Int](repeating: -1, count: terms.count)
        for (k, old) in kept.enumerated() { newIndex[old] = k }
        let vocabulary = kept.map { terms[$0] }
        let keptDF = kept.map { df[$0] }
        // Re-index the count matrix to the kept, sorted vocabulary.
        var start = [0], idx: [Int32] = [], v: [Double] = []
        idx.reserveCapacity(cols.count); v.reserveCapacity(cols.count)
        var row: [(Int32, Double)] = []
        for r in 0..<n {
            row.removeAll(keepingCapacity: true)
            for k in rowStart[r]..<rowStart[r + 1] {
                let j = newIndex[Int(cols[k])]
                if j >= 0 { row.append((Int32(j), options.binary ? 1 : vals[k])) }
            }
            row.sort { $0.0 < $1.0 }
            for (j, c) in row { idx.append(j); v.append(c) }
            start.append(idx.count)
        }
        let counts = SparseMatrix(rows: n, columns: vocabulary.count, rowStart: start, indices: idx, values: v)
        let vec = Vectorizer(options: options, vocabulary: vocabulary, documentFrequency: keptDF, documentCount: n,
                             droppedTerms: terms.count - vocabulary.count)
        return (vec, counts)
    }

    init(options: VectorizerOptions, vocabulary: [String], documentFrequency: [Int], documentCount: Int, droppedTerms: Int) {
        self.options = options
        self.vocabulary = vocabulary
        var ix: [String: Int] = [:]
        for (i, t) in vocabulary.enumerated() { ix[t] = i }
        index = ix
        self.documentFrequency = documentFrequency
        self.documentCount = documentCount
        self.droppedTerms = droppedTerms
        let n = Double(documentCount) + (options.smoothIDF ? 1 : 0)
        idf = documentFrequency.map { d in log(n / (Double(d) + (options.smoothIDF ? 1 : 0))) + 1 }
    }

    /// Count rows for new documents over the fitted vocabulary (unknown terms ignored).
    public func counts(_ documents: [String]) -> SparseMatrix {
        let tok = Tokenizer(options.tokenizer)
        var start = [0], idx: [Int32] = [], v: [Double] = []
        var row: [Int: Int] = [:]
        for doc in documents {
            row.removeAll(keepingCapacity: true)
            for t in tok.tokens(doc) { if let j = index[t] { row[j, default: 0] += 1 } }
            for (j, c) in row.sorted(by: { $0.key < $1.key }) { idx.append(Int32(j)); v.append(options.binary ? 1 : Double(c)) }
            start.append(idx.count)
        }
        return SparseMatrix(rows: documents.count, columns: vocabulary.count, rowStart: start, indices: idx, values: v)
    }

    /// TF-IDF weights from a count matrix (scikit-learn's `TfidfTransformer.transform`).
    public func tfidf(_ counts: SparseMatrix) -> SparseMatrix {
        var m = counts
        for k in m.values.indices {
            var t = m.values[k]
            if options.sublinearTF { t = log(t) + 1 }
            if options.useIDF { t *= idf[Int(m.indices[k])] }
            m.values[k] = t
        }
        if options.norm != .none {
            for r in 0..<m.rows {
                let rr = m.range(ofRow: r)
                var s = 0.0
                for k in rr { s += options.norm == .l2 ? m.values[k] * m.values[k] : abs(m.values[k]) }
                if options.norm == .l2 { s = s.squareRoot() }
                if s > 0 { for k in rr { m.values[k] /= s } }
            }
        }
        return m
    }
}
