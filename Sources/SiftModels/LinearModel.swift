#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// One row of a coefficient table.
public struct Coefficient: Sendable, Codable {
    public let term: String
    public let estimate: Double
    public let stdError: Double
    /// t for linear models, z for logistic ones.
    public let statistic: Double
    public let pValue: Double
    public let confLow: Double
    public let confHigh: Double
}

enum Collinearity {
    /// A clear error naming the terms that are linear combinations of each other.
    static func check(_ qr: HouseholderQR, names: [String]) throws {
        guard let (col, combo) = qr.dependent.first else { return }
        let involved = combo.filter { abs($0.1) * qr.columnNorms[$0.0] > 1e-7 * max(qr.columnNorms[col], 1e-300) }.map { names[$0.0] }
        let name = names[col]
        if qr.columnNorms[col] == 0 {
            throw FrameError("the design is rank deficient: '\(name)' is zero on every row used",
                             hint: "drop the term; a level or value that never occurs in the complete rows cannot be estimated")
        }
        if involved.isEmpty || qr.rows <= qr.rank {
            throw FrameError("the design is rank deficient: \(qr.cols) coefficients but only \(qr.rows) complete rows",
                             hint: "use fewer terms or more rows")
        }
        let others = involved.map { "'\($0)'" }.joined(separator: ", ")
        let more = qr.dependent.count > 1 ? " (\(qr.dependent.count) terms are redundant in all)" : ""
        let what = involved == ["Intercept"] ? "is constant, so it duplicates the intercept" : "is a linear combination of \(others)"
        throw FrameError("the design is rank deficient (collinear terms): '\(name)' \(what)\(more)",
                         hint: "drop '\(name)' or one of the terms it depends on")
    }
}

/// Ordinary (or weighted) least squares, solved by Householder QR of the (row-weighted) design.
/// Statistics follow statsmodels' OLS/WLS definitions so results can be compared digit for digit.
public struct LinearFit: Sendable, Codable {
    public let design: Design
    public let formula: String
    public let names: [String]
    public let coefficients: [Double]
    /// Covariance of the coefficients (p × p, column-major).
    public let covariance: [Double]
    public let fitted: [Double]
    public let residuals: [Double]
    public let rows: [Int]
    public let sourceRowCount: Int
    public let weighted: Bool
    public let nobs: Int
    public let dfModel: Double
    public let dfResidual: Double
    /// Whether the model has a constant (explicit intercept, or dummies that sum to one).
    public let hasConstant: Bool
    public let ssr: Double
    public let centeredTSS: Double
    public let uncenteredTSS: Double
    public let rSquared: Double
    public let adjRSquared: Double
    public let fStatistic: Double
    public let fPValue: Double
    public let logLikelihood: Double
    public let aic: Double
    public let bic: Double
    public let scale: Double
    public let table: [Coefficient]

    public var droppedRows: Int { sourceRowCount - nobs }
    public var residualStdError: Double { scale.squareRoot() }

    public init(design: Design, data: ModelData, formula: String) throws {
        let n = data.x.rows, p = data.x.cols
        guard n > 0 else { throw FrameError("no rows to fit") }
        let sw = data.weights.map { $0.map { $0.squareRoot() } }
        let xw = sw.map { data.x.scalingRows($0) } ?? data.x
        let yw = sw.map { s in zip(data.y, s).map { $0 * $1 } } ?? data.y
        let qr = HouseholderQR(xw)
        try Collinearity.check(qr, names: design.columnNames)
        guard n > p else {
            throw FrameError("\(p) coefficients need more than \(p) complete rows, but there are \(n)",
                             hint: "use fewer terms or more data")
        }
        let beta = qr.solve(yw)
        let fitted = data.x.times(beta)
        let resid = zip(data.y, fitted).map { $0 - $1 }
        let w = data.weights ?? [Double](repeating: 1, count: n)
        var ssr = 0.0, sumW = 0.0, sumWY = 0.0, uncentered = 0.0
        for i in 0..<n {
            ssr += w[i] * resid[i] * resid[i]
            sumW += w[i]
            sumWY += w[i] * data.y[i]
            uncentered += w[i] * data.y[i] * data.y[i]
        }
        let mean = sumWY / sumW
        var centered = 0.0
        for i in 0..<n { centered += w[i] * (data.y[i] - mean) * (data.y[i] - mean) }

        // statsmodels' k_constant: an explicit intercept, or a constant in the column space.
        var constant = design.hasIntercept
        if !constant {
            var ones = sw ?? [Double](repeating: 1, count: n)
            let norm = ones.reduce(0) { $0 + $1 * $1 }.squareRoot()
            qr.applyQT(&ones)
            var rest = 0.0
            for i in qr.rank..<n { rest += ones[i] * ones[i] }
            constant = rest.squareRoot() <= 1e-9 * norm
        }
        let kConst = constant ? 1.0 : 0.0
        let dfResid = Double(n - p)
        let dfModel = Double(p) - kConst
        let scale = ssr / dfResid
        let gram = qr.inverseGram()
        let cov = gram.map { $0 * scale }
        let r2 = constant ? 1 - ssr / centered : 1 - ssr / uncentered
        let ess = (constant ? centered : uncentered) - ssr
        let f = dfModel > 0 ? (ess / dfModel) / scale : .nan
        var llf = -Double(n) / 2 * (log(2 * Double.pi) + log(ssr / Double(n)) + 1)
        if let ws = data.weights { llf += 0.5 * ws.reduce(0) { $0 + log($1) } }
        let k = dfModel + kConst
        let t = StudentT(df: dfResid)
        let crit = t.quantile(0.975)
        var table: [Coefficient] = []
        for j in 0..<p {
            let se = cov[j * p + j].squareRoot()
            let stat = beta[j] / se
            table.append(Coefficient(term: design.columnNames[j], estimate: beta[j], stdError: se, statistic: stat,
                                     pValue: t.twoSided(stat), confLow: beta[j] - crit * se, confHigh: beta[j] + crit * se))
        }
        self.design = design
        self.formula = formula
        self.names = design.columnNames
        self.coefficients = beta
        self.covariance = cov
        self.fitted = fitted
        self.residuals = resid
        self.rows = data.rows
        self.sourceRowCount = data.sourceRowCount
        self.weighted = data.weights != nil
        self.nobs = n
        self.dfModel = dfModel
        self.dfResidual = dfResid
        self.hasConstant = constant
        self.ssr = ssr
        self.centeredTSS = centered
        self.uncenteredTSS = uncentered
        self.rSquared = r2
        self.adjRSquared = 1 - (Double(n) - kConst) / dfResid * (1 - r2)
        self.fStatistic = f
        self.fPValue = dfModel > 0 ? FDistribution(d1: dfModel, d2: dfResid).sf(f) : .nan
        self.logLikelihood = llf
        self.aic = -2 * llf + 2 * k
        self.bic = -2 * llf + log(Double(n)) * k
        self.scale = scale
        self.table = table
    }

    /// Predictions for the rows of `frame` that have every term (nil elsewhere).
    public func predict(_ frame: Frame) throws -> [Double?] {
        let rows = try DesignBuilder.completeRows(frame, design.factors.keys.sorted())
        let x = try DesignBuilder.matrix(design, frame: frame, rows: rows)
        let yhat = x.times(coefficients)
        var out = [Double?](repeating: nil, count: frame.rowCount)
        for (k, r) in rows.enumerated() { out[r] = yhat[k] }
        return out
    }

    /// Per-row values spread back over the source frame's rows (nil for rows left out).
    public func aligned(_ values: [Double]) -> [Double?] {
        var out = [Double?](repeating: nil, count: sourceRowCount)
        for (k, r) in rows.enumerated() { out[r] = values[k] }
        return out
    }
}
