import SiftFrame
import SiftLanguage
import SiftModels
import SiftRender

final class RecommenderValue: ModelValue {
    let model: Recommender
    let userColumn: String
    let itemColumn: String
    let ratingColumn: String
    let userType: DataType
    let itemType: DataType

    init(model: Recommender, user: String, item: String, rating: String, userType: DataType, itemType: DataType) {
        self.model = model
        userColumn = user
        itemColumn = item
        ratingColumn = rating
        self.userType = userType
        self.itemType = itemType
    }

    var method: String { "\(model.basis.rawValue)-\(model.similarity.rawValue)" }
    var typeName: String { "recommender" }
    var summaryLine: String {
        "recommender (\(method), k = \(model.k)) on \(CellText.grouped(model.ratingCount)) ratings of \(CellText.grouped(model.items.count)) items by \(CellText.grouped(model.users.count)) users"
    }

    func render(width: Int) -> String {
        let density = Double(model.ratingCount) / Double(max(1, model.users.count * model.items.count))
        return """
        recommender: \(method) collaborative filtering, k = \(model.k) neighbours, mean-centred predictions
        \(CellText.grouped(model.users.count)) users (\(userColumn)), \(CellText.grouped(model.items.count)) items (\(itemColumn)), \(CellText.grouped(model.ratingCount)) ratings (\(ratingColumn)), \(Fmt.c("%.1f", 100 * density))% of the matrix filled
        recommend(model, user: …, n: 5) · similar_items(model, item: …) · evaluate(model, test, k: 10)
        """
    }

    var statistics: [(String, Scalar)] {
        [("method", .string(method)), ("k", .int(Int64(model.k))), ("users", .int(Int64(model.users.count))),
         ("items", .int(Int64(model.items.count))), ("ratings", .int(Int64(model.ratingCount))),
         ("density", .float(Double(model.ratingCount) / Double(max(1, model.users.count * model.items.count))))]
    }

    func tidy() throws -> Frame {
        try Frame(columns: [Column.from(scalars: model.items, name: itemColumn, type: itemType),
                            Column(name: "n_ratings", storage: .int(model.itemCounts.map { Int64($0) })),
                            ModelColumns.floats("mean_rating", model.itemMeans)])
    }

    func member(_ name: String) -> Value? {
        switch name {
        case "tidy", "items": return (try? tidy()).map { .frame($0) }
        case "glance": return (try? glance()).map { .frame($0) }
        default: return statistic(name)
        }
    }

    /// Predicted ratings for the (user, item) pairs of a frame's rows.
    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        guard let frame else { throw ctx.error("predict() needs (user, item) rows for a recommender: predict(model, df)") }
        let u = try frame.column(userColumn), i = try frame.column(itemColumn)
        let pairs = (0..<frame.rowCount).map { (u[$0], i[$0]) }
        return ModelColumns.floats("prediction", model.predict(pairs: pairs))
    }
}

extension Session {
    func registerRecommenders() {
        let I = interpreter
        I.define("recommender", "recommender(ratings: frame, *, user: names, item: names, rating?: names, method: string = \"item-cosine\", k: int = 20)",
                 "Neighbourhood collaborative filtering on a frame of ratings. method: item-/user- followed by cosine (rating vectors, missing = 0), pearson (Pearson's correlation over common ratings, as pandas corr) or centered_cosine (cosine of mean-centred vectors, missing = 0); predictions are mean-centred and use the k most similar neighbours.",
                 example: "recs = recommender(ratings, user: user_id, item: item_id, rating: rating, method: \"item-cosine\")", category: "models", lazy: true) { ctx in
            let (frame, _) = try Args.input(ctx)
            func column(_ name: String) throws -> String {
                guard let a = ctx.namedArgument(name) else { throw ctx.error("recommender() needs \(name): the column of \(name)s") }
                let names = try ctx.columnNames(a, in: frame)
                guard names.count == 1 else { throw ctx.error("\(name): takes one column") }
                return names[0]
            }
            let (uName, iName, rName) = (try column("user"), try column("item"), try column("rating"))
            let method = try ctx.optional("method").map { try ctx.string($0, "method") } ?? "item-cosine"
            let parts = method.split(separator: "-").map(String.init)
            guard parts.count == 2, let basis = Recommender.Basis(rawValue: parts[0]), let sim = Recommender.Similarity(rawValue: parts[1]) else {
                throw ctx.error("unknown method \"\(method)\"", hint: "item-cosine, item-pearson, item-centered_cosine, user-cosine, user-pearson or user-centered_cosine")
            }
            let k = try ctx.optional("k").map { try ctx.int($0, "k") } ?? 20
            guard k >= 1 else { throw ctx.error("k must be at least 1") }
            let u = try frame.column(uName), it = try frame.column(iName), r = try frame.column(rName)
            guard let rd = r.doubles, r.type == .int || r.type == .float else {
                throw ctx.error("the rating column '\(rName)' must be numeric, got \(r.type.rawValue)")
            }
            let rows = (0..<frame.rowCount).filter { u.isValid($0) && it.isValid($0) && r.isValid($0) && rd[$0].isFinite }
            let model = try Recommender(users: rows.map { u[$0] }, items: rows.map { it[$0] }, ratings: rows.map { rd[$0] },
                                        basis: basis, similarity: sim, k: k)
            return .object(RecommenderValue(model: model, user: uName, item: iName, rating: rName, userType: u.type, itemType: it.type))
        }
        I.define("recommend", "recommend(model: model, user, n: int = 5)",
                 "The n items with the highest predicted rating for a user, excluding items the user already rated: a frame (rank, item, score).",
                 example: "recommend(recs, user: 42, n: 5)", category: "models") { ctx in
            let m = try RecommenderArgs.model(ctx)
            let user = try RecommenderArgs.key(try ctx.required("user", position: 1), ctx, "user")
            let n = try ctx.optional("n", position: 2).map { try ctx.int($0, "n") } ?? 5
            guard n >= 1 else { throw ctx.error("n must be at least 1") }
            guard let recs = m.model.recommend(user: user, n: n) else {
                throw ctx.error("no user \(ScalarFormat.plain(user)) in the ratings", hint: "users are values of '\(m.userColumn)'")
            }
            return .frame(try Frame(columns: [Column(name: "rank", storage: .int(recs.indices.map { Int64($0 + 1) })),
                                              Column.from(scalars: recs.map(\.item), name: m.itemColumn, type: m.itemType),
                                              ModelColumns.floats("score", recs.map(\.score))]))
        }
        registerSimilarItems()
    }
}

enum RecommenderArgs {
    static func model(_ ctx: CallContext) throws -> RecommenderValue {
        let m = try ModelArgs.model(ctx)
        guard let r = m as? RecommenderValue else { throw ctx.error("\(ctx.name)() needs a recommender, got a \(m.typeName)") }
        return r
    }

    static func key(_ v: Value, _ ctx: CallContext, _ what: String) throws -> Scalar {
        guard let s = v.scalar, !s.isNull else { throw ctx.error("\(what): must be a single value, got a \(v.typeName)") }
        return s
    }

    /// evaluate() for recommenders: rating accuracy on the held-out pairs and ranking quality.
    static func evaluate(_ m: RecommenderValue, _ test: Frame, _ ctx: CallContext) throws -> Frame {
        let k = try ctx.optional("k").map { try ctx.int($0, "k") } ?? 10
        guard k >= 1 else { throw ctx.error("k must be at least 1") }
        let relevant = try ctx.optional("relevant").map { try ctx.double($0, "relevant") } ?? 4
        let u = try test.column(m.userColumn), i = try test.column(m.itemColumn), r = try test.column(m.ratingColumn)
        guard let rd = r.doubles else { throw ctx.error("the rating column '\(m.ratingColumn)' must be numeric") }
        let rows = (0..<test.rowCount).filter { u.isValid($0) && i.isValid($0) && r.isValid($0) }
        let predicted = m.model.predict(pairs: rows.map { (u[$0], i[$0]) })
        var y: [Double] = [], p: [Double] = []
        for (k, row) in rows.enumerated() { if let v = predicted[k] { y.append(rd[row]); p.append(v) } }
        let ranking = m.model.rankingMetrics(testUsers: rows.map { u[$0] }, testItems: rows.map { i[$0] }, testRatings: rows.map { rd[$0] },
                                             k: k, relevant: relevant)
        let metrics: [(String, Double)] = [
            ("rmse", y.isEmpty ? .nan : Metrics.rmse(y, p)), ("mae", y.isEmpty ? .nan : Metrics.mae(y, p)),
            ("coverage", rows.isEmpty ? .nan : Double(y.count) / Double(rows.count)),
            ("precision_at_\(k)", ranking.precision), ("recall_at_\(k)", ranking.recall),
            ("users", Double(ranking.users)), ("n", Double(rows.count)),
        ]
        return try Frame(columns: [ModelColumns.strings("metric", metrics.map(\.0)),
                                   Column(name: "value", storage: .float(metrics.map(\.1)), validity: Bitmap(metrics.map { !$0.1.isNaN }))])
    }
}
