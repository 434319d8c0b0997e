#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// Exponential smoothing of a regular time series, with statsmodels' two formulations:
/// - `.holtWinters` is `statsmodels.tsa.holtwinters.ExponentialSmoothing` (Holt–Winters' recursions,
///   smoothing_trend β*, the season updated from y − (l_{t−1} + φ b_{t−1})),
/// - `.ets` is `statsmodels.tsa.exponential_smoothing.ets.ETSModel` (the innovations state space
///   form: β = α β*, γ = (1 − α) γ*, the season updated from y − l_t; the error type only changes
///   the likelihood and the prediction intervals).
/// Both take a trend (none, additive, multiplicative; optionally damped by φ) and a season (none,
/// additive, multiplicative) of period m. Given the same parameters and initial states, the fitted
/// values and forecasts are statsmodels' to rounding.
public struct ExponentialSmoothing: Sendable {
    public enum Form: String, Sendable { case holtWinters = "holt_winters", ets }
    public enum Component: String, Sendable { case none, add, mul }

    public struct Spec: Sendable {
        public var form: Form
        public var error: Component = .add
        public var trend: Component = .none
        public var damped = false
        public var seasonal: Component = .none
        public var period = 1
        public init(form: Form) { self.form = form }

        /// statsmodels' short name (ETS "AAdM" style, error first).
        public var shortName: String {
            func c(_ x: Component) -> String { x == .none ? "N" : (x == .add ? "A" : "M") }
            return c(error) + c(trend) + (damped ? "d" : "") + c(seasonal)
        }
    }

    /// Smoothing parameters and initial states. `beta` and `gamma` are each formulation's own:
    /// Holt–Winters' β* and γ, or ETS's β and γ. `seasons` are s_{1−m} … s_0 in time order.
    public struct Parameters: Sendable {
        public var alpha: Double
        public var beta: Double = 0
        public var gamma: Double = 0
        public var phi: Double = 1
        public var level: Double
        public var trend: Double = 0
        public var seasons: [Double] = []
        public init(alpha: Double, beta: Double = 0, gamma: Double = 0, phi: Double = 1, level: Double, trend: Double = 0, seasons: [Double] = []) {
            self.alpha = alpha; self.beta = beta; self.gamma = gamma; self.phi = phi
            self.level = level; self.trend = trend; self.seasons = seasons
        }
    }

    /// The states after the last observation: level, trend and the last m seasonal values (oldest first).
    public struct State: Sendable {
        public var level: Double
        public var trend: Double
        public var seasons: [Double]
    }

    public let spec: Spec
    public let parameters: Parameters
    public let y: [Double]
    /// One-step-ahead predictions of y₁ … y_n.
    public let fitted: [Double]
    public let final: State
    public let sse: Double

    public init(spec: Spec, parameters: Parameters, y: [Double]) {
        self.spec = spec
        self.parameters = parameters
        self.y = y
        var state = State(level: parameters.level, trend: spec.trend == .none ? (spec.trend == .mul ? 1 : 0) : parameters.trend,
                          seasons: parameters.seasons)
        var fitted = [Double](repeating: 0, count: y.count)
        var sse = 0.0
        for t in 0..<y.count {
            fitted[t] = Self.oneStep(spec, parameters, state)
            state = Self.update(spec, parameters, state, y[t])
            let e = y[t] - fitted[t]
            sse += e * e
        }
        self.fitted = fitted
        self.final = state
        self.sse = sse
    }

    /// l ⊕ φ b: the level carried one step by the (damped) trend.
    static func carried(_ spec: Spec, _ p: Parameters, _ s: State) -> Double {
        let phi = spec.damped ? p.phi : 1
        switch spec.trend {
        case .none: return s.level
        case .add: return s.level + phi * s.trend
        case .mul: return s.level * pow(s.trend, phi)
        }
    }

    static func oneStep(_ spec: Spec, _ p: Parameters, _ s: State) -> Double {
        let base = carried(spec, p, s)
        switch spec.seasonal {
        case .none: return base
        case .add: return base + s.seasons[0]
        case .mul: return base * s.seasons[0]
        }
    }

    /// The states after observing y.
    static func update(_ spec: Spec, _ p: Parameters, _ s: State, _ y: Double) -> State {
        let phi = spec.damped ? p.phi : 1
        let carried = carried(spec, p, s)
        let season = spec.seasonal == .none ? 0 : s.seasons[0]
        let deseasoned: Double
        switch spec.seasonal {
        case .none: deseasoned = y
        case .add: deseasoned = y - season
        case .mul: deseasoned = y / season
        }
        let a = p.alpha
        let level = a * deseasoned + (1 - a) * carried
        // Holt–Winters' β* directly; ETS's β = α β*.
        let betaStar = spec.form == .ets ? (a > 0 ? p.beta / a : 0) : p.beta
        var trend = s.trend
        switch spec.trend {
        case .none: break
        case .add: trend = betaStar * (level - s.level) + (1 - betaStar) * phi * s.trend
        case .mul: trend = betaStar * (level / s.level) + (1 - betaStar) * pow(s.trend, phi)
        }
        var seasons = s.seasons
        if spec.seasonal != .none {
            let new: Double
            if spec.form == .ets {
                let gammaStar = a < 1 ? p.gamma / (1 - a) : 0
                new = spec.seasonal == .add ? gammaStar * (y - level) + (1 - gammaStar) * season
                                            : gammaStar * (y / level) + (1 - gammaStar) * season
            } else {
                new = spec.seasonal == .add ? p.gamma * (y - carried) + (1 - p.gamma) * season
                                            : p.gamma * (y / carried) + (1 - p.gamma) * season
            }
            seasons.removeFirst()
            seasons.append(new)
        }
        return State(level: level, trend: trend, seasons: seasons)
    }

    /// Point forecasts for steps 1…h after the last observation.
    public func forecast(_ h: Int) -> [Double] {
        Self.forecast(spec, parameters, final, h)
    }

    static func forecast(_ spec: Spec, _ p: Parameters, _ s: State, _ h: Int) -> [Double] {
        let phi = spec.damped ? p.phi : 1
        var out: [Double] = []
        out.reserveCapacity(h)
        var phiSum = 0.0
        for k in 1...max(h, 1) where k <= h {
            phiSum += pow(phi, Double(k))
            var v: Double
            switch spec.trend {
            case .none: v = s.level
            case .add: v = s.level + phiSum * s.trend
            case .mul: v = s.level * pow(s.trend, phiSum)
            }
            if spec.seasonal != .none {
                let m = spec.period
                let season = s.seasons[(k - 1) % m]
                v = spec.seasonal == .add ? v + season : v * season
            }
            out.append(v)
        }
        return out
    }

    public var nobs: Int { y.count }

    /// The number of estimated quantities statsmodels counts for AIC (parameters and initial states).
    public var parameterCount: Int {
        var k = 2   // α, l₀
        if spec.trend != .none { k += 2 }
        if spec.damped { k += 1 }
        if spec.seasonal != .none { k += 1 + spec.period }
        return k
    }

    /// Log-likelihood as statsmodels' ETSModel (concentrated over σ²); for additive errors it
    /// depends on the SSE only, for multiplicative errors on the relative errors and |ŷ|.
    public var logLikelihood: Double {
        let n = Double(nobs)
        if spec.form == .ets && spec.error == .mul {
            var s = 0.0, logs = 0.0
            for t in 0..<nobs {
                let e = (y[t] - fitted[t]) / fitted[t]
                s += e * e
                logs += log(abs(fitted[t]))
            }
            return -n / 2 * (log(2 * Double.pi * s / n) + 1) - logs
        }
        return -n / 2 * (log(2 * Double.pi * sse / n) + 1)
    }

    /// The objective the fit minimises: statsmodels' ExponentialSmoothing minimises the SSE; ETSModel
    /// maximises the likelihood. Computed without building a model (the optimiser calls it
    /// thousands of times): the seasons live in a ring buffer.
    static func objective(_ spec: Spec, _ p: Parameters, _ y: [Double], seasons buffer: inout [Double]) -> Double {
        let m = spec.seasonal == .none ? 0 : spec.period
        for i in 0..<m { buffer[i] = p.seasons[i] }
        let phi = spec.damped ? p.phi : 1
        let a = p.alpha
        let betaStar = spec.form == .ets ? (a > 0 ? p.beta / a : 0) : p.beta
        let gammaStar = spec.form == .ets ? (a < 1 ? p.gamma / (1 - a) : 0) : p.gamma
        var level = p.level, trend = spec.trend == .none ? 0 : p.trend
        var sse = 0.0, relative = 0.0, logs = 0.0
        var head = 0
        let relativeErrors = spec.form == .ets && spec.error == .mul
        for t in 0..<y.count {
            let carried: Double
            switch spec.trend {
            case .none: carried = level
            case .add: carried = level + phi * trend
            case .mul: carried = level * pow(trend, phi)
            }
            let season = m > 0 ? buffer[head] : 0
            let yhat: Double
            let deseasoned: Double
            switch spec.seasonal {
            case .none: yhat = carried; deseasoned = y[t]
            case .add: yhat = carried + season; deseasoned = y[t] - season
            case .mul: yhat = carried * season; deseasoned = y[t] / season
            }
            let e = y[t] - yhat
            sse += e * e
            if relativeErrors { relative += (e / yhat) * (e / yhat); logs += log(abs(yhat)) }
            let newLevel = a * deseasoned + (1 - a) * carried
            switch spec.trend {
            case .none: break
            case .add: trend = betaStar * (newLevel - level) + (1 - betaStar) * phi * trend
            case .mul: trend = betaStar * (newLevel / level) + (1 - betaStar) * pow(trend, phi)
            }
            if m > 0 {
                if spec.form == .ets {
                    buffer[head] = spec.seasonal == .add ? gammaStar * (y[t] - newLevel) + (1 - gammaStar) * season
                                                         : gammaStar * (y[t] / newLevel) + (1 - gammaStar) * season
                } else {
                    buffer[head] = spec.seasonal == .add ? gammaStar * (y[t] - carried) + (1 - gammaStar) * season
                                                         : gammaStar * (y[t] / carried) + (1 - gammaStar) * season
                }
                head = head + 1 == m ? 0 : head + 1
            }
            level = newLevel
        }
        let n = Double(y.count)
        if spec.form == .holtWinters { return sse }
        if relativeErrors { return n / 2 * (log(2 * Double.pi * relative / n) + 1) + logs }
        return n / 2 * (log(2 * Double.pi * sse / n) + 1)
    }

    /// Mean squared one-step error (statsmodels' `mse`, the σ² of additive-error intervals).
    public var mse: Double { sse / Double(nobs) }

    /// Relative forecast-error variance of the class-1 ETS models (additive error, no
    /// multiplicative component), Hyndman & Athanasopoulos' table as statsmodels implements it; nil
    /// for other models, whose intervals are simulated.
    public func relativeVariance(_ h: Int) -> Double? {
        guard spec.form == .ets, spec.error == .add, spec.trend != .mul, spec.seasonal != .mul else { return nil }
        let a = parameters.alpha, b = parameters.beta, g = parameters.gamma, phi = parameters.phi
        let hd = Double(h)
        let m = spec.period
        let k = spec.seasonal != .none ? Double((h - 1) / m) : 0
        let md = Double(m)
        switch (spec.trend, spec.damped, spec.seasonal) {
        case (.none, _, .none): return 1 + a * a * (hd - 1)
        case (.add, false, .none): return 1 + (hd - 1) * (a * a + a * b * hd + b * b * hd / 6 * (2 * hd - 1))
        case (.add, true, .none):
            return 1 + a * a * (hd - 1) + (b * phi * hd) / ((1 - phi) * (1 - phi)) * (2 * a * (1 - phi) + b * phi)
                - (b * phi * (1 - pow(phi, hd))) / ((1 - phi) * (1 - phi) * (1 - phi * phi)) * (2 * a * (1 - phi * phi) + b * phi * (1 + 2 * phi - pow(phi, hd)))
        case (.none, _, .add): return 1 + a * a * (hd - 1) + g * k * (2 * a + g)
        case (.add, false, .add):
            return 1 + (hd - 1) * (a * a + a * b * hd + b * b / 6 * hd * (2 * hd - 1)) + g * k * (2 * a + g + b * md * (k + 1))
        case (.add, true, .add):
            return 1 + a * a * (hd - 1) + g * k * (2 * a + g)
                + (b * phi * hd) / ((1 - phi) * (1 - phi)) * (2 * a * (1 - phi) + b * phi)
                - (b * phi * (1 - pow(phi, hd))) / ((1 - phi) * (1 - phi) * (1 - phi * phi)) * (2 * a * (1 - phi * phi) + b * phi * (1 + 2 * phi - pow(phi, hd)))
                + (2 * b * g * phi) / ((1 - phi) * (1 - pow(phi, md))) * (k * (1 - pow(phi, md)) - pow(phi, md) * (1 - pow(phi, md * k)))
        default: return nil
        }
    }

    /// Prediction intervals at `level` for steps 1…h: analytic for class-1 ETS models (as statsmodels),
    /// otherwise the quantiles of `paths` seeded simulations of the fitted model with normal errors
    /// of the fitted scale (as statsmodels' `simulate`).
    public func intervals(_ h: Int, level: Double, paths: Int = 2000, seed: UInt64 = 0) -> (lower: [Double], upper: [Double]) {
        let z = Normal.quantile(0.5 + level / 2)
        let point = forecast(h)
        if relativeVariance(1) != nil {
            var lo: [Double] = [], hi: [Double] = []
            for k in 1...max(h, 1) where k <= h {
                let sd = (mse * (relativeVariance(k) ?? 1)).squareRoot()
                lo.append(point[k - 1] - z * sd)
                hi.append(point[k - 1] + z * sd)
            }
            return (lo, hi)
        }
        let relative = spec.form == .ets && spec.error == .mul
        let sigma: Double
        if relative {
            var s = 0.0
            for t in 0..<nobs { let e = (y[t] - fitted[t]) / fitted[t]; s += e * e }
            sigma = (s / Double(nobs)).squareRoot()
        } else {
            sigma = mse.squareRoot()
        }
        var rng = SplitMix64(seed: seed)
        var draws = [[Double]](repeating: [], count: h)
        for _ in 0..<paths {
            var s = final
            for k in 0..<h {
                let mean = Self.oneStep(spec, parameters, s)
                let e = sigma * Self.gaussian(&rng)
                let value = relative ? mean * (1 + e) : mean + e
                draws[k].append(value)
                s = Self.update(spec, parameters, s, value)
            }
        }
        var lo: [Double] = [], hi: [Double] = []
        for k in 0..<h {
            let sorted = draws[k].filter { $0.isFinite }.sorted()
            lo.append(Self.quantile(sorted, (1 - level) / 2))
            hi.append(Self.quantile(sorted, (1 + level) / 2))
        }
        return (lo, hi)
    }

    static func gaussian(_ rng: inout SplitMix64) -> Double {
        let u1 = max(rng.nextDouble(), 1e-300), u2 = rng.nextDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let pos = q * Double(sorted.count - 1)
        let i = Int(pos.rounded(.down)), f = pos - Double(i)
        return i + 1 < sorted.count ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i]
    }
}
