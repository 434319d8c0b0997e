/// A packed validity mask: bit `i` set means row `i` holds a value, clear means null.
/// Packing keeps null tracking at one bit per row and lets verbs combine masks a word at a time.
public struct Bitmap: Equatable, Sendable {
    public private(set) var words: [UInt64]
    public let count: Int

    public init(count: Int, allValid: Bool) {
        self.count = count
        let n = (count + 63) >> 6
        words = Array(repeating: allValid ? ~0 : 0, count: n)
        if allValid { clearTail() }
    }

    /// Adopts words built elsewhere (bit set = valid); bits past `count` are cleared.
    public init(words: [UInt64], count: Int) {
        self.count = count
        self.words = words
        let n = (count + 63) >> 6
        if self.words.count > n { self.words.removeLast(self.words.count - n) }
        while self.words.count < n { self.words.append(0) }
        clearTail()
    }

    public init(_ flags: [Bool]) {
        self.init(count: flags.count, allValid: false)
        for (i, f) in flags.enumerated() where f { words[i >> 6] |= 1 << UInt64(i & 63) }
    }

    @inline(__always) public subscript(i: Int) -> Bool {
        get { (words[i >> 6] >> UInt64(i & 63)) & 1 == 1 }
        set {
            if newValue { words[i >> 6] |= 1 << UInt64(i & 63) } else { words[i >> 6] &= ~(1 << UInt64(i & 63)) }
        }
    }

    public var validCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    public var nullCount: Int { count - validCount }

    /// A row is valid in the result only when it is valid in both masks (null propagation).
    public static func and(_ a: Bitmap?, _ b: Bitmap?) -> Bitmap? {
        guard let a else { return b }
        guard let b else { return a }
        var r = a
        for i in r.words.indices { r.words[i] &= b.words[i] }
        return r
    }

    /// Drops the mask when it marks nothing as null, so all-valid columns skip null checks.
    public var simplified: Bitmap? { validCount == count ? nil : self }

    private mutating func clearTail() {
        let rem = count & 63
        if rem != 0, !words.isEmpty { words[words.count - 1] &= (1 << UInt64(rem)) - 1 }
    }
}
