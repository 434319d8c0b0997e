import SiftFrame

/// Cell texts of a column, formatted consistently: floats share one number of decimals so the
/// decimal points line up, nulls read `null`, text is cut to a readable width.
public struct CellText {
    public static let maxCellWidth = 40

    public static func format(_ column: Column, rows: [Int], floatDecimalsCap: Int = 6, maxWidth: Int = maxCellWidth) -> [String] {
        if let f = column.displayFormat, let numbers = column.doubles {
            let shown = rows.filter { $0 >= 0 && column.isValid($0) }
            var texts = f.texts(shown.map { numbers[$0] })[...]
            return rows.map { r in r < 0 ? "…" : column.isValid(r) ? texts.popFirst() ?? "" : "null" }
        }
        switch column.storage {
        case .float(let a):
            var decimals = 0
            for r in rows where r >= 0 && column.isValid(r) { decimals = max(decimals, ScalarFormat.decimalsNeeded(a[r], cap: floatDecimalsCap)) }
            return rows.map { r in r < 0 ? "…" : column.isValid(r) ? ScalarFormat.fixed(a[r], decimals: decimals) : "null" }
        default:
            return rows.map { r in
                guard r >= 0 else { return "…" }
                let v = column[r]
                if case .null = v { return "null" }
                return truncate(escapeControl(ScalarFormat.plain(v)), maxWidth)
            }
        }
    }

    static func escapeControl(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 32 }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: if u.value < 32 { out += "?" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    public static func truncate(_ s: String, _ width: Int) -> String {
        guard displayWidth(s) > width else { return s }
        var out = ""
        var w = 0
        for ch in s {
            let cw = displayWidth(String(ch))
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return out + "…"
    }

    /// Terminal columns a string occupies: East Asian wide characters and emoji count as two.
    public static func displayWidth(_ s: String) -> Int {
        var w = 0
        for ch in s {
            guard let u = ch.unicodeScalars.first?.value else { continue }
            if u < 0x300 { w += 1; continue }
            if (0x1100...0x115F).contains(u) || (0x2E80...0xA4CF).contains(u) || (0xAC00...0xD7A3).contains(u)
                || (0xF900...0xFAFF).contains(u) || (0xFE30...0xFE4F).contains(u) || (0xFF00...0xFF60).contains(u)
                || (0xFFE0...0xFFE6).contains(u) || (0x1F300...0x1FAFF).contains(u) || (0x20000...0x3FFFD).contains(u) {
                w += 2
            } else { w += 1 }
        }
        return w
    }

    public static func isRightAligned(_ t: DataType) -> Bool { t == .int || t == .float }

    static func pad(_ s: String, _ width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - displayWidth(s)))
        return right ? fill + s : s + fill
    }

    /// `1,234,567`, for row counts in footers.
    public static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, ch) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }
}
