import SiftFrame
import SiftLanguage
import SiftModels

extension Session {
    /// Model builtins (lm, logit, kmeans, …) are registered here.
    func registerModels() {
        registerRegression()
        registerModelTools()
        registerMetrics()
        registerClustering()
        registerSplitAndTests()
        registerHypothesisTests()
        registerTrees()
        registerRecommenders()
    }

    private func registerRegression() {
        let I = interpreter
        I.define("lm", "lm(formula, data:, weights:)",
                 "Linear regression by least squares (QR). Categorical terms become treatment dummies (first level is the reference); a:b interacts, a*b = a + b + a:b, - 1 drops the intercept, log(x) and other expressions are computed per row. Rows with nulls in used columns are left out. weights: gives weighted least squares.",
                 example: "m = lm(revenue ~ spend + visits + region, data: customers)", category: "models",
                 parameters: ["data", "weights"], lazy: true) { ctx in
            let (formula, data) = try ModelArgs.formulaAndData(ctx)
            let weights = try ModelArgs.weightsColumn(ctx, data)
            let binding = try FormulaBinding.bind(formula, data: data, ctx: ctx, exclude: weights.map { [$0.sourceName] } ?? [])
            var frame = try binding.augment(data, ctx: ctx)
            if let w = weights { frame = try frame.with(w.column) }
            try ModelArgs.checkNumericResponse(binding, frame, formula, ctx)
            let (terms, intercept) = TermAlgebra.expand(binding.rhs, dotColumns: binding.dotColumns)
            let (design, rows) = try DesignBuilder.design(response: binding.response, terms: terms, intercept: intercept,
                                                          frame: frame, extraColumns: weights.map { [$0.column.name] } ?? [])
            let md = try DesignBuilder.modelData(design, frame: frame, rows: rows, response: DesignBuilder.numericResponse,
                                                 weights: weights?.column.name)
            let fit = try LinearFit(design: design, data: md, formula: binding.text)
            return .object(LinearModelValue(fit: fit, binding: binding))
        }

        I.define("logit", "logit(formula, data:, max_iter: 100)",
                 "Logistic regression by Newton's method (maximum likelihood). The response is true/false, 0/1 or two text values (the second in sorted order is the outcome modelled). Complete separation is reported as an error.",
                 example: "churn = logit(churned ~ spend + visits + age, data: train)", category: "models",
                 parameters: ["data", "max_iter"], lazy: true) { ctx in
            let (formula, data) = try ModelArgs.formulaAndData(ctx)
            let maxIter = try ctx.optional("max_iter").map { try ctx.int($0, "max_iter") } ?? 100
            guard maxIter >= 1 else { throw ctx.error("max_iter must be at least 1") }
            let binding = try FormulaBinding.bind(formula, data: data, ctx: ctx)
            let frame = try binding.augment(data, ctx: ctx)
            let (terms, intercept) = TermAlgebra.expand(binding.rhs, dotColumns: binding.dotColumns)
            let (design, rows) = try DesignBuilder.design(response: binding.response, terms: terms, intercept: intercept, frame: frame)
            let responseColumn = try frame.column(binding.response)
            let coded: (BinaryResponse, [Double])
            do { coded = try BinaryResponse.code(responseColumn, rows: rows) } catch let e as FrameError {
                throw SiftError(.runtime, e.message, at: formula.lhs?.span ?? formula.span, hint: e.hint)
            }
            var md = try DesignBuilder.modelData(design, frame: frame, rows: rows, response: { _, _ in [] })
            md.y = coded.1
            let fit = try LogitFit(design: design, data: md, response: coded.0, formula: binding.text, maxIterations: maxIter)
            return .object(LogitModelValue(fit: fit, binding: binding))
        }
    }

    private func registerModelTools() {
        let I = interpreter
        I.define("predict", "predict(model, newdata)",
                 "Predictions as a column: fitted values (lm), probabilities (logit), cluster ids (kmeans). Without newdata, one per row of the data the model was fitted on (null for rows left out).",
                 example: "new_customers |> mutate(expected = predict(m, new_customers))", category: "models") { ctx in
            let m = try ModelArgs.model(ctx)
            let frame = ctx.count > 1 ? try ctx.frame(1) : nil
            return .column(try m.predict(frame, ctx: ctx))
        }
        I.define("fitted", "fitted(model)", "Fitted values on the training rows, lined up with the data's rows (null for rows left out).",
                 example: "df |> mutate(fit = fitted(m))", category: "models") { ctx in
            let m = try ModelArgs.model(ctx)
            if let v = m.member("fitted") { return v }
            throw ctx.error("a \(m.typeName) has no fitted values")
        }
        I.define("residuals", "residuals(model)", "Residuals y − ŷ of a linear model, lined up with the data's rows (null for rows left out).",
                 example: "df |> mutate(resid = residuals(m))", category: "models") { ctx in
            let m = try ModelArgs.model(ctx)
            if let v = m.member("residuals") { return v }
            throw ctx.error("a \(m.typeName) has no residuals", hint: "residuals() works on linear models")
        }
        I.define("tidy", "tidy(model)", "The model's terms as a frame: term, estimate, std_error, statistic, p_value, conf_low, conf_high (kmeans: one row per cluster).",
                 example: "tidy(m) |> filter(p_value < 0.05)", category: "models") { ctx in
            .frame(try ModelArgs.model(ctx).tidy())
        }
        I.define("glance", "glance(model)", "The model's fit statistics as a one-row frame (lm: r_squared, adj_r_squared, f_statistic, f_p_value, aic, bic, log_likelihood, n, …).",
                 example: "glance(m)", category: "models") { ctx in
            .frame(try ModelArgs.model(ctx).glance())
        }
        I.define("classify", "classify(model, newdata, threshold: 0.5)",
                 "Predicted classes of a classifier: the outcome when its probability is at least the threshold, in the response's own values.",
                 example: "test |> mutate(predicted = classify(churn, test))", category: "models", parameters: ["threshold"]) { ctx in
            let m = try ModelArgs.model(ctx)
            let threshold = try ModelArgs.threshold(ctx, model: m)
            if let tree = m as? TreeModelValue, tree.isClassifier {
                guard ctx.count > 1 else { throw ctx.error("classify() needs the data for a \(tree.typeName): classify(model, df)") }
                return .column(try tree.classify(try ctx.frame(1), threshold: threshold, ctx: ctx))
            }
            guard let logit = m as? LogitModelValue else { throw ctx.error("classify() needs a classifier such as logit(), got a \(m.typeName)") }
            let frame = ctx.count > 1 ? try ctx.frame(1) : nil
            return .column(logit.classify(try m.predict(frame, ctx: ctx), threshold: threshold))
        }
        I.define("evaluate", "evaluate(model, test, threshold: 0.5)",
                 "Scores a model on data with the outcome, as a frame (metric, value): classifiers give accuracy, precision, recall, f1, roc_auc, log_loss; regressions give rmse, mae, r_squared, mape; recommenders give rmse, mae, coverage and precision/recall at k (k: 10, relevant: ratings ≥ 4).",
                 example: "evaluate(churn, test)", category: "models", parameters: ["threshold", "k", "relevant"]) { ctx in
            if case .object(let o)? = try? ctx.value(0), let t = o as? TextClassifierValue {
                guard ctx.count > 1 else { throw ctx.error("evaluate() needs labelled texts: evaluate(model, test)") }
                return .frame(try t.evaluate(try ctx.frame(1), ctx: ctx))
            }
            if case .object(let o)? = try? ctx.value(0), let r = o as? RecommenderValue {
                guard ctx.count > 1 else { throw ctx.error("evaluate() needs held-out ratings: evaluate(model, test)") }
                return .frame(try RecommenderArgs.evaluate(r, try ctx.frame(1), ctx))
            }
            let m = try ModelArgs.supervised(ctx)
            var rows = try ModelArgs.scores(m, try ctx.frame(1), threshold: try ModelArgs.threshold(ctx, model: m), ctx: ctx)

            rows = rows.filter { $0.0 != "n" } + rows.filter { $0.0 == "n" }
            return .frame(try Frame(columns: [ModelColumns.strings("metric", rows.map(\.0)),
                                              Column(name: "value", storage: .float(rows.map(\.1)), validity: Bitmap(rows.map { !$0.1.isNaN }))]))
        }
        I.define("cross_validate", "cross_validate(model_call, folds: 5, seed: 0, threshold: 0.5)",
                 "k-fold cross-validation: refits the model call (e.g. lm(y ~ x, data: df)) on all but one fold and scores it on that fold, for each fold. A frame with one row per fold: fold, n_train, then the metrics evaluate() gives.",
                 example: "cross_validate(logit(churned ~ spend + visits, data: customers), folds: 5, seed: 1)", category: "models",
                 parameters: ["folds", "seed", "threshold"], lazy: true) { ctx in
            guard let call = ctx.expr(0), case .call(let calleeExpr, let args) = call.kind, case .name(let fname) = calleeExpr.kind,
                  let builtin = ctx.interpreter.builtins[fname] else {
                throw ctx.error("cross_validate() needs a model call as its first argument, e.g. cross_validate(lm(y ~ x, data: df))")
            }
            // The data: the data: argument, else the first positional argument that is a frame.
            var dataIndex = args.firstIndex { $0.name == "data" }
            if dataIndex == nil {
                dataIndex = args.indices.first { i in
                    guard args[i].name == nil, case .frame? = try? ctx.evaluate(args[i].value) else { return false }
                    return true
                }
            }
            var data: Frame? = nil
            if let i = dataIndex, case .frame(let f) = try ctx.evaluate(args[i].value) { data = f }
            guard let data, let dataIndex else { throw ctx.error("cross_validate() could not find the data in \(fname)(…); pass it as data: df") }
            let folds = try ctx.optional("folds").map { try ctx.int($0, "folds") } ?? 5
            guard folds >= 2, folds <= data.rowCount else { throw ctx.error("folds must be between 2 and the number of rows (\(data.rowCount))") }
            let seed = try ctx.optional("seed").map { UInt64(bitPattern: Int64(try ctx.int($0, "seed"))) } ?? 0
            let threshold: Double? = ctx.has("threshold") ? try ModelArgs.threshold(ctx) : nil
            var order = Array(0..<data.rowCount)
            var rng = SplitMix64(seed: seed)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            var names: [String] = []
            var table: [[Double]] = []
            var trainSizes: [Int64] = []
            for k in 0..<folds {
                try Interrupt.check()
                let lo = k * data.rowCount / folds, hi = (k + 1) * data.rowCount / folds
                let testRows = Array(order[lo..<hi]).sorted()
                let trainRows = (Array(order[..<lo]) + Array(order[hi...])).sorted()
                var positional: [ArgumentValue] = [], named: [(String, ArgumentValue, SourceSpan)] = []
                for (i, a) in args.enumerated() {
                    let v: ArgumentValue = i == dataIndex ? .value(.frame(data.take(trainRows))) : .expr(a.value)
                    if let n = a.name { named.append((n, v, a.span)) } else { positional.append(v) }
                }
                let fitted = try ctx.interpreter.call((builtin, calleeExpr.span), positional: positional, named: named, scope: ctx.scope, span: call.span)
                guard case .object(let o) = fitted, let m = o as? SupervisedModel else {
                    throw ctx.error("cross_validate() needs a call that fits a model with an outcome (lm, logit, decision_tree, …), got a \(fitted.typeName)")
                }
                let scores = try ModelArgs.scores(m, data.take(testRows), threshold: threshold ?? (m as? TreeModelValue)?.defaultThreshold ?? 0.5, ctx: ctx)
                names = scores.map(\.0)
                table.append(scores.map(\.1))
                trainSizes.append(Int64(trainRows.count))
            }
            var columns = [Column(name: "fold", storage: .int((1...folds).map { Int64($0) })),
                           Column(name: "n_train", storage: .int(trainSizes))]
            for (j, n) in names.enumerated() {
                let values = table.map { $0[j] }
                columns.append(n == "n" ? Column(name: "n_test", storage: .int(values.map { Int64($0) }))
                                        : Column(name: n, storage: .float(values), validity: Bitmap(values.map { !$0.isNaN })))
            }
            return .frame(try Frame(columns: columns))
        }
        I.define("confusion", "confusion(model, test, threshold: 0.5)",
                 "The confusion matrix of a classifier on data with the outcome: one row per actual class, one column per predicted class.",
                 example: "confusion(churn, test)", category: "models", parameters: ["threshold"]) { ctx in
            let m = try ModelArgs.supervised(ctx)
            let threshold = try ModelArgs.threshold(ctx, model: m)
            let labels: [String]
            var multi = false
            if let logit = m as? LogitModelValue {
                labels = [logit.fit.response.labels.negative, logit.fit.response.labels.positive]
            } else if let tree = m as? TreeModelValue, let classes = tree.classes {
                labels = classes.names
                multi = !tree.isBinary
            } else {
                throw ctx.error("confusion() needs a classifier such as logit(), got a \(m.typeName)")
            }
            let (y, p) = try m.scored(try ctx.frame(1), ctx: ctx)
            var counts = [[Int64]](repeating: [Int64](repeating: 0, count: labels.count), count: labels.count)
            for (t, s) in zip(y, p) {
                let predicted = multi ? Int(s) : (s >= threshold ? 1 : 0)
                counts[Int(t)][predicted] += 1
            }
            var columns = [ModelColumns.strings("actual", labels)]
            for (k, l) in labels.enumerated() {
                columns.append(Column(name: "predicted_\(l)", storage: .int(counts.map { $0[k] })))
            }
            return .frame(try Frame(columns: columns))
        }
    }

    private func registerMetrics() {
        let I = interpreter
        func define2(_ name: String, _ summary: String, _ body: @escaping ([Scalar], [Scalar], CallContext) throws -> Double) {
            I.define(name, "\(name)(y, prediction)", summary, example: "\(name)(test.y, predict(m, test))", category: "metrics") { ctx in
                guard ctx.count == 2 else { throw ctx.error("\(name)() needs two columns: the truth and the prediction") }
                let a = try Args.column(try ctx.value(0), ctx), b = try Args.column(try ctx.value(1), ctx)
                guard a.count == b.count else { throw ctx.error("\(name)() got columns of \(a.count) and \(b.count) values") }
                var ya: [Scalar] = [], yb: [Scalar] = []
                for i in 0..<a.count where a.isValid(i) && b.isValid(i) {
                    ya.append(a[i])
                    yb.append(b[i])
                }
                guard !ya.isEmpty else { throw ctx.error("\(name)() found no rows where both values are present") }
                return .float(try body(ya, yb, ctx))
            }
        }
        func numbers(_ s: [Scalar], _ ctx: CallContext) throws -> [Double] {
            try s.map { v in
                guard let d = v.asDouble else { throw ctx.error("\(ctx.name)() needs numbers, got \(ScalarFormat.plain(v))") }
                return d
            }
        }
        /// The positive class: true, 1, or the larger of two text values.
        func binary(_ s: [Scalar], _ ctx: CallContext) throws -> [Bool] {
            let distinct = Set(s)
            if distinct.allSatisfy({ $0 == .bool(true) || $0 == .bool(false) }) { return s.map { $0 == .bool(true) } }
            if distinct.allSatisfy({ $0.asDouble == 0 || $0.asDouble == 1 }) { return s.map { $0.asDouble == 1 } }
            let texts = distinct.map { ScalarFormat.plain($0) }.sorted()
            guard texts.count <= 2 else {
                throw ctx.error("\(ctx.name)() needs two classes (true/false, 0/1 or two texts), found \(texts.count)")
            }
            return s.map { ScalarFormat.plain($0) == texts.last! && texts.count == 2 }
        }
        define2("accuracy", "The share of predictions equal to the truth.") { y, p, _ in
            Double(zip(y, p).filter { $0 == $1 || ($0.asDouble != nil && $0.asDouble == $1.asDouble) }.count) / Double(y.count)
        }
        define2("precision", "Of the rows predicted positive (true, 1, or the later text value), the share that are.") { y, p, ctx in
            Metrics.Confusion(truth: try binary(y, ctx), predicted: try binary(p, ctx)).precision
        }
        define2("recall", "Of the positive rows, the share predicted positive.") { y, p, ctx in
            Metrics.Confusion(truth: try binary(y, ctx), predicted: try binary(p, ctx)).recall
        }
        define2("f1", "The harmonic mean of precision and recall.") { y, p, ctx in
            Metrics.Confusion(truth: try binary(y, ctx), predicted: try binary(p, ctx)).f1
        }
        define2("rmse", "Root mean squared error.") { y, p, ctx in Metrics.rmse(try numbers(y, ctx), try numbers(p, ctx)) }
        define2("mae", "Mean absolute error.") { y, p, ctx in Metrics.mae(try numbers(y, ctx), try numbers(p, ctx)) }
        define2("mape", "Mean absolute percentage error, as a fraction.") { y, p, ctx in Metrics.mape(try numbers(y, ctx), try numbers(p, ctx)) }
        define2("r_squared", "1 − residual sum of squares / total sum of squares.") { y, p, ctx in
            Metrics.rSquared(try numbers(y, ctx), try numbers(p, ctx))
        }
        define2("roc_auc", "Area under the ROC curve of scores against two classes.") { y, p, ctx in
            try Metrics.rocAUC(truth: try binary(y, ctx), score: try numbers(p, ctx))
        }
        define2("log_loss", "Mean negative log-likelihood of probabilities against two classes.") { y, p, ctx in
            Metrics.logLoss(truth: try binary(y, ctx), probability: try numbers(p, ctx))
        }
    }
}

/// Argument helpers shared by the model builtins.
enum ModelArgs {
    /// The formula and the frame, from `f(formula, data: df)`, `f(formula, df)` or `df |> f(formula)`.
    static func formulaAndData(_ ctx: CallContext) throws -> (Formula, Frame) {
        var formula: Formula? = nil
        var frame: Frame? = nil
        for (i, a) in ctx.positional.enumerated() {
            let v = try ctx.resolve(a)
            switch v {
            case .formula(let f) where formula == nil: formula = f
            case .frame(let f) where frame == nil: frame = f
            case .grouped(let g) where frame == nil: frame = g.frame
            default:
                throw SiftError(.runtime, "\(ctx.name)() did not expect a \(v.typeName) here", at: ctx.span(of: i),
                                hint: "usage: \(ctx.builtin.signature)")
            }
        }
        if let d = ctx.namedArgument("data") {
            guard frame == nil else { throw ctx.error("\(ctx.name)() got the data twice (piped in and data:)") }
            frame = try ctx.frame(try ctx.resolve(d), "data: a frame")
        }
        guard let formula else {
            throw ctx.error("\(ctx.name)() needs a formula such as revenue ~ spend + region")
        }
        guard let frame else {
            throw ctx.error("\(ctx.name)() needs the data: \(ctx.name)(…, data: df)")
        }
        return (formula, frame)
    }

    struct Weights {
        let column: Column
        let sourceName: String
    }

    /// `weights: w` (a column name) or `weights: expr` (computed per row).
    static func weightsColumn(_ ctx: CallContext, _ data: Frame) throws -> Weights? {
        guard let a = ctx.namedArgument("weights") else { return nil }
        let name = "(weights)"
        if case .expr(let e) = a {
            if case .name(let n) = e.kind {
                guard data.hasColumn(n) else { throw ctx.noColumn(n, data, e.span) }
                return Weights(column: try data.column(n).renamed(name), sourceName: n)
            }
            if case .string(let n) = e.kind, data.hasColumn(n) { return Weights(column: try data.column(n).renamed(name), sourceName: n) }
        }
        let v = try ctx.resolve(a, mask: data)
        guard case .column(let c) = v, c.count == data.rowCount else {
            throw ctx.error("weights: must be a column of the data, got a \(v.typeName)")
        }
        return Weights(column: c.renamed(name), sourceName: c.name)
    }

    static func checkNumericResponse(_ b: FormulaBinding, _ frame: Frame, _ formula: Formula, _ ctx: CallContext) throws {
        let c = try frame.column(b.response)
        guard c.type.isNumeric else {
            throw SiftError(.runtime, "the response '\(b.response)' is \(c.type.rawValue); \(ctx.name)() needs a numeric response",
                            at: formula.lhs?.span ?? formula.span,
                            hint: c.type == .string ? "for a yes/no outcome use logit(); for codes, cast(\(b.response), \"float\")" : "convert it to a number first")
        }
    }

    static func model(_ ctx: CallContext) throws -> ModelValue {
        let v = try ctx.value(0)
        guard case .object(let o) = v, let m = o as? ModelValue else {
            throw SiftError(.runtime, "\(ctx.name)() needs a model (from lm, logit, kmeans, …), got a \(v.typeName)", at: ctx.span(of: 0),
                            hint: "usage: \(ctx.builtin.signature)")
        }
        return m
    }

    static func supervised(_ ctx: CallContext) throws -> SupervisedModel {
        let m = try model(ctx)
        guard let s = m as? SupervisedModel else {
            throw ctx.error("\(ctx.name)() needs a model with an outcome (lm, logit), got a \(m.typeName)")
        }
        guard ctx.count > 1 else { throw ctx.error("\(ctx.name)() needs data with the outcome, e.g. \(ctx.name)(model, test)") }
        return s
    }

    /// The metrics `evaluate` reports for a model on a frame with the outcome, ending with n.
    static func scores(_ m: SupervisedModel, _ frame: Frame, threshold: Double, ctx: CallContext) throws -> [(String, Double)] {
        let (y, p) = try m.scored(frame, ctx: ctx)
        guard !y.isEmpty else { throw ctx.error("no complete rows to evaluate on") }
        var rows: [(String, Double)]
        if let tree = m as? TreeModelValue, tree.isClassifier, !tree.isBinary {
            // Several classes: the prediction is the class index.
            rows = [("accuracy", Double(zip(y, p).filter { $0 == $1 }.count) / Double(y.count))]
        } else if m.isClassifier {
            let truth = y.map { $0 == 1 }
            let c = Metrics.Confusion(truth: truth, predicted: p.map { $0 >= threshold })
            rows = [("accuracy", c.accuracy), ("precision", c.precision), ("recall", c.recall), ("f1", c.f1)]
            let auc = (try? Metrics.rocAUC(truth: truth, score: p)) ?? .nan
            rows += [("roc_auc", auc), ("log_loss", Metrics.logLoss(truth: truth, probability: p))]
        } else {
            rows = [("rmse", Metrics.rmse(y, p)), ("mae", Metrics.mae(y, p)), ("r_squared", Metrics.rSquared(y, p)),
                    ("mape", Metrics.mape(y, p))]
        }
        rows.append(("n", Double(y.count)))
        return rows
    }

    /// The threshold: the one given, else the model's default (½; the decision boundary for SVMs).
    static func threshold(_ ctx: CallContext, model: ModelValue? = nil) throws -> Double {
        let t = try ctx.optional("threshold").map { try ctx.double($0, "threshold") } ?? (model as? TreeModelValue)?.defaultThreshold ?? 0.5
        guard t >= 0, t <= 1 else { throw ctx.error("threshold must be between 0 and 1, got \(ScalarFormat.float(t))") }
        return t
    }
}
