#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// Estimating exponential smoothing: every smoothing parameter not fixed by the caller and the
/// initial states, by minimising the SSE (Holt–Winters, as statsmodels' ExponentialSmoothing) or the
/// negative log-likelihood (ETS, as ETSModel). Parameters are mapped to their bounds through a
/// logistic transform (0 < α < 1; 0 < β < α for ETS or < 1 for Holt–Winters; 0 < γ < 1 − α for ETS or
/// < 1; 0.8 ≤ φ ≤ 0.98 as statsmodels' default bounds) and searched by Nelder–Mead from statsmodels'
/// heuristic starting values, restarted until it stops improving. statsmodels uses L-BFGS-B on the
/// same objective; the optimiser differs, so fitted parameters agree only as far as both find the
/// same optimum (the tests check that Sift's objective is no worse and the forecasts close).
public enum ExponentialSmoothingFitter {
    public struct Fixed: Sendable {
        public var alpha: Double?
        public var beta: Double?
        public var gamma: Double?
        public var phi: Double?
        public var level: Double?
        public var trend: Double?
        public var seasons: [Double]?
        public init() {}
        /// Everything given: no estimation at all.
        public var isComplete: Bool { alpha != nil && level != nil }
    }

    /// statsmodels' heuristic initial states (the mean of the first season for the level, the
    /// average change between the first two seasons for the trend, and the first season's ratios
    /// or differences for the seasons; y₀ and y₁ − y₀ without a season).
    public static func heuristic(_ spec: ExponentialSmoothing.Spec, _ y: [Double]) -> (Double, Double, [Double]) {
        let m = spec.period
        if spec.seasonal != .none, y.count >= 2 * m {
            let first = Array(y[0..<m]), second = Array(y[m..<(2 * m)])
            let l0 = first.reduce(0, +) / Double(m)
            let m2 = second.reduce(0, +) / Double(m)
            let b0: Double = spec.trend == .mul ? pow(m2 / l0, 1 / Double(m)) : (m2 - l0) / Double(m)
            let s0 = first.map { spec.seasonal == .mul ? $0 / l0 : $0 - l0 }
            return (l0, spec.trend == .none ? 0 : b0, s0)
        }
        let l0 = y[0]
        let b0 = y.count > 1 ? (spec.trend == .mul ? y[1] / y[0] : y[1] - y[0]) : (spec.trend == .mul ? 1 : 0)
        return (l0, spec.trend == .none ? 0 : b0, [])
    }

    public static func fit(_ spec: ExponentialSmoothing.Spec, y: [Double], fixed: Fixed) throws -> ExponentialSmoothing {
        let m = spec.period
        let (hl, ht, hs) = heuristic(spec, y)
        let base = ExponentialSmoothing.Parameters(alpha: fixed.alpha ?? 0.5, beta: fixed.beta ?? 0.1, gamma: fixed.gamma ?? 0.05,
                                                   phi: fixed.phi ?? 0.9, level: fixed.level ?? hl, trend: fixed.trend ?? ht,
                                                   seasons: fixed.seasons ?? hs)
        // Which entries are free, in the order α, β, γ, φ, l₀, b₀, s₀…
        var free: [Int] = []
        if fixed.alpha == nil { free.append(0) }
        if spec.trend != .none && fixed.beta == nil { free.append(1) }
        if spec.seasonal != .none && fixed.gamma == nil { free.append(2) }
        if spec.damped && fixed.phi == nil { free.append(3) }
        if fixed.level == nil { free.append(4) }
        if spec.trend != .none && fixed.trend == nil { free.append(5) }
        if spec.seasonal != .none && fixed.seasons == nil { free += (0..<m).map { 6 + $0 } }
        if free.isEmpty { return ExponentialSmoothing(spec: spec, parameters: base, y: y) }

        let scale = max(y.map(abs).max() ?? 1, 1e-12)
        func logistic(_ u: Double) -> Double { 1 / (1 + exp(-u)) }
        func logit(_ p: Double) -> Double { let q = min(max(p, 1e-9), 1 - 1e-9); return log(q / (1 - q)) }
        func params(_ u: [Double]) -> ExponentialSmoothing.Parameters {
            var p = base
            for (k, idx) in free.enumerated() {
                let v = u[k]
                switch idx {
                case 0: p.alpha = 1e-4 + (1 - 2e-4) * logistic(v)
                case 1: p.beta = 1e-4 + ((spec.form == .ets ? p.alpha : 1) - 2e-4) * logistic(v)
                case 2: p.gamma = 1e-4 + ((spec.form == .ets ? 1 - p.alpha : 1) - 2e-4) * logistic(v)
                case 3: p.phi = 0.8 + 0.18 * logistic(v)
                case 4: p.level = v * scale
                case 5: p.trend = spec.trend == .mul ? exp(v) : v * scale
                default: p.seasons[idx - 6] = spec.seasonal == .mul ? exp(v) : v * scale
                }
            }
            return p
        }
        // Bounded parameters are clamped inside their ranges after α is known (β < α, γ < 1 − α).
        func start() -> [Double] {
            free.map { idx in
                switch idx {
                case 0: return logit((base.alpha - 1e-4) / (1 - 2e-4))
                case 1: return logit((base.beta - 1e-4) / ((spec.form == .ets ? base.alpha : 1) - 2e-4))
                case 2: return logit((base.gamma - 1e-4) / ((spec.form == .ets ? 1 - base.alpha : 1) - 2e-4))
                case 3: return logit((base.phi - 0.8) / 0.18)
                case 4: return base.level / scale
                case 5: return spec.trend == .mul ? log(max(base.trend, 1e-12)) : base.trend / scale
                default: return spec.seasonal == .mul ? log(max(base.seasons[idx - 6], 1e-12)) : base.seasons[idx - 6] / scale
                }
            }
        }
        var buffer = [Double](repeating: 0, count: max(m, 1))
        func objective(_ u: [Double]) -> Double {
            let v = ExponentialSmoothing.objective(spec, params(u), y, seasons: &buffer)
            return v.isFinite ? v : .infinity
        }
        var best = start()
        var bestValue = objective(best)
        for _ in 0..<8 {
            try Cancellation.check()
            let (u, v) = NelderMead.minimize(objective, from: best, step: 0.5, iterations: 600 * max(1, free.count))
            let improved = bestValue - v
            if v < bestValue { best = u; bestValue = v }
            if improved <= 1e-10 * max(abs(bestValue), 1e-300) { break }
        }
        return ExponentialSmoothing(spec: spec, parameters: params(best), y: y)
    }
}

/// Nelder–Mead simplex minimisation (standard coefficients), for small smooth problems.
enum NelderMead {
    static func minimize(_ f: ([Double]) -> Double, from x0: [Double], step: Double, iterations: Int) -> ([Double], Double) {
        let n = x0.count
        var simplex = [x0]
        for i in 0..<n {
            var x = x0
            x[i] += x0[i] != 0 ? step * max(abs(x0[i]), 0.1) : step
            simplex.append(x)
        }
        var values = simplex.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if abs(values[n] - values[0]) <= 1e-13 * max(abs(values[0]), 1e-300) { break }
            var centroid = [Double](repeating: 0, count: n)
            for x in simplex.dropLast() { for j in 0..<n { centroid[j] += x[j] / Double(n) } }
            func toward(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let r = toward(-1), fr = f(r)
            if fr < values[0] {
                let e = toward(-2), fe = f(e)
                if fe < fr { simplex[n] = e; values[n] = fe } else { simplex[n] = r; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = r; values[n] = fr
            } else {
                let c = fr < values[n] ? toward(-0.5) : toward(0.5)
                let fc = f(c)
                if fc < min(fr, values[n]) {
                    simplex[n] = c; values[n] = fc
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = f(simplex[i])
                    }
                }
            }
        }
        let i = values.indices.min { values[$0] < values[$1] } ?? 0
        return (simplex[i], values[i])
    }
}
