#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// Regularised logistic regression with scikit-learn's `LogisticRegression` objective, so `C` means
/// the same thing (the inverse strength; 1 by default):
/// - `l2`: ½‖w‖² + C Σ logloss,
/// - `l1`: ‖w‖₁ + C Σ logloss,
/// - `elasticnet`: ρ‖w‖₁ + (1 − ρ)/2 ‖w‖² + C Σ logloss,
/// with the intercept unpenalised (as the lbfgs, newton-cg and saga solvers treat it). The problem
/// is strictly convex (for l2 and elasticnet), so any solver run to convergence reaches the same
/// optimum: this one is a proximal Newton method (Newton steps for l2; for l1 each step's quadratic
/// model is minimised by coordinate descent, as glmnet does) with a backtracking line search, run to
/// a step below 1e-12, far tighter than scikit-learn's default `tol=1e-4`.
public struct PenalizedLogitFit: PenalizedFit, Sendable, Codable {
    public let design: Design
    public let formula: String
    public let response: BinaryResponse
    public let penalty: Penalty
    public let c: Double
    public let l1Ratio: Double
    public let standardized: Bool
    public let coefficients: [Double]
    /// Fitted probabilities on the rows used.
    public let fitted: [Double]
    public let y: [Double]
    public let rows: [Int]
    public let sourceRowCount: Int
    public let iterations: Int
    public let converged: Bool
    /// The unpenalised log-likelihood at the optimum.
    public let logLikelihood: Double

    public init(design: Design, data: ModelData, response: BinaryResponse, formula: String, penalty: Penalty, c: Double,
                l1Ratio: Double = 0.5, standardize: Bool = false, maxIterations: Int = 1000) throws {
        let n = data.x.rows
        let y = data.y
        let positives = y.reduce(0, +)
        if positives == 0 || positives == Double(n) {
            let only = response.label(positives > 0)
            throw FrameError("the response '\(design.response)' has a single class (\(ScalarFormat.plain(only))) in the \(n) rows used; logit needs both outcomes",
                             hint: "check the filter that produced the data, or the response column")
        }
        let prep = PenaltyDesign(data.x, design: design, standardize: standardize)
        let k = prep.features.count
        let hasB = prep.intercept != nil
        let p = k + (hasB ? 1 : 0)
        guard p > 0 else { throw FrameError("the model has no terms") }
        let rho = penalty == .l1 ? 1.0 : (penalty == .l2 ? 0.0 : l1Ratio)
        let lam1 = rho, lam2 = 1 - rho
        // θ = [w₁ … w_k, b]; z_i = [x_i, 1].
        let x = prep.x
        func eta(_ t: [Double]) -> [Double] {
            var e = x.times(Array(t[0..<k]))
            if hasB { for i in 0..<n { e[i] += t[k] } }
            return e
        }
        func objective(_ t: [Double], _ e: [Double]) -> Double {
            var s = 0.0
            for i in 0..<n {
                let v = e[i]
                s += (v > 0 ? v + log1p(exp(-v)) : log1p(exp(v))) - y[i] * v
            }
            var pen = 0.0
            for j in 0..<k { pen += lam1 * abs(t[j]) + 0.5 * lam2 * t[j] * t[j] }
            return c * s + pen
        }
        var theta = [Double](repeating: 0, count: p)
        var e = eta(theta)
        var f = objective(theta, e)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            try Cancellation.check()
            iterations += 1
            var g = [Double](repeating: 0, count: p)
            var wt = [Double](repeating: 0, count: n)
            var resid = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let mu = LogitFit.sigmoid(e[i])
                wt[i] = c * mu * (1 - mu)
                resid[i] = c * (mu - y[i])
            }
            var h = [Double](repeating: 0, count: p * p)
            x.data.withUnsafeBufferPointer { a in
            resid.withUnsafeBufferPointer { rp in
            wt.withUnsafeBufferPointer { wp in
                // No penalised terms (an intercept-only model): nothing to sum here.
                guard let base = a.baseAddress, let r = rp.baseAddress, let w = wp.baseAddress else { return }
                // Row blocks small enough to stay in cache while every sum over them is taken:
                // one pass over memory instead of one per Hessian entry.
                let block = 2048
                var start = 0
                while start < n {
                    let len = min(block, n - start)
                    for j in 0..<k {
                        let xj = base + j * n + start
                        g[j] += Self.dot(xj, r + start, nil, len)
                        for l in j..<k { h[j * p + l] += Self.dot(xj, base + l * n + start, w + start, len) }
                        if hasB { h[j * p + k] += Self.dot(xj, w + start, nil, len) }
                    }
                    start += len
                }
                for j in 0..<k {
                    g[j] += lam2 * theta[j]
                    for l in j..<k { h[l * p + j] = h[j * p + l] }
                    h[j * p + j] += lam2
                    if hasB { h[k * p + j] = h[j * p + k] }
                }
            } } }
            if hasB {
                g[k] = resid.reduce(0, +)
                h[k * p + k] = wt.reduce(0, +)
            }
            // The step's target: Newton's for l2; the minimiser of the l1-penalised quadratic model otherwise.
            var target: [Double]
            if lam1 == 0 {
                guard let d = Cholesky.solve(h, p, g.map { -$0 }) else {
                    throw FrameError("the penalised logit's Hessian is singular", hint: "drop constant or duplicated terms")
                }
                target = zip(theta, d).map { $0 + $1 }
            } else {
                target = Self.quadraticL1(h: h, p: p, g: g, theta: theta, penalised: k, lam1: lam1)
            }
            var d = zip(target, theta).map { $0 - $1 }
            var l1Now = 0.0, l1Target = 0.0
            for j in 0..<k { l1Now += abs(theta[j]); l1Target += abs(target[j]) }
            let predicted = zip(g, d).reduce(0) { $0 + $1.0 * $1.1 } + lam1 * (l1Target - l1Now)
            var step = 1.0
            var candidate = target, ce = eta(candidate), cf = objective(candidate, ce)
            var halvings = 0
            while cf > f + 1e-4 * step * min(predicted, 0) + 1e-15 * abs(f) && halvings < 60 {
                step /= 2
                halvings += 1
                for j in 0..<p { candidate[j] = theta[j] + step * d[j] }
                ce = eta(candidate)
                cf = objective(candidate, ce)
            }
            for j in 0..<p { d[j] *= step }
            let size = d.map(abs).max() ?? 0
            let scale = max(1, theta.map(abs).max() ?? 0)
            if cf <= f {
                theta = candidate
                e = ce
                f = cf
            }
            if size <= 1e-12 * scale || halvings >= 60 {
                converged = size <= 1e-9 * scale
                break
            }
        }
        let coef = prep.unscale(Array(theta[0..<k]), intercept: hasB ? theta[k] : 0, count: data.x.cols)
        let finalEta = data.x.times(coef)
        self.design = design
        self.formula = formula
        self.response = response
        self.penalty = penalty
        self.c = c
        self.l1Ratio = rho
        self.standardized = standardize
        self.coefficients = coef
        self.fitted = finalEta.map(LogitFit.sigmoid)
        self.y = y
        self.rows = data.rows
        self.sourceRowCount = data.sourceRowCount
        self.iterations = iterations
        self.converged = converged
        self.logLikelihood = LogitFit.logLikelihood(y, finalEta)
    }

    /// Σ a_i b_i (w_i), with four running sums so the loop pipelines (the order of the additions
    /// differs from a plain loop only in the last bits).
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ w: UnsafePointer<Double>?, _ n: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        if let w {
            while i + 4 <= n {
                s0 += a[i] * w[i] * b[i]; s1 += a[i + 1] * w[i + 1] * b[i + 1]
                s2 += a[i + 2] * w[i + 2] * b[i + 2]; s3 += a[i + 3] * w[i + 3] * b[i + 3]
                i += 4
            }
            while i < n { s0 += a[i] * w[i] * b[i]; i += 1 }
        } else {
            while i + 4 <= n {
                s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]
                s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3]
                i += 4
            }
            while i < n { s0 += a[i] * b[i]; i += 1 }
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// argmin over u of gᵀ(u − θ) + ½ (u − θ)ᵀ H (u − θ) + λ₁ Σ_{j < penalised} |u_j|, by coordinate descent.
    static func quadraticL1(h: [Double], p: Int, g: [Double], theta: [Double], penalised: Int, lam1: Double) -> [Double] {
        var u = theta
        var hd = [Double](repeating: 0, count: p)   // H (u − θ)
        for _ in 0..<100_000 {
            var maxChange = 0.0, maxU = 0.0
            for j in 0..<p {
                let a = h[j * p + j]
                guard a > 0 else { continue }
                let grad = g[j] + hd[j]
                var new = u[j] - grad / a
                if j < penalised {
                    let mag = abs(new) - lam1 / a
                    new = mag > 0 ? (new > 0 ? mag : -mag) : 0
                }
                let delta = new - u[j]
                if delta != 0 {
                    for l in 0..<p { hd[l] += h[j * p + l] * delta }
                    u[j] = new
                }
                maxChange = max(maxChange, abs(delta))
                maxU = max(maxU, abs(new))
            }
            if maxChange <= 1e-15 * max(1, maxU) { break }
        }
        return u
    }

    public func predict(_ frame: Frame) throws -> [Double?] { try linearPredictor(frame, LogitFit.sigmoid) }
}
