#if canImport(Glibc)
import Glibc
#endif

/// Chinese word segmentation as jieba's default mode (`jieba.cut(text, HMM=True)`):
/// 1. the text is split into blocks of `[\u4E00-\u9FD5a-zA-Z0-9+#&._%-]`; other characters are
///    emitted one by one (whitespace runs whole);
/// 2. in a block, the dictionary words starting at each character form a graph (DAG) and dynamic
///    programming picks the path with the highest product of word probabilities freq/total;
/// 3. runs of single characters on that path that are not themselves a dictionary word go to the
///    HMM (B/M/E/S Viterbi), which is what finds names and other words missing from the dictionary.
/// Every tie is broken as jieba's Python code breaks it, so the output is jieba's, word for word.
public struct ChineseSegmenter: Sendable {
    let dictionary: JiebaDictionary
    let hmm: JiebaHMM

    public init() {
        dictionary = JiebaDictionary.shared
        hmm = JiebaHMM.shared
    }

    /// Loads the embedded dictionary and HMM now (they load lazily on first use otherwise).
    public static func warmUp() { _ = JiebaDictionary.shared; _ = JiebaHMM.shared }

    /// The words of `text`, including whitespace and punctuation pieces (as jieba yields them).
    public func cut(_ text: String) -> [String] {
        var out: [String] = []
        cut(Array(text.unicodeScalars)) { out.append(String(String.UnicodeScalarView($0))) }
        return out
    }

    /// Calls `emit` with each word as a slice of `s`.
    public func cut(_ s: [Unicode.Scalar], emit: (ArraySlice<Unicode.Scalar>) -> Void) {
        var i = 0
        let n = s.count
        while i < n {
            if CharClass.isJiebaBlock(s[i]) {
                var j = i
                while j < n && CharClass.isJiebaBlock(s[j]) { j += 1 }
                cutBlock(s[i..<j], emit: emit)
                i = j
            } else if s[i] == "\r" && i + 1 < n && s[i + 1] == "\n" {
                emit(s[i..<i + 2]); i += 2
            } else {
                emit(s[i..<i + 1]); i += 1
            }
        }
    }

    /// jieba's `__cut_DAG` on one block.
    private func cutBlock(_ block: ArraySlice<Unicode.Scalar>, emit: (ArraySlice<Unicode.Scalar>) -> Void) {
        let base = block.startIndex
        let n = block.count
        // route[k] = (best log probability from k to the end, end index of the first word)
        var routeP = [Double](repeating: 0, count: n + 1)
        var routeX = [Int](repeating: 0, count: n + 1)
        var ends: [(Int, Int64)] = []
        for k in stride(from: n - 1, through: 0, by: -1) {
            ends.removeAll(keepingCapacity: true)
            var node: Int32 = 0
            var i = k
            while i < n, let c = dictionary.child(node, block[base + i]) {
                node = c
                let f = dictionary.frequency[Int(c)]
                if f > 0 { ends.append((i, f)) }
                i += 1
            }
            if ends.isEmpty { ends.append((k, 0)) }
            var bestP = -Double.infinity, bestX = -1
            for (x, f) in ends {
                let p = log(Double(f > 0 ? f : 1)) - dictionary.logTotal + routeP[x + 1]
                if bestX < 0 || p > bestP || (p == bestP && x > bestX) { bestP = p; bestX = x }
            }
            routeP[k] = bestP
            routeX[k] = bestX
        }
        var x = 0
        var bufStart = -1
        func flush(_ end: Int) {
            guard bufStart >= 0 else { return }
            let buf = block[(base + bufStart)..<(base + end)]
            if buf.count == 1 {
                emit(buf)
            } else if dictionary.frequency(of: buf) == 0 {
                hmmCut(buf, emit: emit)
            } else {
                for k in buf.indices { emit(block[k..<k + 1]) }
            }
            bufStart = -1
        }
        while x < n {
            let y = routeX[x] + 1
            if y - x == 1 {
                if bufStart < 0 { bufStart = x }
            } else {
                flush(x)
                emit(block[(base + x)..<(base + y)])
            }
            x = y
        }
        flush(n)
    }

    /// jieba's `finalseg.cut`: Han runs through the HMM; other runs split into
    /// `[a-zA-Z0-9]+(\.\d+)?%?` pieces and what lies between them.
    private func hmmCut(_ text: ArraySlice<Unicode.Scalar>, emit: (ArraySlice<Unicode.Scalar>) -> Void) {
        var i = text.startIndex
        let end = text.endIndex
        while i < end {
            if CharClass.isJiebaHan(text[i]) {
                var j = i
                while j < end && CharClass.isJiebaHan(text[j]) { j += 1 }
                viterbiCut(text[i..<j], emit: emit)
                i = j
                continue
            }
            var j = i
            while j < end && !CharClass.isJiebaHan(text[j]) { j += 1 }
            // Between i and j: alternate non-matching text and `[a-zA-Z0-9]+(?:\.\d+)?%?` matches.
            var k = i
            var pending = i
            while k < j {
                if CharClass.isASCIIAlnum(text[k]) {
                    var m = k
                    while m < j && CharClass.isASCIIAlnum(text[m]) { m += 1 }
                    if m + 1 < j && text[m] == "." && CharClass.isASCIIDigit(text[m + 1]) {
                        m += 1
                        while m < j && CharClass.isASCIIDigit(text[m]) { m += 1 }
                    }
                    if m < j && text[m] == "%" { m += 1 }
                    if pending < k { emit(text[pending..<k]) }
                    emit(text[k..<m])
                    k = m
                    pending = m
                } else {
                    k += 1
                }
            }
            if pending < j { emit(text[pending..<j]) }
            i = j
        }
    }

    private func viterbiCut(_ text: ArraySlice<Unicode.Scalar>, emit: (ArraySlice<Unicode.Scalar>) -> Void) {
        let path = hmm.viterbi(Array(text))
        let base = text.startIndex
        var begin = 0, next = 0
        for (i, state) in path.enumerated() {
            switch state {
            case 0: begin = i
            case 2: emit(text[(base + begin)..<(base + i + 1)]); next = i + 1
            case 3: emit(text[(base + i)..<(base + i + 1)]); next = i + 1
            default: break
            }
        }
        if next < path.count { emit(text[(base + next)..<text.endIndex]) }
    }
}
