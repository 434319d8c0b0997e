/// UTF-8 validation for input that arrives in pieces: a multi-byte character cut by the end of
/// what has been read so far is not an error yet, only a place to resume once more bytes arrive.
extension UTF8Check {
    /// Checks `b[start...]` with the same rules as `firstInvalid`. Returns where the next call
    /// should resume (the end, or the start of a character cut by the end of `b` when more input
    /// may follow), or nil when the bytes are not well-formed UTF-8.
    static func resumePoint(_ b: UnsafeBufferPointer<UInt8>, from start: Int, final: Bool) -> Int? {
        switch scan(b, from: start) {
        case .valid: return max(start, b.count)
        case .invalid: return nil
        case .cut(let at): return final ? nil : at
        }
    }
}
