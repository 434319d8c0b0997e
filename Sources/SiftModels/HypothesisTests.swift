#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// The tests marketers run, with p-values from the distribution functions in this module.
public enum HypothesisTests {
    public struct Result: Sendable {
        public var statistic: Double
        public var pValue: Double
        public var df: Double?
        /// Named estimates (means, proportions, their difference) and a 95% interval for the difference.
        public var estimates: [(String, Double)]
        public var confLow: Double?
        public var confHigh: Double?
    }

    /// Welch's two-sample t-test (unequal variances), two-sided.
    public static func welch(_ a: [Double], _ b: [Double], level: Double = 0.95) throws -> Result {
        guard a.count >= 2, b.count >= 2 else {
            throw FrameError("a t-test needs at least two values in each group, got \(a.count) and \(b.count)")
        }
        let (ma, va) = meanVar(a), (mb, vb) = meanVar(b)
        let sa = va / Double(a.count), sb = vb / Double(b.count)
        guard sa + sb > 0 else { throw FrameError("both groups are constant, so the t statistic is undefined") }
        let se = (sa + sb).squareRoot()
        let t = (ma - mb) / se
        let df = (sa + sb) * (sa + sb) / (sa * sa / Double(a.count - 1) + sb * sb / Double(b.count - 1))
        let dist = StudentT(df: df)
        let crit = dist.quantile(1 - (1 - level) / 2)
        return Result(statistic: t, pValue: dist.twoSided(t), df: df,
                      estimates: [("mean_x", ma), ("mean_y", mb), ("difference", ma - mb)],
                      confLow: ma - mb - crit * se, confHigh: ma - mb + crit * se)
    }

    /// Two-proportion z-test with the pooled standard error (statsmodels' `proportions_ztest`),
    /// two-sided; the interval for the difference uses the unpooled standard error.
    public static func twoProportions(successes: (Double, Double), trials: (Double, Double), level: Double = 0.95) throws -> Result {
        let (x1, x2) = successes, (n1, n2) = trials
        guard n1 > 0, n2 > 0, x1 >= 0, x2 >= 0, x1 <= n1, x2 <= n2 else {
            throw FrameError("successes must be between 0 and the number of trials, and trials positive")
        }
        let p1 = x1 / n1, p2 = x2 / n2
        let pooled = (x1 + x2) / (n1 + n2)
        let se = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
        guard se > 0 else { throw FrameError("the pooled proportion is 0 or 1, so the z statistic is undefined") }
        let z = (p1 - p2) / se
        let crit = Normal.quantile(1 - (1 - level) / 2)
        let seDiff = (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2).squareRoot()
        return Result(statistic: z, pValue: 2 * Normal.sf(abs(z)), df: nil,
                      estimates: [("proportion_1", p1), ("proportion_2", p2), ("difference", p1 - p2)],
                      confLow: p1 - p2 - crit * seDiff, confHigh: p1 - p2 + crit * seDiff)
    }

    /// Pearson's chi-square test of independence on a contingency table (rows × columns of
    /// counts), without continuity correction.
    public static func chiSquare(table: [[Double]]) throws -> Result {
        let r = table.count, c = table.first?.count ?? 0
        guard r >= 2, c >= 2, table.allSatisfy({ $0.count == c }) else {
            throw FrameError("a chi-square test needs at least two categories on each side")
        }
        let rowSums = table.map { $0.reduce(0, +) }
        let colSums = (0..<c).map { j in table.reduce(0) { $0 + $1[j] } }
        let total = rowSums.reduce(0, +)
        var stat = 0.0
        for i in 0..<r {
            for j in 0..<c {
                let e = rowSums[i] * colSums[j] / total
                guard e > 0 else { throw FrameError("a category has no observations, so expected counts are zero") }
                stat += (table[i][j] - e) * (table[i][j] - e) / e
            }
        }
        let df = Double((r - 1) * (c - 1))
        return Result(statistic: stat, pValue: ChiSquare(df: df).sf(stat), df: df, estimates: [("n", total)], confLow: nil, confHigh: nil)
    }

    static func meanVar(_ x: [Double]) -> (Double, Double) {
        let m = x.reduce(0, +) / Double(x.count)
        var v = 0.0
        for a in x { v += (a - m) * (a - m) }
        return (m, v / Double(x.count - 1))
    }
}
