import SiftFrame
import SiftLanguage
import SiftModels
import SiftRender
import SiftText

/// A text classifier (naive Bayes or logistic regression over TF-IDF features).
final class TextClassifierValue: ModelValue {
    let model: TextClassifier
    let labelColumn: String
    let textColumn: String
    let labelType: DataType
    /// The labels in their column's own type, by class index.
    let labels: [Scalar]
    let trainingRows: Int

    init(model: TextClassifier, label: String, text: String, labelType: DataType, labels: [Scalar], trainingRows: Int) {
        self.model = model
        labelColumn = label
        textColumn = text
        self.labelType = labelType
        self.labels = labels
        self.trainingRows = trainingRows
    }

    var familyName: String { model.family == .naiveBayes ? "multinomial naive Bayes" : "logistic regression (L2, C = 1)" }
    var typeName: String { "text classifier" }
    var summaryLine: String {
        "text classifier: \(familyName), \(labelColumn) ~ \(textColumn), \(model.classes.count) classes, \(CellText.grouped(model.vectorizer.vocabulary.count)) terms"
    }

    func render(width: Int) -> String {
        var lines = [summaryLine, "trained on \(CellText.grouped(trainingRows)) texts over TF-IDF features; classes: \(model.classes.prefix(10).joined(separator: ", "))"]
        for (c, name) in model.classes.enumerated().prefix(6) {
            let top = topTerms(c, n: 8).map(\.0).joined(separator: ", ")
            lines.append("  \(name): \(top)")
        }
        lines.append("predict(m, df) · probabilities(m, df) · evaluate(m, test) · tidy(m): the most telling terms per class")
        return lines.joined(separator: "\n")
    }

    /// Terms that most raise class c's score relative to the other classes.
    func topTerms(_ c: Int, n: Int) -> [(String, Double)] {
        let k = model.classes.count
        let w = model.weights
        let p = model.vectorizer.vocabulary.count
        var score = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var others = 0.0
            for o in 0..<k where o != c { others += w[o][j] }
            score[j] = w[c][j] - (k > 1 ? others / Double(k - 1) : 0)
        }
        return Similarity.top(score, n: n).map { (model.vectorizer.vocabulary[$0], score[$0]) }
    }

    var statistics: [(String, Scalar)] {
        [("model", .string(model.family.rawValue)), ("classes", .int(Int64(model.classes.count))),
         ("terms", .int(Int64(model.vectorizer.vocabulary.count))), ("n", .int(Int64(trainingRows)))]
    }

    func tidy() throws -> Frame {
        var cls: [String] = [], rank: [Int64] = [], term: [String] = [], weight: [Double] = []
        for c in model.classes.indices {
            for (r, (t, w)) in topTerms(c, n: 20).enumerated() {
                cls.append(model.classes[c]); rank.append(Int64(r + 1)); term.append(t); weight.append(w)
            }
        }
        return try Frame(columns: [ModelColumns.strings("class", cls), Column(name: "rank", storage: .int(rank)),
                                   ModelColumns.strings("term", term), ModelColumns.floats("weight", weight)])
    }

    func member(_ name: String) -> Value? {
        switch name {
        case "tidy": return (try? tidy()).map { .frame($0) }
        case "glance": return (try? glance()).map { .frame($0) }
        case "classes": return .list(model.classes.map { .string($0) })
        default: return statistic(name)
        }
    }

    func texts(_ frame: Frame?, ctx: CallContext) throws -> (Column, [String?]) {
        guard let frame else { throw ctx.error("\(ctx.name)() needs the texts: \(ctx.name)(model, df) with a column '\(textColumn)'") }
        guard frame.hasColumn(textColumn) else {
            throw ctx.error("the frame has no column '\(textColumn)', the classifier's text column")
        }
        let c = try frame.column(textColumn)
        return (c, try TextArgs.strings(c, ctx, textColumn))
    }

    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        let (c, texts) = try self.texts(frame, ctx: ctx)
        let predicted = model.predict(TextArgs.documents(texts))
        let cells: [Scalar] = predicted.enumerated().map { i, k in texts[i] == nil ? .null : labels[k] }
        _ = c
        return Column.from(scalars: cells, name: "predicted", type: labelType)
    }

    func probabilities(_ frame: Frame?, ctx: CallContext) throws -> Frame {
        let (_, texts) = try self.texts(frame, ctx: ctx)
        let p = model.probabilities(TextArgs.documents(texts))
        return try Frame(columns: model.classes.indices.map { k in
            ModelColumns.floats(model.classes[k], p.indices.map { texts[$0] == nil ? nil : p[$0][k] })
        })
    }

    /// Accuracy and macro-averaged precision, recall and F1 on labelled texts.
    func evaluate(_ frame: Frame, ctx: CallContext) throws -> Frame {
        guard frame.hasColumn(labelColumn) else { throw ctx.error("the frame has no column '\(labelColumn)', the classifier's label") }
        let yCol = try frame.column(labelColumn)
        let (_, texts) = try self.texts(frame, ctx: ctx)
        let rows = (0..<frame.rowCount).filter { yCol.isValid($0) && texts[$0] != nil }
        let predicted = model.predict(rows.map { texts[$0] ?? "" })
        let index = Dictionary(model.classes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let k = model.classes.count
        var tp = [Double](repeating: 0, count: k), fp = tp, fn = tp
        var correct = 0.0
        for (i, r) in rows.enumerated() {
            let truth = index[ScalarFormat.plain(yCol[r])]
            let p = predicted[i]
            if truth == p { correct += 1; tp[p] += 1 } else {
                fp[p] += 1
                if let t = truth { fn[t] += 1 }
            }
        }
        var precision = 0.0, recall = 0.0, f1 = 0.0
        for c in 0..<k {
            let pr = tp[c] + fp[c] > 0 ? tp[c] / (tp[c] + fp[c]) : 0
            let rc = tp[c] + fn[c] > 0 ? tp[c] / (tp[c] + fn[c]) : 0
            precision += pr; recall += rc; f1 += pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0
        }
        let n = Double(rows.count)
        let metrics: [(String, Double)] = [("accuracy", n > 0 ? correct / n : .nan), ("precision_macro", precision / Double(k)),
                                           ("recall_macro", recall / Double(k)), ("f1_macro", f1 / Double(k)), ("n", n)]
        return try Frame(columns: [ModelColumns.strings("metric", metrics.map(\.0)),
                                   Column(name: "value", storage: .float(metrics.map(\.1)), validity: Bitmap(metrics.map { !$0.1.isNaN }))])
    }
}

/// An LDA topic model of a text column.
final class LDAValue: ModelValue {
    let model: LDAModel
    let ids: Column
    let nWords: Int

    init(model: LDAModel, ids: Column, nWords: Int) {
        self.model = model
        self.ids = ids
        self.nWords = nWords
    }

    var typeName: String { "topic model" }
    var summaryLine: String {
        "topic model (LDA, Gibbs sampling): \(model.k) topics over \(CellText.grouped(model.documentTopic.count)) documents, \(CellText.grouped(model.vocabulary.count)) terms, perplexity \(Fmt.c("%.1f", model.perplexity))"
    }

    func render(width: Int) -> String {
        var lines = [summaryLine]
        for t in 0..<model.k {
            let share = model.documentTopic.reduce(0) { $0 + $1[t] } / Double(max(1, model.documentTopic.count))
            lines.append("  topic \(t + 1) (\(Fmt.c("%.0f", 100 * share))%): " + model.topWords(t, n: nWords).map(\.0).joined(separator: ", "))
        }
        lines.append("tidy(m): top words per topic · m.shares: topic shares per document · predict(m): each document's main topic")
        return lines.joined(separator: "\n")
    }

    var statistics: [(String, Scalar)] {
        [("k", .int(Int64(model.k))), ("documents", .int(Int64(model.documentTopic.count))), ("terms", .int(Int64(model.vocabulary.count))),
         ("tokens", .int(Int64(model.tokenCount))), ("perplexity", .float(model.perplexity)), ("log_likelihood", .float(model.logLikelihood)),
         ("alpha", .float(model.alpha)), ("eta", .float(model.eta)), ("passes", .int(Int64(model.passes)))]
    }

    func tidy() throws -> Frame {
        var topic: [Int64] = [], rank: [Int64] = [], term: [String] = [], weight: [Double] = []
        for t in 0..<model.k {
            for (r, (w, p)) in model.topWords(t, n: nWords).enumerated() {
                topic.append(Int64(t + 1)); rank.append(Int64(r + 1)); term.append(w); weight.append(p)
            }
        }
        return try Frame(columns: [Column(name: "topic", storage: .int(topic)), Column(name: "rank", storage: .int(rank)),
                                   ModelColumns.strings("term", term), ModelColumns.floats("weight", weight)])
    }

    func shares() throws -> Frame {
        var cols = [ids]
        for t in 0..<model.k { cols.append(ModelColumns.floats("topic_\(t + 1)", model.documentTopic.map { $0[t] })) }
        cols.append(mainTopic())
        return try Frame(columns: cols)
    }

    func mainTopic() -> Column {
        Column(name: "topic", storage: .int(model.documentTopic.map { row in
            var best = 0
            for t in row.indices where row[t] > row[best] { best = t }
            return Int64(best + 1)
        }))
    }

    func member(_ name: String) -> Value? {
        switch name {
        case "tidy", "topics": return (try? tidy()).map { .frame($0) }
        case "shares", "documents": return (try? shares()).map { .frame($0) }
        case "glance": return (try? glance()).map { .frame($0) }
        default: return statistic(name)
        }
    }

    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        guard frame == nil else { throw ctx.error("predict() on a topic model gives the main topic of each fitted document: predict(m)", hint: "refit lda() on new texts") }
        return mainTopic()
    }
}

extension Session {
    func registerTextModels() {
        let I = interpreter
        registerTextVectors()
        I.define("text_classifier", "text_classifier(formula: formula, *, data: frame, model: string = \"naive_bayes\", alpha: float = 1.0, c: float = 1.0, min_df: number = 1, max_df: number = 1.0, max_features?: int, ngrams: any = 1, lang: string = \"auto\", lower: bool = true, stop_words: any = false, sublinear_tf: bool = false)",
                 "Learns labels from text (label ~ text): TF-IDF features (as tfidf(), Chinese segmented) and model: \"naive_bayes\" (multinomial, smoothing alpha) or \"logit\" (multinomial logistic regression, L2 with inverse strength c), as scikit-learn's MultinomialNB and LogisticRegression. predict(m, df) gives labels, probabilities(m, df) one column per class, evaluate(m, test) accuracy and macro F1.",
                 example: "clf = text_classifier(sentiment ~ review, data: train, model: \"logit\")", category: "text", lazy: true) { ctx in
            guard case .formula(let f) = try ctx.value(0), let lhs = f.lhs else {
                throw ctx.error("text_classifier() needs a formula label ~ text as its first argument")
            }
            let data = try ctx.frame(try ctx.required("data"))
            func name(_ e: Expr, _ what: String) throws -> String {
                switch e.kind {
                case .name(let n), .string(let n):
                    guard data.hasColumn(n) else { throw ctx.noColumn(n, data, e.span) }
                    return n
                default: throw SiftError(.runtime, "text_classifier() needs one column on each side: label ~ text", at: e.span)
                }
            }
            let labelName = try name(lhs, "label"), textName = try name(f.rhs, "text")
            let family: TextClassifier.Family
            let familyName = try ctx.optional("model").map { try ctx.string($0, "model", at: ctx.span(ofNamed: "model")) } ?? "naive_bayes"
            guard let fam = TextClassifier.Family(rawValue: familyName) else {
                throw ctx.error("unknown model \"\(familyName)\"", hint: "model: \"naive_bayes\" or \"logit\"", at: ctx.span(ofNamed: "model"))
            }
            family = fam
            let alpha = try ctx.optional("alpha").map { try ctx.double($0, "alpha", at: ctx.span(ofNamed: "alpha")) } ?? 1.0
            guard alpha > 0, alpha.isFinite else { throw ctx.error("alpha: must be a positive number", at: ctx.span(ofNamed: "alpha")) }
            let c = try ctx.optional("c").map { try ctx.double($0, "c", at: ctx.span(ofNamed: "c")) } ?? 1.0
            guard c > 0, c.isFinite else { throw ctx.error("c: must be a positive number", at: ctx.span(ofNamed: "c")) }
            var options = try TextArgs.vectorizer(ctx)
            options.norm = .l2
            let yCol = try data.column(labelName), tCol = try data.column(textName)
            let texts = try TextArgs.strings(tCol, ctx, textName)
            let rows = (0..<data.rowCount).filter { yCol.isValid($0) && texts[$0] != nil }
            let labelText = rows.map { ScalarFormat.plain(yCol[$0]) }
            guard Set(labelText).count >= 2 else { throw ctx.error("text_classifier() needs at least two different labels in '\(labelName)'") }
            var firstScalar: [String: Scalar] = [:]
            for r in rows { let s = ScalarFormat.plain(yCol[r]); if firstScalar[s] == nil { firstScalar[s] = yCol[r] } }
            do {
                let model = try TextClassifier(documents: rows.map { texts[$0] ?? "" }, labels: labelText, family: family, vectorizer: options,
                                               alpha: alpha, c: c)
                let labels = model.classes.map { firstScalar[$0] ?? .string($0) }
                return .object(TextClassifierValue(model: model, label: labelName, text: textName, labelType: yCol.type, labels: labels, trainingRows: rows.count))
            } catch {
                throw TextArgs.vectorizerError(error, ctx)
            }
        }
        I.define("lda", "lda(frame: frame, *, text: expr, k: int, seed: int = 0, passes: int = 50, id?: names, alpha?: float, eta?: float, words: int = 10, min_df: number = 1, max_df: number = 1.0, max_features?: int, lang: string = \"auto\", lower: bool = true, stop_words: any = true)",
                 "Topics of a text column by latent Dirichlet allocation (collapsed Gibbs sampling, passes sweeps; priors alpha and eta default to 1/k): the same seed gives the same topics. tidy(m) lists each topic's top words, m.shares the topic shares of each document (topic_1 … topic_k and the main topic), glance(m) the perplexity.",
                 example: "topics = lda(reviews, text: review, k: 5, seed: 1)", category: "text", lazy: true) { ctx in
            let (frame, _) = try Args.input(ctx)
            let (_, texts) = try TextArgs.texts(ctx, frame)
            guard ctx.has("k") else { throw ctx.error("lda() needs k: the number of topics") }
            let k = try TextArgs.positiveInt(ctx, "k", default: 5, max: 1000)
            let passes = try TextArgs.positiveInt(ctx, "passes", default: 50, max: 100_000)
            let words = try TextArgs.positiveInt(ctx, "words", default: 10, max: 1000)
            let seed = try ctx.optional("seed").map { UInt64(bitPattern: Int64(try ctx.int($0, "seed", at: ctx.span(ofNamed: "seed")))) } ?? 0
            func prior(_ n: String) throws -> Double? {
                guard let v = try ctx.optional(n) else { return nil }
                let d = try ctx.double(v, n, at: ctx.span(ofNamed: n))
                guard d > 0, d.isFinite else { throw ctx.error("\(n): must be a positive number", at: ctx.span(ofNamed: n)) }
                return d
            }
            var options = try TextArgs.vectorizer(ctx, defaultStopWords: true)
            options.norm = .none
            let ids = try TextVectorArgs.idColumn(ctx, frame)
            do {
                let (vec, counts) = try Vectorizer.fit(TextArgs.documents(texts), options: options)
                let model = try LDAModel(counts: counts, vocabulary: vec.vocabulary, k: k, alpha: try prior("alpha"), eta: try prior("eta"),
                                         passes: passes, seed: seed)
                return .object(LDAValue(model: model, ids: ids, nWords: words))
            } catch {
                throw TextArgs.vectorizerError(error, ctx)
            }
        }
    }
}
