import SiftFrame
import SiftLanguage
import SiftModels

/// A model call written as an argument (`lm(y ~ x, data: df, penalty: "l1")`), kept unevaluated so
/// cross_validate, tune and regularization_path can call it again on other rows or with other
/// options.
struct ModelCall {
    let builtin: Builtin
    let calleeSpan: SourceSpan
    let span: SourceSpan
    let args: [CallArgument]
    let name: String
    /// Index into `args` of the data argument, and the data.
    let dataIndex: Int
    let data: Frame

    struct CallArgument {
        let name: String?
        let value: Expr
        let span: SourceSpan
    }

    init(_ ctx: CallContext) throws {
        guard let call = ctx.expr(0), case .call(let calleeExpr, let rawArgs) = call.kind, case .name(let fname) = calleeExpr.kind,
              let builtin = ctx.interpreter.builtins[fname] else {
            throw ctx.error("\(ctx.name)() needs a model call as its first argument, e.g. \(ctx.name)(lm(y ~ x, data: df))")
        }
        let args = rawArgs.map { CallArgument(name: $0.name, value: $0.value, span: $0.span) }
        // The data: the data: argument, else the first positional argument that is a frame.
        var index = args.firstIndex { $0.name == "data" }
        if index == nil {
            index = args.indices.first { i in
                guard args[i].name == nil, case .frame? = try? ctx.evaluate(args[i].value) else { return false }
                return true
            }
        }
        guard let i = index, case .frame(let f) = try ctx.evaluate(args[i].value) else {
            throw ctx.error("\(ctx.name)() could not find the data in \(fname)(…); pass it as data: df")
        }
        self.builtin = builtin
        self.calleeSpan = calleeExpr.span
        self.span = call.span
        self.args = args
        self.name = fname
        self.dataIndex = i
        self.data = f
    }

    /// Calls the builtin again on `data`, with `overrides` replacing (or adding) named arguments.
    func fit(_ ctx: CallContext, data: Frame, overrides: [(String, Value)] = []) throws -> Value {
        var positional: [ArgumentValue] = [], named: [(String, ArgumentValue, SourceSpan)] = []
        for (i, a) in args.enumerated() {
            if let n = a.name, overrides.contains(where: { $0.0 == n }) { continue }
            let v: ArgumentValue = i == dataIndex ? .value(.frame(data)) : .expr(a.value)
            if let n = a.name { named.append((n, v, a.span)) } else { positional.append(v) }
        }
        for (n, v) in overrides { named.append((n, .value(v), span)) }
        return try ctx.interpreter.call((builtin, calleeSpan), positional: positional, named: named, scope: ctx.scope, span: span)
    }

    /// k-fold cross-validation: the metric names and one row of scores per fold, with the training sizes.
    func crossValidate(_ ctx: CallContext, folds: Int, seed: UInt64, threshold: Double?, overrides: [(String, Value)] = [])
        throws -> (names: [String], table: [[Double]], trainSizes: [Int64]) {
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
            let fitted = try fit(ctx, data: data.take(trainRows), overrides: overrides)
            guard case .object(let o) = fitted, let m = o as? SupervisedModel else {
                throw ctx.error("\(ctx.name)() needs a call that fits a model with an outcome (lm, logit, decision_tree, …), got a \(fitted.typeName)")
            }
            let scores = try ModelArgs.scores(m, data.take(testRows), threshold: threshold ?? m.classifier?.defaultThreshold ?? 0.5, ctx: ctx)
            names = scores.map(\.0)
            table.append(scores.map(\.1))
            trainSizes.append(Int64(trainRows.count))
        }
        return (names, table, trainSizes)
    }
}

/// Shared argument reading of the cross-validating builtins.
enum FoldArgs {
    static func folds(_ ctx: CallContext, rows: Int) throws -> Int {
        let folds = try ctx.optional("folds").map { try ctx.int($0, "folds", at: ctx.span(ofNamed: "folds")) } ?? 5
        guard folds >= 2, folds <= rows else { throw ctx.error("folds must be between 2 and the number of rows (\(rows))", at: ctx.span(ofNamed: "folds")) }
        return folds
    }

    static func seed(_ ctx: CallContext) throws -> UInt64 {
        try ctx.optional("seed").map { UInt64(bitPattern: Int64(try ctx.int($0, "seed", at: ctx.span(ofNamed: "seed")))) } ?? 0
    }
}

extension Session {
    func registerTuning() {
        let I = interpreter
        I.define("cross_validate", "cross_validate(model_call: expr, *, folds: int = 5, seed: int = 0, threshold: float = 0.5)",
                 "k-fold cross-validation: refits the model call (e.g. lm(y ~ x, data: df)) on all but one fold and scores it on that fold, for each fold. A frame with one row per fold: fold, n_train, then the metrics evaluate() gives.",
                 example: "cross_validate(logit(churned ~ spend + visits, data: customers), folds: 5, seed: 1)", category: "models", lazy: true) { ctx in
            let call = try ModelCall(ctx)
            let folds = try FoldArgs.folds(ctx, rows: call.data.rowCount)
            let seed = try FoldArgs.seed(ctx)
            let threshold: Double? = ctx.has("threshold") ? try ModelArgs.threshold(ctx) : nil
            let (names, table, trainSizes) = try call.crossValidate(ctx, folds: folds, seed: seed, threshold: threshold)
            var columns = [Column(name: "fold", storage: .int((1...folds).map { Int64($0) })),
                           Column(name: "n_train", storage: .int(trainSizes))]
            for (j, n) in names.enumerated() {
                let values = table.map { $0[j] }
                columns.append(n == "n" ? Column(name: "n_test", storage: .int(values.map { Int64($0) }))
                                        : Column(name: n, storage: .float(values), validity: Bitmap(values.map { !$0.isNaN })))
            }
            return .frame(try Frame(columns: columns))
        }

        I.define("tune", "tune(model_call: expr, *, grid: record, folds: int = 5, seed: int = 0, metric?: string, threshold: float = 0.5)",
                 "Grid search by k-fold cross-validation: for every combination of the options in grid (e.g. {alpha: [0.1, 1, 10]}), cross-validates the model call with those options and reports the mean and standard deviation of the metric (default rmse for regressions, accuracy for classifiers) and the rank (1 = best). The folds are the same for every combination.",
                 example: "tune(lm(revenue ~ spend + visits + region, data: customers, penalty: \"l1\"), grid: {alpha: [0.1, 1, 10]}, folds: 5)", category: "models", lazy: true) { ctx in
            let call = try ModelCall(ctx)
            guard let gv = try ctx.optional("grid") else {
                throw ctx.error("tune() needs grid: a record of option lists, e.g. grid: {alpha: [0.1, 1, 10]}")
            }
            guard case .record(let grid) = gv, !grid.fields.isEmpty else {
                throw ctx.error("grid: must be a record of option lists, e.g. {alpha: [0.1, 1, 10]}, got \(withArticle(gv.typeName))", at: ctx.span(ofNamed: "grid"))
            }
            var axes: [(String, [Value])] = []
            var combinations = 1
            for (name, v) in grid.fields {
                guard case .list(let items) = v, !items.isEmpty else {
                    throw ctx.error("grid: \(name) must be a non-empty list of values, e.g. \(name): [0.1, 1, 10]", at: ctx.span(ofNamed: "grid"))
                }
                for item in items where item.scalar == nil {
                    throw ctx.error("grid: \(name) must hold plain values (numbers, text, true/false), got \(withArticle(item.typeName))", at: ctx.span(ofNamed: "grid"))
                }
                guard name != "data" else { throw ctx.error("grid: cannot vary data", at: ctx.span(ofNamed: "grid")) }
                guard call.builtin.declaration.parameter(named: name) != nil else {
                    throw ctx.error("grid: \(call.name)() has no option '\(name)'", hint: "usage: \(call.builtin.signature)", at: ctx.span(ofNamed: "grid"))
                }
                axes.append((name, items))
                combinations *= items.count
                guard combinations <= 10_000 else { throw ctx.error("grid: more than 10,000 combinations", at: ctx.span(ofNamed: "grid")) }
            }
            let folds = try FoldArgs.folds(ctx, rows: call.data.rowCount)
            let seed = try FoldArgs.seed(ctx)
            let threshold: Double? = ctx.has("threshold") ? try ModelArgs.threshold(ctx) : nil
            var metric = try ctx.optional("metric").map { try ctx.string($0, "metric", at: ctx.span(ofNamed: "metric")) }
            var means: [Double] = [], sds: [Double] = []
            var combos: [[Value]] = []
            for c in 0..<combinations {
                var rest = c
                var chosen: [Value] = []
                for (_, items) in axes.reversed() {
                    chosen.insert(items[rest % items.count], at: 0)
                    rest /= items.count
                }
                let overrides = zip(axes.map(\.0), chosen).map { ($0, $1) }
                let (names, table, _) = try call.crossValidate(ctx, folds: folds, seed: seed, threshold: threshold, overrides: overrides)
                let chosenMetric = metric ?? (names.contains("rmse") ? "rmse" : "accuracy")
                guard let j = names.firstIndex(of: chosenMetric), chosenMetric != "n" else {
                    throw ctx.error("unknown metric \"\(chosenMetric)\" for this model", hint: "metrics: " + names.filter { $0 != "n" }.joined(separator: ", "), at: ctx.span(ofNamed: "metric"))
                }
                metric = chosenMetric
                let values = table.map { $0[j] }
                let mean = values.reduce(0, +) / Double(values.count)
                means.append(mean)
                sds.append((values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot())
                combos.append(chosen)
            }
            let m = metric ?? "rmse"
            let lowerIsBetter = ["rmse", "mae", "mape", "log_loss"].contains(m)
            let order = means.indices.sorted { a, b in
                let x = means[a].isNaN ? Double.infinity : (lowerIsBetter ? means[a] : -means[a])
                let y = means[b].isNaN ? Double.infinity : (lowerIsBetter ? means[b] : -means[b])
                return x < y || (x == y && a < b)
            }
            var rank = [Int](repeating: 0, count: means.count)
            for (r, i) in order.enumerated() { rank[i] = r + 1 }
            var columns: [Column] = []
            for (k, (name, _)) in axes.enumerated() {
                columns.append(Column.from(scalars: combos.map { $0[k].scalar ?? .null }, name: name))
            }
            columns.append(Column(name: "mean_" + m, storage: .float(means), validity: Bitmap(means.map { !$0.isNaN })))
            columns.append(Column(name: "sd_" + m, storage: .float(sds), validity: Bitmap(sds.map { !$0.isNaN })))
            columns.append(Column(name: "rank", storage: .int(rank.map { Int64($0) })))
            return .frame(try Frame(columns: columns))
        }

        I.define("regularization_path", "regularization_path(model_call: expr, *, alpha?: list, c?: list)",
                 "The coefficients of a penalised model at each penalty strength: refits lm(…, penalty:) for each alpha (or logit(…, penalty:) for each C) on the same data. A long frame: alpha (or c), term, estimate — ready for a line chart per term.",
                 example: "regularization_path(lm(revenue ~ spend + visits + region, data: customers, penalty: \"l1\"), alpha: [0.01, 0.1, 1, 10, 100])", category: "models", lazy: true) { ctx in
            let call = try ModelCall(ctx)
            let given = ["alpha", "c"].filter { ctx.has($0) }
            guard given.count == 1, let name = given.first else {
                throw ctx.error("regularization_path() needs alpha: [...] (for lm) or c: [...] (for logit)")
            }
            let values = try Args.doubles(try ctx.required(name), ctx, name + ":")
            guard !values.isEmpty, values.count <= 10_000 else { throw ctx.error("\(name): needs between 1 and 10,000 values", at: ctx.span(ofNamed: name)) }
            var strengths: [Double] = [], terms: [String] = [], estimates: [Double] = []
            for v in values {
                let fitted = try call.fit(ctx, data: call.data, overrides: [(name == "c" && call.args.contains { $0.name == "C" } ? "C" : name, .float(v))])
                guard case .object(let o) = fitted else { throw ctx.error("regularization_path() needs a model call") }
                let pairs: [(String, Double)]
                if let m = o as? PenalizedLinearValue { pairs = Array(zip(m.fit.names, m.fit.coefficients)) }
                else if let m = o as? PenalizedLogitValue { pairs = Array(zip(m.fit.names, m.fit.coefficients)) }
                else { throw ctx.error("regularization_path() needs a penalised model: lm(…, penalty: \"l1\") or logit(…, penalty: \"l2\"), got a \((o as? ModelValue)?.typeName ?? "value")") }
                for (t, e) in pairs {
                    strengths.append(v)
                    terms.append(t)
                    estimates.append(e)
                }
            }
            return .frame(try Frame(columns: [ModelColumns.floats(name, strengths), ModelColumns.strings("term", terms), ModelColumns.floats("estimate", estimates)]))
        }
    }
}
