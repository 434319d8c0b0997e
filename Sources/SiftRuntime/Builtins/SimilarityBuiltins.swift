import SiftFrame
import SiftLanguage
import SiftModels
import SiftText

/// Row similarity: cosine between rows of numeric columns or of TF-IDF text, nearest rows to a
/// query, similar users and items (collaborative, content-based and hybrid).
extension Session {
    func registerSimilarity() {
        let I = interpreter
        I.define("cosine_similarity", "cosine_similarity(data: any, columns...: names, *, id?: names)",
                 "Cosine similarity between every pair of rows (over numeric columns, or the rows of a tfidf()/count_vectorize() matrix): a frame (<id>_a, <id>_b, similarity) with both orders of each pair, so filter(<id>_a == x) lists x's neighbours. At most 3,000 rows; use nearest() for one row against many.",
                 example: "users |> cosine_similarity(spend, visits, income, id: user_id)", category: "text", lazy: true) { ctx in
            let v = try ctx.value(0)
            var rows: [[Double]] = []
            var ids: Column
            var sparse: SparseMatrix? = nil
            if case .object(let o) = v, let m = o as? TextMatrixValue {
                sparse = m.matrix
                ids = m.ids
            } else {
                let frame = try ctx.frame(v)
                let names = try (1..<ctx.count).flatMap { i -> [String] in
                    guard let e = ctx.expr(i) else { return [] }
                    return try ctx.columnNames(e, in: frame)
                }
                guard !names.isEmpty else { throw ctx.error("cosine_similarity() needs the numeric columns to compare, e.g. cosine_similarity(df, spend, visits)") }
                let (keep, matrix) = try SimilarityArgs.numericRows(frame, names, ctx)
                rows = matrix
                ids = try TextVectorArgs.idColumn(ctx, frame).take(keep)
            }
            let n = sparse?.rows ?? rows.count
            guard n <= 3_000 else { throw ctx.error("cosine_similarity() compares every pair: \(n) rows would give \(n * (n - 1)) pairs (at most 3,000 rows)", hint: "use nearest(df, to: …) to compare one row with all others") }
            var a: [Int] = [], b: [Int] = [], s: [Double] = []
            let norms = sparse?.rowNorms() ?? []
            for i in 0..<n {
                try Cancellation.check()
                for j in 0..<n where j != i {
                    a.append(i); b.append(j)
                    if let m = sparse {
                        let d = m.dot(row: i, m, row: j)
                        s.append(norms[i] > 0 && norms[j] > 0 ? d / (norms[i] * norms[j]) : 0)
                    } else {
                        s.append(Similarity.cosine(rows[i], rows[j]))
                    }
                }
            }
            return .frame(try Frame(columns: [ids.take(a).renamed(ids.name + "_a"), ids.take(b).renamed(ids.name + "_b"),
                                              Column(name: "similarity", storage: .float(s))]))
        }
        I.define("nearest", "nearest(data: any, *, to: any, n: int = 5, columns?: names, text?: expr, metric: string = \"cosine\", stop_words: any = true, lang: string = \"auto\")",
                 "The n rows most like a query. With text: (or on a tfidf() matrix) the query is text and rows are ranked by TF-IDF cosine; otherwise to: is a record of column values ({spend: 120, visits: 4}) or a one-row frame, compared over those columns by cosine (or metric: \"euclidean\", nearest first). The rows come back with a similarity (or distance) column.",
                 example: "reviews |> nearest(to: \"battery dies quickly\", text: review, n: 3)", category: "text", lazy: true) { ctx in
            let v = try ctx.value(0)
            let n = try TextArgs.positiveInt(ctx, "n", default: 5)
            let to = try ctx.required("to")
            if case .object(let o) = v, let m = o as? TextMatrixValue {
                let query = try ctx.string(to, "to", at: ctx.span(ofNamed: "to"))
                let sims = SimilarityArgs.textSimilarities(m.vectorizer, m.matrix, query: query, tfidf: m.weighting == "tf-idf")
                let top = Similarity.top(sims, n: n)
                return .frame(try Frame(columns: [m.ids.take(top), Column(name: "similarity", storage: .float(top.map { sims[$0] }))]))
            }
            let frame = try ctx.frame(v)
            if ctx.has("text") {
                let query = try ctx.string(to, "to", at: ctx.span(ofNamed: "to"))
                let (_, texts) = try TextArgs.texts(ctx, frame)
                var options = VectorizerOptions()
                options.tokenizer = try TextArgs.tokenizer(ctx, pattern: .sklearn, defaultStopWords: true)
                do {
                    let (vec, counts) = try Vectorizer.fit(TextArgs.documents(texts), options: options)
                    let sims = SimilarityArgs.textSimilarities(vec, vec.tfidf(counts), query: query, tfidf: true)
                    let top = Similarity.top(sims, n: n)
                    return .frame(try SimilarityArgs.appending(frame.take(top), "similarity", top.map { sims[$0] }))
                } catch { throw TextArgs.vectorizerError(error, ctx) }
            }
            // Numeric rows against a record or a one-row frame.
            var target: [String: Double] = [:]
            var order: [String] = []
            switch to {
            case .record(let r):
                for (k, x) in r.fields {
                    guard let d = x.scalar?.asDouble else { throw ctx.error("to: \(k) must be a number", at: ctx.span(ofNamed: "to")) }
                    target[k] = d; order.append(k)
                }
            case .frame(let f) where f.rowCount == 1:
                for c in f.columns { if let d = c[0].asDouble { target[c.name] = d; order.append(c.name) } }
            default: throw ctx.error("to: must be a record of values ({spend: 120, visits: 4}) or a one-row frame; for text, give text: the column", at: ctx.span(ofNamed: "to"))
            }
            let names = try ctx.namedArgument("columns").map { try ctx.columnNames($0, in: frame) } ?? order.filter { frame.hasColumn($0) }
            guard !names.isEmpty else { throw ctx.error("nearest() found no numeric columns of to: in the frame", hint: "columns: " + frame.names.prefix(10).joined(separator: ", ")) }
            for nm in names where target[nm] == nil { throw ctx.error("to: has no value for the column '\(nm)'", at: ctx.span(ofNamed: "to")) }
            let q = names.map { target[$0] ?? 0 }
            let (keep, rows) = try SimilarityArgs.numericRows(frame, names, ctx)
            let metric = try ctx.optional("metric").map { try ctx.string($0, "metric", at: ctx.span(ofNamed: "metric")) } ?? "cosine"
            switch metric {
            case "cosine":
                let sims = rows.map { Similarity.cosine($0, q) }
                let top = Similarity.top(sims, n: n)
                return .frame(try SimilarityArgs.appending(frame.take(top.map { keep[$0] }), "similarity", top.map { sims[$0] }))
            case "euclidean":
                let dist = rows.map { r in zip(r, q).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() }
                let top = Similarity.top(dist.map { -$0 }, n: n)
                return .frame(try SimilarityArgs.appending(frame.take(top.map { keep[$0] }), "distance", top.map { dist[$0] }))
            default: throw ctx.error("metric: must be \"cosine\" or \"euclidean\"", at: ctx.span(ofNamed: "metric"))
            }
        }
        I.define("similar_users", "similar_users(model: model, user: any, n: int = 5)",
                 "The n users most similar to a user under a recommender's similarity (cosine, pearson or centered_cosine of their rating vectors): a frame (user, similarity).",
                 example: "similar_users(recs, user: 42, n: 5)", category: "models") { ctx in
            let m = try RecommenderArgs.model(ctx)
            let user = try RecommenderArgs.key(try ctx.required("user", position: 1), ctx, "user")
            let n = try ctx.optional("n", position: 2).map { try ctx.int($0, "n") } ?? 5
            guard n >= 1 else { throw ctx.error("n must be at least 1") }
            guard let sims = m.model.similarUsers(user, n: n) else {
                throw ctx.error("no user \(ScalarFormat.plain(user)) in the ratings", hint: "users are values of '\(m.userColumn)'")
            }
            return .frame(try Frame(columns: [Column.from(scalars: sims.map(\.user), name: m.userColumn, type: m.userType),
                                              ModelColumns.floats("similarity", sims.map(\.similarity))]))
        }
    }

    func registerSimilarItems() {
        interpreter.define("similar_items", "similar_items(model: any, item: any, n: int = 5, *, by?: names, id?: names, content?: frame, weight: float = 0.5)",
                 "The n items most similar to an item. On a recommender: by its similarity of rating vectors (cosine, pearson or centered_cosine, as its method). On a frame of items with by: a description column and id: the item column: content-based, by TF-IDF cosine of the descriptions. On a recommender with content: items and by: a hybrid, weight × collaborative + (1 − weight) × content similarity. A frame (item, similarity[, collaborative, content]).",
                 example: "similar_items(products, item: 14, by: description, id: item_id)", category: "models", lazy: true) { ctx in
            let first = try ctx.value(0)
            let item = try RecommenderArgs.key(try ctx.required("item", position: 1), ctx, "item")
            let n = try TextArgs.positiveInt(ctx, "n", default: 5)
            if case .frame(let items) = first {
                guard ctx.has("by"), ctx.has("id") else {
                    throw ctx.error("similar_items() on a frame needs by: (the description column) and id: (the item column)")
                }
                let (ids, sims) = try SimilarityArgs.contentSimilarities(ctx, items, item: item)
                guard let sims else { throw ctx.error("no item \(ScalarFormat.plain(item)) in '\(ids.name)'") }
                let self_ = (0..<ids.count).filter { ids[$0] == item }
                let top = Similarity.top(sims, n: n, excluding: Set(self_))
                return .frame(try Frame(columns: [ids.take(top), ModelColumns.floats("similarity", top.map { sims[$0] })]))
            }
            let m = try RecommenderArgs.model(ctx)
            guard let cf = m.model.itemSimilarityRow(item) else {
                throw ctx.error("no item \(ScalarFormat.plain(item)) in the ratings", hint: "items are values of '\(m.itemColumn)'")
            }
            let items = m.model.items
            guard let contentValue = try ctx.optional("content") else {
                let i = items.firstIndex(of: item) ?? -1
                let top = Similarity.top(cf.map { $0 == 0 ? .nan : $0 }, n: n, excluding: [i])
                return .frame(try Frame(columns: [Column.from(scalars: top.map { items[$0] }, name: m.itemColumn, type: m.itemType),
                                                  ModelColumns.floats("similarity", top.map { cf[$0] })]))
            }
            let content = try ctx.frame(contentValue, "a frame of items for content:")
            guard ctx.has("by") else { throw ctx.error("a hybrid needs by: the description column of content:") }
            let weight = try ctx.optional("weight").map { try ctx.double($0, "weight", at: ctx.span(ofNamed: "weight")) } ?? 0.5
            guard weight >= 0, weight <= 1 else { throw ctx.error("weight: must be between 0 and 1", at: ctx.span(ofNamed: "weight")) }
            let (ids, contentSims) = try SimilarityArgs.contentSimilarities(ctx, content, item: item, defaultID: m.itemColumn)
            var contentOf: [Scalar: Double] = [:]
            if let cs = contentSims { for r in 0..<ids.count { contentOf[ids[r]] = max(contentOf[ids[r]] ?? -1, cs[r]) } }
            // Every item of either source: collaborative similarity 0 where the ratings lack it.
            var all = items
            var seen = Set(items)
            for r in 0..<ids.count where !seen.contains(ids[r]) && !ids[r].isNull { seen.insert(ids[r]); all.append(ids[r]) }
            let collaborative = all.indices.map { $0 < cf.count ? cf[$0] : 0 }
            let contentScore = all.map { contentOf[$0] ?? 0 }
            let score = all.indices.map { weight * collaborative[$0] + (1 - weight) * contentScore[$0] }
            let exclude = Set(all.indices.filter { all[$0] == item })
            let top = Similarity.top(score, n: n, excluding: exclude)
            return .frame(try Frame(columns: [Column.from(scalars: top.map { all[$0] }, name: m.itemColumn, type: m.itemType),
                                              ModelColumns.floats("similarity", top.map { score[$0] }),
                                              ModelColumns.floats("collaborative", top.map { collaborative[$0] }),
                                              ModelColumns.floats("content", top.map { contentScore[$0] })]))
        }
    }
}

enum SimilarityArgs {
    /// Rows without nulls in `names`, as dense vectors, and which rows they were.
    static func numericRows(_ frame: Frame, _ names: [String], _ ctx: CallContext) throws -> ([Int], [[Double]]) {
        let cols = try names.map { n -> Column in
            let c = try frame.column(n)
            guard c.type.isNumeric, c.doubles != nil else { throw ctx.error("the column '\(n)' is \(c.type.rawValue); similarity needs numeric columns") }
            return c
        }
        let values = cols.map { $0.doubles ?? [] }
        let keep = (0..<frame.rowCount).filter { r in cols.allSatisfy { $0.isValid(r) } && values.allSatisfy { $0[r].isFinite } }
        return (keep, keep.map { r in values.map { $0[r] } })
    }

    static func textSimilarities(_ vec: Vectorizer, _ matrix: SparseMatrix, query: String, tfidf: Bool) -> [Double] {
        let qc = vec.counts([query])
        let q = tfidf ? vec.tfidf(qc) : qc
        return Similarity.cosineRow(q, 0, against: matrix, norms: q.rowNorms(), otherNorms: matrix.rowNorms())
    }

    static func appending(_ frame: Frame, _ name: String, _ values: [Double]) throws -> Frame {
        var name = name
        while frame.hasColumn(name) { name += "_" }
        return try Frame(columns: frame.columns + [Column(name: name, storage: .float(values))])
    }

    /// TF-IDF cosine of every item's description with the given item's (nil when it is absent).
    static func contentSimilarities(_ ctx: CallContext, _ items: Frame, item: Scalar, defaultID: String? = nil) throws -> (Column, [Double]?) {
        let idName: String
        if let a = ctx.namedArgument("id") {
            let names = try ctx.columnNames(a, in: items)
            guard names.count == 1 else { throw ctx.error("id: takes one column", at: ctx.span(ofNamed: "id")) }
            idName = names[0]
        } else if let d = defaultID, items.hasColumn(d) {
            idName = d
        } else {
            throw ctx.error("the items frame needs id: the item column")
        }
        guard let byArg = ctx.namedArgument("by") else { throw ctx.error("by: the description column is missing") }
        let byNames = try ctx.columnNames(byArg, in: items)
        guard byNames.count >= 1 else { throw ctx.error("by: names the description column(s)") }
        // Several description columns are joined into one text per item.
        let parts = try byNames.map { try TextArgs.strings(try items.column($0), ctx, "by") }
        let docs = (0..<items.rowCount).map { r in parts.compactMap { $0[r] }.joined(separator: " ") }
        let ids = try items.column(idName)
        guard let row = (0..<ids.count).first(where: { ids[$0] == item }) else { return (ids, nil) }
        var options = VectorizerOptions()
        options.tokenizer = TokenizerOptions(pattern: .sklearn, stopWords: StopWords.english.union(StopWords.chinese))
        do {
            let (vec, counts) = try Vectorizer.fit(docs, options: options)
            let m = vec.tfidf(counts)
            return (ids, Similarity.cosineRow(m, row, against: m, norms: m.rowNorms(), otherNorms: m.rowNorms()))
        } catch { throw TextArgs.vectorizerError(error, ctx) }
    }
}
