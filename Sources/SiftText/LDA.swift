#if canImport(Glibc)
import Glibc
#endif
import SiftFrame

/// Latent Dirichlet allocation fitted by collapsed Gibbs sampling (Griffiths & Steyvers 2004).
/// Each token's topic is resampled in turn from
///   P(z = t) ∝ (n_dt + α) · (n_tw + η) / (n_t + V·η)
/// for `passes` sweeps over the corpus. A seeded SplitMix64 generator drives the initial topics
/// and every draw, and documents are visited in order, so a seed always gives the same topics.
/// Estimates: θ_dt = (n_dt + α) / (n_d + Kα), φ_tw = (n_tw + η) / (n_t + Vη); perplexity is
/// exp(−Σ log Σ_t θ_dt φ_tw / N) over the fitted tokens.
public struct LDAModel: Sendable {
    public let k: Int
    public let vocabulary: [String]
    public let alpha: Double
    public let eta: Double
    public let passes: Int
    /// topics × vocabulary
    public let topicWord: [[Double]]
    /// documents × topics
    public let documentTopic: [[Double]]
    public let perplexity: Double
    public let logLikelihood: Double
    public let tokenCount: Int

    /// `documents` are rows of a count matrix (term ids with counts).
    public init(counts: SparseMatrix, vocabulary: [String], k: Int, alpha: Double? = nil, eta: Double? = nil,
                passes: Int, seed: UInt64) throws {
        precondition(k >= 1)
        self.k = k
        self.vocabulary = vocabulary
        self.passes = passes
        let a = alpha ?? 1.0 / Double(k)
        let e = eta ?? 1.0 / Double(k)
        self.alpha = a
        self.eta = e
        let v = vocabulary.count
        let d = counts.rows
        // Token stream: word id per token, document boundaries.
        var words: [Int32] = []
        var docStart = [0]
        for r in 0..<d {
            for j in counts.range(ofRow: r) {
                let c = Int(counts.values[j])
                for _ in 0..<max(0, c) { words.append(counts.indices[j]) }
            }
            docStart.append(words.count)
        }
        let n = words.count
        tokenCount = n
        var rng = TextRandom(seed: seed)
        var z = [Int32](repeating: 0, count: n)
        var ndt = [Int32](repeating: 0, count: d * k)
        var nwt = [Int32](repeating: 0, count: v * k)
        var nt = [Int32](repeating: 0, count: k)
        for doc in 0..<d {
            for i in docStart[doc]..<docStart[doc + 1] {
                let t = Int(rng.next() % UInt64(k))
                z[i] = Int32(t)
                ndt[doc * k + t] += 1
                nwt[Int(words[i]) * k + t] += 1
                nt[t] += 1
            }
        }
        let vEta = Double(v) * e
        var p = [Double](repeating: 0, count: k)
        for _ in 0..<passes {
            try Cancellation.check()
            for doc in 0..<d {
                let base = doc * k
                for i in docStart[doc]..<docStart[doc + 1] {
                    let w = Int(words[i]) * k
                    let old = Int(z[i])
                    ndt[base + old] -= 1; nwt[w + old] -= 1; nt[old] -= 1
                    var total = 0.0
                    for t in 0..<k {
                        total += (Double(ndt[base + t]) + a) * (Double(nwt[w + t]) + e) / (Double(nt[t]) + vEta)
                        p[t] = total
                    }
                    let u = rng.uniform() * total
                    var t = 0
                    while t < k - 1 && p[t] <= u { t += 1 }
                    z[i] = Int32(t)
                    ndt[base + t] += 1; nwt[w + t] += 1; nt[t] += 1
                }
            }
        }
        var phi = [[Double]](repeating: [Double](repeating: 0, count: v), count: k)
        for t in 0..<k {
            let den = Double(nt[t]) + vEta
            for w in 0..<v { phi[t][w] = (Double(nwt[w * k + t]) + e) / den }
        }
        var theta = [[Double]](repeating: [Double](repeating: 0, count: k), count: d)
        var ll = 0.0
        for doc in 0..<d {
            let len = Double(docStart[doc + 1] - docStart[doc])
            let den = len + Double(k) * a
            for t in 0..<k { theta[doc][t] = (Double(ndt[doc * k + t]) + a) / den }
            for i in docStart[doc]..<docStart[doc + 1] {
                let w = Int(words[i])
                var s = 0.0
                for t in 0..<k { s += theta[doc][t] * phi[t][w] }
                ll += log(s)
            }
        }
        topicWord = phi
        documentTopic = theta
        logLikelihood = ll
        perplexity = n > 0 ? exp(-ll / Double(n)) : .nan
    }

    /// The n most probable words of topic t (ties by vocabulary order).
    public func topWords(_ t: Int, n: Int) -> [(String, Double)] {
        let row = topicWord[t]
        let order = row.indices.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }
        return order.prefix(n).map { (vocabulary[$0], row[$0]) }
    }
}

/// SplitMix64: small, fast and fully determined by its seed (the same sequence on every platform).
public struct TextRandom: Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var x = state
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }
    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
