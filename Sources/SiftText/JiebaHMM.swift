/// jieba's hidden Markov model for words missing from the dictionary (`finalseg`): four states
/// B(egin), M(iddle), E(nd), S(ingle) per character, decoded with Viterbi. The probabilities are
/// jieba's, loaded from the embedded jieba_hmm.txt.
final class JiebaHMM: @unchecked Sendable {
    static let minFloat = -3.14e100
    /// State order B, M, E, S.
    private(set) var start = [Double](repeating: minFloat, count: 4)
    private(set) var trans = [[Double]](repeating: [Double](repeating: minFloat, count: 4), count: 4)
    private var emit: [Unicode.Scalar: Int] = [:]
    private var emitTable: [Double] = []

    static let shared = JiebaHMM(data: TextData.jiebaHMM)

    static func state(_ s: Substring) -> Int? {
        switch s { case "B": return 0; case "M": return 1; case "E": return 2; case "S": return 3; default: return nil }
    }

    init(data: UnsafeBufferPointer<UInt8>) {
        for line in TextData.lines(data) {
            let parts = line.split(separator: " ")
            if parts.count == 3, parts[0] == "start", let s = Self.state(parts[1]), let p = Double(parts[2]) {
                start[s] = p
            } else if parts.count == 4, parts[0] == "trans", let a = Self.state(parts[1]), let b = Self.state(parts[2]), let p = Double(parts[3]) {
                trans[a][b] = p
            } else if parts.count == 3, let s = Self.state(parts[0]), let ch = parts[1].unicodeScalars.first, let p = Double(parts[2]) {
                let row: Int
                if let r = emit[ch] { row = r } else {
                    row = emitTable.count / 4
                    emit[ch] = row
                    emitTable += [Self.minFloat, Self.minFloat, Self.minFloat, Self.minFloat]
                }
                emitTable[row * 4 + s] = p
            }
        }
    }

    /// Previous states allowed before each state, in jieba's order (`PrevStatus`).
    private static let previous: [[Int]] = [[2, 3], [1, 0], [0, 1], [3, 2]]
    /// The state letters' order, for ties: Python compares (prob, letter) tuples.
    private static let letterRank = [0, 2, 1, 3]  // B < E < M < S

    /// The most probable state sequence (jieba's `viterbi`, ties broken as Python's tuple max).
    func viterbi(_ obs: [Unicode.Scalar]) -> [Int] {
        let n = obs.count
        guard n > 0 else { return [] }
        var v = [Double](repeating: 0, count: 4)
        var back = [Int](repeating: 0, count: n * 4)
        func emission(_ s: Unicode.Scalar, _ state: Int) -> Double {
            guard let r = emit[s] else { return Self.minFloat }
            return emitTable[r * 4 + state]
        }
        for y in 0..<4 { v[y] = start[y] + emission(obs[0], y) }
        var next = v
        for t in 1..<max(1, n) where n > 1 {
            for y in 0..<4 {
                let em = emission(obs[t], y)
                var best = -Double.infinity, bestState = -1
                for y0 in Self.previous[y] {
                    let p = v[y0] + trans[y0][y] + em
                    if bestState < 0 || p > best || (p == best && Self.letterRank[y0] > Self.letterRank[bestState]) {
                        best = p; bestState = y0
                    }
                }
                next[y] = best
                back[t * 4 + y] = bestState
            }
            swap(&v, &next)
        }
        // The last state is E or S.
        var state = v[3] >= v[2] ? 3 : 2
        var path = [Int](repeating: 0, count: n)
        for t in stride(from: n - 1, through: 0, by: -1) {
            path[t] = state
            if t > 0 { state = back[t * 4 + state] }
        }
        return path
    }
}
