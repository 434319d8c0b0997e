#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// Support vector machines for two classes (labels ±1).
///
/// - Linear: dual coordinate descent (Hsieh et al., 2008), as liblinear does, for the hinge or the
///   squared hinge loss; the intercept is a constant feature of value 1 and is regularized with the
///   weights, as in liblinear (and scikit-learn's `LinearSVC`).
/// - Kernel (RBF, polynomial, linear): SMO with second-order working-set selection (Fan, Chen & Lin,
///   2005), as libsvm (scikit-learn's `SVC`) does.
///
/// Probabilities come from Platt scaling fitted on 5-fold cross-validated decision values, with
/// the Newton method of Lin, Lin & Weng (2007).
///
/// Fitting polls `Cancellation` once per epoch (linear) or SMO step (kernel), so Ctrl-C or a
/// notebook timeout stops a long fit. `MulticlassSVM` combines these binary models for more classes.
public struct SVM: Sendable, Codable {
    public enum Kernel: Sendable, Equatable, Codable {
        case linear
        case rbf(gamma: Double)
        case polynomial(degree: Int, gamma: Double, coef0: Double)
    }
    public enum Loss: String, Sendable, Codable { case hinge, squaredHinge = "squared_hinge" }

    public struct Options: Sendable, Codable {
        public var c = 1.0
        public var loss = Loss.squaredHinge
        public var tolerance = 1e-3
        public var maxIterations = 1000
        public var seed: UInt64 = 0
        public init() {}
    }

    /// Primal weights and bias of a linear model (dual coordinate descent).
    public private(set) var weights: [Double] = []
    public private(set) var bias = 0.0
    /// Kernel model: support vectors (row-major), their coefficients α_i y_i, and the kernel.
    public private(set) var supportVectors: [Double] = []
    public private(set) var dualCoefficients: [Double] = []
    /// The training rows (indices into the `x` given to the fit) that became support vectors, in
    /// the order of `supportVectors`; one-vs-one models use them to share kernel evaluations.
    public private(set) var supportIndices: [Int] = []
    public private(set) var kernel: Kernel? = nil
    public private(set) var iterations = 0
    public private(set) var converged = true
    public let features: Int
    /// Platt's sigmoid: P(y = 1 | f) = 1 / (1 + exp(A f + B)).
    public private(set) var plattA = -1.0
    public private(set) var plattB = 0.0

    public var supportVectorCount: Int { kernel == nil ? 0 : dualCoefficients.count }

    /// libsvm's analytic update of one working pair (α_i, α_j) with the box 0 ≤ α ≤ c, for labels of
    /// opposite (`opposite`) or equal sign; Q_ij = y_i y_j K_ij. Shared by the classifier and SVR.
    static func updatePair(_ alpha: inout [Double], _ i: Int, _ j: Int, opposite: Bool, gi: Double, gj: Double,
                           kii: Double, kjj: Double, qij: Double, c: Double) {
        let tau = 1e-12
        if opposite {
            var quad = kii + kjj + 2 * qij
            if quad <= 0 { quad = tau }
            let delta = (-gi - gj) / quad
            let diff = alpha[i] - alpha[j]
            alpha[i] += delta
            alpha[j] += delta
            if diff > 0 { if alpha[j] < 0 { alpha[j] = 0; alpha[i] = diff } } else { if alpha[i] < 0 { alpha[i] = 0; alpha[j] = -diff } }
            if diff > 0 { if alpha[i] > c { alpha[i] = c; alpha[j] = c - diff } } else { if alpha[j] > c { alpha[j] = c; alpha[i] = c + diff } }
        } else {
            var quad = kii + kjj - 2 * qij
            if quad <= 0 { quad = tau }
            let delta = (gi - gj) / quad
            let sum = alpha[i] + alpha[j]
            alpha[i] -= delta
            alpha[j] += delta
            if sum > c { if alpha[i] > c { alpha[i] = c; alpha[j] = sum - c } } else { if alpha[j] < 0 { alpha[j] = 0; alpha[i] = sum } }
            if sum > c { if alpha[j] > c { alpha[j] = c; alpha[i] = sum - c } } else { if alpha[i] < 0 { alpha[i] = 0; alpha[j] = sum } }
        }
    }

    /// libsvm's ρ (the bias is −ρ): the mean of y∇ over the free variables (0 < α < c), else the
    /// middle of the interval the bounded ones allow. Shared by the classifier and SVR.
    static func rho(alpha: [Double], y: [Double], grad: [Double], c: Double) -> Double {
        var free = 0, sumFree = 0.0, ub = Double.infinity, lb = -Double.infinity
        for t in 0..<alpha.count {
            let yg = y[t] * grad[t]
            if alpha[t] > 0 && alpha[t] < c { free += 1; sumFree += yg; continue }
            let atUpper = alpha[t] >= c
            if (atUpper && y[t] < 0) || (!atUpper && y[t] > 0) { ub = min(ub, yg) } else { lb = max(lb, yg) }
        }
        return free > 0 ? sumFree / Double(free) : (ub + lb) / 2
    }

    // MARK: fitting

    /// Fits a linear SVM; rows of `x` (row-major, n × p) with labels y ∈ {−1, +1}.
    public static func linear(x: [Double], y: [Double], features p: Int, options: Options) throws -> SVM {
        var model = SVM(features: p)
        try model.fitLinear(x, y, options)
        try model.calibrate(x, y, options) { sub, ys in
            var m = SVM(features: p)
            try m.fitLinear(sub, ys, options)
            return m
        }
        return model
    }

    /// Fits a kernel SVM (SMO).
    public static func kernel(x: [Double], y: [Double], features p: Int, kernel: Kernel, options: Options) throws -> SVM {
        var model = SVM(features: p)
        try model.fitKernel(x, y, kernel, options)
        try model.calibrate(x, y, options) { sub, ys in
            var m = SVM(features: p)
            try m.fitKernel(sub, ys, kernel, options)
            return m
        }
        return model
    }

    init(features: Int) { self.features = features }

    mutating func fitLinear(_ x: [Double], _ y: [Double], _ o: Options) throws {
        let p = features, n = y.count
        let (diag, upper): (Double, Double) = o.loss == .hinge ? (0, o.c) : (0.5 / o.c, .infinity)
        var w = [Double](repeating: 0, count: p + 1)   // last: the bias feature (value 1)
        var alpha = [Double](repeating: 0, count: n)
        var qd = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = 1.0   // the bias feature
            for j in 0..<p { s += x[i * p + j] * x[i * p + j] }
            qd[i] = s + diag
        }
        var order = Array(0..<n)
        var rng = SplitMix64(seed: o.seed)
        var iter = 0
        converged = false
        try x.withUnsafeBufferPointer { xp in
        try y.withUnsafeBufferPointer { yy in
        try qd.withUnsafeBufferPointer { q in
        try w.withUnsafeMutableBufferPointer { wv in
        try alpha.withUnsafeMutableBufferPointer { al in
            while iter < o.maxIterations {
                try Cancellation.check()
                iter += 1
                for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
                var maxPG = -Double.infinity, minPG = Double.infinity
                for i in order {
                    let row = xp.baseAddress! + i * p
                    var dot = wv[p]
                    for j in 0..<p { dot += wv[j] * row[j] }
                    let g = yy[i] * dot - 1 + diag * al[i]
                    var pg = 0.0
                    if al[i] == 0 { pg = min(g, 0) } else if al[i] == upper { pg = max(g, 0) } else { pg = g }
                    if pg > maxPG { maxPG = pg }
                    if pg < minPG { minPG = pg }
                    if abs(pg) > 1e-12 {
                        let old = al[i]
                        al[i] = min(max(old - g / q[i], 0), upper)
                        let d = (al[i] - old) * yy[i]
                        for j in 0..<p { wv[j] += d * row[j] }
                        wv[p] += d
                    }
                }
                // liblinear's stopping rule: the spread of the projected gradient is below the tolerance.
                if maxPG - minPG <= o.tolerance { converged = true; break }
            }
        }
        }
        }
        }
        }
        iterations = iter
        weights = Array(w[0..<p])
        bias = w[p]
    }

    static func kernelValue(_ k: Kernel, _ a: UnsafeBufferPointer<Double>, _ i: Int, _ b: UnsafeBufferPointer<Double>, _ j: Int, _ p: Int) -> Double {
        switch k {
        case .linear:
            var s = 0.0
            for f in 0..<p { s += a[i * p + f] * b[j * p + f] }
            return s
        case .rbf(let gamma):
            var s = 0.0
            for f in 0..<p { let t = a[i * p + f] - b[j * p + f]; s += t * t }
            return exp(-gamma * s)
        case .polynomial(let degree, let gamma, let coef0):
            var s = 0.0
            for f in 0..<p { s += a[i * p + f] * b[j * p + f] }
            let base = gamma * s + coef0
            var r = base
            for _ in 1..<max(1, degree) { r *= base }
            return r
        }
    }

    /// K(x_i, x_t) for every t, with the kernel chosen once outside the loop.
    static func kernelRow(_ k: Kernel, _ x: UnsafeBufferPointer<Double>, _ i: Int, _ n: Int, _ p: Int, _ out: UnsafeMutableBufferPointer<Double>) {
        let xi = x.baseAddress! + i * p
        switch k {
        case .rbf(let gamma):
            for t in 0..<n {
                let xt = x.baseAddress! + t * p
                var s = 0.0
                for f in 0..<p { let d = xi[f] - xt[f]; s += d * d }
                out[t] = exp(-gamma * s)
            }
        case .linear, .polynomial:
            for t in 0..<n {
                let xt = x.baseAddress! + t * p
                var s = 0.0
                for f in 0..<p { s += xi[f] * xt[f] }
                out[t] = s
            }
            if case .polynomial(let degree, let gamma, let coef0) = k {
                for t in 0..<n {
                    let base = gamma * out[t] + coef0
                    var r = base
                    for _ in 1..<max(1, degree) { r *= base }
                    out[t] = r
                }
            }
        }
    }

    mutating func fitKernel(_ x: [Double], _ y: [Double], _ k: Kernel, _ o: Options) throws {
        let n = y.count, p = features, c = o.c
        let tau = 1e-12
        // Rows of Q (Q_it = y_i y_t K(x_i, x_t)) on demand, cached.
        var rows = KernelRows(x: x, count: n, features: p, kernel: k, labels: y)
        let diag = rows.diagonal
        func row(_ i: Int) -> [Double] { rows.row(i) }
        var alpha = [Double](repeating: 0, count: n)
        var grad = [Double](repeating: -1, count: n)   // ∇ = Qα − e
        var iter = 0
        let limit = max(10_000_000, 100 * n)
        converged = false
        let yv = y
        while iter < limit {
            // One relaxed atomic load per step, against the O(n) work of the step itself.
            try Cancellation.check()
            // Working set: i maximizes −y∇ over I_up; j minimizes the second-order gain over I_low
            // (I_up: α can move up for y = 1 or down for y = −1; I_low the reverse).
            var gmax = -Double.infinity, gmin = Double.infinity, i = -1
            alpha.withUnsafeBufferPointer { a in
                grad.withUnsafeBufferPointer { g in
                    yv.withUnsafeBufferPointer { yy in
                        for t in 0..<n {
                            let v = -yy[t] * g[t]
                            let up = yy[t] > 0 ? a[t] < c : a[t] > 0
                            let low = yy[t] > 0 ? a[t] > 0 : a[t] < c
                            if up && v >= gmax { gmax = v; i = t }
                            if low && v < gmin { gmin = v }
                        }
                    }
                }
            }
            if i < 0 || gmax - gmin < o.tolerance { converged = true; break }
            let qi = row(i)
            var j = -1, best = Double.infinity
            alpha.withUnsafeBufferPointer { a in
                grad.withUnsafeBufferPointer { g in
                    yv.withUnsafeBufferPointer { yy in
                        qi.withUnsafeBufferPointer { q in
                            diag.withUnsafeBufferPointer { dg in
                                let yi = yy[i], di = dg[i]
                                for t in 0..<n {
                                    let low = yy[t] > 0 ? a[t] > 0 : a[t] < c
                                    guard low else { continue }
                                    let b = gmax + yy[t] * g[t]
                                    guard b > 0 else { continue }
                                    var quad = di + dg[t] - 2 * yi * yy[t] * q[t]
                                    if quad <= 0 { quad = tau }
                                    let gain = -(b * b) / quad
                                    if gain <= best { best = gain; j = t }
                                }
                            }
                        }
                    }
                }
            }
            if j < 0 { converged = true; break }
            iter += 1
            let qj = row(j)
            let oldI = alpha[i], oldJ = alpha[j]
            // The analytic two-variable update, clipped to the box (libsvm's rules).
            Self.updatePair(&alpha, i, j, opposite: y[i] != y[j], gi: grad[i], gj: grad[j], kii: diag[i], kjj: diag[j], qij: qi[j], c: c)
            let di = alpha[i] - oldI, dj = alpha[j] - oldJ
            grad.withUnsafeMutableBufferPointer { g in
                qi.withUnsafeBufferPointer { a in
                    qj.withUnsafeBufferPointer { b in
                        for t in 0..<n { g[t] += a[t] * di + b[t] * dj }
                    }
                }
            }
        }
        iterations = iter
        // ρ: the average of y∇ over free vectors, else the middle of the feasible interval.
        let rho = Self.rho(alpha: alpha, y: y, grad: grad, c: c)
        var sv: [Double] = [], coef: [Double] = [], index: [Int] = []
        for t in 0..<n where alpha[t] > 0 {
            sv += x[(t * p)..<((t + 1) * p)]
            coef.append(alpha[t] * y[t])
            index.append(t)
        }
        supportVectors = sv
        supportIndices = index
        dualCoefficients = coef
        bias = -rho
        kernel = k
    }

    // MARK: prediction

    /// The decision value f(x) for row `i` of a row-major matrix (positive means class +1).
    public func decision(_ x: [Double], row i: Int) -> Double {
        let p = features
        guard let k = kernel else {
            var s = bias
            for j in 0..<p { s += weights[j] * x[i * p + j] }
            return s
        }
        var s = bias
        supportVectors.withUnsafeBufferPointer { sv in
            x.withUnsafeBufferPointer { xp in
                for t in 0..<dualCoefficients.count { s += dualCoefficients[t] * Self.kernelValue(k, sv, t, xp, i, p) }
            }
        }
        return s
    }

    public func probability(decision f: Double) -> Double {
        let z = plattA * f + plattB
        return z >= 0 ? exp(-z) / (1 + exp(-z)) : 1 / (1 + exp(z))
    }

    // MARK: Platt scaling

    /// Fits A, B on decision values from 5-fold cross-validation (libsvm's `svm_binary_svc_probability`).
    mutating func calibrate(_ x: [Double], _ y: [Double], _ o: Options, fit: ([Double], [Double]) throws -> SVM) throws {
        let n = y.count, p = features
        guard n >= 10 else {
            (plattA, plattB) = Self.platt(decisions: (0..<n).map { decision(x, row: $0) }, labels: y)
            return
        }
        var order = Array(0..<n)
        var rng = SplitMix64(seed: o.seed ^ 0x5DEECE66D)
        for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        var values = [Double](repeating: 0, count: n)
        for fold in 0..<5 {
            let lo = fold * n / 5, hi = (fold + 1) * n / 5
            let test = Array(order[lo..<hi])
            let train = Array(order[..<lo]) + Array(order[hi...])
            let positives = train.filter { y[$0] > 0 }.count
            if positives == 0 || positives == train.count {
                for t in test { values[t] = positives == 0 ? -1 : 1 }
                continue
            }
            var sub = [Double](), ys = [Double]()
            sub.reserveCapacity(train.count * p)
            for t in train { sub += x[(t * p)..<((t + 1) * p)]; ys.append(y[t]) }
            let m = try fit(sub, ys)
            for t in test { values[t] = m.decision(x, row: t) }
        }
        (plattA, plattB) = Self.platt(decisions: values, labels: y)
    }

    /// Platt's sigmoid by Newton's method with backtracking (Lin, Lin & Weng, 2007).
    static func platt(decisions f: [Double], labels y: [Double]) -> (Double, Double) {
        let prior1 = Double(y.filter { $0 > 0 }.count), prior0 = Double(y.count) - prior1
        let hiTarget = (prior1 + 1) / (prior1 + 2), loTarget = 1 / (prior0 + 2)
        let t = y.map { $0 > 0 ? hiTarget : loTarget }
        var a = 0.0, b = log((prior0 + 1) / (prior1 + 1))
        func objective(_ a: Double, _ b: Double) -> Double {
            var s = 0.0
            for i in 0..<f.count {
                let z = f[i] * a + b
                s += z >= 0 ? t[i] * z + log1p(exp(-z)) : (t[i] - 1) * z + log1p(exp(z))
            }
            return s
        }
        var fval = objective(a, b)
        let sigma = 1e-12, eps = 1e-5
        for _ in 0..<100 {
            var h11 = sigma, h22 = sigma, h21 = 0.0, g1 = 0.0, g2 = 0.0
            for i in 0..<f.count {
                let z = f[i] * a + b
                let (p, q) = z >= 0 ? (exp(-z) / (1 + exp(-z)), 1 / (1 + exp(-z))) : (1 / (1 + exp(z)), exp(z) / (1 + exp(z)))
                let d2 = p * q
                h11 += f[i] * f[i] * d2
                h22 += d2
                h21 += f[i] * d2
                let d1 = t[i] - p
                g1 += f[i] * d1
                g2 += d1
            }
            if abs(g1) < eps && abs(g2) < eps { break }
            let det = h11 * h22 - h21 * h21
            let da = -(h22 * g1 - h21 * g2) / det, db = -(-h21 * g1 + h11 * g2) / det
            let gd = g1 * da + g2 * db
            var step = 1.0
            while step >= 1e-10 {
                let na = a + step * da, nb = b + step * db
                let nf = objective(na, nb)
                if nf < fval + 1e-4 * step * gd { a = na; b = nb; fval = nf; break }
                step /= 2
            }
            if step < 1e-10 { break }
        }
        return (a, b)
    }
}

/// Kernel rows K(x_i, ·) over the n training rows, computed on demand and cached (up to about 100 MB,
/// the oldest-indexed row dropped first beyond that), as libsvm's kernel cache; with `labels`, rows
/// of Q (y_i y_t K) for the classifier's dual. Shared by the SVM classifier and SVR.
struct KernelRows {
    let x: [Double]
    let n: Int
    let p: Int
    let kernel: SVM.Kernel
    let labels: [Double]?
    private var cache: [[Double]?]
    private var cached = 0
    private let maxCached: Int
    /// The diagonal K(x_i, x_i) (y_i² = 1, so the same for Q).
    let diagonal: [Double]

    init(x: [Double], count n: Int, features p: Int, kernel: SVM.Kernel, labels: [Double]? = nil) {
        self.x = x
        self.n = n
        self.p = p
        self.kernel = kernel
        self.labels = labels
        cache = [[Double]?](repeating: nil, count: n)
        maxCached = max(2, 100_000_000 / max(1, n * 8))
        var d = [Double](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xp in for i in 0..<n { d[i] = SVM.kernelValue(kernel, xp, i, xp, i, p) } }
        diagonal = d
    }

    mutating func row(_ i: Int) -> [Double] {
        if let r = cache[i] { return r }
        var r = [Double](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xp in
            r.withUnsafeMutableBufferPointer { out in
                SVM.kernelRow(kernel, xp, i, n, p, out)
                if let y = labels { for t in 0..<n { out[t] *= y[i] * y[t] } }
            }
        }
        if cached >= maxCached, let victim = cache.indices.first(where: { cache[$0] != nil && $0 != i }) {
            cache[victim] = nil
            cached -= 1
        }
        cache[i] = r
        cached += 1
        return r
    }
}
