#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Number parsing straight from CSV bytes. Building a `String` per cell costs more than the
/// parse itself, so these read the bytes in place and still round floats exactly.
enum NumberParsing {
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 }

    /// Whole slice must be an optionally signed decimal integer that fits Int64 (spaces around
    /// are tolerated). Returns nil otherwise, including on overflow.
    @inline(__always) static func parseInt(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        var i = 0, n = count
        while i < n, isSpace(p[i]) { i += 1 }
        while n > i, isSpace(p[n - 1]) { n -= 1 }
        guard i < n else { return nil }
        var negative = false
        if p[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
        guard i < n, n - i <= 19 else { return nil }
        var v: UInt64 = 0
        while i < n {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            v = v &* 10 &+ UInt64(d)
            i += 1
        }
        if negative {
            guard v <= UInt64(Int64.max) + 1 else { return nil }
            return v == UInt64(Int64.max) + 1 ? Int64.min : -Int64(v)
        }
        guard v <= UInt64(Int64.max) else { return nil }
        return Int64(v)
    }

    private static let exactPowers: [Double] = (0...22).map { e in
        var v = 1.0
        for _ in 0..<e { v *= 10 }
        return v
    }

    /// Decimal float syntax (`12`, `-3.5`, `.5`, `1e-7`, `inf`, `nan` are accepted as C does for
    /// the latter two only in spelled-out form). Uses Clinger's exact fast path when the digits fit
    /// in 2^53 and the power of ten is exact, and `strtod` otherwise, so results round correctly.
    static func parseDouble(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        if let v = parsePlainDecimal(p, count) { return v }
        var i = 0, n = count
        while i < n, isSpace(p[i]) { i += 1 }
        while n > i, isSpace(p[n - 1]) { n -= 1 }
        guard i < n else { return nil }
        let begin = i
        var negative = false
        if p[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, significant = 0, exp10 = 0
        var sawDigit = false
        while i < n, p[i] &- 48 < 10 {
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa * 10 + UInt64(p[i] - 48)
                if mantissa != 0 { significant += 1 }
            } else { exp10 += 1 }
            digits += 1
            i += 1
        }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, p[i] &- 48 < 10 {
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa * 10 + UInt64(p[i] - 48)
                    if mantissa != 0 { significant += 1 }
                    exp10 -= 1
                }
                i += 1
            }
        }
        guard sawDigit else { return parseSpecial(p + begin, n - begin) }
        if i < n, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            var eneg = false
            if i < n, p[i] == UInt8(ascii: "-") { eneg = true; i += 1 } else if i < n, p[i] == UInt8(ascii: "+") { i += 1 }
            var e = 0
            var sawExp = false
            while i < n, p[i] &- 48 < 10 {
                sawExp = true
                if e < 100_000 { e = e * 10 + Int(p[i] - 48) }
                i += 1
            }
            guard sawExp else { return nil }
            exp10 += eneg ? -e : e
        }
        guard i == n else { return nil }
        if significant < 19 || mantissa < (1 << 53) {
            if mantissa <= (1 << 53), exp10 >= -22, exp10 <= 22 {
                var v = Double(mantissa)
                if exp10 < 0 { v /= exactPowers[-exp10] } else { v *= exactPowers[exp10] }
                return negative ? -v : v
            }
        }
        return slowPath(p + begin, n - begin)
    }

    /// The spelling most numeric CSV cells have, `[-]digits[.digits]` with at most 15 digits
    /// and nothing else, in one loop without the general parser's bookkeeping. nil for anything
    /// else (the general parser decides). The value is computed as the general parser's exact
    /// fast path computes it (digits as an integer below 2^53, one division by an exact power
    /// of ten), so both give the same bits.
    @inline(__always) static func parsePlainDecimal(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var i = 0
        let negative = n > 0 && p[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var mantissa: UInt64 = 0
        var digits = appendDigits(p, &i, n, to: &mantissa)
        var fraction = 0
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            fraction = appendDigits(p, &i, n, to: &mantissa)
            digits += fraction
        }
        guard i == n, digits > 0, digits <= 15 else { return nil }
        var v = Double(mantissa)
        if fraction > 0 { v /= exactPowers[fraction] }
        return negative ? -v : v
    }

    /// Reads the decimal digits from `i` on into `mantissa` (wrapping: callers bound the count);
    /// returns how many there were.
    @inline(__always) private static func appendDigits(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int, to mantissa: inout UInt64) -> Int {
        let start = i
        while i < n {
            let d = p[i] &- 48
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        return i - start
    }

    private static func slowPath(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var buf = [CChar](repeating: 0, count: count + 1)
        for k in 0..<count { buf[k] = CChar(bitPattern: p[k]) }
        return buf.withUnsafeBufferPointer { b -> Double? in
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(b.baseAddress!, &end)
            guard let e = end, e - UnsafeMutablePointer(mutating: b.baseAddress!) == count else { return nil }
            return v
        }
    }

    private static func parseSpecial(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        // Longest spelling is "+infinity"; don't build a String for every text cell inference tries.
        guard count <= 9 else { return nil }
        let s = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self).lowercased()
        switch s {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }

    static func parseDouble(_ s: String) -> Double? {
        var s = s
        return s.withUTF8 { b in b.baseAddress.flatMap { parseDouble($0, b.count) } }
    }

    static func parseInt(_ s: String) -> Int64? {
        var s = s
        return s.withUTF8 { b in b.baseAddress.flatMap { parseInt($0, b.count) } }
    }
}

extension Scalar {
    /// Interprets user text as the given type (for `cast` and per-column `types:` overrides).
    public static func parse(_ text: String, as type: DataType) -> Scalar? {
        switch type {
        case .string: return .string(text)
        case .list: return nil
        case .int:
            if let v = NumberParsing.parseInt(text) { return .int(v) }
            if let d = NumberParsing.parseDouble(text), d == d.rounded(), abs(d) < 9.2e18 { return .int(Int64(d)) }
            return nil
        case .float: return NumberParsing.parseDouble(text).map { .float($0) }
        case .bool: return parseBool(text).map { .bool($0) }
        case .date:
            if let d = Temporal.parseDate(text) { return .date(d) }
            if let t = Temporal.parseDateTime(text) {
                // Floor, not truncate: 1969-12-31 23:00 is on 1969-12-31.
                let (q, r) = t.quotientAndRemainder(dividingBy: Temporal.microsPerDay)
                return .date(Int32(r < 0 ? q - 1 : q))
            }
            return nil
        case .datetime:
            if let t = Temporal.parseDateTime(text) { return .datetime(t) }
            if let d = Temporal.parseDate(text) { return .datetime(Int64(d) * Temporal.microsPerDay) }
            return nil
        }
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.trimmingSpaces.lowercased() {
        case "true", "t", "yes", "1": return true
        case "false", "f", "no", "0": return false
        default: return nil
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
