#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// ARIMA(p, d, q) as statsmodels' `tsa.arima.model.ARIMA` with its default settings, so fitted
/// parameters, log-likelihood and forecasts line up with it:
///
/// - The model is written in state-space form exactly as statsmodels' SARIMAX writes it (Harvey's
///   representation): d differencing states first (the levels the differences accumulate into),
///   then max(p, q + 1) ARMA states with φ in the first column of the transition and (1, θ₁, …)
///   as the shock's loading. The observation is the sum of the differencing states and the first
///   ARMA state, plus the constant when d = 0 (statsmodels' default trend "c" for d = 0, "n"
///   otherwise; the constant is the series' mean, a regression term, not an ARMA intercept).
/// - Initialisation as statsmodels': the ARMA block at its stationary covariance (the discrete
///   Lyapunov equation), the differencing states "approximately diffuse" (mean 0, variance 10⁶)
///   and the first d observations left out of the likelihood (its `loglikelihood_burn`).
/// - The exact Gaussian log-likelihood by the Kalman filter. Estimation maximises it over
///   parameters mapped to the stationary and invertible region by the same transformation as
///   statsmodels (Monahan's, via partial autocorrelations; σ² as a square), by BFGS with
///   central-difference gradients run to a tight optimum. statsmodels' default `fit()` stops its
///   L-BFGS earlier (50 iterations, pgtol 1e-5), so on flat likelihoods its default estimates sit a
///   little short of this optimum (see docs/models.md).
public struct ARIMAModel: Sendable {
    public let p: Int, d: Int, q: Int
    public let hasConstant: Bool
    public let constant: Double
    public let ar: [Double]
    public let ma: [Double]
    public let sigma2: Double
    public let y: [Double]
    public let logLikelihood: Double
    /// One-step-ahead predictions of y (statsmodels' `fittedvalues`).
    public let fitted: [Double]
    public let iterations: Int
    public let converged: Bool
    let finalState: [Double]
    let finalCovariance: [Double]

    /// statsmodels' parameter names, in its order: const, ar.L1…, ma.L1…, sigma2.
    public var parameterNames: [String] {
        (hasConstant ? ["const"] : []) + (0..<p).map { "ar.L\($0 + 1)" } + (0..<q).map { "ma.L\($0 + 1)" } + ["sigma2"]
    }
    public var parameterValues: [Double] { (hasConstant ? [constant] : []) + ar + ma + [sigma2] }
    public var parameterCount: Int { parameterValues.count }
    public var nobs: Int { y.count }

    public struct ARIMAError: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    static let diffuseVariance = 1e6

    // MARK: the state space

    struct System {
        let m: Int, d: Int, k: Int
        var T: [Double]   // m × m row-major
        var R: [Double]   // m
        let Z: [Double]   // m
        var c: Double
        var q: Double
    }

    static func system(p: Int, d: Int, q: Int, constant: Double, ar: [Double], ma: [Double], sigma2: Double) -> System {
        let k = max(p, q + 1), m = d + k
        var T = [Double](repeating: 0, count: m * m)
        for i in 0..<d {
            for j in i..<d { T[i * m + j] = 1 }
            T[i * m + d] = 1
        }
        for i in 0..<p { T[(d + i) * m + d] = ar[i] }
        for i in 0..<(k - 1) { T[(d + i) * m + d + i + 1] = 1 }
        var R = [Double](repeating: 0, count: m)
        R[d] = 1
        for j in 0..<q { R[d + j + 1] = ma[j] }
        var Z = [Double](repeating: 0, count: m)
        for i in 0..<d { Z[i] = 1 }
        Z[d] = 1
        return System(m: m, d: d, k: k, T: T, R: R, Z: Z, c: constant, q: sigma2)
    }

    /// The stationary covariance of the ARMA block: P = T P Tᵀ + σ² R Rᵀ, solved as a k² system.
    /// Nil when the AR part is not stationary (the system is singular or the solution not positive).
    static func stationaryCovariance(_ s: System) -> [Double]? {
        let k = s.k, d = s.d, m = s.m, n = k * k
        var a = [Double](repeating: 0, count: n * n)
        var b = [Double](repeating: 0, count: n)
        for i in 0..<k { for j in 0..<k {
            let row = i * k + j
            a[row * n + row] += 1
            for r in 0..<k { for c in 0..<k {
                a[row * n + r * k + c] -= s.T[(d + i) * m + d + r] * s.T[(d + j) * m + d + c]
            } }
            b[row] = s.q * s.R[d + i] * s.R[d + j]
        } }
        guard let x = solve(a, b, n) else { return nil }
        for i in 0..<k where !(x[i * k + i] >= 0) || !x[i * k + i].isFinite { return nil }
        return x
    }

    /// Gaussian elimination with partial pivoting (small dense systems).
    static func solve(_ a0: [Double], _ b0: [Double], _ n: Int) -> [Double]? {
        var a = a0, b = b0
        for col in 0..<n {
            var piv = col
            for r in (col + 1)..<max(n, col + 1) where abs(a[r * n + col]) > abs(a[piv * n + col]) { piv = r }
            guard abs(a[piv * n + col]) > 1e-12 else { return nil }
            if piv != col {
                for c in 0..<n { a.swapAt(col * n + c, piv * n + c) }
                b.swapAt(col, piv)
            }
            let inv = 1 / a[col * n + col]
            for r in (col + 1)..<max(n, col + 1) {
                let f = a[r * n + col] * inv
                guard f != 0 else { continue }
                for c in col..<n { a[r * n + c] -= f * a[col * n + c] }
                b[r] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for c in (r + 1)..<max(n, r + 1) { s -= a[r * n + c] * x[c] }
            x[r] = s / a[r * n + r]
        }
        return x
    }

    struct Filtered {
        var logLikelihood: Double
        var fitted: [Double]
        var state: [Double]        // a(n+1 | n)
        var covariance: [Double]   // P(n+1 | n)
    }

    /// The Kalman filter over y: the log-likelihood (after the first d observations), the one-step
    /// predictions and the predicted state after the last observation.
    static func filter(_ s: System, _ y: [Double], keepFitted: Bool) -> Filtered? {
        let m = s.m, d = s.d, k = s.k
        guard let stat = stationaryCovariance(s) else { return nil }
        var a = [Double](repeating: 0, count: m)
        var P = [Double](repeating: 0, count: m * m)
        for i in 0..<d { P[i * m + i] = diffuseVariance }
        for i in 0..<k { for j in 0..<k { P[(d + i) * m + d + j] = stat[i * k + j] } }
        var ll = 0.0
        var fitted: [Double] = keepFitted ? [] : []
        if keepFitted { fitted.reserveCapacity(y.count) }
        var pz = [Double](repeating: 0, count: m)
        var tmp = [Double](repeating: 0, count: m * m)
        var af = [Double](repeating: 0, count: m)
        let log2pi = log(2 * Double.pi)
        for t in 0..<y.count {
            var yhat = s.c
            for i in 0..<m { yhat += s.Z[i] * a[i] }
            if keepFitted { fitted.append(yhat) }
            let v = y[t] - yhat
            for i in 0..<m {
                var acc = 0.0
                for j in 0..<m { acc += P[i * m + j] * s.Z[j] }
                pz[i] = acc
            }
            var f = 0.0
            for i in 0..<m { f += s.Z[i] * pz[i] }
            guard f > 0, f.isFinite else { return nil }
            if t >= d { ll -= 0.5 * (log2pi + log(f) + v * v / f) }
            // Update: a|t = a + P Z v / F; P|t = P − P Z Zᵀ P / F (kept symmetric).
            for i in 0..<m { af[i] = a[i] + pz[i] * v / f }
            for i in 0..<m { for j in i..<m {
                let val = P[i * m + j] - pz[i] * pz[j] / f
                P[i * m + j] = val
                P[j * m + i] = val
            } }
            // Predict: a = T a|t; P = T P|t Tᵀ + σ² R Rᵀ.
            for i in 0..<m {
                var acc = 0.0
                for j in 0..<m { acc += s.T[i * m + j] * af[j] }
                a[i] = acc
            }
            for i in 0..<m { for j in 0..<m {
                var acc = 0.0
                for l in 0..<m { acc += s.T[i * m + l] * P[l * m + j] }
                tmp[i * m + j] = acc
            } }
            for i in 0..<m { for j in i..<m {
                var acc = s.q * s.R[i] * s.R[j]
                for l in 0..<m { acc += tmp[i * m + l] * s.T[j * m + l] }
                P[i * m + j] = acc
                P[j * m + i] = acc
            } }
        }
        guard ll.isFinite else { return nil }
        return Filtered(logLikelihood: ll, fitted: fitted, state: a, covariance: P)
    }

    // MARK: construction

    /// The model at given parameters (no estimation).
    public init(y: [Double], p: Int, d: Int, q: Int, constant: Double?, ar: [Double], ma: [Double], sigma2: Double) throws {
        try Self.check(y: y, p: p, d: d, q: q)
        guard ar.count == p else { throw ARIMAError("ar must list \(p) coefficient\(p == 1 ? "" : "s") (the order's p), got \(ar.count)") }
        guard ma.count == q else { throw ARIMAError("ma must list \(q) coefficient\(q == 1 ? "" : "s") (the order's q), got \(ma.count)") }
        guard sigma2 > 0, sigma2.isFinite else { throw ARIMAError("sigma2 must be positive") }
        let hasConstant = d == 0
        if d > 0, constant != nil { throw ARIMAError("constant applies to d = 0 only (statsmodels' ARIMA has no constant once the series is differenced)") }
        if hasConstant, constant == nil { throw ARIMAError("give constant: too (the series' mean for d = 0)") }
        let sys = Self.system(p: p, d: d, q: q, constant: constant ?? 0, ar: ar, ma: ma, sigma2: sigma2)
        guard let f = Self.filter(sys, y, keepFitted: true) else {
            throw ARIMAError("the AR coefficients \(ar) are not stationary (a root of the AR polynomial is on or inside the unit circle)")
        }
        self.init(p: p, d: d, q: q, hasConstant: hasConstant, constant: constant ?? 0, ar: ar, ma: ma, sigma2: sigma2, y: y,
                  filtered: f, iterations: 0, converged: true)
    }

    init(p: Int, d: Int, q: Int, hasConstant: Bool, constant: Double, ar: [Double], ma: [Double], sigma2: Double, y: [Double],
         filtered f: Filtered, iterations: Int, converged: Bool) {
        self.p = p; self.d = d; self.q = q
        self.hasConstant = hasConstant
        self.constant = constant
        self.ar = ar; self.ma = ma; self.sigma2 = sigma2
        self.y = y
        self.logLikelihood = f.logLikelihood
        self.fitted = f.fitted
        self.finalState = f.state
        self.finalCovariance = f.covariance
        self.iterations = iterations
        self.converged = converged
    }

    static func check(y: [Double], p: Int, d: Int, q: Int) throws {
        guard (0...10).contains(p), (0...10).contains(q) else { throw ARIMAError("p and q must be between 0 and 10") }
        guard (0...2).contains(d) else { throw ARIMAError("d must be 0, 1 or 2") }
        guard y.allSatisfy({ $0.isFinite }) else { throw ARIMAError("the series has a non-finite value") }
        let needed = d + p + q + 3
        guard y.count >= needed else { throw ARIMAError("ARIMA(\(p),\(d),\(q)) needs at least \(needed) observations, got \(y.count)") }
    }

    // MARK: estimation

    /// statsmodels' `constrain_stationary_univariate`: any real vector to the coefficients of a
    /// stationary AR polynomial (through partial autocorrelations r = u / √(1 + u²)).
    static func constrainStationary(_ u: [Double]) -> [Double] {
        let n = u.count
        guard n > 0 else { return [] }
        var y = [Double](repeating: 0, count: n * n)
        let r = u.map { $0 / (1 + $0 * $0).squareRoot() }
        for k in 0..<n {
            for i in 0..<k { y[k * n + i] = y[(k - 1) * n + i] + r[k] * y[(k - 1) * n + k - i - 1] }
            y[k * n + k] = r[k]
        }
        return (0..<n).map { -y[(n - 1) * n + $0] }
    }

    /// The inverse (statsmodels' `unconstrain_stationary_univariate`); nil outside the region.
    static func unconstrainStationary(_ c: [Double]) -> [Double]? {
        let n = c.count
        guard n > 0 else { return [] }
        var y = [Double](repeating: 0, count: n * n)
        for i in 0..<n { y[(n - 1) * n + i] = -c[i] }
        for k in stride(from: n - 1, to: 0, by: -1) {
            let ykk = y[k * n + k]
            guard abs(ykk) < 1 else { return nil }
            for i in 0..<k { y[(k - 1) * n + i] = (y[k * n + i] - ykk * y[k * n + k - i - 1]) / (1 - ykk * ykk) }
        }
        var out: [Double] = []
        for k in 0..<n {
            let r = y[k * n + k]
            guard abs(r) < 1 else { return nil }
            out.append(r / (1 - r * r).squareRoot())
        }
        return out
    }

    /// Estimates the parameters by exact maximum likelihood.
    public static func fit(y: [Double], p: Int, d: Int, q: Int) throws -> ARIMAModel {
        try check(y: y, p: p, d: d, q: q)
        let hasConstant = d == 0
        var w = y
        for _ in 0..<d { w = zip(w.dropFirst(), w).map { $0 - $1 } }
        let mean = w.reduce(0, +) / Double(w.count)
        let spread = w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(w.count)
        guard spread > 1e-300 * max(1, mean * mean) else {
            throw ARIMAError(d == 0 ? "the series is constant: there is nothing for ARIMA to model" : "the series is constant after differencing \(d) time\(d == 1 ? "" : "s"): there is nothing for ARIMA to model")
        }
        let variance = spread
        let nc = hasConstant ? 1 : 0
        func decode(_ u: [Double]) -> (Double, [Double], [Double], Double) {
            let c = hasConstant ? u[0] : 0
            let ar = constrainStationary(Array(u[nc..<(nc + p)]))
            let ma = constrainStationary(Array(u[(nc + p)..<(nc + p + q)])).map { -$0 }
            let s = u[nc + p + q]
            return (c, ar, ma, s * s)
        }
        func negLL(_ u: [Double]) -> Double {
            let (c, ar, ma, s2) = decode(u)
            guard s2 > 0 else { return .infinity }
            let sys = system(p: p, d: d, q: q, constant: c, ar: ar, ma: ma, sigma2: s2)
            guard let f = filter(sys, y, keepFitted: false) else { return .infinity }
            return -f.logLikelihood
        }
        // Starts: AR by least squares on the demeaned (differenced) series, MA 0; and all zeros.
        var starts: [[Double]] = []
        let arOLS = leastSquaresAR(w.map { $0 - mean }, p)
        for arStart in [arOLS, [Double](repeating: 0, count: p)] {
            guard let ua = unconstrainStationary(arStart.map { max(min($0, 0.95), -0.95) }) else { continue }
            var u: [Double] = hasConstant ? [mean] : []
            u += ua
            u += [Double](repeating: 0, count: q)
            u.append(variance.squareRoot())
            if negLL(u).isFinite { starts.append(u) }
        }
        guard !starts.isEmpty else { throw ARIMAError("could not start the likelihood search") }
        var best: (u: [Double], f: Double, iterations: Int, converged: Bool)? = nil
        for s in starts {
            let r = try BFGS.minimize(negLL, from: s)
            if best == nil || r.f < best!.f { best = (r.x, r.f, r.iterations, r.converged) }
        }
        guard let b = best, b.f.isFinite else { throw ARIMAError("the likelihood search failed") }
        let (c, ar, ma, s2) = decode(b.u)
        let sys = system(p: p, d: d, q: q, constant: c, ar: ar, ma: ma, sigma2: s2)
        guard let f = filter(sys, y, keepFitted: true) else { throw ARIMAError("the likelihood search ended outside the stationary region") }
        return ARIMAModel(p: p, d: d, q: q, hasConstant: hasConstant, constant: c, ar: ar, ma: ma, sigma2: s2, y: y,
                          filtered: f, iterations: b.iterations, converged: b.converged)
    }

    /// AR(p) coefficients by least squares on lagged values (a start for the search).
    static func leastSquaresAR(_ w: [Double], _ p: Int) -> [Double] {
        guard p > 0, w.count > 2 * p + 1 else { return [Double](repeating: 0, count: p) }
        var a = [Double](repeating: 0, count: p * p), b = [Double](repeating: 0, count: p)
        for t in p..<w.count {
            for i in 0..<p {
                b[i] += w[t - i - 1] * w[t]
                for j in 0..<p { a[i * p + j] += w[t - i - 1] * w[t - j - 1] }
            }
        }
        return solve(a, b, p) ?? [Double](repeating: 0, count: p)
    }

    // MARK: forecasting

    /// Point forecasts and their variances for steps 1…h after the last observation.
    public func forecast(_ h: Int) -> (mean: [Double], variance: [Double]) {
        let s = Self.system(p: p, d: d, q: q, constant: constant, ar: ar, ma: ma, sigma2: sigma2)
        let m = s.m
        var a = finalState, P = finalCovariance
        var means: [Double] = [], vars: [Double] = []
        var tmp = [Double](repeating: 0, count: m * m)
        for step in 0..<h {
            if step > 0 {
                var na = [Double](repeating: 0, count: m)
                for i in 0..<m { for j in 0..<m { na[i] += s.T[i * m + j] * a[j] } }
                a = na
                for i in 0..<m { for j in 0..<m {
                    var acc = 0.0
                    for l in 0..<m { acc += s.T[i * m + l] * P[l * m + j] }
                    tmp[i * m + j] = acc
                } }
                for i in 0..<m { for j in 0..<m {
                    var acc = s.q * s.R[i] * s.R[j]
                    for l in 0..<m { acc += tmp[i * m + l] * s.T[j * m + l] }
                    P[i * m + j] = acc
                } }
            }
            var mean = s.c, v = 0.0
            for i in 0..<m {
                mean += s.Z[i] * a[i]
                for j in 0..<m { v += s.Z[i] * P[i * m + j] * s.Z[j] }
            }
            means.append(mean)
            vars.append(v)
        }
        return (means, vars)
    }
}

/// BFGS with central-difference gradients and a backtracking (Armijo) line search, for small
/// smooth problems whose optimum should be found to near machine precision.
enum BFGS {
    struct Result { var x: [Double]; var f: Double; var iterations: Int; var converged: Bool }

    static func gradient(_ f: ([Double]) -> Double, _ x: [Double], _ fx: Double) -> [Double] {
        var g = [Double](repeating: 0, count: x.count)
        var xp = x
        for i in 0..<x.count {
            let h = 1e-6 * max(abs(x[i]), 1)
            xp[i] = x[i] + h
            let fp = f(xp)
            xp[i] = x[i] - h
            let fm = f(xp)
            xp[i] = x[i]
            if fp.isFinite && fm.isFinite { g[i] = (fp - fm) / (2 * h) }
            else if fp.isFinite { g[i] = (fp - fx) / h }
            else if fm.isFinite { g[i] = (fx - fm) / h }
        }
        return g
    }

    static func minimize(_ f: ([Double]) -> Double, from x0: [Double], maxIterations: Int = 2000) throws -> Result {
        let n = x0.count
        var x = x0, fx = f(x0)
        var g = gradient(f, x, fx)
        var H = [Double](repeating: 0, count: n * n)
        for i in 0..<n { H[i * n + i] = 1 }
        var iter = 0, stalls = 0
        var converged = false
        while iter < maxIterations {
            try Cancellation.check()
            iter += 1
            let gnorm = g.reduce(0) { max($0, abs($1)) }
            if gnorm * 1e0 <= 1e-9 * max(abs(fx), 1) { converged = true; break }
            var dir = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { dir[i] -= H[i * n + j] * g[j] } }
            var slope = zip(dir, g).reduce(0) { $0 + $1.0 * $1.1 }
            if !(slope < 0) {
                // Not a descent direction: restart from steepest descent.
                for i in 0..<n { for j in 0..<n { H[i * n + j] = i == j ? 1 : 0 } }
                dir = g.map { -$0 }
                slope = -g.reduce(0) { $0 + $1 * $1 }
            }
            var t = 1.0
            if iter == 1 {
                let dnorm = dir.reduce(0) { max($0, abs($1)) }
                if dnorm > 1 { t = 1 / dnorm }
            }
            var xn = x, fn = Double.infinity
            var accepted = false
            for _ in 0..<80 {
                for i in 0..<n { xn[i] = x[i] + t * dir[i] }
                fn = f(xn)
                if fn.isFinite && fn <= fx + 1e-4 * t * slope { accepted = true; break }
                t *= 0.5
            }
            guard accepted else { converged = gnorm <= 1e-5 * max(abs(fx), 1); break }
            let gn = gradient(f, xn, fn)
            let s = (0..<n).map { xn[$0] - x[$0] }
            let yv = (0..<n).map { gn[$0] - g[$0] }
            let sy = zip(s, yv).reduce(0) { $0 + $1.0 * $1.1 }
            let improvement = fx - fn
            x = xn; g = gn
            let previous = fx
            fx = fn
            if sy > 1e-14 * max(1, s.reduce(0) { $0 + $1 * $1 }.squareRoot() * yv.reduce(0) { $0 + $1 * $1 }.squareRoot()) {
                var hy = [Double](repeating: 0, count: n)
                for i in 0..<n { for j in 0..<n { hy[i] += H[i * n + j] * yv[j] } }
                let yhy = zip(yv, hy).reduce(0) { $0 + $1.0 * $1.1 }
                let rho = 1 / sy
                for i in 0..<n { for j in 0..<n {
                    H[i * n + j] += (1 + yhy * rho) * rho * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j])
                } }
            }
            if improvement <= 1e-15 * max(abs(previous), 1) { stalls += 1 } else { stalls = 0 }
            if stalls >= 5 { converged = true; break }
        }
        return Result(x: x, f: fx, iterations: iter, converged: converged)
    }
}
