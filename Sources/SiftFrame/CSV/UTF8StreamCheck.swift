/// UTF-8 validation for input that arrives in pieces: a multi-byte character cut by the end of
/// what has been read so far is not an error yet, only a place to resume once more bytes arrive.
extension UTF8Check {
    /// Checks `b[start...]` with the same rules as `firstInvalid`. Returns where the next call
    /// should resume (the end, or the start of a character cut by the end of `b` when more input
    /// may follow), or nil when the bytes are not well-formed UTF-8.
    static func resumePoint(_ b: UnsafeBufferPointer<UInt8>, from start: Int, final: Bool) -> Int? {
        var i = start
        let n = b.count
        guard let baseAddress = b.baseAddress, i < n else { return max(start, 0) }
        let base = UnsafeRawPointer(baseAddress)
        while i < n {
            if i + 8 <= n {
                let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if w & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var minCode: UInt32 = 0
            var code: UInt32 = 0
            if c & 0xE0 == 0xC0 { need = 1; code = UInt32(c & 0x1F); minCode = 0x80 } else if c & 0xF0 == 0xE0 { need = 2; code = UInt32(c & 0x0F); minCode = 0x800 } else if c & 0xF8 == 0xF0 { need = 3; code = UInt32(c & 0x07); minCode = 0x10000 } else { return nil }
            guard i + need < n else { return final ? nil : i }
            for k in 1...need {
                let cc = b[i + k]
                guard cc & 0xC0 == 0x80 else { return nil }
                code = (code << 6) | UInt32(cc & 0x3F)
            }
            if code < minCode || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF) { return nil }
            i += need + 1
        }
        return n
    }
}
