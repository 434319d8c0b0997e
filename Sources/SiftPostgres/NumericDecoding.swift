import Foundation

/// PostgreSQL `numeric` in binary form → Double, correctly rounded.
///
/// Why this matters: `sum(int)` and `avg(...)` return numeric in PostgreSQL, so every group-by
/// result carries it. The wire form is base-10000 digits with a weight; most values have an
/// integer mantissa below 2^53 and a small power of ten, where one exact multiply or divide is
/// correctly rounded (Clinger's fast path). Only the rest go through text and `strtod`.
enum NumericDecoding {
    private static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// `bytes` points at `length` bytes of a binary numeric: ndigits, weight, sign, dscale
    /// (int16 each, big-endian) followed by `ndigits` base-10000 digits.
    static func decode(_ bytes: UnsafeRawPointer, length: Int) -> Double? {
        guard length >= 8 else { return nil }
        func int16(_ at: Int) -> Int { Int(Int16(bitPattern: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self).bigEndian)) }
        let ndigits = int16(0), weight = int16(2)
        let sign = UInt16(truncatingIfNeeded: int16(4))
        switch sign {
        case 0xC000: return .nan
        case 0xD000: return .infinity
        case 0xF000: return -.infinity
        case 0x0000, 0x4000: break
        default: return nil
        }
        guard ndigits >= 0, length >= 8 + 2 * ndigits else { return nil }
        if ndigits == 0 { return 0 }
        let negative = sign == 0x4000
        // Mantissa of up to 4 base-10000 digits fits 16 decimal digits; try the exact path.
        let exponent10 = (weight + 1 - ndigits) * 4
        if ndigits <= 4 {
            var mantissa: UInt64 = 0
            for i in 0..<ndigits { mantissa = mantissa * 10_000 + UInt64(int16(8 + 2 * i)) }
            if mantissa < (1 << 53), abs(exponent10) <= 22 {
                let m = Double(mantissa)
                let v = exponent10 >= 0 ? m * powersOfTen[exponent10] : m / powersOfTen[-exponent10]
                return negative ? -v : v
            }
        }
        var text = negative ? "-" : ""
        text.reserveCapacity(ndigits * 4 + 8)
        for i in 0..<ndigits {
            let d = int16(8 + 2 * i)
            let s = String(d)
            text += String(repeating: "0", count: 4 - s.count) + s
        }
        text += "e\(exponent10)"
        return Double(text)
    }
}
