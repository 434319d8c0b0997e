/// A validity mask built one row at a time, for columns whose length is not known in advance
/// (the chunked CSV reader appends rows chunk by chunk).
///
/// The word being filled lives outside the array, so appending a row is a shift and an or;
/// the array grows once per 64 rows. (Or-ing into `words[last]` on every row cost an Array
/// uniqueness check per cell: a visible share of typed-column conversion.)
struct ValidityBuilder {
    /// Completed words only; `pending` holds the rows after them.
    private var words: [UInt64] = []
    private var pending: UInt64 = 0
    private(set) var count = 0
    private(set) var anyNull = false

    mutating func reserve(rows: Int) {
        words.reserveCapacity((rows + 63) >> 6)
    }

    @inline(__always) mutating func append(_ valid: Bool) {
        pending |= UInt64(valid ? 1 : 0) << UInt64(count & 63)
        if !valid { anyNull = true }
        count += 1
        if count & 63 == 0 {
            words.append(pending)
            pending = 0
        }
    }

    @inline(__always) subscript(i: Int) -> Bool {
        let word = i >> 6 < words.count ? words[i >> 6] : pending
        return (word >> UInt64(i & 63)) & 1 == 1
    }

    /// `n` null rows: what rows seen before a column's first value are once it turns out typed.
    static func allNull(_ n: Int) -> ValidityBuilder {
        var v = ValidityBuilder()
        v.words = [UInt64](repeating: 0, count: n >> 6)
        v.count = n
        v.anyNull = n > 0
        return v
    }

    /// The finished mask, or nil when no row is null (as the whole-file builder returns).
    var bitmap: Bitmap? {
        guard anyNull else { return nil }
        var all = words
        if count & 63 != 0 { all.append(pending) }
        return Bitmap(words: all, count: count)
    }
}
