import SiftFrame
import SiftLanguage
import SiftModels
import SiftRender

/// The options `lm(…, penalty:)` and `logit(…, penalty:)` share, read and checked in one place.
struct PenaltyOptions {
    var penalty: Penalty
    /// alpha (lm) or C (logit).
    var strength: Double
    var l1Ratio: Double
    var standardize: Bool

    /// nil when no `penalty:` is given; then every penalty-only option is an error.
    static func read(_ ctx: CallContext, strengthName: String) throws -> PenaltyOptions? {
        guard let pv = try ctx.optional("penalty") else {
            for name in [strengthName, "l1_ratio", "standardize"] where ctx.has(name) {
                throw ctx.error("\(name): applies to a penalised model; add penalty: \"l2\", \"l1\" or \"elasticnet\"",
                                at: ctx.span(ofNamed: name))
            }
            return nil
        }
        let name = try ctx.string(pv, "penalty", at: ctx.span(ofNamed: "penalty"))
        guard let penalty = Penalty(rawValue: name) else {
            throw ctx.error("unknown penalty \"\(name)\"", hint: "penalty: \"l2\" (ridge), \"l1\" (lasso) or \"elasticnet\"", at: ctx.span(ofNamed: "penalty"))
        }
        let strength = try ctx.optional(strengthName).map { try ctx.double($0, strengthName, at: ctx.span(ofNamed: strengthName)) } ?? 1
        guard strength > 0, strength.isFinite else {
            throw ctx.error("\(strengthName) must be a positive number, got \(ScalarFormat.float(strength))",
                            hint: strengthName == "alpha" ? "larger alpha = stronger penalty; for no penalty leave penalty: out"
                                                          : "C is the inverse strength: smaller C = stronger penalty; for no penalty leave penalty: out",
                            at: ctx.span(ofNamed: strengthName))
        }
        var ratio = 0.5
        if let v = try ctx.optional("l1_ratio") {
            guard penalty == .elasticnet else {
                throw ctx.error("l1_ratio: applies to penalty: \"elasticnet\" only", at: ctx.span(ofNamed: "l1_ratio"))
            }
            ratio = try ctx.double(v, "l1_ratio", at: ctx.span(ofNamed: "l1_ratio"))
            guard ratio >= 0, ratio <= 1 else {
                throw ctx.error("l1_ratio must be between 0 and 1, got \(ScalarFormat.float(ratio))", hint: "0 = pure l2, 1 = pure l1", at: ctx.span(ofNamed: "l1_ratio"))
            }
        }
        let standardize = try ctx.optional("standardize").map { try ctx.bool($0, "standardize", at: ctx.span(ofNamed: "standardize")) } ?? false
        return PenaltyOptions(penalty: penalty, strength: strength, l1Ratio: ratio, standardize: standardize)
    }

    var description: String {
        switch penalty {
        case .l2: return "l2 (ridge)"
        case .l1: return "l1 (lasso)"
        case .elasticnet: return "elasticnet, l1_ratio \(Fmt.c("%g", l1Ratio))"
        }
    }
}

enum PenalizedColumns {
    static func table(_ names: [String], _ coefficients: [Double]) throws -> Frame {
        try Frame(columns: [ModelColumns.strings("term", names), ModelColumns.floats("estimate", coefficients)])
    }

    static func record(_ names: [String], _ coefficients: [Double]) -> Value {
        .record(Record(zip(names, coefficients).map { ($0, .float($1)) }))
    }

    static func render(title: String, facts: String, names: [String], coefficients: [Double], width: Int) -> String {
        var out = title + "\n" + facts + "\n"
        if let t = try? table(names, coefficients) { out += TerminalTable(maxRows: 60, width: width, color: false).render(t) }
        return out
    }
}

/// What `lm(…, penalty:)` and `logit(…, penalty:)` show the same way: the printed summary (title,
/// penalty, n, the training statistic, the non-zero count, the coefficients), `glance`, `tidy` and
/// the members; each model says only what differs (its strength's name and its training statistic).
protocol PenalizedModelValue: SupervisedModel {
    associatedtype Fit: PenalizedFit
    var fit: Fit { get }
    /// "linear" or "logit", as in the printed title.
    var modelName: String { get }
    /// ("alpha", α) or ("C", C).
    var strength: (name: String, value: Double) { get }
    /// The training statistic: its glance name, value and how the summary says it.
    var trainingStatistic: (name: String, value: Double, text: String) { get }
    /// Text ahead of the penalty in the summary (the logit's outcome).
    var factsPrefix: String { get }
    /// Members beyond the shared ones (lm's residuals).
    func extraMember(_ name: String) -> Value?
}

extension PenalizedModelValue {
    var design: Design { fit.design }
    var options: PenaltyOptions {
        PenaltyOptions(penalty: fit.penalty, strength: strength.value, l1Ratio: fit.l1Ratio, standardize: fit.standardized)
    }

    func render(width: Int) -> String {
        var facts: String = factsPrefix + "penalty \(options.description), \(strength.name) \(Fmt.c("%g", strength.value))\(fit.standardized ? ", standardized terms" : ""); n = \(CellText.grouped(fit.nobs)), \(trainingStatistic.text), \(fit.nonzero) non-zero coefficients"
        if fit.droppedRows > 0 { facts += " (\(CellText.grouped(fit.droppedRows)) rows with nulls left out)" }
        if !fit.converged { facts += "\nwarning: stopped at \(fit.iterations) iterations before converging" }
        return PenalizedColumns.render(title: "penalized \(modelName) model: \(fit.formula)", facts: facts, names: fit.names, coefficients: fit.coefficients, width: width)
    }

    var statistics: [(String, Scalar)] {
        [("penalty", .string(fit.penalty.rawValue)), (strength.name, .float(strength.value)), ("l1_ratio", .float(fit.l1Ratio)),
         ("standardize", .bool(fit.standardized)), (trainingStatistic.name, .float(trainingStatistic.value)), ("nonzero", .int(Int64(fit.nonzero))),
         ("iterations", .int(Int64(fit.iterations))), ("n", .int(Int64(fit.nobs))), ("dropped", .int(Int64(fit.droppedRows)))]
    }

    func tidy() throws -> Frame { try PenalizedColumns.table(fit.names, fit.coefficients) }

    func member(_ name: String) -> Value? {
        switch name {
        case "coef", "coefficients": return PenalizedColumns.record(fit.names, fit.coefficients)
        case "formula": return .string(fit.formula)
        case "fitted": return .column(ModelColumns.floats("fitted", fit.aligned(fit.fitted)))
        case "tidy": return (try? tidy()).map { .frame($0) }
        case "glance": return (try? glance()).map { .frame($0) }
        default: return extraMember(name) ?? statistic(name)
        }
    }
}

/// `lm(…, penalty:)`: ridge, lasso or elastic net, as scikit-learn's Ridge, Lasso and ElasticNet.
final class PenalizedLinearValue: PenalizedModelValue {
    let fit: PenalizedLinearFit
    let binding: FormulaBinding
    init(fit: PenalizedLinearFit, binding: FormulaBinding) {
        self.fit = fit
        self.binding = binding
    }

    var isClassifier: Bool { false }
    var typeName: String { "penalized linear model" }
    var modelName: String { "linear" }
    var strength: (name: String, value: Double) { ("alpha", fit.alpha) }
    var trainingStatistic: (name: String, value: Double, text: String) { ("r_squared", fit.rSquared, "training R² \(Fmt.c("%.4f", fit.rSquared))") }
    var factsPrefix: String { "" }
    var summaryLine: String {
        "penalized linear model \(fit.formula) (\(fit.penalty.rawValue), alpha = \(Fmt.c("%g", fit.alpha)), n = \(CellText.grouped(fit.nobs)), R² = \(Fmt.c("%.3f", fit.rSquared)))"
    }

    func extraMember(_ name: String) -> Value? {
        name == "residuals" ? .column(ModelColumns.floats("residuals", fit.aligned(zip(fit.y, fit.fitted).map { $0 - $1 }))) : nil
    }

    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        guard let frame else { return ModelColumns.floats("prediction", fit.aligned(fit.fitted)) }
        let f = try binding.augment(frame, ctx: ctx, withResponse: false)
        return ModelColumns.floats("prediction", try fit.predict(f))
    }

    func scored(_ frame: Frame, ctx: CallContext) throws -> (y: [Double], prediction: [Double]) {
        let (f, rows) = try ModelColumns.prepare(self, frame, ctx: ctx, withResponse: true)
        let y = try DesignBuilder.numericResponse(try f.column(design.response), rows)
        return (y, try DesignBuilder.matrix(design, frame: f, rows: rows).times(fit.coefficients))
    }
}

/// `logit(…, penalty:)`: scikit-learn's LogisticRegression (C = 1 by default).
final class PenalizedLogitValue: BinaryProbabilityModel, PenalizedModelValue {
    let fit: PenalizedLogitFit
    let binding: FormulaBinding
    init(fit: PenalizedLogitFit, binding: FormulaBinding) {
        self.fit = fit
        self.binding = binding
    }

    var isClassifier: Bool { true }
    var responseCoding: BinaryResponse { fit.response }
    var typeName: String { "penalized logit model" }
    var modelName: String { "logit" }
    var strength: (name: String, value: Double) { ("C", fit.c) }
    var trainingStatistic: (name: String, value: Double, text: String) {
        ("log_likelihood", fit.logLikelihood, "log-likelihood \(Fmt.c("%.4f", fit.logLikelihood))")
    }
    var factsPrefix: String { "outcome \(design.response) = \(fit.response.labels.positive); " }
    var summaryLine: String {
        "penalized logit model \(fit.formula) (\(fit.penalty.rawValue), C = \(Fmt.c("%g", fit.c)), n = \(CellText.grouped(fit.nobs)))"
    }

    func extraMember(_ name: String) -> Value? { nil }

    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        guard let frame else { return ModelColumns.floats("probability", fit.aligned(fit.fitted)) }
        let f = try binding.augment(frame, ctx: ctx, withResponse: false)
        return ModelColumns.floats("probability", try fit.predict(f))
    }

    func scored(_ frame: Frame, ctx: CallContext) throws -> (y: [Double], prediction: [Double]) {
        let (f, rows) = try ModelColumns.prepare(self, frame, ctx: ctx, withResponse: true)
        let y = try codedResponse(try f.column(design.response), rows, ctx: ctx)
        let eta = try DesignBuilder.matrix(design, frame: f, rows: rows).times(fit.coefficients)
        return (y, eta.map(LogitFit.sigmoid))
    }
}
