/// Row-wise greatest and least of several columns (`greatest(a, b)`, and `max(a, b)` with two
/// arguments). Nulls are skipped as SQL's GREATEST/LEAST do in DuckDB and PostgreSQL; a row whose
/// values are all null is null. Length-1 columns (scalars) are broadcast.
public enum Extremes {
    public static func rowwise(_ columns: [Column], greatest: Bool, name: String = "") throws -> Column {
        guard let first = columns.first else { throw FrameError("greatest/least need at least one value") }
        let n = columns.map(\.count).max() ?? 0
        for c in columns where c.count != n && c.count != 1 {
            throw FrameError("greatest/least got columns of \(c.count) and \(n) rows", hint: "compare columns of one frame, or a column with single values")
        }
        let types = Set(columns.compactMap { $0.nullCount == $0.count ? nil : $0.type })
        let numeric = types.isSubset(of: [.int, .float])
        if types.count > 1 && !numeric {
            throw FrameError("greatest/least cannot compare " + types.map(\.rawValue).sorted().joined(separator: " with "),
                             hint: "cast the values to one type first")
        }
        if numeric && types.contains(.float) {
            var out = [Double](repeating: 0, count: n)
            var valid = [Bool](repeating: false, count: n)
            for c in columns {
                guard let x = c.doubles else { continue }
                let one = c.count == 1
                for i in 0..<n {
                    let j = one ? 0 : i
                    guard c.isValid(j) else { continue }
                    let v = x[j]
                    if !valid[i] || (greatest ? v > out[i] : v < out[i]) { out[i] = v; valid[i] = true }
                }
            }
            return Column(name: name, storage: .float(out), validity: valid.allSatisfy { $0 } ? nil : Bitmap(valid))
        }
        // Ints, texts, dates, datetimes, bools: compare cell by cell through Scalar.
        var best = [Scalar](repeating: .null, count: n)
        for c in columns {
            let one = c.count == 1
            for i in 0..<n {
                let s = c[one ? 0 : i]
                if s.isNull { continue }
                if best[i].isNull || (greatest ? less(best[i], s) : less(s, best[i])) { best[i] = s }
            }
        }
        return Column.from(scalars: best, name: name, type: first.nullCount == first.count ? types.first : first.type)
    }

    static func less(_ a: Scalar, _ b: Scalar) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.string(let x), .string(let y)): return x < y
        case (.date(let x), .date(let y)): return x < y
        case (.datetime(let x), .datetime(let y)): return x < y
        case (.bool(let x), .bool(let y)): return !x && y
        default: return (a.asDouble ?? 0) < (b.asDouble ?? 0)
        }
    }
}
