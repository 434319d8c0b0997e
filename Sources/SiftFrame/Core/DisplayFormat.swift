/// Number formats for people, per column: `format(df, revenue: "money", share: "percent")`.
/// Only how a table shows a number changes; the column keeps its values and type.
///
///     "money"      1,234,567.80   thousands separators, 2 decimals ("money:0" for none)
///     "percent"    12.3%          the value × 100, 1 decimal ("percent:2" for two)
///     "number"     1,234,567.8    thousands separators, as many decimals as the column needs ("number:3")
///     "integer"    1,234,568      thousands separators, rounded to a whole number
///     "decimals:N" 1234567.80     exactly N decimals, no separators
public struct DisplayFormat: Sendable, Equatable {
    public enum Style: String, Sendable, CaseIterable { case money, percent, number, integer, decimals }
    public var style: Style
    /// Fixed decimals; nil lets the column decide (the largest any shown value needs, at most 6).
    public var decimals: Int?

    public init(style: Style, decimals: Int? = nil) {
        self.style = style
        self.decimals = decimals
    }

    /// Parses "money", "percent:2" …; nil for an unknown name or a bad decimal count.
    public init?(spec: String) {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        guard let first = parts.first, let style = Style(rawValue: first.lowercased()) else { return nil }
        self.style = style
        if parts.count == 2 {
            guard let d = Int(parts[1]), (0...12).contains(d) else { return nil }
            decimals = d
        } else {
            switch style {
            case .money: decimals = 2
            case .percent: decimals = 1
            case .integer: decimals = 0
            case .number: decimals = nil
            case .decimals: return nil
            }
        }
        if style == .integer { decimals = 0 }
    }

    public static let help = "formats: \"money\", \"percent\", \"number\", \"integer\", \"decimals:N\" (money, percent and number also take :N decimals)"

    /// The texts of `values` (already the shown rows' numbers, nil for null/elided handled by the caller).
    public func texts(_ values: [Double]) -> [String] {
        let scaled = style == .percent ? values.map { $0 * 100 } : values
        let d = decimals ?? scaled.reduce(0) { max($0, ScalarFormat.decimalsNeeded($1)) }
        return scaled.map { v in
            guard v.isFinite else { return ScalarFormat.fixed(v, decimals: d) }
            let fixed = ScalarFormat.fixed(v, decimals: d)
            // Very large or tiny values fall back to scientific notation: leave those alone.
            guard !fixed.contains("e") else { return fixed }
            let body = style == .decimals ? fixed : Self.grouped(fixed)
            return style == .percent ? body + "%" : body
        }
    }

    /// `-1234567.80` → `-1,234,567.80`.
    public static func grouped(_ fixed: String) -> String {
        var s = Substring(fixed)
        var sign = ""
        if s.hasPrefix("-") { sign = "-"; s = s.dropFirst() }
        let dot = s.firstIndex(of: ".") ?? s.endIndex
        let intPart = s[..<dot], rest = s[dot...]
        var out = ""
        for (i, ch) in intPart.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return sign + String(out.reversed()) + rest
    }
}

extension ScalarFormat {
    /// A single float for people: at most `significant` significant digits with trailing zeros
    /// dropped, so sums carry no binary noise (`4941833.109999994` shows as `4941833.11`, `0.1 +
    /// 0.2` as `0.3`). Whole values keep their `.0` (the type shows); very large or tiny values
    /// use the round-trip form. CSV output keeps full precision (`float`).
    public static func readable(_ v: Double, significant: Int = 12) -> String {
        guard v.isFinite, v != v.rounded() || abs(v) >= 1e15 else { return float(v) }
        let magnitude = abs(v)
        guard magnitude >= 1e-4, magnitude < 1e15 else { return float(v) }
        var intDigits = 0
        var m = magnitude
        while m >= 1 { m /= 10; intDigits += 1 }
        var leadingZeros = 0
        if magnitude < 1 {
            var t = magnitude
            while t < 0.1 { t *= 10; leadingZeros += 1 }
        }
        let decimals = max(0, min(15, significant - intDigits + leadingZeros))
        var s = fixed(v, decimals: decimals)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s += "0" }
        }
        return s
    }
}
