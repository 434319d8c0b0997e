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
        registerTuning()
        registerModelFiles()
        registerForecast()
        registerBoosting()
        registerSVR()
    }

    private func registerRegression() {
        let I = interpreter
        I.define("lm", "lm(formula: formula, data?: frame, *, weights?: expr, penalty?: string, alpha: float = 1, l1_ratio?: float, standardize: bool = false)",
                 "Linear regression by least squares (QR). Categorical terms become treatment dummies (first level is the reference); a:b interacts, a*b = a + b + a:b, - 1 drops the intercept, log(x) and other expressions are computed per row. Rows with nulls in used columns are left out. weights: gives weighted least squares. penalty: \"l2\" | \"l1\" | \"elasticnet\" fits scikit-learn's Ridge | Lasso | ElasticNet with the same alpha and l1_ratio; standardize: true scales the terms first.",
                 example: "m = lm(revenue ~ spend + visits + region, data: customers)", category: "models", lazy: true) { ctx in
            let (formula, data) = try ModelArgs.formulaAndData(ctx)
            let penalty = try PenaltyOptions.read(ctx, strengthName: "alpha")
            if penalty != nil, ctx.has("weights") {
                throw ctx.error("weights: cannot be combined with penalty: yet", hint: "fit the penalised model unweighted, or drop penalty: for weighted least squares", at: ctx.span(ofNamed: "weights"))
            }
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
            if let o = penalty {
                let fit = try PenalizedLinearFit(design: design, data: md, formula: binding.text, penalty: o.penalty, alpha: o.strength,
                                                 l1Ratio: o.l1Ratio, standardize: o.standardize)
                return .object(PenalizedLinearValue(fit: fit, binding: binding))
            }
            let fit = try LinearFit(design: design, data: md, formula: binding.text)
            return .object(LinearModelValue(fit: fit, binding: binding))
        }

        I.define("logit", "logit(formula: formula, data?: frame, *, max_iter: int = 100, penalty?: string, c?: float, C?: float, l1_ratio?: float, standardize: bool = false)",
                 "Logistic regression by Newton's method (maximum likelihood, as statsmodels' Logit). The response is true/false, 0/1 or two text values (the second in sorted order is the outcome modelled). Complete separation is reported as an error. penalty: \"l2\" | \"l1\" | \"elasticnet\" fits scikit-learn's LogisticRegression instead, with the same C (default 1) and l1_ratio.",
                 example: "churn = logit(churned ~ spend + visits + age, data: train)", category: "models", lazy: true) { ctx in
            let (formula, data) = try ModelArgs.formulaAndData(ctx)
            if ctx.has("c") && ctx.has("C") { throw ctx.error("give the penalty strength once: c: or C:", at: ctx.span(ofNamed: "C")) }
            let penalty = try PenaltyOptions.read(ctx, strengthName: ctx.has("C") ? "C" : "c")
            let maxIter = try ctx.optional("max_iter").map { try ctx.int($0, "max_iter", at: ctx.span(ofNamed: "max_iter")) } ?? (penalty == nil ? 100 : 1000)
            guard maxIter >= 1, maxIter <= 1_000_000 else { throw ctx.error("max_iter must be between 1 and 1,000,000", at: ctx.span(ofNamed: "max_iter")) }
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
            if let o = penalty {
                let fit = try PenalizedLogitFit(design: design, data: md, response: coded.0, formula: binding.text, penalty: o.penalty, c: o.strength,
                                                l1Ratio: o.l1Ratio, standardize: o.standardize, maxIterations: maxIter)
                return .object(PenalizedLogitValue(fit: fit, binding: binding))
            }
            let fit = try LogitFit(design: design, data: md, response: coded.0, formula: binding.text, maxIterations: maxIter)
            return .object(LogitModelValue(fit: fit, binding: binding))
        }
    }

    private func registerModelTools() {
        let I = interpreter
        I.define("predict", "predict(model: model, newdata?: frame)",
                 "Predictions as a column: fitted values (lm), probabilities (logit), cluster ids (kmeans). Without newdata, one per row of the data the model was fitted on (null for rows left out).",
                 example: "new_customers |> mutate(expected = predict(m, new_customers))", category: "models") { ctx in
            let m = try ModelArgs.model(ctx)
            let frame = ctx.count > 1 ? try ctx.frame(1) : nil
            return .column(try m.predict(frame, ctx: ctx))
        }
        I.define("fitted", "fitted(model: model)", "Fitted values on the training rows, lined up with the data's rows (null for rows left out).",
                 example: "df |> mutate(fit = fitted(m))", category: "models") { ctx in
            let m = try ModelArgs.model(ctx)
            if let v = m.member("fitted") { return v }
            throw ctx.error("a \(m.typeName) has no fitted values")
        }
        I.define("residuals", "residuals(model: model)", "Residuals y − ŷ of a linear model, lined up with the data's rows (null for rows left out).",
                 example: "df |> mutate(resid = residuals(m))", category: "models") { ctx in
            let m = try ModelArgs.model(ctx)
            if let v = m.member("residuals") { return v }
            throw ctx.error("a \(m.typeName) has no residuals", hint: "residuals() works on linear models")
        }
        I.define("tidy", "tidy(model: model)", "The model's terms as a frame: term, estimate, std_error, statistic, p_value, conf_low, conf_high (kmeans: one row per cluster).",
                 example: "tidy(m) |> filter(p_value < 0.05)", category: "models") { ctx in
            .frame(try ModelArgs.model(ctx).tidy())
        }
        I.define("glance", "glance(model: model)", "The model's fit statistics as a one-row frame (lm: r_squared, adj_r_squared, f_statistic, f_p_value, aic, bic, log_likelihood, n, …).",
                 example: "glance(m)", category: "models") { ctx in
            .frame(try ModelArgs.model(ctx).glance())
        }
        I.define("classify", "classify(model: model, newdata?: frame, *, threshold?: float)",
                 "Predicted classes of a classifier: the outcome when its probability is at least the threshold, in the response's own values.",
                 example: "test |> mutate(predicted = classify(churn, test))", category: "models") { ctx in
            let m = try ModelArgs.model(ctx)
            let threshold = try ModelArgs.threshold(ctx, model: m)
            guard let supervised = m as? any SupervisedModel, let c = supervised.classifier else {
                throw ctx.error("classify() needs a classifier such as logit(), got a \(m.typeName)")
            }
            return .column(try c.classify(ctx.count > 1 ? try ctx.frame(1) : nil, threshold: threshold, ctx: ctx))
        }
        I.define("evaluate", "evaluate(model: model, test?: frame, *, threshold?: float, k: int = 10, relevant: float = 4)",
                 "Scores a model on data with the outcome, as a frame (metric, value): classifiers give accuracy, precision, recall, f1, roc_auc, log_loss; regressions give rmse, mae, r_squared, mape; recommenders give rmse, mae, coverage and precision/recall at k (k: 10, relevant: ratings ≥ 4).",
                 example: "evaluate(churn, test)", category: "models") { ctx in
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
        I.define("confusion", "confusion(model: model, test?: frame, *, threshold?: float)",
                 "The confusion matrix of a classifier on data with the outcome: one row per actual class, one column per predicted class.",
                 example: "confusion(churn, test)", category: "models") { ctx in
            let m = try ModelArgs.supervised(ctx)
            let threshold = try ModelArgs.threshold(ctx, model: m)
            guard let c = m.classifier else { throw ctx.error("confusion() needs a classifier such as logit(), got a \(m.typeName)") }
            let labels = c.classNames
            let multi = c.isMulticlass
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
            I.define(name, "\(name)(y: column, prediction: column)", summary, example: "\(name)(test.y, predict(m, test))", category: "metrics") { ctx in
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
            case .frame, .grouped:
                throw SiftError(.runtime, "\(ctx.name)() got the data twice (piped in and data:)", at: ctx.span(of: i), hint: "usage: \(ctx.builtin.signature)")
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
        if m.classifier?.isMulticlass == true {
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
        let t = try ctx.optional("threshold").map { try ctx.double($0, "threshold") } ?? ((model as? any SupervisedModel)?.classifier?.defaultThreshold ?? 0.5)
        guard t >= 0, t <= 1 else { throw ctx.error("threshold must be between 0 and 1, got \(ScalarFormat.float(t))") }
        return t
    }
}
