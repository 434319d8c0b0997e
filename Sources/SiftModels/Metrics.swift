#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// Model evaluation metrics, defined as scikit-learn defines them.
public enum Metrics {
    /// Counts of a binary confusion matrix (1 is the positive class).
    public struct Confusion: Sendable, Equatable {
        public var tp = 0, fp = 0, tn = 0, fn = 0
        public init(tp: Int = 0, fp: Int = 0, tn: Int = 0, fn: Int = 0) {
            self.tp = tp; self.fp = fp; self.tn = tn; self.fn = fn
        }
        public init(truth: [Bool], predicted: [Bool]) {
            for (t, p) in zip(truth, predicted) {
                switch (t, p) {
                case (true, true): tp += 1
                case (false, true): fp += 1
                case (false, false): tn += 1
                case (true, false): fn += 1
                }
            }
        }
        public var total: Int { tp + fp + tn + fn }
        public var accuracy: Double { total == 0 ? .nan : Double(tp + tn) / Double(total) }
        /// 0 when nothing is predicted positive (scikit-learn's zero_division default, with a warning there).
        public var precision: Double { tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp) }
        public var recall: Double { tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn) }
        public var f1: Double {
            let d = 2 * tp + fp + fn
            return d == 0 ? 0 : Double(2 * tp) / Double(d)
        }
    }

    /// Area under the ROC curve: the probability that a random positive scores above a random
    /// negative, ties counting one half (the Mann–Whitney statistic, equal to the trapezoidal area).
    public static func rocAUC(truth: [Bool], score: [Double]) throws -> Double {
        let pos = truth.filter { $0 }.count, neg = truth.count - pos
        guard pos > 0, neg > 0 else {
            throw FrameError("ROC AUC needs both classes among the rows, but only one is present",
                             hint: "evaluate on a larger or stratified test set: split(df, 0.8, stratify: y)")
        }
        let order = score.indices.sorted { score[$0] < score[$1] }
        var rankSumPositives = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && score[order[j + 1]] == score[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where truth[order[k]] { rankSumPositives += averageRank }
            i = j + 1
        }
        let u = rankSumPositives - Double(pos) * Double(pos + 1) / 2
        return u / (Double(pos) * Double(neg))
    }

    /// Mean negative log-likelihood of the labels; probabilities are clipped to [ε, 1 − ε].
    public static func logLoss(truth: [Bool], probability: [Double]) -> Double {
        let eps = Double.ulpOfOne
        var s = 0.0
        for (t, p) in zip(truth, probability) {
            let q = min(max(p, eps), 1 - eps)
            s -= t ? log(q) : log(1 - q)
        }
        return s / Double(truth.count)
    }

    public static func rmse(_ y: [Double], _ yhat: [Double]) -> Double {
        var s = 0.0
        for (a, b) in zip(y, yhat) { s += (a - b) * (a - b) }
        return (s / Double(y.count)).squareRoot()
    }

    public static func mae(_ y: [Double], _ yhat: [Double]) -> Double {
        var s = 0.0
        for (a, b) in zip(y, yhat) { s += abs(a - b) }
        return s / Double(y.count)
    }

    /// 1 − SS_res / SS_tot around the mean of y (can be negative on test data).
    public static func rSquared(_ y: [Double], _ yhat: [Double]) -> Double {
        let mean = y.reduce(0, +) / Double(y.count)
        var res = 0.0, tot = 0.0
        for (a, b) in zip(y, yhat) {
            res += (a - b) * (a - b)
            tot += (a - mean) * (a - mean)
        }
        return tot == 0 ? .nan : 1 - res / tot
    }

    /// Mean of |y − ŷ| / |y| as a fraction (not percent); |y| is floored at machine epsilon as in
    /// scikit-learn, so a zero y gives a huge term rather than a division by zero.
    public static func mape(_ y: [Double], _ yhat: [Double]) -> Double {
        var s = 0.0
        for (a, b) in zip(y, yhat) { s += abs(a - b) / max(abs(a), Double.ulpOfOne) }
        return s / Double(y.count)
    }
}
