import SiftFrame
import SiftLanguage
import SiftModels
#if canImport(Glibc)
import Glibc
#endif

/// `forecast(…, method: "arima", order: [p, d, q])`: an ARIMA model fitted to one series (or at
/// given coefficients), with its forecasts and analytic prediction intervals.
final class ArimaForecastValue: ModelValue {
    let model: ARIMAModel
    let series: ForecastSeries
    let estimated: Bool

    init(model: ARIMAModel, dates: Column, valueName: String, futureDates: [Scalar], level: Double, estimated: Bool) {
        self.model = model
        self.estimated = estimated
        let (mean, variance) = model.forecast(futureDates.count)
        let z = Normal.quantile(0.5 + level / 2)
        series = ForecastSeries(dateName: dates.name, valueName: valueName, dates: dates, futureDates: futureDates, y: model.y,
                                fitted: model.fitted, forecasts: mean,
                                lower: zip(mean, variance).map { $0 - z * $1.squareRoot() },
                                upper: zip(mean, variance).map { $0 + z * $1.squareRoot() }, level: level)
    }

    var methodName: String { "ARIMA(\(model.p),\(model.d),\(model.q))" }
    var typeName: String { "forecast" }
    var summaryLine: String { "forecast \(series.valueName): \(methodName), \(series.forecasts.count) steps" }
    var aic: Double { -2 * model.logLikelihood + 2 * Double(model.parameterCount) }
    var bic: Double { -2 * model.logLikelihood + log(Double(model.nobs)) * Double(model.parameterCount) }

    var statistics: [(String, Scalar)] {
        [("method", .string("arima")), ("model", .string(methodName)), ("sigma2", .float(model.sigma2)),
         ("log_likelihood", .float(model.logLikelihood)), ("aic", .float(aic)), ("bic", .float(bic)),
         ("n", .int(Int64(model.nobs))), ("horizon", .int(Int64(series.forecasts.count))),
         ("iterations", .int(Int64(model.iterations))), ("converged", .bool(model.converged))]
    }

    /// The parameters under statsmodels' names: const, ar.L1…, ma.L1…, sigma2.
    func tidy() throws -> Frame {
        try Frame(columns: [ModelColumns.strings("parameter", model.parameterNames), ModelColumns.floats("value", model.parameterValues)])
    }

    func render(width: Int) -> String {
        var out = "forecast: \(series.valueName) by \(series.dateName), \(methodName)\(model.hasConstant ? " with constant" : "")\n"
        let params = zip(model.parameterNames, model.parameterValues).map { "\($0) \(Fmt.c("%.6g", $1))" }.joined(separator: ", ")
        out += (estimated ? "estimated (exact maximum likelihood): " : "given: ") + params + "\n"
        out += "n = \(model.nobs), log-likelihood \(Fmt.c("%.4f", model.logLikelihood)), AIC \(Fmt.c("%.2f", aic))"
        if estimated && !model.converged { out += " (warning: the likelihood search stopped before converging)" }
        out += "\nintervals: \(Int((series.level * 100).rounded()))%, analytic (Kalman filter)\n"
        return out + series.table(width: width)
    }

    func member(_ name: String) -> Value? { series.member(name, methodName: methodName, model: self) }

    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        guard frame == nil else { throw ctx.error("predict() of a forecast takes no data: the forecast is m.forecast, the in-sample fit m.fitted") }
        return ModelColumns.floats("forecast", series.forecasts)
    }
}

enum ArimaArgs {
    /// The options only ARIMA reads (an error with the smoothing methods).
    static let options = ["order", "ar", "ma", "constant", "sigma2"]
    /// The smoothing methods' options (an error with ARIMA).
    static let smoothingOptions = ["trend", "damped", "seasonal", "seasonal_periods", "error", "alpha", "beta", "gamma", "phi",
                                   "initial_level", "initial_trend", "initial_seasonal", "seed"]

    static func forecast(_ ctx: CallContext, y: [Double], dates: Column, valueName: String, futureDates: [Scalar], level: Double) throws -> ArimaForecastValue {
        for name in smoothingOptions where ctx.has(name) {
            throw ctx.error("\(name): applies to the exponential smoothing methods, not to method: \"arima\"", at: ctx.span(ofNamed: name))
        }
        guard let ov = try ctx.optional("order") else {
            throw ctx.error("method: \"arima\" needs order: [p, d, q]", hint: "e.g. order: [1, 1, 1]; statsmodels' ARIMA(p, d, q)")
        }
        let span = ctx.span(ofNamed: "order")
        let raw = try Args.doubles(ov, ctx, "order")
        guard raw.count == 3, raw.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 <= 100 }) else {
            throw ctx.error("order must be three whole numbers [p, d, q], got \(raw.map { ScalarFormat.float($0) })", at: span)
        }
        let (p, d, q) = (Int(raw[0]), Int(raw[1]), Int(raw[2]))
        guard p <= 10, q <= 10 else { throw ctx.error("order: p and q must be between 0 and 10", at: span) }
        guard d <= 2 else { throw ctx.error("order: d must be 0, 1 or 2", at: span) }
        let given = options.dropFirst().filter { ctx.has($0) }
        do {
            let model: ARIMAModel
            if given.isEmpty {
                model = try ARIMAModel.fit(y: y, p: p, d: d, q: q)
            } else {
                // Given coefficients: all of them (the filter then runs at those values, no estimation).
                var needed = ["sigma2"]
                if p > 0 { needed.append("ar") }
                if q > 0 { needed.append("ma") }
                if d == 0 { needed.append("constant") }
                if let missing = needed.first(where: { !ctx.has($0) }) {
                    throw ctx.error("with given coefficients give all of them: \(needed.map { $0 + ":" }.joined(separator: ", ")) (\(missing): is missing)",
                                    hint: "or leave them all out to estimate them")
                }
                if d > 0, ctx.has("constant") {
                    throw ctx.error("constant: applies to d = 0 only (statsmodels' ARIMA has no constant once the series is differenced)", at: ctx.span(ofNamed: "constant"))
                }
                if p == 0, ctx.has("ar") { throw ctx.error("ar: needs p > 0 in order:", at: ctx.span(ofNamed: "ar")) }
                if q == 0, ctx.has("ma") { throw ctx.error("ma: needs q > 0 in order:", at: ctx.span(ofNamed: "ma")) }
                func list(_ name: String) throws -> [Double] {
                    guard let v = try ctx.optional(name) else { return [] }
                    let xs = try Args.doubles(v, ctx, name)
                    guard xs.allSatisfy({ $0.isFinite }) else { throw ctx.error("\(name) must be finite numbers", at: ctx.span(ofNamed: name)) }
                    return xs
                }
                func number(_ name: String) throws -> Double? {
                    guard let v = try ctx.optional(name) else { return nil }
                    let x = try ctx.double(v, name, at: ctx.span(ofNamed: name))
                    guard x.isFinite else { throw ctx.error("\(name) must be finite", at: ctx.span(ofNamed: name)) }
                    return x
                }
                model = try ARIMAModel(y: y, p: p, d: d, q: q, constant: try number("constant"), ar: try list("ar"), ma: try list("ma"),
                                       sigma2: try number("sigma2") ?? 0)
            }
            return ArimaForecastValue(model: model, dates: dates, valueName: valueName, futureDates: futureDates, level: level,
                                      estimated: given.isEmpty)
        } catch let e as ARIMAModel.ARIMAError {
            throw ctx.error(e.description, at: span)
        }
    }
}
