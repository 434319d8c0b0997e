/// A validity mask built one row at a time, for columns whose length is not known in advance
/// (the chunked CSV reader appends rows chunk by chunk).
struct ValidityBuilder {
    private(set) var words: [UInt64] = []
    private(set) var count = 0
    private(set) var anyNull = false

    mutating func reserve(rows: Int) {
        words.reserveCapacity((rows + 63) >> 6)
    }

    @inline(__always) mutating func append(_ valid: Bool) {
        if count & 63 == 0 { words.append(0) }
        if valid { words[count >> 6] |= 1 << UInt64(count & 63) } else { anyNull = true }
        count += 1
    }

    @inline(__always) subscript(i: Int) -> Bool {
        (words[i >> 6] >> UInt64(i & 63)) & 1 == 1
    }

    /// `n` null rows: what rows seen before a column's first value are once it turns out typed.
    static func allNull(_ n: Int) -> ValidityBuilder {
        var v = ValidityBuilder()
        v.words = [UInt64](repeating: 0, count: (n + 63) >> 6)
        v.count = n
        v.anyNull = n > 0
        return v
    }

    /// The finished mask, or nil when no row is null (as the whole-file builder returns).
    var bitmap: Bitmap? { anyNull ? Bitmap(words: words, count: count) : nil }
}
