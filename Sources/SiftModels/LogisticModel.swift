#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// How a two-class response maps to 0/1, and back to the user's labels.
public struct BinaryResponse: Sendable, Codable {
    /// The value shown for 0 and for 1 (`false`/`true`, `0`/`1`, or two texts in sorted order).
    public let labels: (negative: String, positive: String)
    public let type: DataType

    public init(labels: (negative: String, positive: String), type: DataType) {
        self.labels = labels
        self.type = type
    }

    private enum CodingKeys: String, CodingKey { case negative, positive, type }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let typeName = try c.decode(String.self, forKey: .type)
        guard let t = DataType(rawValue: typeName) else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown response type \(typeName)")
        }
        labels = (try c.decode(String.self, forKey: .negative), try c.decode(String.self, forKey: .positive))
        type = t
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(labels.negative, forKey: .negative)
        try c.encode(labels.positive, forKey: .positive)
        try c.encode(type.rawValue, forKey: .type)
    }

    /// Reads a response column as 0/1: booleans, numbers that are all 0 or 1, or text with two values
    /// (the second in sorted order is 1).
    public static func code(_ c: Column, rows: [Int]) throws -> (BinaryResponse, [Double]) {
        switch c.storage {
        case .bool(let a):
            let y = rows.map { a[$0] ? 1.0 : 0.0 }
            return (BinaryResponse(labels: ("false", "true"), type: .bool), y)
        case .int, .float:
            let d = c.doubles!
            let y = rows.map { d[$0] }
            if let bad = y.first(where: { $0 != 0 && $0 != 1 }) {
                throw FrameError("the response '\(c.name)' must be 0/1 or true/false for a classifier, but it holds \(ScalarFormat.float(bad))",
                                 hint: "make a yes/no column first, e.g. mutate(\(c.name)_flag = \(c.name) > 0)")
            }
            return (BinaryResponse(labels: c.type == .int ? ("0", "1") : ("0.0", "1.0"), type: c.type), y)
        case .string(let s):
            var set = Set<String>()
            for r in rows { set.insert(s.string(at: r)) }
            let levels = set.sorted()
            guard levels.count <= 2 else {
                throw FrameError("the response '\(c.name)' has \(levels.count) distinct values; logit needs exactly two",
                                 hint: "make a yes/no column first, e.g. mutate(is_\(levels[0].lowercased()) = \(c.name) == \"\(levels[0])\")")
            }
            let positive = levels.last!
            let y = rows.map { s.string(at: $0) == positive ? 1.0 : 0.0 }
            return (BinaryResponse(labels: (levels.first!, positive), type: .string), y)
        default:
            throw FrameError("the response '\(c.name)' is \(c.type.rawValue); a classifier needs true/false, 0/1 or two text values")
        }
    }

    public func label(_ positive: Bool) -> Scalar {
        switch type {
        case .bool: return .bool(positive)
        case .int: return .int(positive ? 1 : 0)
        case .float: return .float(positive ? 1 : 0)
        default: return .string(positive ? labels.positive : labels.negative)
        }
    }
}

/// Logistic regression by Newton–Raphson (iteratively reweighted least squares, each step a QR
/// solve of the weighted design), with step halving when the log-likelihood would drop.
/// Statistics follow statsmodels' `Logit`.
public struct LogitFit: Sendable, Codable {
    public let design: Design
    public let formula: String
    public let response: BinaryResponse
    public let names: [String]
    public let coefficients: [Double]
    public let covariance: [Double]
    public let table: [Coefficient]
    /// Fitted probabilities for the rows used.
    public let fitted: [Double]
    public let y: [Double]
    public let rows: [Int]
    public let sourceRowCount: Int
    public let nobs: Int
    public let dfModel: Double
    public let dfResidual: Double
    public let hasConstant: Bool
    public let logLikelihood: Double
    public let llNull: Double
    public let pseudoRSquared: Double
    public let llr: Double
    public let llrPValue: Double
    public let aic: Double
    public let bic: Double
    public let iterations: Int
    public var droppedRows: Int { sourceRowCount - nobs }

    public static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }

    /// Σ y η − log(1 + e^η), without overflow.
    public static func logLikelihood(_ y: [Double], _ eta: [Double]) -> Double {
        var s = 0.0
        for i in 0..<y.count {
            let e = eta[i]
            let softplus = e > 0 ? e + log1p(exp(-e)) : log1p(exp(e))
            s += y[i] * e - softplus
        }
        return s
    }

    public init(design: Design, data: ModelData, response: BinaryResponse, formula: String,
                maxIterations: Int = 100, tolerance: Double = 1e-10) throws {
        let x = data.x, y = data.y
        let n = x.rows, p = x.cols
        let positives = y.reduce(0, +)
        if positives == 0 || positives == Double(n) {
            let only = response.label(positives > 0)
            throw FrameError("the response '\(design.response)' has a single class (\(ScalarFormat.plain(only))) in the \(n) rows used; logit needs both outcomes",
                             hint: "check the filter that produced the data, or the response column")
        }
        try Collinearity.check(HouseholderQR(x), names: design.columnNames)
        guard n > p else {
            throw FrameError("\(p) coefficients need more than \(p) complete rows, but there are \(n)", hint: "use fewer terms or more data")
        }
        // Spread of each column, to say which term diverges under separation.
        let spread: [Double] = (0..<p).map { j in
            var mn = Double.infinity, mx = -Double.infinity
            for i in 0..<n { mn = min(mn, x[i, j]); mx = max(mx, x[i, j]) }
            return mx - mn
        }
        var beta = [Double](repeating: 0, count: p)
        var eta = [Double](repeating: 0, count: n)
        var llf = Self.logLikelihood(y, eta)
        var iterations = 0
        var converged = false
        var lastStep = [Double](repeating: 0, count: p)
        func diverging(_ step: [Double]) -> String {
            let j = (0..<p).max { abs(step[$0]) * spread[$0] < abs(step[$1]) * spread[$1] } ?? 0
            return design.columnNames[j]
        }
        while iterations < maxIterations {
            try Cancellation.check()
            iterations += 1
            var sw = [Double](repeating: 0, count: n)
            var z = [Double](repeating: 0, count: n)
            var worst = 0.0
            for i in 0..<n {
                let mu = Self.sigmoid(eta[i])
                let w = max(mu * (1 - mu), 1e-300)
                sw[i] = w.squareRoot()
                z[i] = (y[i] - mu) / sw[i]
                worst = max(worst, abs(y[i] - mu))
            }
            if worst < 1e-7 {
                throw FrameError("complete separation: the terms predict '\(design.response)' perfectly, so the coefficients grow without bound (most of all '\(diverging(lastStep))')",
                                 hint: "remove the term that gives the outcome away, or use a model that copes with it, e.g. decision_tree")
            }
            let qr = HouseholderQR(x.scalingRows(sw))
            if qr.rank < p {
                throw FrameError("quasi-complete separation: some outcomes are predicted perfectly, so '\(diverging(lastStep))' diverges",
                                 hint: "remove or merge the term (a category where every row has the same outcome does this)")
            }
            var step = qr.solve(z)
            var factor = 1.0
            var candidate = beta
            var newEta = eta
            var newLLF = llf
            for _ in 0..<30 {
                for j in 0..<p { candidate[j] = beta[j] + factor * step[j] }
                newEta = x.times(candidate)
                newLLF = Self.logLikelihood(y, newEta)
                if newLLF >= llf - 1e-12 * abs(llf) { break }
                factor /= 2
            }
            for j in 0..<p { step[j] *= factor }
            lastStep = step
            beta = candidate
            eta = newEta
            let change = zip(step, beta).map { abs($0) / max(1, abs($1)) }.max() ?? 0
            let gain = newLLF - llf
            llf = newLLF
            if change < tolerance || (gain >= 0 && gain < 1e-15 * abs(llf) && change < 1e-6) {
                converged = true
                break
            }
        }
        if !converged {
            throw FrameError("logit did not converge in \(maxIterations) iterations; '\(diverging(lastStep))' keeps growing, which usually means (quasi-)complete separation",
                             hint: "remove or merge that term, or raise max_iter")
        }
        // Covariance at the optimum: the inverse of Xᵀ W X, through the QR of W^½ X.
        var sw = [Double](repeating: 0, count: n)
        var mu = [Double](repeating: 0, count: n)
        for i in 0..<n {
            mu[i] = Self.sigmoid(eta[i])
            sw[i] = max(mu[i] * (1 - mu[i]), 1e-300).squareRoot()
        }
        // Rows predicted with certainty mean a coefficient ran off to infinity (Newton stalls once
        // the probabilities round to exactly 0 or 1): quasi-complete separation.
        if mu.contains(where: { min($0, 1 - $0) < 1e-12 }) {
            var j = -1
            for k in 0..<p where spread[k] > 0 && (j < 0 || abs(beta[k]) * spread[k] > abs(beta[j]) * spread[j]) { j = k }
            let name = j >= 0 ? design.columnNames[j] : design.columnNames[0]
            throw FrameError("quasi-complete separation: some rows' outcomes are predicted with certainty, so the coefficient of '\(name)' grows without bound",
                             hint: "remove or merge that term (a category whose rows all have the same outcome does this)")
        }
        let qr = HouseholderQR(x.scalingRows(sw))
        guard qr.rank == p else {
            throw FrameError("quasi-complete separation: the information matrix is singular at the optimum",
                             hint: "remove the term that predicts the outcome perfectly for some rows")
        }
        let cov = qr.inverseGram()
        var constant = design.hasIntercept
        if !constant {
            // A constant in the column space of X (e.g. every level of a categorical) counts as one.
            var ones = [Double](repeating: 1, count: n)
            let plain = HouseholderQR(x)
            plain.applyQT(&ones)
            var rest = 0.0
            for i in plain.rank..<n { rest += ones[i] * ones[i] }
            constant = rest.squareRoot() <= 1e-9 * Double(n).squareRoot()
        }
        let kConst = constant ? 1.0 : 0.0
        let ybar = positives / Double(n)
        let llNull = Double(n) * (ybar * log(ybar) + (1 - ybar) * log(1 - ybar))
        let dfModel = Double(p) - kConst
        let crit = Normal.quantile(0.975)
        var table: [Coefficient] = []
        for j in 0..<p {
            let se = cov[j * p + j].squareRoot()
            let zStat = beta[j] / se
            table.append(Coefficient(term: design.columnNames[j], estimate: beta[j], stdError: se, statistic: zStat,
                                     pValue: 2 * Normal.sf(abs(zStat)), confLow: beta[j] - crit * se, confHigh: beta[j] + crit * se))
        }
        self.design = design
        self.formula = formula
        self.response = response
        self.names = design.columnNames
        self.coefficients = beta
        self.covariance = cov
        self.table = table
        self.fitted = mu
        self.y = y
        self.rows = data.rows
        self.sourceRowCount = data.sourceRowCount
        self.nobs = n
        self.dfModel = dfModel
        self.dfResidual = Double(n - p)
        self.hasConstant = constant
        self.logLikelihood = llf
        self.llNull = llNull
        self.pseudoRSquared = 1 - llf / llNull
        self.llr = 2 * (llf - llNull)
        self.llrPValue = dfModel > 0 ? ChiSquare(df: dfModel).sf(2 * (llf - llNull)) : .nan
        self.aic = -2 * llf + 2 * (dfModel + kConst)
        self.bic = -2 * llf + log(Double(n)) * (dfModel + kConst)
        self.iterations = iterations
    }

    /// Probabilities for the rows of `frame` that have every term (nil elsewhere).
    public func predict(_ frame: Frame) throws -> [Double?] {
        let rows = try DesignBuilder.completeRows(frame, design.factors.keys.sorted())
        let eta = try DesignBuilder.matrix(design, frame: frame, rows: rows).times(coefficients)
        var out = [Double?](repeating: nil, count: frame.rowCount)
        for (k, r) in rows.enumerated() { out[r] = Self.sigmoid(eta[k]) }
        return out
    }

    public func aligned(_ values: [Double]) -> [Double?] {
        var out = [Double?](repeating: nil, count: sourceRowCount)
        for (k, r) in rows.enumerated() { out[r] = values[k] }
        return out
    }

    public func summary(width: Int = 80) -> String {
        var s = SummaryLayout(title: "Logit Regression Results")
        s.left = [
            ("Dep. Variable", design.response + " = " + response.labels.positive),
            ("Model", "Logit"),
            ("Method", "MLE (Newton)"),
            ("No. Observations", String(nobs)),
            ("Df Residuals", String(Int(dfResidual))),
            ("Df Model", String(Int(dfModel))),
            ("Iterations", String(iterations)),
        ]
        s.right = [
            ("Pseudo R-squ.", Fmt.c("%.4f", pseudoRSquared)),
            ("Log-Likelihood", Fmt.c("%#.5g", logLikelihood)),
            ("LL-Null", Fmt.c("%#.5g", llNull)),
            ("LLR p-value", Fmt.c("%#.4g", llrPValue)),
            ("AIC", Fmt.g4(aic)),
            ("BIC", Fmt.g4(bic)),
        ]
        s.header = ["", "coef", "std err", "z", "P>|z|", "[0.025", "0.975]"]
        s.addCoefficients(table, formula: formula, droppedRows: droppedRows)
        return s.render(width: width)
    }
}
