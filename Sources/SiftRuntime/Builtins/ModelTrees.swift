import SiftFrame
import SiftLanguage
import SiftModels
import SiftRender
#if canImport(Glibc)
import Glibc
#endif

/// Class labels of a classification response, in sorted order (false < true, numbers by value,
/// texts alphabetically); class k is labels[k].
struct ClassCoding {
    let labels: [Scalar]
    let type: DataType

    /// Labels read back from a saved model.
    init(labels: [Scalar], type: DataType) {
        self.labels = labels
        self.type = type
    }

    init(_ c: Column, rows: [Int]) throws {
        type = c.type
        var set = Set<Scalar>()
        for r in rows { set.insert(c[r]) }
        labels = set.sorted { a, b in
            if let x = a.asDouble, let y = b.asDouble { return x < y }
            return ScalarFormat.plain(a) < ScalarFormat.plain(b)
        }
        guard labels.count >= 2 else {
            throw FrameError("the response '\(c.name)' has a single class (\(labels.first.map(ScalarFormat.plain) ?? "none")) in the rows used; a classifier needs at least two",
                             hint: "check the filter that produced the data")
        }
        guard labels.count <= 100 else {
            throw FrameError("the response '\(c.name)' has \(labels.count) distinct values, too many classes",
                             hint: "for a numeric outcome use a regression tree: criterion: \"squared_error\"")
        }
    }

    func codes(_ c: Column, rows: [Int], ctx: CallContext) throws -> [Double] {
        var index: [Scalar: Int] = [:]
        for (k, l) in labels.enumerated() { index[l] = k }
        return try rows.map { r in
            let v = c[r]
            if let k = index[v] { return Double(k) }
            if let d = v.asDouble, let k = labels.firstIndex(where: { $0.asDouble == d }) { return Double(k) }
            throw ctx.error("the response '\(c.name)' holds \(ScalarFormat.plain(v)), a class the model did not see when it was fitted")
        }
    }

    var names: [String] { labels.map(ScalarFormat.plain) }
}

final class TreeModelValue: SupervisedModel {
    enum Kind {
        case tree(DecisionTree), forest(RandomForest)
        case bayes(GaussianNaiveBayes), knn(NearestNeighbors)
        /// Features are standardized with the training means and scales before the SVM sees them.
        case svm(MulticlassSVM, means: [Double], scales: [Double])
        case boosted(BoostedTrees)
        /// ε-SVR on standardized features.
        case svr(SVRModel, means: [Double], scales: [Double])
    }

    /// The probability above which the positive class is predicted by default: ½, except for
    /// two-class SVMs, whose classes follow the sign of the decision value (as libsvm's predict does).
    var defaultThreshold: Double {
        if case .svm(let m, _, _) = kind, m.scheme == .binary { return m.models[0].probability(decision: 0) }
        return 0.5
    }

    /// Raw decision values of an SVM for every row of a design matrix: one value per row for two
    /// classes, else one per class (one-vs-rest) or per pair of classes (one-vs-one).
    func decisions(_ x: Matrix) -> [[Double]]? {
        guard case .svm(let m, let means, let scales) = kind else { return nil }
        let rows = SVMArgs.rowMajor(x, means: means, scales: scales)
        return (0..<x.rows).map { m.decisions(rows, row: $0) }
    }
    let kind: Kind
    let binding: FormulaBinding
    let design: Design
    let classes: ClassCoding?
    let formula: String
    let nobs: Int
    let dropped: Int
    let trainScore: Double

    init(kind: Kind, binding: FormulaBinding, design: Design, classes: ClassCoding?, nobs: Int, dropped: Int, trainScore: Double) {
        self.kind = kind
        self.binding = binding
        self.design = design
        self.classes = classes
        self.formula = binding.text
        self.nobs = nobs
        self.dropped = dropped
        self.trainScore = trainScore
    }

    var isClassifier: Bool { classes != nil }
    var isBinary: Bool { (classes?.labels.count ?? 0) == 2 }
    var isForest: Bool { if case .forest = kind { return true } else { return false } }
    var typeName: String {
        switch kind {
        case .tree: return "decision tree"
        case .forest: return "random forest"
        case .bayes: return "naive bayes model"
        case .knn: return "knn model"
        case .svm: return "svm model"
        case .boosted: return "boosted trees"
        case .svr: return "svr model"
        }
    }
    var summaryLine: String {
        "\(typeName) \(formula) (\(isClassifier ? "classification" : "regression"), n = \(CellText.grouped(nobs)), training \(isClassifier ? "accuracy" : "R²") = \(Fmt.c("%.3f", trainScore)))"
    }

    func probabilities(_ x: Matrix, _ row: Int) -> [Double] {
        switch kind {
        case .tree(let t): return t.predict(x, row: row)
        case .forest(let f): return f.predict(x, row: row)
        case .bayes(let b): return b.predict(x, row: row)
        case .knn(let k): return k.predict(x, row: row)
        case .boosted(let b): return b.predict(x, row: row)
        case .svr(let m, let means, let scales): return [m.predict(SVMArgs.rowMajor(x, means: means, scales: scales, only: row), row: 0)]
        case .svm(let m, let means, let scales):
            let one = SVMArgs.rowMajor(x, means: means, scales: scales, only: row)
            return m.probabilities(decisions: m.decisions(one, row: 0))
        }
    }

    /// Probabilities (or predictions) of every row of x, computed on all cores: one array per row.
    func allProbabilities(_ x: Matrix) -> [[Double]] {
        let flat: [Double]
        switch kind {
        case .tree(let t): flat = t.predictAll(x)
        case .forest(let f): flat = f.predictAll(x)
        case .bayes(let b): flat = b.predictAll(x)
        case .knn(let k): flat = k.predictAll(x)
        case .svm(let m, _, _): flat = (decisions(x) ?? []).flatMap { m.probabilities(decisions: $0) }
        case .boosted(let b): flat = b.predictAll(x)
        case .svr(let m, let means, let scales):
            let rows = SVMArgs.rowMajor(x, means: means, scales: scales)
            flat = (0..<x.rows).map { m.predict(rows, row: $0) }
        }
        let width = classes?.labels.count ?? 1
        return (0..<x.rows).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }
    }

    /// The predicted class index of each row of a classifier's design matrix. Two classes: class 1
    /// where its probability reaches the threshold (the model's default when nil). More: the SVM's
    /// own decision rule (the largest one-vs-rest value or the most one-vs-one wins, as
    /// scikit-learn's predict), else the most probable class; ties go to the first class.
    func classIndices(_ x: Matrix, threshold: Double?) -> [Int] {
        if case .svm(let m, _, _) = kind, m.scheme != .binary {
            return (decisions(x) ?? []).map { m.predict(decisions: $0) }
        }
        let cut = threshold ?? defaultThreshold
        return allProbabilities(x).map { classIndex($0[...], cut: cut) }
    }

    /// The class of one row from its probabilities: two classes, class 1 where its probability
    /// reaches `cut`; more, the most probable (ties to the first).
    func classIndex(_ p: ArraySlice<Double>, cut: Double) -> Int {
        let o = p.startIndex
        if isBinary { return p[o + 1] >= cut ? 1 : 0 }
        var best = 0
        for k in stride(from: 1, to: p.count, by: 1) where p[o + k] > p[o + best] { best = k }
        return best
    }

    /// Importance per term (a categorical's indicator columns summed), largest first.
    var termImportances: [(String, Double)] {
        let raw: [Double]
        switch kind {
        case .tree(let t): raw = t.importances
        case .forest(let f): raw = f.importances
        case .boosted(let b): raw = b.importances
        case .bayes, .knn, .svm, .svr: return []
        }
        var order: [String] = []
        var sums: [String: Double] = [:]
        for (j, col) in design.columns.enumerated() {
            if sums[col.term] == nil { order.append(col.term) }
            sums[col.term, default: 0] += raw[j]
        }
        return order.map { ($0, sums[$0]!) }.sorted { $0.1 > $1.1 }
    }

    var statistics: [(String, Scalar)] {
        var out: [(String, Scalar)] = []
        switch kind {
        case .tree(let t):
            out += [("depth", .int(Int64(t.depth))), ("leaves", .int(Int64(t.leafCount)))]
        case .forest(let f):
            out += [("trees", .int(Int64(f.trees.count)))]
            out.append(("oob_score", f.oobScore.map { .float($0) } ?? .null))
        case .bayes(let b):
            out += [("classes", .int(Int64(b.classCount)))]
        case .knn(let k):
            out += [("k", .int(Int64(k.k)))]
        case .svr(let m, _, _):
            out += [("support_vectors", .int(Int64(m.supportVectorCount))), ("iterations", .int(Int64(m.iterations))),
                    ("epsilon", .float(m.epsilon)), ("C", .float(m.c))]
        case .boosted(let b):
            out += [("iterations", .int(Int64(b.iterations))), ("early_stopping", .bool(b.usedEarlyStopping)),
                    ("train_loss", b.trainLoss.last.map { .float($0) } ?? .null),
                    ("validation_loss", b.validationLoss.last.map { .float($0) } ?? .null)]
        case .svm(let m, _, _):
            out += [("support_vectors", m.kernel == nil ? .null : .int(Int64(m.supportVectorCount))),
                    ("iterations", .int(Int64(m.iterations)))]
            if m.scheme == .binary {
                out += [("platt_a", .float(m.models[0].plattA)), ("platt_b", .float(m.models[0].plattB))]
            } else {
                out += [("classes", .int(Int64(m.classCount))), ("binary_models", .int(Int64(m.models.count)))]
            }
        }
        out.append((isClassifier ? "train_accuracy" : "train_r_squared", .float(trainScore)))
        out += [("n", .int(Int64(nobs))), ("dropped", .int(Int64(dropped)))]
        return out
    }

    func tidy() throws -> Frame {
        if case .bayes(let b) = kind, let classes {
            // One row per class: its prior and the mean of each design column.
            var cols = [ModelColumns.strings("class", classes.names), ModelColumns.floats("prior", b.priors),
                        Column(name: "n", storage: .int(b.counts.map { Int64($0) }))]
            for (j, c) in design.columns.enumerated() { cols.append(ModelColumns.floats("mean_" + c.name, b.means.map { $0[j] })) }
            return try Frame(columns: cols)
        }
        if case .knn(let k) = kind {
            return try Frame(columns: [ModelColumns.strings("term", design.columnNames), ModelColumns.floats("mean", k.means),
                                       ModelColumns.floats("scale", k.scales)])
        }
        if case .svm(let m, let means, let scales) = kind {
            // Linear SVMs: the weights on the standardized terms (one column per class for
            // one-vs-rest, as scikit-learn's coef_ rows); kernel SVMs: the scaling only.
            var cols = [ModelColumns.strings("term", design.columnNames), ModelColumns.floats("mean", means), ModelColumns.floats("scale", scales)]
            if m.kernel == nil {
                if m.scheme == .binary {
                    cols.append(ModelColumns.floats("weight", m.models[0].weights))
                } else if let classes {
                    for (c, model) in zip(classes.names, m.models) { cols.append(ModelColumns.floats("weight_" + c, model.weights)) }
                }
            }
            return try Frame(columns: cols)
        }
        let imp = termImportances
        return try Frame(columns: [ModelColumns.strings("term", imp.map(\.0)), ModelColumns.floats("importance", imp.map(\.1))])
    }

    func member(_ name: String) -> Value? {
        switch name {
        case "formula": return .string(formula)
        case "importances", "tidy", "centers": return (try? tidy()).map { .frame($0) }
        case "glance": return (try? glance()).map { .frame($0) }
        case "classes": return classes.map { .list($0.labels.map { Value($0) }) }
        default: return statistic(name)
        }
    }

    func render(width: Int) -> String {
        var out = "\(typeName): \(formula)\n"
        let criterion: String
        switch kind {
        case .tree(let t):
            criterion = t.options.criterion.rawValue
            out += "\(isClassifier ? "classification" : "regression"), \(criterion), depth \(t.depth), \(t.leafCount) leaves, n = \(CellText.grouped(nobs))"
        case .forest(let f):
            criterion = f.trees.first?.options.criterion.rawValue ?? ""
            out += "\(isClassifier ? "classification" : "regression"), \(criterion), \(f.trees.count) trees, n = \(CellText.grouped(nobs))"
            if let oob = f.oobScore { out += ", out-of-bag \(isClassifier ? "accuracy" : "R²") \(Fmt.c("%.3f", oob))" }
        case .bayes(let b):
            out += "Gaussian naive Bayes, \(b.classCount) classes, n = \(CellText.grouped(nobs))"
        case .knn(let k):
            out += "k-nearest neighbours (k = \(k.k)\(k.scaled ? ", standardized" : "")), \(isClassifier ? "classification" : "regression"), n = \(CellText.grouped(nobs))"
        case .svr(let m, _, _):
            let kernelText: String
            switch m.kernel {
            case .linear: kernelText = "linear kernel"
            case .rbf(let g): kernelText = "RBF kernel, gamma \(Fmt.c("%.4g", g))"
            case .polynomial(let d, let g, let c0): kernelText = "polynomial kernel, degree \(d), gamma \(Fmt.c("%.4g", g)), coef0 \(Fmt.c("%.4g", c0))"
            }
            out += "support vector regression (epsilon \(Fmt.c("%g", m.epsilon)), C \(Fmt.c("%g", m.c))), \(kernelText), n = \(CellText.grouped(nobs)), \(m.supportVectorCount) support vectors"
            if !m.converged { out += " (stopped at the iteration limit before converging)" }
        case .boosted(let b):
            out += "gradient-boosted trees (histogram-based), \(b.loss.rawValue) loss, \(b.iterations) iterations\(b.outputs > 1 ? " × \(b.outputs) classes" : ""), learning rate \(Fmt.c("%g", b.options.learningRate)), up to \(b.options.maxLeafNodes) leaves\(b.options.maxDepth.map { ", max depth \($0)" } ?? ""), n = \(CellText.grouped(nobs))"
            if b.usedEarlyStopping, let v = b.validationLoss.last { out += ", early stopping (validation loss \(Fmt.c("%.4g", v)))" }
        case .svm(let m, _, _):
            let kernelText: String
            switch m.kernel {
            case nil: kernelText = "linear (dual coordinate descent)"
            case .linear?: kernelText = "linear kernel (SMO)"
            case .rbf(let g)?: kernelText = "RBF kernel, gamma \(Fmt.c("%.4g", g))"
            case .polynomial(let d, let g, let c0)?: kernelText = "polynomial kernel, degree \(d), gamma \(Fmt.c("%.4g", g)), coef0 \(Fmt.c("%.4g", c0))"
            }
            out += "support vector machine, \(kernelText)"
            switch m.scheme {
            case .binary: break
            case .oneVsRest: out += ", one-vs-rest over \(m.classCount) classes"
            case .oneVsOne: out += ", one-vs-one over \(m.classCount) classes (\(m.models.count) pairwise models)"
            }
            out += ", n = \(CellText.grouped(nobs))"
            if m.kernel != nil { out += ", \(m.supportVectorCount) support vectors" }
            if !m.converged { out += " (stopped at the iteration limit before converging)" }
        }
        out += ", training \(isClassifier ? "accuracy" : "R²") \(Fmt.c("%.3f", trainScore))"
        if dropped > 0 { out += " (\(CellText.grouped(dropped)) rows with nulls left out)" }
        out += "\n"
        switch kind {
        case .tree(let t): out += treeText(t, maxLines: 80)
        case .bayes:
            if let t = try? tidy() { out += TerminalTable(maxRows: 20, width: width, color: false).render(t) }
            return out
        case .knn, .svr: return String(out.dropLast())
        case .svm(let m, _, _):
            return out + svmText(m, width: width)
        case .forest, .boosted: break
        }
        out += "feature importances: " + termImportances.map { "\($0.0) \(Fmt.c("%.3f", $0.1))" }.joined(separator: ", ")
        return out
    }

    /// The body of an SVM's printout: the weights of a linear model, the pairwise models of a
    /// one-vs-one model, the classes and how probabilities are made.
    private func svmText(_ m: MulticlassSVM, width: Int) -> String {
        var out = ""
        if m.kernel == nil, let t = try? tidy() { out += TerminalTable(maxRows: 30, width: width, color: false).render(t) + "\n" }
        let names = classes?.names ?? []
        switch m.scheme {
        case .binary:
            let b = m.models[0]
            return out + "probabilities: Platt scaling, A = \(Fmt.c("%.4g", b.plattA)), B = \(Fmt.c("%.4g", b.plattB))"
        case .oneVsRest:
            out += "classes: " + names.joined(separator: ", ") + "; the largest decision value wins\n"
            return out + "probabilities: Platt scaling per class, normalised to sum to 1"
        case .oneVsOne:
            let pairNames = m.pairs.map { p in p.first < names.count && p.second < names.count ? "\(names[p.first]) vs \(names[p.second])" : "\(p.first) vs \(p.second)" }
            if let t = try? Frame(columns: [ModelColumns.strings("pair", pairNames),
                                            ModelColumns.ints("support_vectors", m.models.map { Optional($0.supportVectorCount) }),
                                            ModelColumns.ints("iterations", m.models.map { Optional($0.iterations) }),
                                            ModelColumns.floats("platt_a", m.models.map(\.plattA)),
                                            ModelColumns.floats("platt_b", m.models.map(\.plattB))]) {
                out += TerminalTable(maxRows: 30, width: width, color: false).render(t) + "\n"
            }
            out += "classes: " + names.joined(separator: ", ") + "; the class with the most pairwise wins is predicted\n"
            return out + "probabilities: pairwise Platt scaling, coupled as Wu, Lin & Weng (2004)"
        }
    }

    private func leafText(_ node: DecisionTree.Node) -> String {
        if let classes {
            let total = node.value.reduce(0, +)
            let k = node.value.indices.max { node.value[$0] < node.value[$1] || (node.value[$0] == node.value[$1] && $0 > $1) }!
            return "→ \(classes.names[k]) (\(Fmt.c("%.0f", 100 * node.value[k] / total))%, n = \(node.samples))"
        }
        return "→ \(Fmt.c("%.4g", node.value[0])) (n = \(node.samples))"
    }

    private func condition(_ node: DecisionTree.Node, left: Bool) -> String {
        let col = design.columns[node.feature]
        if col.parts.count == 1, case .indicator(let f, let level)? = col.parts.first,
           case .categorical(let levels)? = design.factors[f] {
            return "\(f) \(left ? "!=" : "==") \(levels[level])"
        }
        return "\(col.name) \(left ? "<=" : ">") \(Fmt.c("%.4g", node.threshold))"
    }

    private func treeText(_ t: DecisionTree, maxLines: Int) -> String {
        var lines: [String] = []
        var truncated = false
        func walk(_ i: Int, _ prefix: String) {
            let node = t.nodes[i]
            guard node.feature >= 0 else { return }
            for (child, isLeft) in [(node.left, true), (node.right, false)] {
                if lines.count >= maxLines { truncated = true; return }
                let last = !isLeft
                let c = t.nodes[child]
                let text = condition(node, left: isLeft) + (c.feature < 0 ? "  " + leafText(c) : "  (n = \(c.samples))")
                lines.append(prefix + (last ? "└─ " : "├─ ") + text)
                walk(child, prefix + (last ? "   " : "│  "))
            }
        }
        if t.nodes[0].feature < 0 { return "a single leaf " + leafText(t.nodes[0]) + "\n" }
        lines.append("all rows (n = \(t.nodes[0].samples))")
        walk(0, "")
        return lines.joined(separator: "\n") + (truncated ? "\n… (more nodes not shown)" : "") + "\n"
    }

    /// The complete rows of a frame (no null in a term) and their design matrix.
    func designRows(_ frame: Frame, ctx: CallContext) throws -> (rows: [Int], x: Matrix) {
        let f = try binding.augment(frame, ctx: ctx, withResponse: false)
        let rows = try DesignBuilder.completeRows(f, design.factors.keys.sorted())
        return (rows, try DesignBuilder.matrix(design, frame: f, rows: rows))
    }

    /// Per-row class probabilities or predictions for the complete rows of a frame.
    func outputs(_ frame: Frame, ctx: CallContext) throws -> (rows: [Int], values: [[Double]]) {
        let (rows, x) = try designRows(frame, ctx: ctx)
        return (rows, allProbabilities(x))
    }

    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        guard let frame else { throw ctx.error("predict() needs the data for a \(typeName): predict(model, df)") }
        let (rows, values) = try outputs(frame, ctx: ctx)
        if !isClassifier || isBinary {
            var out = [Double?](repeating: nil, count: frame.rowCount)
            for (k, r) in rows.enumerated() { out[r] = isBinary ? values[k][1] : values[k][0] }
            return ModelColumns.floats(isBinary ? "probability" : "prediction", out)
        }
        return try predictedClasses(frame, threshold: nil, ctx: ctx)
    }

    func predictedClasses(_ frame: Frame, threshold: Double?, ctx: CallContext) throws -> Column {
        guard let classes else { throw ctx.error("classify() needs a classifier; this \(typeName) is a regression") }
        let (rows, x) = try designRows(frame, ctx: ctx)
        let predicted = classIndices(x, threshold: threshold)
        var out = [Scalar](repeating: .null, count: frame.rowCount)
        for (k, r) in rows.enumerated() { out[r] = classes.labels[predicted[k]] }
        return Column.from(scalars: out, name: "class", type: classes.type)
    }

    func scored(_ frame: Frame, ctx: CallContext) throws -> (y: [Double], prediction: [Double]) {
        let (f, rows) = try ModelColumns.prepare(self, frame, ctx: ctx, withResponse: true)
        let c = try f.column(design.response)
        let y: [Double]
        if let classes { y = try classes.codes(c, rows: rows, ctx: ctx) } else { y = try DesignBuilder.numericResponse(c, rows) }
        let x = try DesignBuilder.matrix(design, frame: f, rows: rows)
        if isClassifier && !isBinary { return (y, classIndices(x, threshold: nil).map(Double.init)) }
        let p = allProbabilities(x).map { isBinary ? $0[1] : $0[0] }
        return (y, p)
    }
}

extension Session {
    func registerTrees() {
        let I = interpreter
        I.define("decision_tree", "decision_tree(formula, data?: frame, *, max_depth?: int, min_samples_leaf: int = 1, min_samples_split: int = 2, criterion?: string, seed: int = 0)",
                 "A CART decision tree. A true/false, text or 0/1 response gives a classification tree (criterion gini or entropy); a numeric one a regression tree (squared_error). Categorical terms are split by level. Printing shows the tree and the feature importances.",
                 example: "tree = decision_tree(churned ~ spend + visits + age + region, data: train, max_depth: 4)", category: "models",
                 lazy: true) { ctx in
            .object(try TreeArgs.fit(ctx, forest: false))
        }
        I.define("random_forest", "random_forest(formula, data?: frame, *, trees: int = 100, max_features?: any, max_depth?: int, min_samples_leaf: int = 1, min_samples_split: int = 2, criterion?: string, seed: int = 0)",
                 "A random forest: trees on bootstrap samples, a random subset of max_features terms tried at each split (√p for classification, all for regression), grown on all cores. Deterministic for a seed.",
                 example: "forest = random_forest(churned ~ ., data: train, trees: 200, seed: 1)", category: "models",
                 lazy: true) { ctx in
            .object(try TreeArgs.fit(ctx, forest: true))
        }
        I.define("naive_bayes", "naive_bayes(formula, data?: frame)",
                 "Gaussian naive Bayes classifier (as scikit-learn's GaussianNB): per class, a normal distribution for each term. The response is true/false, text or 0/1.",
                 example: "nb = naive_bayes(churned ~ spend + visits + age, data: train)", category: "models", lazy: true) { ctx in
            .object(try TreeArgs.fitSimple(ctx, knn: false))
        }
        I.define("svm", "svm(formula, data?: frame, *, kernel: string = \"linear\", C?: float, c?: float, loss?: string, gamma?: any, degree: int = 3, coef0: float = 0, scale: bool = true, tol?: float, max_iter?: int, seed?: int)",
                 "A support vector machine classifier. kernel: \"linear\" is solved by dual coordinate descent (as liblinear; loss hinge or squared_hinge) and suits large data; \"rbf\" and \"poly\" by SMO (as libsvm) for small data. More than two classes: one-vs-rest for linear, one-vs-one for kernels, as scikit-learn. Terms are standardized unless scale: false. For two classes predict() gives Platt-scaled probabilities, for more the class; probabilities() gives one column per class, decision_values() the raw values.",
                 example: "s = svm(churned ~ spend + visits + age, data: train, kernel: \"rbf\", C: 1)", category: "models", lazy: true) { ctx in
            .object(try SVMArgs.fit(ctx))
        }
        I.define("decision_values", "decision_values(model: model, newdata?: frame, *, shape: string = \"ovr\")",
                 "Raw decision values: the signed distance-like score of a two-class svm (positive = the outcome class), or the log-odds of a logit. An svm with more classes gives a frame with one column per class (scikit-learn's \"ovr\" shape; the largest wins), or with shape: \"ovo\" one column per pair of classes of a kernel svm (positive = the first class).",
                 example: "test |> mutate(score = decision_values(s, test))", category: "models") { ctx in
            let m = try ModelArgs.model(ctx)
            guard ctx.count > 1 else { throw ctx.error("decision_values() needs the data: decision_values(model, df)") }
            guard let d = m as? any DecisionValueModel else { throw ctx.error("decision_values() needs an svm or logit model, got a \(m.typeName)") }
            let shape = try ctx.optional("shape").map { try ctx.string($0, "shape") } ?? "ovr"
            guard shape == "ovr" || shape == "ovo" else { throw ctx.error("unknown shape \"\(shape)\"", hint: "shape: \"ovr\" (one column per class) or \"ovo\" (one per pair of classes)") }
            return try d.decisionValues(try ctx.frame(1), shape: shape, ctx: ctx)
        }
        I.define("probabilities", "probabilities(model: model, newdata?: frame)",
                 "Class probabilities of a classifier as a frame with one column per class, named by the class (null where a term is null). For an svm with more than two classes the one-vs-one pairs are coupled as libsvm does, and one-vs-rest sigmoids are normalised.",
                 example: "probabilities(svm(species ~ ., data: iris, kernel: \"rbf\"), iris)", category: "models") { ctx in
            let m = try ModelArgs.model(ctx)
            guard ctx.count > 1 else { throw ctx.error("probabilities() needs the data: probabilities(model, df)") }
            let frame = try ctx.frame(1)
            if let text = m as? TextClassifierValue { return .frame(try text.probabilities(frame, ctx: ctx)) }
            guard let supervised = m as? any SupervisedModel, let c = supervised.classifier else {
                let what = (m as? any SupervisedModel).map { "a \($0.typeName) fitted as a regression" } ?? "a \(m.typeName)"
                throw ctx.error("probabilities() needs a classifier (logit, decision_tree, random_forest, naive_bayes, knn, svm or boosted_trees), got \(what)")
            }
            return .frame(try c.classProbabilities(frame, ctx: ctx))
        }
        I.define("knn", "knn(formula, data?: frame, *, k: int = 5, scale: bool = true)",
                 "k-nearest neighbours: classification by the classes of the k closest training rows (regression by their mean), on standardized terms unless scale: false. Every prediction scans the training rows, so it suits small and medium data.",
                 example: "nn = knn(churned ~ spend + visits, data: train, k: 15)", category: "models", lazy: true) { ctx in
            .object(try TreeArgs.fitSimple(ctx, knn: true))
        }
    }
}


/// Trees, forests, naive Bayes, k-NN, SVMs and boosted trees fitted on classes are classifiers
/// (`classifier` is nil for those fitted as regressions); SVMs also give decision values.
extension TreeModelValue: ClassifierModel, DecisionValueModel {
    var classNames: [String] { classes?.names ?? [] }
    var isMulticlass: Bool { isClassifier && !isBinary }

    func classify(_ frame: Frame?, threshold: Double, ctx: CallContext) throws -> Column {
        guard let frame else { throw ctx.error("classify() needs the data for a \(typeName): classify(model, df)") }
        return try predictedClasses(frame, threshold: threshold, ctx: ctx)
    }

    func classProbabilities(_ frame: Frame, ctx: CallContext) throws -> Frame {
        guard let classes else { throw ctx.error("probabilities() needs a classifier; this \(typeName) is a regression") }
        let (rows, values) = try outputs(frame, ctx: ctx)
        return try SVMArgs.perRowFrame(classes.names, values, rows: rows, rowCount: frame.rowCount)
    }

    func decisionValues(_ frame: Frame, shape: String, ctx: CallContext) throws -> Value {
        guard case .svm(let svm, _, _) = kind else { throw ctx.error("decision_values() needs an svm or logit model, got a \(typeName)") }
        if shape == "ovo" && svm.scheme != .oneVsOne {
            throw ctx.error("shape: \"ovo\" needs a kernel svm with more than two classes; this one has \(svm.scheme == .binary ? "two classes" : "one-vs-rest models")")
        }
        let (rows, x) = try designRows(frame, ctx: ctx)
        let raw = decisions(x) ?? []
        if svm.scheme == .binary {
            var out = [Double?](repeating: nil, count: frame.rowCount)
            for (k, r) in rows.enumerated() { out[r] = raw[k].first }
            return .column(ModelColumns.floats("decision", out))
        }
        guard let names = classes?.names, names.count == svm.classCount else { throw ctx.error("decision_values(): the svm has no class labels") }
        let columnNames = shape == "ovo" ? svm.pairs.map { "\(names[$0.first])_vs_\(names[$0.second])" } : names
        let values = shape == "ovo" ? raw : raw.map { svm.classScores(decisions: $0) }
        return .frame(try SVMArgs.perRowFrame(columnNames, values, rows: rows, rowCount: frame.rowCount))
    }
}

enum TreeArgs {
    /// What trees, forests, naive Bayes, k-NN and SVMs start from: the formula bound to the data,
    /// a design without an intercept and with every level of a categorical coded (these models
    /// need each level), the rows used, and the response column.
    static func prepare(_ ctx: CallContext) throws -> (Formula, FormulaBinding, Frame, Design, [Int], Column) {
        let (formula, data) = try ModelArgs.formulaAndData(ctx)
        let binding = try FormulaBinding.bind(formula, data: data, ctx: ctx)
        let frame = try binding.augment(data, ctx: ctx)
        let (terms, _) = TermAlgebra.expand(binding.rhs, dotColumns: binding.dotColumns)
        guard !terms.isEmpty else { throw ctx.error("\(ctx.name)() needs at least one term on the right of '~'") }
        let (design, rows) = try DesignBuilder.design(response: binding.response, terms: terms, intercept: false, frame: frame, fullCoding: true)
        return (formula, binding, frame, design, rows, try frame.column(binding.response))
    }

    /// naive_bayes (always classification) and knn (classification or regression, as trees decide).
    static func fitSimple(_ ctx: CallContext, knn: Bool) throws -> TreeModelValue {
        let (formula, binding, frame, design, rows, responseColumn) = try prepare(ctx)
        let isClass: Bool
        switch responseColumn.type {
        case .bool, .string: isClass = true
        case .int, .float:
            isClass = !knn || (responseColumn.type == .int && Set(rows.map { responseColumn[$0].asDouble ?? 0 }).isSubset(of: [0, 1]))
        default:
            throw SiftError(.runtime, "the response '\(binding.response)' is \(responseColumn.type.rawValue); use a number, true/false or text", at: formula.lhs?.span ?? formula.span)
        }
        let classes = isClass ? try ClassCoding(responseColumn, rows: rows) : nil
        let y = try classes.map { try $0.codes(responseColumn, rows: rows, ctx: ctx) } ?? DesignBuilder.numericResponse(responseColumn, rows)
        let x = try DesignBuilder.matrix(design, frame: frame, rows: rows)
        let kind: TreeModelValue.Kind
        if knn {
            let k = try ctx.optional("k").map { try ctx.int($0, "k") } ?? 5
            guard k >= 1 else { throw ctx.error("k must be at least 1", hint: "the number of nearest training rows that vote; 5 is the default") }
            guard k <= rows.count else { throw ctx.error("k = \(k) is larger than the number of training rows (\(rows.count))", hint: "use a smaller k") }
            let scale = try ctx.optional("scale").map { try ctx.bool($0, "scale") } ?? true
            kind = .knn(NearestNeighbors(x: x, y: y, classCount: classes?.labels.count ?? 1, k: k, scale: scale, classifier: isClass))
        } else {
            kind = .bayes(GaussianNaiveBayes(x: x, y: y, classCount: classes!.labels.count))
        }
        return try finish(kind, binding, design, classes, frame, rows, x, y)
    }

    /// The model with its training score: accuracy (classification) or R² (regression).
    /// `outputs`, when the fit already has them: the probabilities (or predictions) of the training
    /// rows, row-major as `allProbabilities` would compute them, so they are not computed twice.
    static func finish(_ kind: TreeModelValue.Kind, _ binding: FormulaBinding, _ design: Design, _ classes: ClassCoding?,
                       _ frame: Frame, _ rows: [Int], _ x: Matrix, _ y: [Double], outputs: [Double]? = nil) throws -> TreeModelValue {
        let model = TreeModelValue(kind: kind, binding: binding, design: design, classes: classes, nobs: rows.count,
                                   dropped: frame.rowCount - rows.count, trainScore: 0)
        let predictions: [Double]
        let width = classes?.labels.count ?? 1
        if let outputs, outputs.count == x.rows * width {
            predictions = classes == nil ? (0..<x.rows).map { outputs[$0 * width] }
                                         : (0..<x.rows).map { Double(model.classIndex(outputs[($0 * width)..<(($0 + 1) * width)], cut: model.defaultThreshold)) }
        } else {
            predictions = classes == nil ? model.allProbabilities(x).map { $0[0] }
                                         : model.classIndices(x, threshold: nil).map(Double.init)
        }
        let score = classes != nil ? Double(zip(y, predictions).filter { $0 == $1 }.count) / Double(y.count) : Metrics.rSquared(y, predictions)
        return TreeModelValue(kind: kind, binding: binding, design: design, classes: classes, nobs: rows.count,
                              dropped: frame.rowCount - rows.count, trainScore: score)
    }

    static func fit(_ ctx: CallContext, forest: Bool) throws -> TreeModelValue {
        let (formula, binding, frame, design, rows, responseColumn) = try prepare(ctx)
        var criterion: DecisionTree.Criterion? = nil
        if let v = try ctx.optional("criterion") {
            let s = try ctx.string(v, "criterion")
            guard let c = DecisionTree.Criterion(rawValue: s == "mse" ? "squared_error" : s) else {
                throw ctx.error("unknown criterion \"\(s)\"", hint: "criterion: \"gini\", \"entropy\" (classification) or \"squared_error\" (regression)")
            }
            criterion = c
        }
        // Classification for true/false, text and 0/1 responses unless a regression criterion says otherwise.
        let isClass: Bool
        switch responseColumn.type {
        case .bool, .string: isClass = true
        case .int, .float:
            let values = Set(rows.map { responseColumn[$0].asDouble ?? 0 })
            isClass = criterion.map { $0 != .squaredError } ?? (responseColumn.type == .int && values.isSubset(of: [0, 1]))
        default:
            throw SiftError(.runtime, "the response '\(binding.response)' is \(responseColumn.type.rawValue); use a number, true/false or text", at: formula.lhs?.span ?? formula.span)
        }
        if !isClass, responseColumn.type == .string || responseColumn.type == .bool {
            throw ctx.error("criterion \"squared_error\" needs a numeric response")
        }
        if isClass, criterion == .squaredError, responseColumn.type == .string || responseColumn.type == .bool {
            throw ctx.error("criterion \"squared_error\" needs a numeric response")
        }
        var options = DecisionTree.Options(criterion: criterion ?? (isClass ? .gini : .squaredError))
        if isClass && options.criterion == .squaredError { options.criterion = .gini }
        if !isClass && options.criterion != .squaredError {
            throw ctx.error("criterion \"\(options.criterion.rawValue)\" is for classification, but '\(binding.response)' is numeric",
                            hint: "use criterion: \"squared_error\", or a true/false response")
        }
        if let v = try ctx.optional("max_depth") {
            let d = try ctx.int(v, "max_depth")
            guard d >= 1 else { throw ctx.error("max_depth must be at least 1", hint: "leave max_depth out to grow the tree until its leaves are pure") }
            options.maxDepth = d
        }
        if let v = try ctx.optional("min_samples_leaf") {
            // Any count from 1 up is valid: more than half the rows simply leaves the tree a single leaf.
            options.minSamplesLeaf = try ctx.int(v, "min_samples_leaf")
            guard options.minSamplesLeaf >= 1 else { throw ctx.error("min_samples_leaf must be at least 1", hint: "the fewest rows each leaf keeps; 1 is the default") }
        }
        if let v = try ctx.optional("min_samples_split") {
            options.minSamplesSplit = try ctx.int(v, "min_samples_split")
            guard options.minSamplesSplit >= 2 else { throw ctx.error("min_samples_split must be at least 2", hint: "the fewest rows a node needs to be split; 2 is the default") }
        }
        if let v = try ctx.optional("seed") { options.seed = UInt64(bitPattern: Int64(try ctx.int(v, "seed"))) }
        let classes = isClass ? try ClassCoding(responseColumn, rows: rows) : nil
        let y: [Double]
        do {
            y = try classes.map { try $0.codes(responseColumn, rows: rows, ctx: ctx) } ?? DesignBuilder.numericResponse(responseColumn, rows)
        }
        let x = try DesignBuilder.matrix(design, frame: frame, rows: rows)
        let classCount = classes?.labels.count ?? 1
        let kind: TreeModelValue.Kind
        if forest {
            let count = try ctx.optional("trees").map { try ctx.int($0, "trees") } ?? 100
            guard count >= 1, count <= 100_000 else { throw ctx.error("trees must be between 1 and 100,000, got \(count)", hint: "100 (the default) to a few thousand trees is usual") }
            if let v = try ctx.optional("max_features") {
                let m = try ctx.int(v, "max_features")
                guard m >= 1 else { throw ctx.error("max_features must be at least 1", hint: "the terms tried per split; more than there are is taken as all \(x.cols)") }
                options.maxFeatures = min(m, x.cols)
            } else {
                options.maxFeatures = RandomForest.defaultMaxFeatures(x.cols, classifier: isClass)
            }
            kind = .forest(RandomForest(x: x, y: y, classCount: classCount, trees: count, options: options))
        } else {
            kind = .tree(DecisionTree(x: x, y: y, classCount: classCount, options: options))
        }
        return try finish(kind, binding, design, classes, frame, rows, x, y)
    }
}

enum SVMArgs {
    /// Each term's mean and population standard deviation (0 and 1 without `scale`; 1 for a constant term).
    static func standardization(_ x: Matrix, scale: Bool) -> (means: [Double], scales: [Double]) {
        var means = [Double](repeating: 0, count: x.cols), scales = [Double](repeating: 1, count: x.cols)
        if scale {
            for j in 0..<x.cols {
                let (m, v) = x.columnMoments(j)
                means[j] = m
                scales[j] = v > 0 ? v.squareRoot() : 1
            }
        }
        return (means, scales)
    }

    /// scikit-learn's gamma "scale": 1 / (p · the variance of all feature values).
    static func scaleGamma(_ features: [Double], _ p: Int) -> Double {
        let count = Double(max(features.count, 1))
        let mean = features.reduce(0, +) / count
        let variance = features.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        return variance > 0 ? 1 / (Double(p) * variance) : 1
    }

    /// A frame with the given columns, row `rows[k]` holding `values[k]` and the other rows null.
    static func perRowFrame(_ names: [String], _ values: [[Double]], rows: [Int], rowCount: Int) throws -> Frame {
        var columns: [[Double?]] = names.map { _ in [Double?](repeating: nil, count: rowCount) }
        for (k, r) in rows.enumerated() {
            for j in names.indices where j < values[k].count { columns[j][r] = values[k][j] }
        }
        return try Frame(columns: zip(names, columns).map { ModelColumns.floats($0, $1) })
    }

    /// A design matrix as standardized row-major features.
    static func rowMajor(_ x: Matrix, means: [Double], scales: [Double], only: Int? = nil) -> [Double] {
        let p = x.cols
        let rows = only.map { [$0] } ?? Array(0..<x.rows)
        var out = [Double](repeating: 0, count: rows.count * p)
        for (k, i) in rows.enumerated() { for j in 0..<p { out[k * p + j] = (x[i, j] - means[j]) / scales[j] } }
        return out
    }

    static func fit(_ ctx: CallContext) throws -> TreeModelValue {
        let (formula, binding, frame, design, rows, responseColumn) = try TreeArgs.prepare(ctx)
        switch responseColumn.type {
        case .bool, .string, .int, .float: break
        default:
            throw SiftError(.runtime, "the response '\(binding.response)' is \(responseColumn.type.rawValue); use true/false, text or numbers", at: formula.lhs?.span ?? formula.span)
        }
        let classes = try ClassCoding(responseColumn, rows: rows)
        let codes = try classes.codes(responseColumn, rows: rows, ctx: ctx)
        let x = try DesignBuilder.matrix(design, frame: frame, rows: rows)
        let p = x.cols
        let scale = try ctx.optional("scale").map { try ctx.bool($0, "scale") } ?? true
        let (means, scales) = standardization(x, scale: scale)
        let features = rowMajor(x, means: means, scales: scales)
        var options = SVM.Options()
        if let v = try ctx.optional("C") ?? ctx.optional("c") {
            options.c = try ctx.double(v, "C")
            guard options.c > 0 else { throw ctx.error("C must be positive") }
        }
        if let v = try ctx.optional("seed") { options.seed = UInt64(bitPattern: Int64(try ctx.int(v, "seed"))) }
        let kernelName = try ctx.optional("kernel").map { try ctx.string($0, "kernel") } ?? "linear"
        // gamma "scale" = 1 / (p · variance of all feature values), as scikit-learn.
        var gamma: Double
        if let v = try ctx.optional("gamma"), case .string(let g) = v {
            guard g == "scale" || g == "auto" else { throw ctx.error("gamma must be a number, \"scale\" or \"auto\"") }
            gamma = g == "auto" ? 1 / Double(p) : scaleGamma(features, p)
        } else if let v = try ctx.optional("gamma") {
            gamma = try ctx.double(v, "gamma")
            guard gamma > 0 else { throw ctx.error("gamma must be positive") }
        } else {
            gamma = scaleGamma(features, p)
        }
        // Two classes: one model, class 1 positive. More: one-vs-rest (linear) or one-vs-one (kernels).
        let y = codes.map { Int($0) }, k = classes.labels.count
        let model: MulticlassSVM
        switch kernelName {
        case "linear":
            if let v = try ctx.optional("loss") {
                let l = try ctx.string(v, "loss")
                guard let loss = SVM.Loss(rawValue: l) else { throw ctx.error("unknown loss \"\(l)\"", hint: "loss: \"hinge\" or \"squared_hinge\"") }
                options.loss = loss
            }
            options.tolerance = try ctx.optional("tol").map { try ctx.double($0, "tol") } ?? 1e-4
            options.maxIterations = try ctx.optional("max_iter").map { try ctx.int($0, "max_iter") } ?? 1000
            model = try MulticlassSVM.linear(x: features, classes: y, classCount: k, features: p, options: options)
        case "rbf", "poly", "polynomial", "linear_kernel":
            options.tolerance = try ctx.optional("tol").map { try ctx.double($0, "tol") } ?? 1e-3
            guard rows.count <= 20_000 else {
                throw ctx.error("kernel SVMs keep a kernel row per training row and suit up to about 20,000 rows; this data has \(rows.count)",
                                hint: "use kernel: \"linear\", or fit on a sample: df |> sample(10000, seed: 1)")
            }
            let kernel: SVM.Kernel
            if kernelName == "rbf" {
                kernel = .rbf(gamma: gamma)
            } else if kernelName == "linear_kernel" {
                kernel = .linear
            } else {
                let degree = try ctx.optional("degree").map { try ctx.int($0, "degree") } ?? 3
                guard degree >= 1 else { throw ctx.error("degree must be at least 1") }
                let coef0 = try ctx.optional("coef0").map { try ctx.double($0, "coef0") } ?? 0
                kernel = .polynomial(degree: degree, gamma: gamma, coef0: coef0)
            }
            model = try MulticlassSVM.kernel(x: features, classes: y, classCount: k, features: p, kernel: kernel, options: options)
        default:
            throw ctx.error("unknown kernel \"\(kernelName)\"", hint: "kernel: \"linear\", \"rbf\" or \"poly\"")
        }
        return try TreeArgs.finish(.svm(model, means: means, scales: scales), binding, design, classes, frame, rows, x, codes)
    }
}
