import SiftFrame
import SiftLanguage
import SiftModels
import SiftRender
#if canImport(Glibc)
import Glibc
#endif

/// What every model value offers the builtins: tables of its terms and fit, and predictions.
protocol ModelValue: SiftObject {
    func tidy() throws -> Frame
    /// Fit statistics in order (the one row of `glance`, and fields like `m.r_squared`).
    var statistics: [(String, Scalar)] { get }
    /// One prediction per row of `frame` (null where a term is null), or per training row when nil.
    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column
}

extension ModelValue {
    func glance() throws -> Frame {
        try Frame(columns: statistics.map { Column.from(scalars: [$0.1], name: $0.0) })
    }

    func statistic(_ name: String) -> Value? { statistics.first { $0.0 == name }.map { Value($0.1) } }
}

/// Models fitted from a formula: they can be scored on a frame that has the response.
protocol SupervisedModel: ModelValue {
    var binding: FormulaBinding { get }
    var design: Design { get }
    var isClassifier: Bool { get }
    /// The response coded as numbers (0/1 for classifiers) and the model's predictions
    /// (probabilities of 1 for classifiers) on the complete rows of `frame`.
    func scored(_ frame: Frame, ctx: CallContext) throws -> (y: [Double], prediction: [Double])
}

enum ModelColumns {
    static func floats(_ name: String, _ values: [Double?]) -> Column {
        let valid = values.map { $0 != nil }
        return Column(name: name, storage: .float(values.map { $0 ?? 0 }), validity: Bitmap(valid))
    }

    static func floats(_ name: String, _ values: [Double]) -> Column {
        Column(name: name, storage: .float(values))
    }

    static func ints(_ name: String, _ values: [Int?]) -> Column {
        Column(name: name, storage: .int(values.map { Int64($0 ?? 0) }), validity: Bitmap(values.map { $0 != nil }))
    }

    static func strings(_ name: String, _ values: [String]) -> Column {
        Column(name: name, storage: .string(.make(values)))
    }

    static func coefficientTable(_ table: [Coefficient]) throws -> Frame {
        try Frame(columns: [
            strings("term", table.map(\.term)),
            floats("estimate", table.map(\.estimate)),
            floats("std_error", table.map(\.stdError)),
            floats("statistic", table.map(\.statistic)),
            floats("p_value", table.map(\.pValue)),
            floats("conf_low", table.map(\.confLow)),
            floats("conf_high", table.map(\.confHigh)),
        ])
    }

    static func coefficientRecord(_ table: [Coefficient]) -> Value {
        .record(Record(table.map { ($0.term, .float($0.estimate)) }))
    }

    /// Rows of `frame` with the model's terms (and response) computed, and the complete ones.
    static func prepare(_ model: SupervisedModel, _ frame: Frame, ctx: CallContext, withResponse: Bool) throws -> (Frame, [Int]) {
        let f = try model.binding.augment(frame, ctx: ctx, withResponse: withResponse)
        var needed = model.design.factors.keys.sorted()
        if withResponse {
            guard f.hasColumn(model.design.response) else {
                throw ctx.error("the frame has no column '\(model.design.response)', the model's response",
                                hint: "evaluate on data that has the outcome, e.g. the test part of split()")
            }
            needed.append(model.design.response)
        }
        for n in needed where !f.hasColumn(n) {
            throw ctx.error("the frame has no column '\(n)', which the model uses", hint: "columns: " + f.names.prefix(12).joined(separator: ", "))
        }
        return (f, try DesignBuilder.completeRows(f, needed))
    }
}

final class LinearModelValue: SupervisedModel {
    let fit: LinearFit
    let binding: FormulaBinding
    init(fit: LinearFit, binding: FormulaBinding) {
        self.fit = fit
        self.binding = binding
    }

    var design: Design { fit.design }
    var isClassifier: Bool { false }
    var typeName: String { "linear model" }
    var summaryLine: String {
        "linear model \(fit.formula) (n = \(CellText.grouped(fit.nobs)), R² = \(Fmt.c("%.3f", fit.rSquared)))"
    }
    func render(width: Int) -> String { fit.summary(width: width) }

    var statistics: [(String, Scalar)] {
        [("r_squared", .float(fit.rSquared)), ("adj_r_squared", .float(fit.adjRSquared)),
         ("f_statistic", .float(fit.fStatistic)), ("f_p_value", .float(fit.fPValue)),
         ("aic", .float(fit.aic)), ("bic", .float(fit.bic)), ("log_likelihood", .float(fit.logLikelihood)),
         ("sigma", .float(fit.residualStdError)), ("n", .int(Int64(fit.nobs))),
         ("df_model", .int(Int64(fit.dfModel))), ("df_residual", .int(Int64(fit.dfResidual))),
         ("dropped", .int(Int64(fit.droppedRows)))]
    }

    func tidy() throws -> Frame { try ModelColumns.coefficientTable(fit.table) }

    func member(_ name: String) -> Value? {
        switch name {
        case "coef", "coefficients": return ModelColumns.coefficientRecord(fit.table)
        case "formula": return .string(fit.formula)
        case "fitted": return .column(ModelColumns.floats("fitted", fit.aligned(fit.fitted)))
        case "residuals": return .column(ModelColumns.floats("residuals", fit.aligned(fit.residuals)))
        case "tidy": return (try? tidy()).map { .frame($0) }
        case "glance": return (try? glance()).map { .frame($0) }
        default: return statistic(name)
        }
    }

    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        guard let frame else { return ModelColumns.floats("prediction", fit.aligned(fit.fitted)) }
        let f = try binding.augment(frame, ctx: ctx, withResponse: false)
        return ModelColumns.floats("prediction", try fit.predict(f))
    }

    func scored(_ frame: Frame, ctx: CallContext) throws -> (y: [Double], prediction: [Double]) {
        let (f, rows) = try ModelColumns.prepare(self, frame, ctx: ctx, withResponse: true)
        let y = try DesignBuilder.numericResponse(try f.column(design.response), rows)
        let yhat = try DesignBuilder.matrix(design, frame: f, rows: rows).times(fit.coefficients)
        return (y, yhat)
    }
}

/// A two-class model whose predictions are probabilities of the outcome (logit, penalised or not):
/// classify, confusion, decision_values and probabilities treat them alike.
protocol BinaryProbabilityModel: SupervisedModel {
    var responseCoding: BinaryResponse { get }
}

extension BinaryProbabilityModel {
    /// Labels at a probability threshold, in the response's own type.
    func classify(_ probabilities: Column, threshold: Double) -> Column {
        let values: [Scalar] = (0..<probabilities.count).map { i in
            guard case .float(let p) = probabilities[i] else { return .null }
            return responseCoding.label(p >= threshold)
        }
        return Column.from(scalars: values, name: "class", type: responseCoding.type)
    }

    /// 0/1 for the rows of a frame with the outcome; an error for any other value.
    func codedResponse(_ c: Column, _ rows: [Int], ctx: CallContext) throws -> [Double] {
        let response = responseCoding
        return try rows.map { r in
            let s = c[r]
            if s == response.label(true) || s.asDouble == 1 && response.type != .string { return 1 }
            if s == response.label(false) || s.asDouble == 0 && response.type != .string { return 0 }
            throw ctx.error("the response '\(design.response)' holds \(ScalarFormat.plain(s)), which is neither \(response.labels.negative) nor \(response.labels.positive)")
        }
    }
}

final class LogitModelValue: BinaryProbabilityModel {
    let fit: LogitFit
    let binding: FormulaBinding
    init(fit: LogitFit, binding: FormulaBinding) {
        self.fit = fit
        self.binding = binding
    }

    var design: Design { fit.design }
    var isClassifier: Bool { true }
    var typeName: String { "logit model" }
    var summaryLine: String {
        "logit model \(fit.formula) (n = \(CellText.grouped(fit.nobs)), pseudo R² = \(Fmt.c("%.3f", fit.pseudoRSquared)))"
    }
    func render(width: Int) -> String { fit.summary(width: width) }

    var statistics: [(String, Scalar)] {
        [("pseudo_r_squared", .float(fit.pseudoRSquared)), ("log_likelihood", .float(fit.logLikelihood)),
         ("ll_null", .float(fit.llNull)), ("llr", .float(fit.llr)), ("llr_p_value", .float(fit.llrPValue)),
         ("aic", .float(fit.aic)), ("bic", .float(fit.bic)), ("n", .int(Int64(fit.nobs))),
         ("df_model", .int(Int64(fit.dfModel))), ("df_residual", .int(Int64(fit.dfResidual))),
         ("iterations", .int(Int64(fit.iterations))), ("dropped", .int(Int64(fit.droppedRows)))]
    }

    func tidy() throws -> Frame { try ModelColumns.coefficientTable(fit.table) }

    func member(_ name: String) -> Value? {
        switch name {
        case "coef", "coefficients": return ModelColumns.coefficientRecord(fit.table)
        case "formula": return .string(fit.formula)
        case "fitted": return .column(ModelColumns.floats("fitted", fit.aligned(fit.fitted)))
        case "tidy": return (try? tidy()).map { .frame($0) }
        case "glance": return (try? glance()).map { .frame($0) }
        default: return statistic(name)
        }
    }

    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        guard let frame else { return ModelColumns.floats("probability", fit.aligned(fit.fitted)) }
        let f = try binding.augment(frame, ctx: ctx, withResponse: false)
        return ModelColumns.floats("probability", try fit.predict(f))
    }

    var responseCoding: BinaryResponse { fit.response }

    func scored(_ frame: Frame, ctx: CallContext) throws -> (y: [Double], prediction: [Double]) {
        let (f, rows) = try ModelColumns.prepare(self, frame, ctx: ctx, withResponse: true)
        let y = try codedResponse(try f.column(design.response), rows, ctx: ctx)
        let eta = try DesignBuilder.matrix(design, frame: f, rows: rows).times(fit.coefficients)
        return (y, eta.map(LogitFit.sigmoid))
    }
}
