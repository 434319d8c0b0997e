/// A dense matrix stored column by column in one contiguous array: column j is
/// `data[j*rows ..< (j+1)*rows]`, so the column sweeps of a QR factorization stream through memory.
public struct Matrix: Sendable, Codable {
    public let rows: Int
    public let cols: Int
    public var data: [Double]

    public init(rows: Int, cols: Int, data: [Double]) {
        precondition(data.count == rows * cols)
        self.rows = rows
        self.cols = cols
        self.data = data
    }

    public init(rows: Int, cols: Int) {
        self.init(rows: rows, cols: cols, data: [Double](repeating: 0, count: rows * cols))
    }

    public subscript(i: Int, j: Int) -> Double {
        get { data[j * rows + i] }
        set { data[j * rows + i] = newValue }
    }

    public func column(_ j: Int) -> ArraySlice<Double> { data[(j * rows)..<((j + 1) * rows)] }

    /// Mean and population variance (divided by n, as scikit-learn's scalers use) of column j,
    /// summed in row order, for standardizing features.
    public func columnMoments(_ j: Int) -> (mean: Double, variance: Double) {
        let col = column(j)
        let n = Double(rows)
        let m = col.reduce(0, +) / n
        return (m, col.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n)
    }

    /// X·b.
    public func times(_ b: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        data.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { o in
                for j in 0..<cols where b[j] != 0 {
                    let bj = b[j]
                    let base = j * rows
                    for i in 0..<rows { o[i] += a[base + i] * bj }
                }
            }
        }
        return out
    }

    /// Multiplies row i by s[i] (row weighting for weighted least squares).
    public func scalingRows(_ s: [Double]) -> Matrix {
        var m = self
        m.data.withUnsafeMutableBufferPointer { a in
            for j in 0..<cols {
                let base = j * rows
                for i in 0..<rows { a[base + i] *= s[i] }
            }
        }
        return m
    }
}

/// Householder QR of a tall matrix, with linear dependence detection instead of pivoting: a column
/// whose part orthogonal to the earlier columns is negligible (relative to its own norm) is
/// recorded as dependent, together with the combination of earlier columns that reproduces it, so
/// callers can name the collinear terms.
public struct HouseholderQR: Sendable {
    public let rows: Int
    public let cols: Int
    /// The factored matrix: R in the upper triangle of the independent columns (row k of R lives in
    /// row k), Householder vectors below it (their leading 1 implicit).
    var a: [Double]
    /// The reflector scale for each independent column.
    var tau: [Double]
    /// Indices of the columns that are linearly independent of the columns before them.
    public private(set) var independent: [Int] = []
    /// Dependent columns, each with the earlier columns (index, coefficient) that reproduce it.
    public private(set) var dependent: [(column: Int, combination: [(Int, Double)])] = []
    public private(set) var columnNorms: [Double] = []

    public var rank: Int { independent.count }

    public init(_ m: Matrix, tolerance: Double = 1e-10) {
        rows = m.rows
        cols = m.cols
        a = m.data
        tau = []
        var norms = [Double](repeating: 0, count: m.cols)
        let n = m.rows
        m.data.withUnsafeBufferPointer { p in
            for j in 0..<m.cols {
                var s = 0.0
                for i in 0..<n { s += p[j * n + i] * p[j * n + i] }
                norms[j] = s.squareRoot()
            }
        }
        columnNorms = norms
        var r = 0
        for j in 0..<cols {
            let base = j * n
            var rest = 0.0
            a.withUnsafeBufferPointer { p in
                for i in r..<n { rest += p[base + i] * p[base + i] }
            }
            let restNorm = rest.squareRoot()
            if r >= n || norms[j] == 0 || restNorm <= tolerance * norms[j] {
                dependent.append((j, combination(for: j, rank: r)))
                continue
            }
            // The reflector H = I − τ v vᵀ with v₀ = 1 maps a[r..<n, j] onto β e₁.
            let x0 = a[base + r]
            let beta = x0 >= 0 ? -restNorm : restNorm
            let t = (beta - x0) / beta
            let scale = 1 / (x0 - beta)
            a.withUnsafeMutableBufferPointer { p in
                for i in (r + 1)..<max(r + 1, n) { p[base + i] *= scale }
                p[base + r] = beta
                for k in (j + 1)..<max(j + 1, cols) {
                    let kb = k * n
                    var s = p[kb + r]
                    for i in (r + 1)..<n { s += p[base + i] * p[kb + i] }
                    s *= t
                    p[kb + r] -= s
                    for i in (r + 1)..<n { p[kb + i] -= s * p[base + i] }
                }
            }
            tau.append(t)
            independent.append(j)
            r += 1
        }
    }

    /// Solves R c = (the first `rank` entries of column j) over the independent columns so far.
    private func combination(for j: Int, rank r: Int) -> [(Int, Double)] {
        let n = rows
        var c = (0..<r).map { a[j * n + $0] }
        for k in stride(from: r - 1, through: 0, by: -1) {
            let col = independent[k]
            var s = c[k]
            for m in (k + 1)..<max(k + 1, r) { s -= a[independent[m] * n + k] * c[m] }
            c[k] = s / a[col * n + k]
        }
        return (0..<r).map { (independent[$0], c[$0]) }
    }

    /// Applies Qᵀ to a vector of length `rows` in place.
    public func applyQT(_ y: inout [Double]) {
        let n = rows
        a.withUnsafeBufferPointer { p in
            y.withUnsafeMutableBufferPointer { v in
                for (k, j) in independent.enumerated() {
                    let base = j * n
                    var s = v[k]
                    for i in (k + 1)..<n { s += p[base + i] * v[i] }
                    s *= tau[k]
                    v[k] -= s
                    for i in (k + 1)..<n { v[i] -= s * p[base + i] }
                }
            }
        }
    }

    /// R (rank × rank, column-major) over the independent columns.
    public var r: [Double] {
        let k = rank
        var out = [Double](repeating: 0, count: k * k)
        for (c, j) in independent.enumerated() {
            for i in 0...c { out[c * k + i] = a[j * rows + i] }
        }
        return out
    }

    /// Least-squares coefficients for the independent columns: R b = (Qᵀ y)[0..<rank].
    public func solve(_ y: [Double]) -> [Double] {
        var qty = y
        applyQT(&qty)
        return Triangular.solveUpper(r, rank, Array(qty[0..<rank]))
    }

    /// (XᵀX)⁻¹ = R⁻¹ R⁻ᵀ, never forming XᵀX.
    public func inverseGram() -> [Double] {
        let k = rank
        let rinv = Triangular.invertUpper(r, k)
        var out = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in i..<k {
                // (R⁻¹ R⁻ᵀ)_ij = Σ_m Rinv[i,m] Rinv[j,m]; Rinv is upper, so m ≥ max(i, j) = j.
                var s = 0.0
                for m in j..<k { s += rinv[m * k + i] * rinv[m * k + j] }
                out[j * k + i] = s
                out[i * k + j] = s
            }
        }
        return out
    }
}

/// Triangular solves on column-major k × k matrices.
public enum Triangular {
    public static func solveUpper(_ r: [Double], _ k: Int, _ b: [Double]) -> [Double] {
        var x = b
        for i in stride(from: k - 1, through: 0, by: -1) {
            var s = x[i]
            for j in (i + 1)..<max(i + 1, k) { s -= r[j * k + i] * x[j] }
            x[i] = s / r[i * k + i]
        }
        return x
    }

    public static func invertUpper(_ r: [Double], _ k: Int) -> [Double] {
        var inv = [Double](repeating: 0, count: k * k)
        for c in 0..<k {
            var e = [Double](repeating: 0, count: k)
            e[c] = 1
            let x = solveUpper(r, k, e)
            for i in 0...c { inv[c * k + i] = x[i] }
        }
        return inv
    }
}

/// Cholesky solves of small symmetric positive definite systems (Newton steps of penalised fits).
public enum Cholesky {
    /// Solves A x = b for a p × p symmetric positive definite A (column-major); nil when A is not.
    public static func solve(_ a: [Double], _ p: Int, _ b: [Double]) -> [Double]? {
        var l = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            var d = a[j * p + j]
            for k in 0..<j { d -= l[k * p + j] * l[k * p + j] }
            guard d > 0, d.isFinite else { return nil }
            let ljj = d.squareRoot()
            l[j * p + j] = ljj
            for i in (j + 1)..<max(j + 1, p) {
                var s = a[j * p + i]
                for k in 0..<j { s -= l[k * p + i] * l[k * p + j] }
                l[j * p + i] = s / ljj
            }
        }
        // L z = b, then Lᵀ x = z.
        var z = b
        for i in 0..<p {
            var s = z[i]
            for k in 0..<i { s -= l[k * p + i] * z[k] }
            z[i] = s / l[i * p + i]
        }
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = z[i]
            for k in (i + 1)..<max(i + 1, p) { s -= l[i * p + k] * z[k] }
            z[i] = s / l[i * p + i]
        }
        return z
    }
}
