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
            self.insert(utf8: line[line.startIndex..<space], frequency: freq)
            self.total += freq
        }
        logTotal = log(Double(total))
    }

    /// Inserts a word given as UTF-8 bytes, decoding scalars in place (no String per word: the
    /// dictionary has 349,046 of them and loading it is the first Chinese call's cost).
    private func insert(utf8 bytes: Slice<UnsafeBufferPointer<UInt8>>, frequency freq: Int64) {
        var node: Int32 = 0
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b0 = UInt32(bytes[i])
            var v: UInt32
            let len: Int
            if b0 < 0x80 { v = b0; len = 1 } else if b0 < 0xE0 { v = b0 & 0x1F; len = 2 } else if b0 < 0xF0 { v = b0 & 0x0F; len = 3 } else { v = b0 & 0x07; len = 4 }
            guard i + len <= end else { return }
            for k in 1..<len { v = v << 6 | (UInt32(bytes[i + k]) & 0x3F) }
            i += len
            let key = UInt64(node) << 21 | UInt64(v)
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
