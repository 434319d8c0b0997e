/// String functions applied per cell. On dictionary-encoded columns each distinct value is
/// computed once, which is why categorical columns transform at the cost of their dictionary.
public enum TextFunctions {
    static func strings(_ c: Column, _ fn: String) throws -> StringStorage {
        guard case .string(let s) = c.storage else {
            throw FrameError("\(fn)() needs text, got a \(c.type.rawValue) column", hint: "convert with cast(x, \"string\")")
        }
        return s
    }

    /// Maps each string to a new string. On a dictionary, values that map to the same string
    /// (`lower` of "A" and "a") merge into one entry; the result is text-ordered even when the
    /// input was an ordered dictionary, since the new text need not follow the old order.
    public static func map(_ c: Column, _ fn: String, _ f: (String) -> String) throws -> Column {
        let s = try strings(c, fn)
        switch s {
        case .dictionary(let codes, let values, _):
            return Column(name: c.name, storage: .string(.deduplicated(codes: codes, values: values.map(f))), validity: c.validity)
        case .plain:
            let out = (0..<c.count).map { c.isValid($0) ? f(s.string(at: $0)) : "" }
            return Column(name: c.name, storage: .string(.make(out)), validity: c.validity)
        }
    }

    /// Maps each string to a typed value.
    public static func mapTo<T>(_ c: Column, _ fn: String, _ f: (String) -> T, wrap: ([T]) -> ColumnStorage) throws -> Column {
        let s = try strings(c, fn)
        switch s {
        case .dictionary(let codes, let values, _):
            let per = values.map(f)
            return Column(name: c.name, storage: wrap(codes.map { per[Int($0)] }), validity: c.validity)
        case .plain:
            return Column(name: c.name, storage: wrap((0..<c.count).map { f(s.string(at: $0)) }), validity: c.validity)
        }
    }

    public static func lower(_ c: Column) throws -> Column { try map(c, "lower") { $0.lowercased() } }
    public static func upper(_ c: Column) throws -> Column { try map(c, "upper") { $0.uppercased() } }
    public static func strip(_ c: Column) throws -> Column {
        try map(c, "strip") { s in
            var t = Substring(s)
            while let f = t.first, f.isWhitespace { t.removeFirst() }
            while let l = t.last, l.isWhitespace { t.removeLast() }
            return String(t)
        }
    }
    /// Length in characters (grapheme clusters), as a reader counts them.
    public static func length(_ c: Column) throws -> Column { try mapTo(c, "len", { Int64($0.count) }, wrap: { .int($0) }) }
    // Predicates scan bytes where that gives the same answer as the String methods (TextPredicates).
    public static func contains(_ c: Column, _ needle: String) throws -> Column { try TextPredicates.evaluate(c, .contains, needle, function: "contains") }
    public static func startsWith(_ c: Column, _ p: String) throws -> Column { try TextPredicates.evaluate(c, .startsWith, p, function: "starts_with") }
    public static func endsWith(_ c: Column, _ p: String) throws -> Column { try TextPredicates.evaluate(c, .endsWith, p, function: "ends_with") }
    public static func replace(_ c: Column, _ old: String, _ new: String) throws -> Column {
        guard !old.isEmpty else { throw FrameError("replace() needs a non-empty text to look for") }
        return try map(c, "replace") { $0.replacingAll(old, with: new) }
    }
    /// The `index`-th part (1-based, negative counts from the end) after splitting on `sep`;
    /// null when there is no such part.
    public static func splitPart(_ c: Column, _ sep: String, _ index: Int) throws -> Column {
        guard !sep.isEmpty else { throw FrameError("split_part() needs a non-empty separator") }
        let s = try strings(c, "split_part")
        var cells = [Scalar]()
        cells.reserveCapacity(c.count)
        for i in 0..<c.count {
            guard c.isValid(i) else { cells.append(.null); continue }
            let parts = s.string(at: i).splittingAll(sep)
            let k = index > 0 ? index - 1 : parts.count + index
            cells.append(k >= 0 && k < parts.count ? .string(parts[k]) : .null)
        }
        return Column.from(scalars: cells, name: c.name, type: .string)
    }
}

extension String {
    /// Every piece between occurrences of `sep` (empty pieces kept), without Foundation.
    public func splittingAll(_ sep: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let r = rest.range(of: sep) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    public func replacingAll(_ old: String, with new: String) -> String { splittingAll(old).joined(separator: new) }
}

extension Substring {
    func range(of needle: String) -> Range<Substring.Index>? {
        guard let first = needle.first else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i] == first, self[i...].hasPrefix(needle) {
                return i..<self.index(i, offsetBy: needle.count)
            }
            i = index(after: i)
        }
        return nil
    }
}
