#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// A support vector classifier for any number of classes, built from binary `SVM`s the way
/// scikit-learn builds it, so that its predictions can be checked against scikit-learn's:
///
/// - Two classes: one model, positive decision values meaning class 1 (the later label).
/// - Linear (dual coordinate descent): one-vs-rest, as liblinear and `LinearSVC` do. Model c
///   separates class c (+1) from all the others; the predicted class has the largest decision
///   value. Probabilities: each model's Platt sigmoid, normalised to sum to 1 over the classes,
///   which is what `CalibratedClassifierCV(LinearSVC(), method="sigmoid")` does.
/// - Kernel (SMO): one-vs-one, as libsvm and `SVC` do. One model per pair of classes (i, j), i < j,
///   fitted on the rows of those two classes only, positive meaning i. The predicted class has the
///   most pairwise wins, ties going to the lower class (libsvm's vote). Probabilities: each pair's
///   Platt sigmoid gives P(i | i or j), and the pairs are coupled into one distribution by the
///   second method of Wu, Lin & Weng (2004), as libsvm's `multiclass_probability`.
///
/// Class labels are the integers 0..<classCount; the caller maps them to its own labels.
public struct MulticlassSVM: Sendable, Codable {
    public enum Scheme: String, Sendable, Codable {
        case binary
        case oneVsRest = "one-vs-rest"
        case oneVsOne = "one-vs-one"
    }

    /// The two classes a one-vs-one model separates; positive decision values mean `first`.
    public struct Pair: Sendable, Equatable, Codable {
        public let first: Int
        public let second: Int
    }

    public let scheme: Scheme
    public let classCount: Int
    public let features: Int
    /// Binary: one model. One-vs-rest: one per class. One-vs-one: one per entry of `pairs`.
    public let models: [SVM]
    /// One-vs-one only: (0, 1), (0, 2), …, (1, 2), …, libsvm's order of the pairwise models.
    public let pairs: [Pair]
    /// One-vs-one only: every training row that is a support vector of some pair (row-major),
    /// and for each model where its support vectors sit in that matrix. A row kernel value is
    /// then computed once per support vector and shared by the k − 1 pairs that use it, as libsvm does.
    let sharedVectors: [Double]
    let slots: [[Int]]

    /// The kernel of kernel models; nil for the linear (dual coordinate descent) ones.
    public var kernel: SVM.Kernel? { models.first?.kernel }
    /// Training rows that are support vectors of at least one model (scikit-learn's `len(support_)`).
    public var supportVectorCount: Int {
        if scheme == .oneVsOne { return sharedVectors.count / max(1, features) }
        return models.first?.supportVectorCount ?? 0
    }
    /// The most iterations any one model needed (scikit-learn's `n_iter_` for `LinearSVC`).
    public var iterations: Int { models.map(\.iterations).max() ?? 0 }
    public var converged: Bool { models.allSatisfy(\.converged) }

    /// Smallest pairwise probability used in the coupling (libsvm's `min_prob`): a sigmoid that
    /// rounds to 0 or 1 would make the coupled system singular.
    static let minimumPairProbability = 1e-7

    // MARK: fitting

    /// Fits linear models on rows of `x` (row-major, n × p) with class labels 0..<classCount.
    public static func linear(x: [Double], classes y: [Int], classCount k: Int, features p: Int,
                              options: SVM.Options) throws -> MulticlassSVM {
        if k <= 2 {
            let model = try SVM.linear(x: x, y: y.map { $0 == 1 ? 1 : -1 }, features: p, options: options)
            return MulticlassSVM(scheme: .binary, classCount: 2, features: p, models: [model])
        }
        var models: [SVM] = []
        for c in 0..<k {
            try Cancellation.check()
            models.append(try SVM.linear(x: x, y: y.map { $0 == c ? 1 : -1 }, features: p, options: options))
        }
        return MulticlassSVM(scheme: .oneVsRest, classCount: k, features: p, models: models)
    }

    /// Fits kernel models (SMO) on rows of `x` with class labels 0..<classCount.
    public static func kernel(x: [Double], classes y: [Int], classCount k: Int, features p: Int, kernel: SVM.Kernel,
                              options: SVM.Options) throws -> MulticlassSVM {
        if k <= 2 {
            let model = try SVM.kernel(x: x, y: y.map { $0 == 1 ? 1 : -1 }, features: p, kernel: kernel, options: options)
            return MulticlassSVM(scheme: .binary, classCount: 2, features: p, models: [model])
        }
        var byClass = [[Int]](repeating: [], count: k)
        for (r, c) in y.enumerated() where c >= 0 && c < k { byClass[c].append(r) }
        var models: [SVM] = [], pairs: [Pair] = [], slots: [[Int]] = []
        var shared: [Double] = []
        var slotOfRow: [Int: Int] = [:]
        for i in 0..<k {
            for j in (i + 1)..<k {
                try Cancellation.check()
                // The rows of class i, then those of class j, as libsvm lays out a sub-problem.
                let rows = byClass[i] + byClass[j]
                var sub = [Double](), labels = [Double]()
                sub.reserveCapacity(rows.count * p)
                for r in rows { sub += x[(r * p)..<((r + 1) * p)] }
                labels += [Double](repeating: 1, count: byClass[i].count)
                labels += [Double](repeating: -1, count: byClass[j].count)
                let model = try SVM.kernel(x: sub, y: labels, features: p, kernel: kernel, options: options)
                var modelSlots: [Int] = []
                for t in model.supportIndices {
                    let r = rows[t]
                    if let s = slotOfRow[r] { modelSlots.append(s); continue }
                    let s = slotOfRow.count
                    slotOfRow[r] = s
                    shared += x[(r * p)..<((r + 1) * p)]
                    modelSlots.append(s)
                }
                models.append(model)
                pairs.append(Pair(first: i, second: j))
                slots.append(modelSlots)
            }
        }
        return MulticlassSVM(scheme: .oneVsOne, classCount: k, features: p, models: models, pairs: pairs,
                             sharedVectors: shared, slots: slots)
    }

    init(scheme: Scheme, classCount: Int, features: Int, models: [SVM], pairs: [Pair] = [],
         sharedVectors: [Double] = [], slots: [[Int]] = []) {
        self.scheme = scheme
        self.classCount = classCount
        self.features = features
        self.models = models
        self.pairs = pairs
        self.sharedVectors = sharedVectors
        self.slots = slots
    }

    // MARK: prediction

    /// The raw decision values of row `i` of a row-major matrix: one value (binary, positive means
    /// class 1), one per class (one-vs-rest) or one per pair (one-vs-one, positive means the
    /// pair's first class), scikit-learn's `decision_function` with `decision_function_shape="ovo"`.
    public func decisions(_ x: [Double], row i: Int) -> [Double] {
        guard scheme == .oneVsOne, let k = kernel else { return models.map { $0.decision(x, row: i) } }
        let p = features, count = sharedVectors.count / max(1, p)
        var values = [Double](repeating: 0, count: count)
        sharedVectors.withUnsafeBufferPointer { sv in
            x.withUnsafeBufferPointer { xp in
                for s in 0..<count { values[s] = SVM.kernelValue(k, sv, s, xp, i, p) }
            }
        }
        return models.indices.map { m in
            var f = models[m].bias
            let coef = models[m].dualCoefficients
            for (t, s) in slots[m].enumerated() { f += coef[t] * values[s] }
            return f
        }
    }

    /// One score per class, largest for the predicted class (scikit-learn's default
    /// `decision_function_shape="ovr"`). One-vs-rest: the decision values themselves. One-vs-one:
    /// the votes plus the summed pairwise confidences s squashed to s / (3(|s| + 1)), which lies
    /// in (−⅓, ⅓) and so only orders classes with equal votes. Binary: [−f, f].
    public func classScores(decisions f: [Double]) -> [Double] {
        switch scheme {
        case .binary: return [-(f.first ?? 0), f.first ?? 0]
        case .oneVsRest: return f
        case .oneVsOne:
            var votes = [Double](repeating: 0, count: classCount), confidence = votes
            for (m, pair) in pairs.enumerated() {
                confidence[pair.first] += f[m]
                confidence[pair.second] -= f[m]
                if f[m] < 0 { votes[pair.second] += 1 } else { votes[pair.first] += 1 }
            }
            return (0..<classCount).map { votes[$0] + confidence[$0] / (3 * (abs(confidence[$0]) + 1)) }
        }
    }

    /// The predicted class: the sign (binary), the largest decision value (one-vs-rest), or the
    /// most pairwise wins (one-vs-one). Ties go to the lower class, as in libsvm and numpy's argmax.
    public func predict(decisions f: [Double]) -> Int {
        switch scheme {
        case .binary: return (f.first ?? 0) >= 0 ? 1 : 0
        case .oneVsRest: return Self.firstMaximum(f)
        case .oneVsOne:
            var votes = [Int](repeating: 0, count: classCount)
            for (m, pair) in pairs.enumerated() {
                if f[m] > 0 { votes[pair.first] += 1 } else { votes[pair.second] += 1 }
            }
            var best = 0
            for c in 1..<max(1, classCount) where votes[c] > votes[best] { best = c }
            return best
        }
    }

    /// Class probabilities from the decision values (see the type's description for each scheme).
    public func probabilities(decisions f: [Double]) -> [Double] {
        switch scheme {
        case .binary:
            let p = models[0].probability(decision: f.first ?? 0)
            return [1 - p, p]
        case .oneVsRest:
            let raw = zip(models, f).map { $0.probability(decision: $1) }
            let total = raw.reduce(0, +)
            // Every sigmoid underflowed: nothing to tell the classes apart (scikit-learn falls back the same way).
            guard total > 0, total.isFinite else { return [Double](repeating: 1 / Double(classCount), count: classCount) }
            return raw.map { $0 / total }
        case .oneVsOne:
            var r = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: classCount)
            for (m, pair) in pairs.enumerated() {
                let q = min(max(models[m].probability(decision: f[m]), Self.minimumPairProbability), 1 - Self.minimumPairProbability)
                r[pair.first][pair.second] = q
                r[pair.second][pair.first] = 1 - q
            }
            return Self.coupled(pairwise: r)
        }
    }

    /// Couples pairwise probabilities r[i][j] = P(y = i | y ∈ {i, j}) into one distribution p:
    /// the minimiser of Σ_i Σ_{j≠i} (r[j][i] p_i − r[i][j] p_j)² with Σ p = 1 (Wu, Lin & Weng 2004,
    /// method 2), by libsvm's fixed-point iteration. Unlike voting it gives calibrated
    /// probabilities, and it always has a unique solution when every r is in (0, 1).
    public static func coupled(pairwise r: [[Double]]) -> [Double] {
        let k = r.count
        guard k > 0 else { return [] }
        var p = [Double](repeating: 1 / Double(k), count: k)
        var q = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for t in 0..<k {
            for j in 0..<t {
                q[t][t] += r[j][t] * r[j][t]
                q[t][j] = q[j][t]
            }
            for j in (t + 1)..<k {
                q[t][t] += r[j][t] * r[j][t]
                q[t][j] = -r[j][t] * r[t][j]
            }
        }
        let maxIterations = max(100, k), eps = 0.005 / Double(k)
        var qp = [Double](repeating: 0, count: k)
        for _ in 0..<maxIterations {
            // Recomputed each round for accuracy, as libsvm does.
            var pqp = 0.0
            for t in 0..<k {
                qp[t] = 0
                for j in 0..<k { qp[t] += q[t][j] * p[j] }
                pqp += p[t] * qp[t]
            }
            var maxError = 0.0
            for t in 0..<k { maxError = max(maxError, abs(qp[t] - pqp)) }
            if maxError < eps { break }
            for t in 0..<k where q[t][t] > 0 {
                let diff = (-qp[t] + pqp) / q[t][t]
                p[t] += diff
                pqp = (pqp + diff * (diff * q[t][t] + 2 * qp[t])) / (1 + diff) / (1 + diff)
                for j in 0..<k {
                    qp[j] = (qp[j] + diff * q[t][j]) / (1 + diff)
                    p[j] /= 1 + diff
                }
            }
        }
        return p
    }

    static func firstMaximum(_ v: [Double]) -> Int {
        var best = 0
        for c in v.indices.dropFirst() where v[c] > v[best] { best = c }
        return best
    }
}
