#if canImport(Glibc)
import Glibc
#endif
import SiftFrame

/// A classifier over text: documents become TF-IDF rows (`Vectorizer`), then multinomial naive
/// Bayes or L2-regularised multinomial logistic regression learns the labels. The same families
/// and defaults as scikit-learn's `MultinomialNB(alpha=1)` and `LogisticRegression(C=1)`.
public final class TextClassifier: @unchecked Sendable {
    public enum Family: String, Sendable { case naiveBayes = "naive_bayes", logit }

    public let family: Family
    public let vectorizer: Vectorizer
    public let classes: [String]
    /// Per class: log prior (NB) or intercept (logit).
    public private(set) var bias: [Double]
    /// classes × terms: log P(term | class) (NB) or coefficients (logit).
    public private(set) var weights: [[Double]]
    public private(set) var iterations = 0

    public init(documents: [String], labels: [String], family: Family, vectorizer options: VectorizerOptions,
                alpha: Double = 1.0, c: Double = 1.0, maxIterations: Int = 200) throws {
        self.family = family
        let (vec, counts) = try Vectorizer.fit(documents, options: options)
        vectorizer = vec
        let x = vec.tfidf(counts)
        classes = Array(Set(labels)).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let y = labels.map { classIndex[$0] ?? 0 }
        bias = []
        weights = []
        switch family {
        case .naiveBayes: fitNaiveBayes(x, y, alpha: alpha)
        case .logit: try fitLogit(x, y, c: c, maxIterations: maxIterations)
        }
    }

    private func fitNaiveBayes(_ x: SparseMatrix, _ y: [Int], alpha: Double) {
        let k = classes.count, p = x.columns
        var featureCount = [[Double]](repeating: [Double](repeating: 0, count: p), count: k)
        var classCount = [Double](repeating: 0, count: k)
        for r in 0..<x.rows {
            classCount[y[r]] += 1
            for j in x.range(ofRow: r) { featureCount[y[r]][Int(x.indices[j])] += x.values[j] }
        }
        bias = classCount.map { log($0 / Double(x.rows)) }
        weights = featureCount.map { fc in
            var total = 0.0
            for v in fc { total += v + alpha }
            let lt = log(total)
            return fc.map { log($0 + alpha) - lt }
        }
    }

    /// Minimises Σ −log softmax(W·x + b)[y] + ‖W‖²/(2C) with L-BFGS (intercepts unpenalised).
    /// Two classes are fitted as scikit-learn does, as one binary logistic regression (class 0's
    /// scores fixed at 0): a two-class softmax with both rows penalised would halve the penalty.
    private func fitLogit(_ x: SparseMatrix, _ y: [Int], c: Double, maxIterations: Int) throws {
        let k = classes.count, p = x.columns
        let free = k == 2 ? 1 : k           // classes with their own parameters
        let offset = k == 2 ? 1 : 0         // class index of free row 0
        let dim = free * (p + 1)
        let c_ = c
        func objective(_ w: [Double], _ grad: inout [Double]) -> Double {
            for i in grad.indices { grad[i] = 0 }
            var f = 0.0
            var z = [Double](repeating: 0, count: k)
            for r in 0..<x.rows {
                let rr = x.range(ofRow: r)
                for fr in 0..<free {
                    var s = w[fr * (p + 1) + p]
                    for j in rr { s += w[fr * (p + 1) + Int(x.indices[j])] * x.values[j] }
                    z[fr + offset] = s
                }
                let m = z.max() ?? 0
                var se = 0.0
                for cl in 0..<k { se += exp(z[cl] - m) }
                let lse = m + log(se)
                f += lse - z[y[r]]
                for fr in 0..<free {
                    let cl = fr + offset
                    let g = exp(z[cl] - lse) - (cl == y[r] ? 1 : 0)
                    grad[fr * (p + 1) + p] += g
                    for j in rr { grad[fr * (p + 1) + Int(x.indices[j])] += g * x.values[j] }
                }
            }
            for fr in 0..<free {
                for j in 0..<p {
                    let wv = w[fr * (p + 1) + j]
                    f += wv * wv / (2 * c_)
                    grad[fr * (p + 1) + j] += wv / c_
                }
            }
            return f
        }
        let (w, its) = try LBFGS.minimize(dimension: dim, maxIterations: maxIterations, objective)
        iterations = its
        bias = [Double](repeating: 0, count: k)
        weights = [[Double]](repeating: [Double](repeating: 0, count: p), count: k)
        for fr in 0..<free {
            bias[fr + offset] = w[fr * (p + 1) + p]
            weights[fr + offset] = Array(w[(fr * (p + 1))..<(fr * (p + 1) + p)])
        }
    }

    /// Class scores (log-likelihoods or logits) of TF-IDF rows.
    func scores(_ x: SparseMatrix) -> [[Double]] {
        (0..<x.rows).map { r in
            (0..<classes.count).map { c in
                var s = bias[c]
                for j in x.range(ofRow: r) { s += weights[c][Int(x.indices[j])] * x.values[j] }
                return s
            }
        }
    }

    /// Class probabilities for each document (softmax of the scores).
    public func probabilities(_ documents: [String]) -> [[Double]] {
        let x = vectorizer.tfidf(vectorizer.counts(documents))
        return scores(x).map { z in
            let m = z.max() ?? 0
            let e = z.map { exp($0 - m) }
            let s = e.reduce(0, +)
            return e.map { $0 / s }
        }
    }

    /// The most probable class of each document (ties: the first class in sorted order).
    public func predict(_ documents: [String]) -> [Int] {
        let x = vectorizer.tfidf(vectorizer.counts(documents))
        return scores(x).map { z in
            var best = 0
            for c in z.indices where z[c] > z[best] { best = c }
            return best
        }
    }
}

public enum OptimizationError: Error, CustomStringConvertible {
    case notFinite
    case cancelled
    public var description: String {
        switch self {
        case .notFinite: return "the optimisation produced a non-finite value"
        case .cancelled: return "stopped"
        }
    }
}

/// Limited-memory BFGS with a backtracking (Armijo) line search; enough for smooth convex
/// objectives such as regularised logistic regression.
enum LBFGS {
    static func minimize(dimension n: Int, maxIterations: Int, memory: Int = 10, tolerance: Double = 1e-6,
                         _ f: ([Double], inout [Double]) -> Double) throws -> ([Double], Int) {
        var x = [Double](repeating: 0, count: n)
        var g = [Double](repeating: 0, count: n)
        var fx = f(x, &g)
        guard fx.isFinite else { throw OptimizationError.notFinite }
        var s: [[Double]] = [], yv: [[Double]] = [], rho: [Double] = []
        var iteration = 0
        func dot(_ a: [Double], _ b: [Double]) -> Double { var t = 0.0; for i in 0..<n { t += a[i] * b[i] }; return t }
        while iteration < maxIterations {
            try Cancellation.check()
            iteration += 1
            let gnorm = dot(g, g).squareRoot()
            if gnorm <= tolerance * max(1, dot(x, x).squareRoot()) { break }
            // Two-loop recursion for the direction d = −H·g.
            var q = g
            var alpha = [Double](repeating: 0, count: s.count)
            for i in stride(from: s.count - 1, through: 0, by: -1) {
                alpha[i] = rho[i] * dot(s[i], q)
                for j in 0..<n { q[j] -= alpha[i] * yv[i][j] }
            }
            if let ls = s.last, let ly = yv.last {
                let gamma = dot(ls, ly) / dot(ly, ly)
                for j in 0..<n { q[j] *= gamma }
            } else {
                let scale = 1 / max(gnorm, 1e-12)
                for j in 0..<n { q[j] *= scale }
            }
            for i in 0..<s.count {
                let b = rho[i] * dot(yv[i], q)
                for j in 0..<n { q[j] += s[i][j] * (alpha[i] - b) }
            }
            var d = q.map { -$0 }
            var slope = dot(g, d)
            if slope >= 0 { d = g.map { -$0 }; slope = dot(g, d); s.removeAll(); yv.removeAll(); rho.removeAll() }
            var step = 1.0
            var xn = x, gn = g, fn = fx
            var accepted = false
            for _ in 0..<40 {
                for j in 0..<n { xn[j] = x[j] + step * d[j] }
                fn = f(xn, &gn)
                if fn.isFinite && fn <= fx + 1e-4 * step * slope { accepted = true; break }
                step *= 0.5
            }
            guard accepted else { break }
            var sk = [Double](repeating: 0, count: n), yk = [Double](repeating: 0, count: n)
            for j in 0..<n { sk[j] = xn[j] - x[j]; yk[j] = gn[j] - g[j] }
            let sy = dot(sk, yk)
            if sy > 1e-12 {
                s.append(sk); yv.append(yk); rho.append(1 / sy)
                if s.count > memory { s.removeFirst(); yv.removeFirst(); rho.removeFirst() }
            }
            let decrease = fx - fn
            x = xn; g = gn; fx = fn
            if decrease.magnitude <= 1e-10 * max(1, fx.magnitude) { break }
        }
        return (x, iteration)
    }
}
