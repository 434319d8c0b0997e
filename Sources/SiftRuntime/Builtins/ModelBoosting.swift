import SiftFrame
import SiftLanguage
import SiftModels

extension Session {
    func registerBoosting() {
        let I = interpreter
        I.define("boosted_trees", "boosted_trees(formula: formula, data?: frame, *, trees: int = 100, learning_rate: float = 0.1, max_depth?: int, max_leaf_nodes: int = 31, min_samples_leaf: int = 20, l2_regularization: float = 0, subsample: float = 1, loss: string = \"auto\", early_stopping: any = \"auto\", validation_fraction: float = 0.1, n_iter_no_change: int = 10, max_bins: int = 255, seed: int = 0)",
                 "Histogram-based gradient-boosted trees, as scikit-learn's HistGradientBoostingRegressor/Classifier: squared error for a numeric response, log-loss for true/false, text or 0/1 (several classes: one tree per class per iteration). Trees grow best-first up to max_leaf_nodes leaves; early stopping (\"auto\": on above 10,000 rows) holds out validation_fraction of the rows. subsample < 1 fits each iteration on that share of the rows. tidy() gives the split-gain importance of each term.",
                 example: "gb = boosted_trees(churned ~ spend + visits + age + region, data: train, trees: 200, learning_rate: 0.05)", category: "models", lazy: true) { ctx in
            .object(try BoostingArgs.fit(ctx))
        }
    }
}

enum BoostingArgs {
    static func fit(_ ctx: CallContext) throws -> TreeModelValue {
        let (formula, binding, frame, design, rows, responseColumn) = try TreeArgs.prepare(ctx)
        func int(_ name: String, _ def: Int, _ range: ClosedRange<Int>, _ hint: String) throws -> Int {
            guard let v = try ctx.optional(name) else { return def }
            let i = try ctx.int(v, name, at: ctx.span(ofNamed: name))
            guard range.contains(i) else {
                throw ctx.error("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(i)", hint: hint, at: ctx.span(ofNamed: name))
            }
            return i
        }
        func double(_ name: String, _ def: Double, _ ok: (Double) -> Bool, _ what: String) throws -> Double {
            guard let v = try ctx.optional(name) else { return def }
            let d = try ctx.double(v, name, at: ctx.span(ofNamed: name))
            guard d.isFinite, ok(d) else { throw ctx.error("\(name) must be \(what), got \(ScalarFormat.float(d))", at: ctx.span(ofNamed: name)) }
            return d
        }
        var o = BoostedTrees.Options()
        o.iterations = try int("trees", 100, 1...100_000, "the number of boosting iterations; 100 is the default")
        o.learningRate = try double("learning_rate", 0.1, { $0 > 0 }, "positive (0.1 is the default)")
        if ctx.has("max_depth") { o.maxDepth = try int("max_depth", 0, 1...1000, "leave max_depth out for no limit") }
        o.maxLeafNodes = try int("max_leaf_nodes", 31, 2...100_000, "31 is the default")
        o.minSamplesLeaf = try int("min_samples_leaf", 20, 1...Int.max, "20 is the default")
        o.l2 = try double("l2_regularization", 0, { $0 >= 0 }, "0 or more")
        o.subsample = try double("subsample", 1, { $0 > 0 && $0 <= 1 }, "in (0, 1]")
        o.maxBins = try int("max_bins", 255, 2...255, "255 is the default and the most")
        o.validationFraction = try double("validation_fraction", 0.1, { $0 > 0 && $0 < 1 }, "between 0 and 1")
        o.noChange = try int("n_iter_no_change", 10, 1...100_000, "10 is the default")
        o.seed = try FoldArgs.seed(ctx)
        if let v = try ctx.optional("early_stopping") {
            switch v {
            case .bool(let b): o.earlyStopping = b
            case .string("auto"): o.earlyStopping = nil
            default: throw ctx.error("early_stopping must be true, false or \"auto\"", at: ctx.span(ofNamed: "early_stopping"))
            }
        }
        let lossName = try ctx.optional("loss").map { try ctx.string($0, "loss", at: ctx.span(ofNamed: "loss")) } ?? "auto"
        guard ["auto", "squared_error", "log_loss"].contains(lossName) else {
            throw ctx.error("unknown loss \"\(lossName)\"", hint: "loss: \"auto\", \"squared_error\" (regression) or \"log_loss\" (classification)", at: ctx.span(ofNamed: "loss"))
        }
        let isClass: Bool
        switch responseColumn.type {
        case .bool, .string:
            guard lossName != "squared_error" else { throw ctx.error("loss \"squared_error\" needs a numeric response", at: ctx.span(ofNamed: "loss")) }
            isClass = true
        case .int, .float:
            if lossName == "auto" {
                isClass = responseColumn.type == .int && Set(rows.map { responseColumn[$0].asDouble ?? 0 }).isSubset(of: [0, 1])
            } else {
                isClass = lossName == "log_loss"
            }
        default:
            throw SiftError(.runtime, "the response '\(binding.response)' is \(responseColumn.type.rawValue); use a number, true/false or text", at: formula.lhs?.span ?? formula.span)
        }
        let classes = isClass ? try ClassCoding(responseColumn, rows: rows) : nil
        let y = try classes.map { try $0.codes(responseColumn, rows: rows, ctx: ctx) } ?? DesignBuilder.numericResponse(responseColumn, rows)
        let x = try DesignBuilder.matrix(design, frame: frame, rows: rows)
        // The fit's own final scores of the training rows give the training score: walking every
        // tree again for every row would cost a quarter of the fit.
        let (model, trainingRaw) = try BoostedTrees.fit(x: x, y: y, classCount: classes?.labels.count ?? 1, options: o)
        return try TreeArgs.finish(.boosted(model), binding, design, classes, frame, rows, x, y,
                                   outputs: model.outputs(fromRaw: trainingRaw, rows: x.rows))
    }
}
