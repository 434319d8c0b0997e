#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gaussian naive Bayes, as scikit-learn's `GaussianNB`: per class a normal distribution per
/// feature (maximum-likelihood variance plus `varSmoothing` × the largest feature variance),
/// class priors from the class frequencies.
public struct GaussianNaiveBayes: Sendable, Codable {
    public let classCount: Int
    public let priors: [Double]
    /// means[c][j], variances[c][j]
    public let means: [[Double]]
    public let variances: [[Double]]
    public let counts: [Int]

    public init(x: Matrix, y: [Double], classCount: Int, varSmoothing: Double = 1e-9) {
        let n = x.rows, p = x.cols
        var counts = [Int](repeating: 0, count: classCount)
        var sums = [[Double]](repeating: [Double](repeating: 0, count: p), count: classCount)
        for i in 0..<n { counts[Int(y[i])] += 1 }
        for j in 0..<p { for i in 0..<n { sums[Int(y[i])][j] += x[i, j] } }
        let means = (0..<classCount).map { c in sums[c].map { counts[c] > 0 ? $0 / Double(counts[c]) : 0 } }
        var vars = [[Double]](repeating: [Double](repeating: 0, count: p), count: classCount)
        for j in 0..<p {
            for i in 0..<n {
                let c = Int(y[i])
                let d = x[i, j] - means[c][j]
                vars[c][j] += d * d
            }
        }
        // The smoothing is relative to the largest variance of any feature over all rows.
        var largest = 0.0
        for j in 0..<p { largest = max(largest, x.columnMoments(j).variance) }
        let epsilon = varSmoothing * largest
        self.variances = (0..<classCount).map { c in vars[c].map { (counts[c] > 0 ? $0 / Double(counts[c]) : 0) + epsilon } }
        self.means = means
        self.counts = counts
        self.classCount = classCount
        self.priors = counts.map { Double($0) / Double(n) }
    }

    /// Posterior class probabilities for row `row` of `x` (by log-sum-exp).
    public func predict(_ x: Matrix, row: Int) -> [Double] {
        var logp = [Double](repeating: -.infinity, count: classCount)
        for c in 0..<classCount where counts[c] > 0 {
            var s = log(priors[c])
            for j in 0..<x.cols {
                let v = variances[c][j], d = x[row, j] - means[c][j]
                s -= 0.5 * log(2 * Double.pi * v) + d * d / (2 * v)
            }
            logp[c] = s
        }
        let top = logp.max() ?? 0
        let e = logp.map { exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }
}

/// k-nearest neighbours by brute force on (optionally standardized) features: classification by
/// the share of each class among the k nearest rows, regression by their mean. Distances are
/// Euclidean; ties at the k-th distance go to the earlier row, as a stable sort does.
public struct NearestNeighbors: Sendable, Codable {
    public let k: Int
    public let classCount: Int
    public let isClassifier: Bool
    public let scaled: Bool
    public let means: [Double]
    public let scales: [Double]
    /// Training features, row-major and scaled.
    let points: [Double]
    let y: [Double]
    public let rows: Int
    public let features: Int

    public init(x: Matrix, y: [Double], classCount: Int, k: Int, scale: Bool, classifier: Bool) {
        let n = x.rows, p = x.cols
        var means = [Double](repeating: 0, count: p), scales = [Double](repeating: 1, count: p)
        if scale {
            for j in 0..<p {
                let (m, v) = x.columnMoments(j)
                means[j] = m
                scales[j] = v > 0 ? v.squareRoot() : 1
            }
        }
        var pts = [Double](repeating: 0, count: n * p)
        for i in 0..<n { for j in 0..<p { pts[i * p + j] = (x[i, j] - means[j]) / scales[j] } }
        self.points = pts
        self.y = y
        // Between 1 and the number of rows: more neighbours than rows are all of them, and the
        // prediction buffer reserves k + 1 slots (Int.max + 1 traps).
        self.k = Swift.max(1, Swift.min(k, n))
        self.classCount = classCount
        self.isClassifier = classifier
        self.scaled = scale
        self.means = means
        self.scales = scales
        self.rows = n
        self.features = p
    }

    /// Class shares (classification) or [mean] (regression) over the k nearest training rows.
    public func predict(_ x: Matrix, row: Int) -> [Double] {
        let p = features
        var q = [Double](repeating: 0, count: p)
        for j in 0..<p { q[j] = (x[row, j] - means[j]) / scales[j] }
        // Keep the k smallest (distance, index) pairs in a small sorted buffer.
        var best: [(Double, Int)] = []
        best.reserveCapacity(k + 1)
        points.withUnsafeBufferPointer { pts in
            for i in 0..<rows {
                var d = 0.0
                for j in 0..<p { let t = pts[i * p + j] - q[j]; d += t * t }
                if best.count == k, d >= best[k - 1].0 { continue }
                var pos = best.count
                while pos > 0 && best[pos - 1].0 > d { pos -= 1 }
                best.insert((d, i), at: pos)
                if best.count > k { best.removeLast() }
            }
        }
        if !isClassifier { return [best.reduce(0) { $0 + y[$1.1] } / Double(best.count)] }
        var shares = [Double](repeating: 0, count: classCount)
        for (_, i) in best { shares[Int(y[i])] += 1 / Double(best.count) }
        return shares
    }

    public func predictAll(_ x: Matrix) -> [Double] {
        Batch.rows(x.rows, width: isClassifier ? classCount : 1) { row, acc in
            let v = predict(x, row: row)
            for k in 0..<v.count { acc[k] = v[k] }
        }
    }
}

extension GaussianNaiveBayes {
    public func predictAll(_ x: Matrix) -> [Double] {
        Batch.rows(x.rows, width: classCount) { row, acc in
            let v = predict(x, row: row)
            for k in 0..<v.count { acc[k] = v[k] }
        }
    }
}
