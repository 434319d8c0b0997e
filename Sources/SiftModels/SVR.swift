#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// ε-support vector regression, as libsvm's EPSILON_SVR (scikit-learn's `SVR`): the dual over 2n
/// variables (α for y above the tube, α* below it), solved by the same SMO with second-order
/// working-set selection as the classifier, with the linear term ε ∓ y. The prediction is
/// Σ (αᵢ − αᵢ*) K(xᵢ, x) + b.
public struct SVRModel: Sendable, Codable {
    public let kernel: SVM.Kernel
    public let features: Int
    /// Support vectors (row-major) and their coefficients αᵢ − αᵢ*.
    public let supportVectors: [Double]
    public let coefficients: [Double]
    public let bias: Double
    public let iterations: Int
    public let converged: Bool
    public let c: Double
    public let epsilon: Double

    public var supportVectorCount: Int { coefficients.count }

    /// Fits on rows of `x` (row-major, n × p) with targets `z`.
    public init(x: [Double], z: [Double], features p: Int, kernel k: SVM.Kernel, c: Double, epsilon: Double,
                tolerance: Double, maxIterations: Int? = nil) throws {
        let n = z.count
        let l = 2 * n
        let tau = 1e-12
        var rows = KernelRows(x: x, count: n, features: p, kernel: k)
        let kdiag = rows.diagonal
        func krow(_ i: Int) -> [Double] { rows.row(i) }
        // Variables t < n: α (y = +1, linear term ε − z); t ≥ n: α* (y = −1, linear term ε + z).
        let y: [Double] = (0..<l).map { $0 < n ? 1 : -1 }
        var alpha = [Double](repeating: 0, count: l)
        var grad: [Double] = (0..<l).map { $0 < n ? epsilon - z[$0] : epsilon + z[$0 - n] }
        var iter = 0
        let limit = maxIterations ?? max(10_000_000, 100 * l)
        var done = false
        while iter < limit {
            try Cancellation.check()
            var gmax = -Double.infinity, gmin = Double.infinity, i = -1
            for t in 0..<l {
                let v = -y[t] * grad[t]
                let up = y[t] > 0 ? alpha[t] < c : alpha[t] > 0
                let low = y[t] > 0 ? alpha[t] > 0 : alpha[t] < c
                if up && v >= gmax { gmax = v; i = t }
                if low && v < gmin { gmin = v }
            }
            if i < 0 || gmax - gmin < tolerance { done = true; break }
            let ki = krow(i % n)
            let yi = y[i]
            var j = -1, best = Double.infinity
            for t in 0..<l {
                let low = y[t] > 0 ? alpha[t] > 0 : alpha[t] < c
                guard low else { continue }
                let b = gmax + y[t] * grad[t]
                guard b > 0 else { continue }
                // Q_it = y_i y_t K; the second-order term K_ii + K_tt − 2 K_it (y's cancel).
                var quad = kdiag[i % n] + kdiag[t % n] - 2 * ki[t % n]
                if quad <= 0 { quad = tau }
                let gain = -(b * b) / quad
                if gain <= best { best = gain; j = t }
            }
            if j < 0 { done = true; break }
            iter += 1
            let kj = krow(j % n)
            let qij = yi * y[j] * ki[j % n]
            let oldI = alpha[i], oldJ = alpha[j]
            SVM.updatePair(&alpha, i, j, opposite: y[i] != y[j], gi: grad[i], gj: grad[j], kii: kdiag[i % n], kjj: kdiag[j % n], qij: qij, c: c)
            let di = alpha[i] - oldI, dj = alpha[j] - oldJ
            // ∇_t += Q_ti Δα_i + Q_tj Δα_j, with Q_ts = y_t y_s K(t mod n, s mod n).
            let yidi = yi * di, yjdj = y[j] * dj
            for t in 0..<l {
                let tn = t < n ? t : t - n
                grad[t] += y[t] * (ki[tn] * yidi + kj[tn] * yjdj)
            }
        }
        // ρ as libsvm: the mean of y∇ over free variables, else the middle of the feasible interval.
        let rho = SVM.rho(alpha: alpha, y: y, grad: grad, c: c)
        var sv: [Double] = [], coef: [Double] = []
        for i in 0..<n {
            let b = alpha[i] - alpha[i + n]
            guard b != 0 else { continue }
            coef.append(b)
            sv += x[(i * p)..<((i + 1) * p)]
        }
        self.kernel = k
        self.features = p
        self.supportVectors = sv
        self.coefficients = coef
        self.bias = -rho
        self.iterations = iter
        self.converged = done
        self.c = c
        self.epsilon = epsilon
    }

    /// The prediction for row `row` of standardized row-major features.
    public func predict(_ x: [Double], row: Int) -> Double {
        var s = bias
        supportVectors.withUnsafeBufferPointer { sv in
            x.withUnsafeBufferPointer { xp in
                for (k, a) in coefficients.enumerated() { s += a * SVM.kernelValue(kernel, sv, k, xp, row, features) }
            }
        }
        return s
    }
}
