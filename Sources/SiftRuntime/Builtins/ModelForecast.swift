import SiftFrame
import SiftLanguage
import SiftModels
import SiftRender
#if canImport(Glibc)
import Glibc
#endif

/// The time axis of a series: its values as numbers, the step between them, and how to name the
/// steps after the last one (dates advance by whole months when the series is monthly or
/// quarterly, by a fixed number of days otherwise; numbers such as years by their step).
struct TimeAxis {
    enum Step { case days(Int), months(Int), number(Double) }
    let type: DataType
    let step: Step

    /// The period a season most often has at this spacing (12 for months, 4 for quarters, 7 for days, 52 for weeks).
    var naturalPeriod: Int? {
        switch step {
        case .months(1): return 12
        case .months(3): return 4
        case .days(1): return 7
        case .days(7): return 52
        default: return nil
        }
    }

    static func infer(_ c: Column, ctx: CallContext) throws -> TimeAxis {
        let n = c.count
        switch c.storage {
        case .date(let d):
            guard n >= 2 else { return TimeAxis(type: .date, step: .days(1)) }
            let civil = d.map(Temporal.civil)
            let monthIndex = civil.map { $0.year * 12 + $0.month - 1 }
            let dm = monthIndex[1] - monthIndex[0]
            if dm > 0, civil.allSatisfy({ $0.day == civil[0].day }), zip(monthIndex, monthIndex.dropFirst()).allSatisfy({ $1 - $0 == dm }) {
                return TimeAxis(type: .date, step: .months(dm))
            }
            let dd = Int(d[1]) - Int(d[0])
            guard dd > 0, zip(d, d.dropFirst()).allSatisfy({ Int($1) - Int($0) == dd }) else {
                throw ctx.error("forecast() needs evenly spaced dates (daily, weekly, monthly, …) in ascending order without gaps",
                                hint: "aggregate to a regular frequency first, e.g. group_by(month = floor_date(date, \"month\")) |> summarize(…)")
            }
            return TimeAxis(type: .date, step: .days(dd))
        case .int, .float:
            guard let x = c.doubles else { throw ctx.error("forecast() could not read the date column") }
            guard n >= 2 else { return TimeAxis(type: c.type, step: .number(1)) }
            let dx = x[1] - x[0]
            guard dx > 0, zip(x, x.dropFirst()).allSatisfy({ abs(($1 - $0) - dx) <= 1e-9 * max(abs(dx), 1) }) else {
                throw ctx.error("forecast() needs evenly spaced values of '\(c.name)' in ascending order without gaps")
            }
            return TimeAxis(type: c.type, step: .number(dx))
        default:
            throw ctx.error("the date column '\(c.name)' is \(c.type.rawValue); forecast() needs dates or numbers (e.g. years)")
        }
    }

    /// The `h` time points after `last`.
    func future(after last: Scalar, _ h: Int) -> [Scalar] {
        (1...max(h, 1)).prefix(h).map { k in
            switch (step, last) {
            case (.months(let dm), .date(let d)):
                let c = Temporal.civil(d)
                let index = c.year * 12 + c.month - 1 + dm * k
                let (year, month) = (index >= 0 ? index / 12 : (index - 11) / 12, ((index % 12) + 12) % 12 + 1)
                return .date(Temporal.days(year: year, month: month, day: c.day))
            case (.days(let dd), .date(let d)):
                return .date(d + Int32(dd * k))
            case (.number(let dx), _):
                let v = (last.asDouble ?? 0) + dx * Double(k)
                return type == .int ? .int(Int64(v.rounded())) : .float(v)
            default:
                return .null
            }
        }
    }
}

/// `forecast(…)`: an exponential smoothing model fitted to one series, with its forecasts.
final class ForecastValue: ModelValue {
    let model: ExponentialSmoothing
    let dateName: String
    let valueName: String
    let dates: Column
    let futureDates: [Scalar]
    let forecasts: [Double]
    let lower: [Double]
    let upper: [Double]
    let level: Double
    let estimated: Bool
    let analyticIntervals: Bool

    init(model: ExponentialSmoothing, dateName: String, valueName: String, dates: Column, futureDates: [Scalar], level: Double, estimated: Bool, seed: UInt64) {
        self.model = model
        self.dateName = dateName
        self.valueName = valueName
        self.dates = dates
        self.futureDates = futureDates
        self.forecasts = model.forecast(futureDates.count)
        let (lo, hi) = model.intervals(futureDates.count, level: level, seed: seed)
        self.lower = lo
        self.upper = hi
        self.level = level
        self.estimated = estimated
        self.analyticIntervals = model.relativeVariance(1) != nil
    }

    var typeName: String { "forecast" }
    var methodName: String {
        model.spec.form == .ets ? "ETS(\(model.spec.shortName.map(String.init).joined(separator: ",")))" : "Holt-Winters"
    }
    var summaryLine: String { "forecast \(valueName): \(methodName), \(forecasts.count) steps" }

    var aic: Double { -2 * model.logLikelihood + 2 * Double(model.parameterCount) }
    var bic: Double { -2 * model.logLikelihood + log(Double(model.nobs)) * Double(model.parameterCount) }

    var statistics: [(String, Scalar)] {
        let p = model.parameters, s = model.spec
        return [("method", .string(s.form.rawValue)), ("model", .string(s.shortName)),
                ("alpha", .float(p.alpha)), ("beta", s.trend == .none ? .null : .float(p.beta)),
                ("gamma", s.seasonal == .none ? .null : .float(p.gamma)), ("phi", s.damped ? .float(p.phi) : .null),
                ("sse", .float(model.sse)), ("log_likelihood", .float(model.logLikelihood)), ("aic", .float(aic)), ("bic", .float(bic)),
                ("n", .int(Int64(model.nobs))), ("horizon", .int(Int64(forecasts.count)))]
    }

    func tidy() throws -> Frame {
        let p = model.parameters, s = model.spec
        var names = ["alpha"], values = [p.alpha]
        if s.trend != .none { names.append("beta"); values.append(p.beta) }
        if s.seasonal != .none { names.append("gamma"); values.append(p.gamma) }
        if s.damped { names.append("phi"); values.append(p.phi) }
        names.append("initial_level"); values.append(p.level)
        if s.trend != .none { names.append("initial_trend"); values.append(p.trend) }
        for (k, v) in p.seasons.enumerated() { names.append("initial_season_\(k + 1)"); values.append(v) }
        return try Frame(columns: [ModelColumns.strings("parameter", names), ModelColumns.floats("value", values)])
    }

    var series: ForecastSeries {
        ForecastSeries(dateName: dateName, valueName: valueName, dates: dates, futureDates: futureDates, y: model.y, fitted: model.fitted,
                       forecasts: forecasts, lower: lower, upper: upper, level: level)
    }

    func render(width: Int) -> String {
        let p = model.parameters, s = model.spec
        var out = "forecast: \(valueName) by \(dateName), \(methodName)"
        out += s.form == .holtWinters ? " (trend \(s.trend.rawValue)\(s.damped ? ", damped" : ""), season \(s.seasonal.rawValue)\(s.seasonal != .none ? ", period \(s.period)" : ""))\n"
                                      : (s.seasonal != .none ? ", period \(s.period)\n" : "\n")
        var params = "alpha \(Fmt.c("%.4f", p.alpha))"
        if s.trend != .none { params += ", beta \(Fmt.c("%.4f", p.beta))" }
        if s.seasonal != .none { params += ", gamma \(Fmt.c("%.4f", p.gamma))" }
        if s.damped { params += ", phi \(Fmt.c("%.4f", p.phi))" }
        out += (estimated ? "estimated: " : "given: ") + params + "; n = \(model.nobs), SSE \(Fmt.c("%.6g", model.sse)), AIC \(Fmt.c("%.2f", aic))\n"
        out += "intervals: \(Int((level * 100).rounded()))%, " + (analyticIntervals ? "analytic (additive errors)" : "simulated (2,000 seeded paths)") + "\n"
        return out + series.table(width: width)
    }

    func member(_ name: String) -> Value? { series.member(name, methodName: methodName, model: self) }

    func predict(_ frame: Frame?, ctx: CallContext) throws -> Column {
        guard frame == nil else { throw ctx.error("predict() of a forecast takes no data: the forecast is m.forecast, the in-sample fit m.fitted") }
        return ModelColumns.floats("forecast", forecasts)
    }
}

/// What every forecast shows the same way, whatever the method: the forecast frame with its
/// interval, the in-sample fit, the chart of history plus forecast, and the members that give them.
struct ForecastSeries {
    let dateName: String
    let valueName: String
    let dates: Column
    let futureDates: [Scalar]
    let y: [Double]
    let fitted: [Double]
    let forecasts: [Double]
    let lower: [Double]
    let upper: [Double]
    let level: Double

    func forecastFrame() throws -> Frame {
        let pct = Int((level * 100).rounded())
        return try Frame(columns: [Column.from(scalars: futureDates, name: dateName, type: dates.type),
                                     ModelColumns.floats("forecast", forecasts),
                                     ModelColumns.floats("lower_\(pct)", lower), ModelColumns.floats("upper_\(pct)", upper)])
    }

    func fittedFrame() throws -> Frame {
        try Frame(columns: [dates.renamed(dateName), ModelColumns.floats(valueName, y), ModelColumns.floats("fitted", fitted),
                              ModelColumns.floats("residual", zip(y, fitted).map { $0 - $1 })])
    }

    /// History and forecast on one line chart, with the interval's bounds as thinner series.
    func chart(methodName: String) -> Chart {
        let history = ChartData.numbersOrNaN(dates)
        let futureColumn = Column.from(scalars: futureDates, name: dateName, type: dates.type)
        let future = ChartData.numbersOrNaN(futureColumn)
        // The forecast line starts at the last observation so the two lines join.
        let joinX = (history.last.map { [$0] } ?? []) + future
        let joinY = (y.last.map { [$0] } ?? []) + forecasts
        let pct = Int((level * 100).rounded())
        var m = ChartModel(kind: .line, title: "\(valueName): \(methodName) forecast, \(pct)% interval", xLabel: dateName, yLabel: valueName,
                           series: [.init(name: "history", x: history, y: y),
                                    .init(name: "forecast", x: joinX, y: joinY),
                                    .init(name: "lower \(pct)%", x: future, y: lower),
                                    .init(name: "upper \(pct)%", x: future, y: upper)])
        m.xIsDate = dates.type == .date
        return Chart(model: m)
    }

    func table(width: Int) -> String {
        (try? forecastFrame()).map { TerminalTable(maxRows: 40, width: width, color: false).render($0) } ?? ""
    }

    func member(_ name: String, methodName: String, model: ModelValue) -> Value? {
        switch name {
        case "forecast": return (try? forecastFrame()).map { .frame($0) }
        case "fitted": return (try? fittedFrame()).map { .frame($0) }
        case "chart": return .object(chart(methodName: methodName))
        case "tidy": return (try? model.tidy()).map { .frame($0) }
        case "glance": return (try? model.glance()).map { .frame($0) }
        default: return model.statistic(name)
        }
    }
}

extension ChartData {
    static func numbersOrNaN(_ c: Column) -> [Double] {
        let n = c.count
        switch c.storage {
        case .date(let d): return (0..<n).map { c.isValid($0) ? Double(d[$0]) : .nan }
        default:
            guard let x = c.doubles else { return [Double](repeating: .nan, count: n) }
            return (0..<n).map { c.isValid($0) ? x[$0] : .nan }
        }
    }
}

extension Session {
    func registerForecast() {
        let I = interpreter
        I.define("forecast", "forecast(frame: frame, *, date: names, value: names, horizon: int, method: string = \"ets\", trend: string = \"none\", damped: bool = false, seasonal: string = \"none\", seasonal_periods?: int, error: string = \"add\", level: float = 0.95, alpha?: float, beta?: float, gamma?: float, phi?: float, initial_level?: float, initial_trend?: float, initial_seasonal?: list, order?: list, ar?: list, ma?: list, constant?: float, sigma2?: float, seed: int = 0)",
                 "Forecasts a regular time series by exponential smoothing: method \"ets\" (statsmodels' ETSModel, fitted by maximum likelihood) or \"holt_winters\" (statsmodels' ExponentialSmoothing, fitted by least squares), with trend and seasonal \"none\", \"add\" or \"mul\"; or method \"arima\" with order: [p, d, q] (statsmodels' ARIMA, exact maximum likelihood by the Kalman filter). Parameters and initial states are estimated unless given. The result prints the forecast with prediction intervals; m.forecast, m.fitted and m.chart (history plus forecast) give the parts.",
                 example: "forecast(monthly, date: month, value: revenue, horizon: 12, trend: \"add\", seasonal: \"mul\")", category: "models", lazy: true) { ctx in
            let (frame, _) = try Args.input(ctx)
            func column(_ name: String) throws -> Column {
                guard let a = ctx.namedArgument(name) else { throw ctx.error("forecast() needs \(name): the \(name == "date" ? "time" : "series") column") }
                let names = try ctx.columnNames(a, in: frame)
                guard names.count == 1, let n = names.first else { throw ctx.error("\(name): must name one column", at: ctx.span(ofNamed: name)) }
                guard frame.hasColumn(n) else { throw ctx.noColumn(n, frame, ctx.span(ofNamed: name) ?? ctx.span) }
                return try frame.column(n)
            }
            let dateColumn = try column("date"), valueColumn = try column("value")
            func str(_ name: String, _ def: String, _ allowed: [String]) throws -> String {
                guard let v = try ctx.optional(name) else { return def }
                let s = try ctx.string(v, name, at: ctx.span(ofNamed: name))
                guard allowed.contains(s) else {
                    throw ctx.error("unknown \(name) \"\(s)\"", hint: "\(name): " + allowed.map { "\"\($0)\"" }.joined(separator: ", "), at: ctx.span(ofNamed: name))
                }
                return s
            }
            let method = try str("method", "ets", ["ets", "holt_winters", "arima"])
            guard let hv = try ctx.optional("horizon") else { throw ctx.error("forecast() needs horizon: the number of steps to forecast") }
            let horizon = try ctx.int(hv, "horizon", at: ctx.span(ofNamed: "horizon"))
            guard horizon >= 1, horizon <= 100_000 else { throw ctx.error("horizon must be between 1 and 100,000, got \(horizon)", at: ctx.span(ofNamed: "horizon")) }
            let level = try ctx.optional("level").map { try ctx.double($0, "level", at: ctx.span(ofNamed: "level")) } ?? 0.95
            guard level > 0, level < 1 else { throw ctx.error("level must be between 0 and 1 (e.g. 0.95), got \(ScalarFormat.float(level))", at: ctx.span(ofNamed: "level")) }
            let seed = try FoldArgs.seed(ctx)

            // The series: complete, in time order.
            guard dateColumn.count > 0 else { throw ctx.error("forecast() got an empty frame") }
            for i in 0..<frame.rowCount where !dateColumn.isValid(i) || !valueColumn.isValid(i) {
                throw ctx.error("row \(i + 1) has a null \(dateColumn.isValid(i) ? "value" : "date"); forecast() needs a complete series",
                                hint: "fill the gap first (fill_null) or filter the rows")
            }
            guard let y = valueColumn.doubles, valueColumn.type == .int || valueColumn.type == .float else {
                throw ctx.error("the value column '\(valueColumn.name)' is \(valueColumn.type.rawValue); forecast() needs numbers", at: ctx.span(ofNamed: "value"))
            }
            guard y.allSatisfy({ $0.isFinite }) else { throw ctx.error("the value column '\(valueColumn.name)' has a non-finite value") }
            let axis = try TimeAxis.infer(dateColumn, ctx: ctx)
            let futures = axis.future(after: dateColumn[dateColumn.count - 1], horizon)
            if method == "arima" {
                return .object(try ArimaArgs.forecast(ctx, y: y, dates: dateColumn, valueName: valueColumn.name, futureDates: futures, level: level))
            }
            for name in ArimaArgs.options where ctx.has(name) {
                throw ctx.error("\(name): applies to method: \"arima\" only", at: ctx.span(ofNamed: name))
            }
            var spec = ExponentialSmoothing.Spec(form: method == "ets" ? .ets : .holtWinters)
            spec.trend = ExponentialSmoothing.Component(rawValue: try str("trend", "none", ["none", "add", "mul"])) ?? .none
            spec.seasonal = ExponentialSmoothing.Component(rawValue: try str("seasonal", "none", ["none", "add", "mul"])) ?? .none
            spec.error = ExponentialSmoothing.Component(rawValue: try str("error", "add", ["add", "mul"])) ?? .add
            if spec.form == .holtWinters && ctx.has("error") {
                throw ctx.error("error: applies to method: \"ets\" only", at: ctx.span(ofNamed: "error"))
            }
            spec.damped = try ctx.optional("damped").map { try ctx.bool($0, "damped", at: ctx.span(ofNamed: "damped")) } ?? false
            if spec.damped && spec.trend == .none { throw ctx.error("damped: true needs a trend: trend: \"add\" or \"mul\"", at: ctx.span(ofNamed: "damped")) }
            if spec.seasonal != .none {
                let period: Int
                if let v = try ctx.optional("seasonal_periods") {
                    period = try ctx.int(v, "seasonal_periods", at: ctx.span(ofNamed: "seasonal_periods"))
                } else if let p = axis.naturalPeriod {
                    period = p
                } else {
                    throw ctx.error("forecast() cannot tell the season's length from this spacing; give seasonal_periods:", hint: "e.g. seasonal_periods: 12 for monthly data")
                }
                guard period >= 2, period <= 1000 else { throw ctx.error("seasonal_periods must be between 2 and 1000", at: ctx.span(ofNamed: "seasonal_periods")) }
                spec.period = period
            } else if ctx.has("seasonal_periods") {
                throw ctx.error("seasonal_periods: needs a season: seasonal: \"add\" or \"mul\"", at: ctx.span(ofNamed: "seasonal_periods"))
            }
            let needed = spec.seasonal != .none ? 2 * spec.period : (spec.trend != .none ? 3 : 2)
            guard y.count >= needed else {
                throw ctx.error("forecast() needs at least \(needed) observations for this model, got \(y.count)")
            }
            let multiplicative = spec.trend == .mul || spec.seasonal == .mul || (spec.form == .ets && spec.error == .mul)
            if multiplicative, let bad = y.first(where: { $0 <= 0 }) {
                throw ctx.error("multiplicative components need positive values, but '\(valueColumn.name)' has \(ScalarFormat.float(bad))",
                                hint: "use trend/seasonal/error \"add\"")
            }
            // Given parameters and initial states.
            var fixed = ExponentialSmoothingFitter.Fixed()
            func number(_ name: String, _ range: ClosedRange<Double>? = nil) throws -> Double? {
                guard let v = try ctx.optional(name) else { return nil }
                let d = try ctx.double(v, name, at: ctx.span(ofNamed: name))
                guard d.isFinite else { throw ctx.error("\(name) must be finite", at: ctx.span(ofNamed: name)) }
                if let r = range, !r.contains(d) {
                    throw ctx.error("\(name) must be between \(ScalarFormat.float(r.lowerBound)) and \(ScalarFormat.float(r.upperBound)), got \(ScalarFormat.float(d))", at: ctx.span(ofNamed: name))
                }
                return d
            }
            fixed.alpha = try number("alpha", 0...1)
            fixed.beta = try number("beta", 0...1)
            fixed.gamma = try number("gamma", 0...1)
            fixed.phi = try number("phi", 0...1)
            fixed.level = try number("initial_level")
            fixed.trend = try number("initial_trend")
            if fixed.beta != nil || fixed.trend != nil, spec.trend == .none { throw ctx.error("beta: and initial_trend: need a trend: trend: \"add\" or \"mul\"") }
            if fixed.gamma != nil, spec.seasonal == .none { throw ctx.error("gamma: needs a season: seasonal: \"add\" or \"mul\"", at: ctx.span(ofNamed: "gamma")) }
            if fixed.phi != nil, !spec.damped { throw ctx.error("phi: needs damped: true", at: ctx.span(ofNamed: "phi")) }
            if let v = try ctx.optional("initial_seasonal") {
                guard spec.seasonal != .none else { throw ctx.error("initial_seasonal: needs a season: seasonal: \"add\" or \"mul\"", at: ctx.span(ofNamed: "initial_seasonal")) }
                let s = try Args.doubles(v, ctx, "initial_seasonal")
                guard s.count == spec.period else {
                    throw ctx.error("initial_seasonal must hold \(spec.period) values (one per season, oldest first), got \(s.count)", at: ctx.span(ofNamed: "initial_seasonal"))
                }
                fixed.seasons = s
            }
            if spec.trend == .mul, let t = fixed.trend, t <= 0 { throw ctx.error("a multiplicative trend's initial_trend must be positive", at: ctx.span(ofNamed: "initial_trend")) }
            if spec.form == .ets, let a = fixed.alpha {
                if let b = fixed.beta, b > a { throw ctx.error("for ETS, beta must not exceed alpha (beta = alpha · beta*)", at: ctx.span(ofNamed: "beta")) }
                if let g = fixed.gamma, g > 1 - a { throw ctx.error("for ETS, gamma must not exceed 1 − alpha", at: ctx.span(ofNamed: "gamma")) }
            }
            let model = try ExponentialSmoothingFitter.fit(spec, y: y, fixed: fixed)
            let estimated = !(fixed.alpha != nil && (spec.trend == .none || fixed.beta != nil) && (spec.seasonal == .none || fixed.gamma != nil) && (!spec.damped || fixed.phi != nil))
            return .object(ForecastValue(model: model, dateName: dateColumn.name, valueName: valueColumn.name, dates: dateColumn,
                                         futureDates: futures, level: level, estimated: estimated, seed: seed))
        }
    }
}
