#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// printf-style number formatting (C's, so `%g` and `%#.3f` mean what statisticians expect).
public enum Fmt {
    public static func c(_ format: String, _ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([x]) { vsnprintf(&buf, 64, format, $0) }
        return String(cString: buf)
    }

    public static func c(_ format: String, _ x: Int) -> String {
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([x]) { vsnprintf(&buf, 64, format, $0) }
        return String(cString: buf)
    }

    /// statsmodels' `forg`: fixed decimals for ordinary magnitudes, %g beyond them.
    public static func forg(_ x: Double, _ prec: Int = 3) -> String {
        if x.isNaN { return "nan" }
        if abs(x) >= 1e4 || (abs(x) < 1e-4 && x != 0) { return c("%.\(prec)g", x) }
        return c("%.\(prec)f", x)
    }

    /// Four significant digits, for fit statistics.
    public static func g4(_ x: Double) -> String { c("%#.4g", x) }

    public static func pValue(_ p: Double) -> String {
        if p.isNaN { return "nan" }
        return c("%.3f", p)
    }

    static func padLeft(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
    static func padRight(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
}

/// Lays out a statsmodels-style summary: a title, two columns of "label: value" pairs, and a
/// coefficient table whose columns are right-aligned.
public struct SummaryLayout {
    /// The coefficient table and notes shared by every regression summary (lm, logit).
    mutating func addCoefficients(_ table: [Coefficient], formula: String, droppedRows: Int) {
        rows = table.map { c in
            [c.term, Fmt.forg(c.estimate, 4), Fmt.forg(c.stdError, 4), Fmt.c("%.3f", c.statistic), Fmt.pValue(c.pValue),
             Fmt.forg(c.confLow, 3), Fmt.forg(c.confHigh, 3)]
        }
        notes = ["Formula: \(formula)"]
        if droppedRows > 0 { notes.append("\(droppedRows) row\(droppedRows == 1 ? "" : "s") with nulls in the model's columns were left out.") }
    }

    public var title: String
    public var left: [(String, String)] = []
    public var right: [(String, String)] = []
    public var header: [String] = []
    public var rows: [[String]] = []
    public var notes: [String] = []

    public init(title: String) { self.title = title }

    public func render(width: Int) -> String {
        // Widths: first column from the term names, the rest from the cells, at least 10 wide.
        var colWidths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < colWidths.count { colWidths[i] = max(colWidths[i], c.count) } }
        if !colWidths.isEmpty { for i in 1..<colWidths.count { colWidths[i] = max(colWidths[i], 9) } }
        let tableWidth = colWidths.reduce(0, +) + 2 * max(0, colWidths.count - 1)
        let pairWidth = max(((left + right).map { $0.0.count + $0.1.count + 3 }.max() ?? 30), 30)
        let total = max(min(max(tableWidth, 2 * pairWidth + 4), max(width, tableWidth)), 60)
        let half = (total - 4) / 2
        var out = ""
        let pad = max(0, (total - title.count) / 2)
        out += String(repeating: " ", count: pad) + title + "\n"
        out += String(repeating: "=", count: total) + "\n"
        for i in 0..<max(left.count, right.count) {
            func cell(_ p: (String, String)?) -> String {
                guard let p else { return String(repeating: " ", count: half) }
                return Fmt.padRight(p.0 + ":", half - p.1.count) + p.1
            }
            var line = cell(i < left.count ? left[i] : nil) + "    " + cell(i < right.count ? right[i] : nil)
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        if !header.isEmpty {
            out += String(repeating: "=", count: total) + "\n"
            func line(_ cells: [String]) -> String {
                var s = ""
                for (i, c) in cells.enumerated() {
                    if i == 0 { s += Fmt.padRight(c, colWidths[0]) } else { s += "  " + Fmt.padLeft(c, colWidths[i]) }
                }
                return s
            }
            out += line(header) + "\n"
            out += String(repeating: "-", count: total) + "\n"
            for r in rows { out += line(r) + "\n" }
        }
        out += String(repeating: "=", count: total)
        for n in notes { out += "\n" + n }
        return out
    }
}

extension LinearFit {
    /// A summary laid out like statsmodels' `OLS Regression Results`.
    public func summary(width: Int = 80) -> String {
        var s = SummaryLayout(title: weighted ? "WLS Regression Results" : "OLS Regression Results")
        s.left = [
            ("Dep. Variable", design.response),
            ("Model", weighted ? "WLS" : "OLS"),
            ("Method", "Least Squares"),
            ("No. Observations", String(nobs)),
            ("Df Residuals", String(Int(dfResidual))),
            ("Df Model", String(Int(dfModel))),
            ("Residual Std. Error", Fmt.g4(residualStdError)),
        ]
        s.right = [
            ("R-squared" + (hasConstant ? "" : " (uncentered)"), Fmt.c("%.3f", rSquared)),
            ("Adj. R-squared" + (hasConstant ? "" : " (uncentered)"), Fmt.c("%.3f", adjRSquared)),
            ("F-statistic", Fmt.g4(fStatistic)),
            ("Prob (F-statistic)", Fmt.c("%.3g", fPValue)),
            ("Log-Likelihood", Fmt.c("%#.5g", logLikelihood)),
            ("AIC", Fmt.g4(aic)),
            ("BIC", Fmt.g4(bic)),
        ]
        s.header = ["", "coef", "std err", "t", "P>|t|", "[0.025", "0.975]"]
        s.addCoefficients(table, formula: formula, droppedRows: droppedRows)
        return s.render(width: width)
    }
}
