#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// The penalty of a regularised linear or logistic model, named as scikit-learn names it.
public enum Penalty: String, Sendable, Codable, CaseIterable {
    case l2, l1, elasticnet
}

/// Shared preparation of a design for penalised fits: the intercept column is not penalised, so it
/// is taken out and handled by centring (as scikit-learn's `fit_intercept`), and `standardize`
/// divides each other column by its population standard deviation before the penalty applies (as a
/// `StandardScaler` in front of the estimator); coefficients are reported in the columns' own units.
struct PenaltyDesign {
    /// Index of the intercept column in the design, if any.
    let intercept: Int?
    /// The penalised columns' indices in the design.
    let features: [Int]
    let means: [Double]
    let scales: [Double]
    /// Penalised columns, centred when there is an intercept and scaled when standardizing, column-major n × k.
    let x: Matrix

    init(_ m: Matrix, design: Design, standardize: Bool, weights: [Double]? = nil) {
        let icpt = design.columns.firstIndex { $0.parts.isEmpty }
        let features = (0..<m.cols).filter { $0 != icpt }
        intercept = icpt
        self.features = features
        let n = m.rows
        var x = Matrix(rows: n, cols: features.count)
        var means = [Double](repeating: 0, count: features.count)
        var scales = [Double](repeating: 1, count: features.count)
        for (k, j) in features.enumerated() {
            let col = m.column(j)
            var mean = 0.0
            if icpt != nil || standardize { mean = col.reduce(0, +) / Double(n) }
            var scale = 1.0
            if standardize {
                let v = col.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
                scale = v > 0 ? v.squareRoot() : 1
            }
            // Without an intercept the columns are only scaled (centring would change the model).
            let shift = icpt != nil ? mean : 0
            var i = 0
            for v in col { x[i, k] = (v - shift) / scale; i += 1 }
            means[k] = shift
            scales[k] = scale
        }
        self.means = means
        self.scales = scales
        self.x = x
    }

    /// Coefficients on the design's columns from coefficients on the prepared ones plus the intercept.
    func unscale(_ w: [Double], intercept b: Double, count: Int) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        var b0 = b
        for (k, j) in features.enumerated() {
            out[j] = w[k] / scales[k]
            b0 -= out[j] * means[k]
        }
        if let i = intercept { out[i] = b0 }
        return out
    }
}

/// What the penalised linear and logistic fits have in common: the design, the coefficients and
/// the rows used, and so the facts every summary of them reports and the alignment of per-row
/// values with the source frame.
public protocol PenalizedFit {
    var design: Design { get }
    var formula: String { get }
    var penalty: Penalty { get }
    var l1Ratio: Double { get }
    var standardized: Bool { get }
    var coefficients: [Double] { get }
    var fitted: [Double] { get }
    var rows: [Int] { get }
    var sourceRowCount: Int { get }
    var iterations: Int { get }
    var converged: Bool { get }
}

extension PenalizedFit {
    public var nobs: Int { rows.count }
    public var droppedRows: Int { sourceRowCount - nobs }
    public var names: [String] { design.columnNames }
    /// Coefficients that are not exactly zero (the intercept excluded).
    public var nonzero: Int { zip(design.columns, coefficients).filter { !$0.0.parts.isEmpty && $0.1 != 0 }.count }

    /// The linear predictor Xw on the complete rows of `frame`, placed at those rows (nil elsewhere).
    func linearPredictor(_ frame: Frame, _ link: (Double) -> Double) throws -> [Double?] {
        let rows = try DesignBuilder.completeRows(frame, design.factors.keys.sorted())
        let eta = try DesignBuilder.matrix(design, frame: frame, rows: rows).times(coefficients)
        var out = [Double?](repeating: nil, count: frame.rowCount)
        for (k, r) in rows.enumerated() { out[r] = link(eta[k]) }
        return out
    }

    /// Per-row values of the rows used, placed at their rows of the source frame (nil for rows left out).
    public func aligned(_ values: [Double]) -> [Double?] {
        var out = [Double?](repeating: nil, count: sourceRowCount)
        for (k, r) in rows.enumerated() { out[r] = values[k] }
        return out
    }
}

/// Regularised least squares with scikit-learn's parameterisation, so `alpha` means the same thing:
/// - `l2` (Ridge): ‖y − Xw − b‖² + α‖w‖², solved exactly by QR of the augmented system [X; √α I];
/// - `l1` (Lasso): ‖y − Xw − b‖² / (2n) + α‖w‖₁;
/// - `elasticnet`: ‖y − Xw − b‖² / (2n) + αρ‖w‖₁ + α(1 − ρ)/2 ‖w‖² (ρ = `l1Ratio`),
/// the last two by cyclic coordinate descent run to a duality gap far below scikit-learn's default
/// tolerance, so both land on the same optimum. The intercept is never penalised.
public struct PenalizedLinearFit: PenalizedFit, Sendable, Codable {
    public let design: Design
    public let formula: String
    public let penalty: Penalty
    public let alpha: Double
    public let l1Ratio: Double
    public let standardized: Bool
    public let coefficients: [Double]
    public let fitted: [Double]
    public let y: [Double]
    public let rows: [Int]
    public let sourceRowCount: Int
    public let iterations: Int
    public let converged: Bool
    public let rSquared: Double

    public init(design: Design, data: ModelData, formula: String, penalty: Penalty, alpha: Double, l1Ratio: Double = 0.5,
                standardize: Bool = false, maxIterations: Int = 100_000, tolerance: Double = 1e-13) throws {
        let n = data.x.rows
        guard n > 0 else { throw FrameError("no rows to fit") }
        let prep = PenaltyDesign(data.x, design: design, standardize: standardize)
        let k = prep.features.count
        guard k > 0 else { throw FrameError("a penalised model needs at least one term besides the intercept") }
        let ymean = prep.intercept != nil ? data.y.reduce(0, +) / Double(n) : 0
        let yc = data.y.map { $0 - ymean }
        var w = [Double](repeating: 0, count: k)
        var iterations = 0
        var converged = true
        switch penalty {
        case .l2:
            // [X; √α I] w ≈ [y; 0]: the ridge solution without forming XᵀX.
            var aug = Matrix(rows: n + k, cols: k)
            for j in 0..<k {
                for i in 0..<n { aug[i, j] = prep.x[i, j] }
                aug[n + j, j] = alpha.squareRoot()
            }
            let qr = HouseholderQR(aug)
            guard qr.rank == k else {
                throw FrameError("the design is rank deficient and alpha is too small to make the ridge system solvable", hint: "raise alpha or drop collinear terms")
            }
            w = qr.solve(yc + [Double](repeating: 0, count: k))
            iterations = 1
        case .l1, .elasticnet:
            let rho = penalty == .l1 ? 1 : l1Ratio
            // scikit-learn's coordinate descent scales the penalties by n.
            let l1 = alpha * rho * Double(n), l2 = alpha * (1 - rho) * Double(n)
            (w, iterations, converged) = try CoordinateDescent.elasticNet(x: prep.x, y: yc, l1: l1, l2: l2,
                                                                         maxIterations: maxIterations, tolerance: tolerance)
        }
        let coef = prep.unscale(w, intercept: ymean, count: data.x.cols)
        let fitted = data.x.times(coef)
        self.design = design
        self.formula = formula
        self.penalty = penalty
        self.alpha = alpha
        self.l1Ratio = penalty == .l1 ? 1 : (penalty == .l2 ? 0 : l1Ratio)
        self.standardized = standardize
        self.coefficients = coef
        self.fitted = fitted
        self.y = data.y
        self.rows = data.rows
        self.sourceRowCount = data.sourceRowCount
        self.iterations = iterations
        self.converged = converged
        self.rSquared = Metrics.rSquared(data.y, fitted)
    }

    public func predict(_ frame: Frame) throws -> [Double?] { try linearPredictor(frame) { $0 } }
}

/// Cyclic coordinate descent for ½‖y − Xw‖² + l1‖w‖₁ + ½ l2‖w‖² (scikit-learn's `enet_coordinate_descent`,
/// which it reaches by multiplying its objective by n).
enum CoordinateDescent {
    static func elasticNet(x: Matrix, y: [Double], l1: Double, l2: Double, maxIterations: Int, tolerance: Double) throws -> ([Double], Int, Bool) {
        let n = x.rows, k = x.cols
        var w = [Double](repeating: 0, count: k)
        var r = y
        let norms: [Double] = (0..<k).map { j in x.column(j).reduce(0) { $0 + $1 * $1 } }
        let yNorm = y.reduce(0) { $0 + $1 * $1 }
        var iterations = 0
        while iterations < maxIterations {
            if iterations % 64 == 0 { try Cancellation.check() }
            iterations += 1
            var maxChange = 0.0, maxW = 0.0
            x.data.withUnsafeBufferPointer { a in
                r.withUnsafeMutableBufferPointer { res in
                    for j in 0..<k where norms[j] > 0 {
                        let base = j * n
                        let old = w[j]
                        var rho = 0.0
                        for i in 0..<n { rho += a[base + i] * res[i] }
                        rho += norms[j] * old
                        let mag = abs(rho) - l1
                        let new = mag > 0 ? (rho > 0 ? mag : -mag) / (norms[j] + l2) : 0
                        if new != old {
                            let d = new - old
                            for i in 0..<n { res[i] -= a[base + i] * d }
                            w[j] = new
                        }
                        maxChange = max(maxChange, abs(new - old))
                        maxW = max(maxW, abs(new))
                    }
                }
            }
            if maxW == 0 || maxChange <= tolerance * maxW {
                // Confirm with the duality gap (as scikit-learn does) before stopping.
                if maxChange <= 1e-16 * maxW || dualityGap(x: x, y: y, w: w, r: r, l1: l1, l2: l2) <= 1e-12 * max(yNorm, 1e-300) {
                    return (w, iterations, true)
                }
            }
        }
        return (w, iterations, false)
    }

    /// scikit-learn's duality gap of the elastic-net problem at w with residual r = y − Xw.
    static func dualityGap(x: Matrix, y: [Double], w: [Double], r: [Double], l1: Double, l2: Double) -> Double {
        let n = x.rows, k = x.cols
        var dualNormXtA = 0.0
        for j in 0..<k {
            var s = 0.0
            for i in 0..<n { s += x[i, j] * r[i] }
            dualNormXtA = max(dualNormXtA, abs(s - l2 * w[j]))
        }
        let rNorm2 = r.reduce(0) { $0 + $1 * $1 }
        let wNorm2 = w.reduce(0) { $0 + $1 * $1 }
        var const = 1.0, gap = rNorm2
        if dualNormXtA > l1 {
            const = l1 / dualNormXtA
            gap = 0.5 * (rNorm2 + rNorm2 * const * const)
        } else {
            gap = rNorm2
        }
        let ry = zip(r, y).reduce(0) { $0 + $1.0 * $1.1 }
        let l1Norm = w.reduce(0) { $0 + abs($1) }
        gap += l1 * l1Norm - const * ry + 0.5 * l2 * (1 + const * const) * wNorm2
        return gap
    }
}
