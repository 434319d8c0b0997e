import SiftFrame

/// Collects the validity bits of one column across record batches into 64-bit words.
///
/// Why word-wise: Arrow validity bitmaps are LSB-first bytes, the same bit order as `Bitmap`;
/// batches start at arbitrary row counts (Spark sends 10,000 rows per batch), so each batch's
/// bits are loaded 64 at a time and shifted into place instead of being copied one by one.
struct ArrowValidityBuilder {
    private var words: [UInt64] = []
    private(set) var count = 0
    private var hasNull = false

    mutating func reserve(_ rows: Int) { words.reserveCapacity((rows + 63) >> 6) }

    /// Appends `n` valid rows.
    mutating func appendValid(_ n: Int) {
        appendChunks(n) { _ in ~0 }
    }

    /// Appends `n` null rows.
    mutating func appendNulls(_ n: Int) {
        hasNull = true
        appendChunks(n) { _ in 0 }
    }

    /// Whether row `i` (already appended) is valid.
    func isValid(_ i: Int) -> Bool {
        (words[i >> 6] >> UInt64(i & 63)) & 1 == 1
    }

    /// Appends `n` rows whose validity is the first `n` bits of `bitmap`.
    mutating func append(bitmap: UnsafeRawBufferPointer, count n: Int) throws {
        guard bitmap.count * 8 >= n else { throw ArrowError("validity bitmap of \(bitmap.count) bytes is too short for \(n) rows") }
        hasNull = true
        appendChunks(n) { k in
            let start = k * 8
            if start + 8 <= bitmap.count {
                return UInt64(littleEndian: bitmap.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            }
            var w: UInt64 = 0
            for i in 0..<(bitmap.count - start) { w |= UInt64(bitmap[start + i]) << UInt64(8 * i) }
            return w
        }
    }

    /// Appends `n` bits given as 64-bit chunks (chunk k = bits 64k ..< 64k+64).
    private mutating func appendChunks(_ n: Int, _ chunk: (Int) -> UInt64) {
        guard n > 0 else { return }
        let start = count
        let shift = start & 63
        let needed = (start + n + 63) >> 6
        if words.count < needed { words.append(contentsOf: repeatElement(0, count: needed - words.count)) }
        words.withUnsafeMutableBufferPointer { w in
            var word = start >> 6
            let chunks = (n + 63) >> 6
            for k in 0..<chunks {
                var bits = chunk(k)
                let valid = min(64, n - 64 * k)
                if valid < 64 { bits &= (1 << UInt64(valid)) - 1 }
                w[word] |= bits << UInt64(shift)
                if shift > 0, word + 1 < w.count { w[word + 1] |= bits >> UInt64(64 - shift) }
                word += 1
            }
        }
        count += n
    }

    /// The column's validity, nil when no batch had a null.
    func finish() -> Bitmap? {
        hasNull ? Bitmap(words: words, count: count).simplified : nil
    }
}
