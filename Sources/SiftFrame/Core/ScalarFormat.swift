/// Text forms of cells shared by the CSV writer, tables and the language's `print`, so a value
/// reads the same everywhere.
public enum ScalarFormat {
    /// The shortest text that reads back to the same value (CSV and `print`).
    public static func plain(_ s: Scalar) -> String {
        switch s {
        case .null: return "null"
        case .int(let v): return String(v)
        case .float(let v): return float(v)
        case .bool(let v): return v ? "true" : "false"
        case .string(let v): return v
        case .date(let v): return Temporal.formatDate(v)
        case .datetime(let v): return Temporal.formatDateTime(v)
        case .list(let v): return "[" + v.joined(separator: ", ") + "]"
        }
    }

    /// Round-trip float text without a spurious exponent for ordinary magnitudes.
    public static func float(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) + ".0" }
        return "\(v)"
    }

    /// Fixed decimals, for aligned table columns. Decimals are clamped to 0...15 (what a Double
    /// carries), so the integer arithmetic below cannot overflow.
    public static func fixed(_ v: Double, decimals requested: Int) -> String {
        let decimals = Swift.min(Swift.max(requested, 0), 15)
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if abs(v) >= 1e15 || (v != 0 && abs(v) < 1e-4 && decimals <= 6) { return scientific(v) }
        let scale = pow10(decimals)
        let r = (abs(v) * scale).rounded()
        guard r < 9.0e18 else { return scientific(v) }
        let n = UInt64(r)
        let intPart = n / UInt64(scale)
        var s = String(intPart)
        if decimals > 0 {
            let frac = String(n % UInt64(scale))
            s += "." + String(repeating: "0", count: decimals - frac.count) + frac
        }
        return (v < 0 && n != 0) ? "-" + s : s
    }

    /// The fewest decimals (at most `cap`) that show the value exactly enough to read it back
    /// to ~1e-9 relative; tables use the largest over a column so decimal points line up.
    public static func decimalsNeeded(_ v: Double, cap: Int = 6) -> Int {
        if !v.isFinite || v == v.rounded() { return 0 }
        for d in 0...cap {
            let scale = pow10(d)
            if abs((v * scale).rounded() / scale - v) <= abs(v) * 1e-9 { return d }
        }
        return cap
    }

    static func scientific(_ v: Double) -> String {
        var exp = 0
        var m = abs(v)
        while m >= 10 { m /= 10; exp += 1 }
        while m < 1 && m > 0 { m *= 10; exp -= 1 }
        let mant = fixed(v < 0 ? -m : m, decimals: 4)
        return mant + "e" + (exp < 0 ? "-" : "+") + (abs(exp) < 10 ? "0" : "") + String(abs(exp))
    }

    /// Every power of ten a Double can hold, 10^-343 (0) … 10^308, each the nearest Double to the
    /// exact value (text parsing rounds correctly; repeated multiplication and the C library's
    /// pow need not: pow(10, 23) lands on the other side of a tie).
    private static let powersOfTen: [Double] = (-343...308).map { Double("1e\($0)") ?? 0 }

    /// 10^d as a Double in constant time, for any d: the nearest Double, +inf above 10^308 and 0
    /// below the smallest subnormal. It used to multiply by ten d times, so
    /// `round(x, 100000000000)` never finished, and a negative d trapped.
    public static func pow10(_ d: Int) -> Double {
        if d > 308 { return .infinity }
        if d < -343 { return 0 }
        return powersOfTen[d + 343]
    }

}
