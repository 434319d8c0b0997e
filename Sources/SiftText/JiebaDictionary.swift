#if canImport(Glibc)
import Glibc
#endif

/// jieba's prefix dictionary as a trie over Unicode scalars: every word of dict.txt with its
/// frequency, and every prefix of a word as a node of frequency 0, exactly the `FREQ` map jieba
/// builds (`gen_pfdict`). Walking the trie from a position lists the dictionary words that start
/// there, which is the sentence's word graph (DAG).
final class JiebaDictionary: @unchecked Sendable {
    /// (parent node << 21 | scalar) → child node.
    private var children: [UInt64: Int32] = [:]
    /// Frequency of the word ending at a node (0 for a prefix that is not a word).
    private(set) var frequency: [Int64] = [0]
    /// The sum of all word frequencies (jieba's `total`).
    private(set) var total: Int64 = 0
    private(set) var logTotal: Double = 0

    static let shared: JiebaDictionary = JiebaDictionary(data: TextData.jiebaDictionary)

    init(data: UnsafeBufferPointer<UInt8>) {
        children.reserveCapacity(700_000)
        frequency.reserveCapacity(700_000)
        TextData.forEachLine(data) { line in
            guard let space = line.firstIndex(of: 32) else { return }
            var freq: Int64 = 0
            var i = space + 1
            while i < line.endIndex, line[i] >= 48, line[i] <= 57 { freq = freq &* 10 &+ Int64(line[i] - 48); i += 1 }
            let word = String(decoding: line[line.startIndex..<space], as: UTF8.self)
            self.insert(word.unicodeScalars, frequency: freq)
            self.total += freq
        }
        logTotal = log(Double(total))
    }

    private func insert(_ word: String.UnicodeScalarView, frequency freq: Int64) {
        var node: Int32 = 0
        for s in word {
            let key = UInt64(node) << 21 | UInt64(s.value)
            if let c = children[key] { node = c } else {
                let c = Int32(frequency.count)
                frequency.append(0)
                children[key] = c
                node = c
            }
        }
        frequency[Int(node)] = freq
    }

    @inline(__always) func child(_ node: Int32, _ s: Unicode.Scalar) -> Int32? {
        children[UInt64(node) << 21 | UInt64(s.value)]
    }

    /// The frequency of a word (0 when it is not in the dictionary).
    func frequency<C: Collection>(of word: C) -> Int64 where C.Element == Unicode.Scalar {
        var node: Int32 = 0
        for s in word {
            guard let c = child(node, s) else { return 0 }
            node = c
        }
        return frequency[Int(node)]
    }
}
