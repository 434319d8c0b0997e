/// Cutting, padding, joining and splitting text, counting characters as a reader does
/// (grapheme clusters), with the result of each distinct value computed once on dictionary
/// columns.
public enum TextShaping {
    /// `substr(x, start, length)`: characters from `start` (1 = the first; negative counts from
    /// the end, -1 = the last), `length` of them (all the rest when nil); "" past the end (as
    /// SQL's SUBSTR; pandas' `str.slice(start - 1, start - 1 + length)`).
    public static func substr(_ c: Column, start: Int, length: Int?) throws -> Column {
        if let length, length < 0 { throw FrameError("substr() needs a length of 0 or more, got \(length)") }
        return try TextFunctions.map(c, "substr") { s in
            let chars = Array(s)
            let from = start > 0 ? start - 1 : max(0, chars.count + start)
            guard from < chars.count else { return "" }
            let to = length.map { min(chars.count, from + $0) } ?? chars.count
            return String(chars[from..<to])
        }
    }

    /// Pads to `width` characters with `fill` on the left or right (pandas' `str.pad`); longer
    /// text is left as it is.
    public static func pad(_ c: Column, width: Int, fill: String, left: Bool) throws -> Column {
        guard fill.count == 1 else { throw FrameError("the fill must be one character, got \"\(fill)\"") }
        guard width >= 0, width <= 1_000_000 else { throw FrameError("the width must be between 0 and 1,000,000, got \(width)") }
        return try TextFunctions.map(c, left ? "pad_left" : "pad_right") { s in
            let missing = width - s.count
            guard missing > 0 else { return s }
            let padding = String(repeating: fill, count: missing)
            return left ? padding + s : s + padding
        }
    }

    /// Row-wise joining of texts (numbers and dates as their text) with `separator`; a null in any
    /// part gives null unless `ignoreNulls` (then it is skipped), as polars' `concat_str`.
    public static func concat(_ parts: [Column], separator: String, ignoreNulls: Bool) throws -> Column {
        guard let n = parts.first?.count else { throw FrameError("concat_str() needs at least one value") }
        for p in parts where p.count != n { throw FrameError("concat_str(): parts have \(n) and \(p.count) rows") }
        var out = [String](repeating: "", count: n)
        var valid = Bitmap(count: n, allValid: true)
        for i in 0..<n {
            var pieces: [String] = []
            for p in parts {
                let v = p[i]
                if v.isNull {
                    if ignoreNulls { continue }
                    valid[i] = false
                    break
                }
                pieces.append(ScalarFormat.plain(v))
            }
            if valid[i] { out[i] = pieces.joined(separator: separator) }
        }
        return Column(name: parts[0].name, storage: .string(.make(out)), validity: valid)
    }

    /// Each text split on `separator` into a list cell (pandas' `str.split(sep)`).
    public static func split(_ c: Column, separator: String) throws -> Column {
        guard !separator.isEmpty else { throw FrameError("split() needs a non-empty separator") }
        guard case .string(let s) = c.storage else {
            throw FrameError("split() needs text, got a \(c.type.rawValue) column", hint: "convert with cast(x, \"string\")")
        }
        var cache: [String: [String]] = [:]
        let cells = (0..<c.count).map { i -> [String] in
            guard c.isValid(i) else { return [] }
            let t = s.string(at: i)
            if let hit = cache[t] { return hit }
            let parts = t.splittingAll(separator)
            if cache.count < 10_000 { cache[t] = parts }
            return parts
        }
        return Column(name: c.name, storage: .list(cells), validity: c.validity)
    }
}
