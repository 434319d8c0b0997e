/// Values from other rows of the same partition: `shift`/`lag`/`lead`, and the changes built on
/// them, `diff` and `pct_change`.
///
/// As pandas: `shift(n)` moves values n rows later in window order (negative n: earlier); rows
/// with no source row in their partition are null (or the fill value). A null source stays null.
public enum Shift {
    /// For each row, the row whose value it takes (`-1`: none, the row is outside the partition).
    public static func sources(_ w: WindowPartition, by n: Int) -> [Int] {
        var src = [Int](repeating: -1, count: w.rowCount)
        w.order.withUnsafeBufferPointer { order in
            src.withUnsafeMutableBufferPointer { s in
                w.forEach { range in
                    for k in range {
                        let (j, o) = k.subtractingReportingOverflow(n)
                        if !o, j >= range.lowerBound, j < range.upperBound { s[order[k]] = order[j] }
                    }
                }
            }
        }
        return src
    }

    /// `x` shifted by `n` rows within each partition; rows without a source take `fill` (null by default).
    public static func shift(_ c: Column, _ w: WindowPartition, by n: Int, fill: Scalar = .null) throws -> Column {
        guard c.count == w.rowCount else { throw FrameError("shift(): the column has \(c.count) rows but the window \(w.rowCount)") }
        let src = sources(w, by: n)
        let moved = c.take(src)
        guard !fill.isNull else { return moved }
        let missing = Column(name: "", storage: .bool(src.map { $0 < 0 }))
        let filler = Column.constant(fill, count: c.count)
        return try Conditional.ifElse(missing, filler, moved).renamed(c.name)
    }

    /// `x - shift(x, n)`: int stays int, float stays float, dates give whole days and datetimes
    /// days with a fraction (the same numbers as subtracting them).
    public static func diff(_ c: Column, _ w: WindowPartition, by n: Int) throws -> Column {
        guard c.count == w.rowCount else { throw FrameError("diff(): the column has \(c.count) rows but the window \(w.rowCount)") }
        let src = sources(w, by: n)
        var valid = Bitmap(count: c.count, allValid: true)
        for r in 0..<c.count where src[r] < 0 || !c.isValid(r) || !c.isValid(src[r]) { valid[r] = false }
        func ints(_ a: [Int64]) throws -> [Int64] {
            try (0..<a.count).map { r in
                guard src[r] >= 0 else { return 0 }
                let (d, o) = a[r].subtractingReportingOverflow(a[src[r]])
                if o && valid[r] { throw FrameError("diff() overflows a whole number", hint: "cast to float first") }
                return d
            }
        }
        let storage: ColumnStorage
        switch c.storage {
        case .int(let a): storage = .int(try ints(a))
        case .bool(let a): storage = .int(try ints(a.map { $0 ? 1 : 0 }))
        case .date(let a): storage = .int(try ints(a.map(Int64.init)))
        // Days as a fraction, as `t - lag(t)` gives (microseconds would read as a count of days).
        case .datetime(let a): storage = .float(try ints(a).map { Double($0) / Double(Temporal.microsPerDay) })
        case .float(let a): storage = .float((0..<a.count).map { src[$0] >= 0 ? a[$0] - a[src[$0]] : 0 })
        default: throw FrameError("diff() needs numbers or dates, got a \(c.type.rawValue) column")
        }
        return Column(name: c.name, storage: storage, validity: valid)
    }

    /// `x / shift(x, n) - 1` (pandas' `pct_change(fill_method=None)`): null where either value is
    /// null or the earlier value is 0 (Sift's division by zero is null, not infinity).
    public static func pctChange(_ c: Column, _ w: WindowPartition, by n: Int) throws -> Column {
        guard c.count == w.rowCount else { throw FrameError("pct_change(): the column has \(c.count) rows but the window \(w.rowCount)") }
        guard let x = c.doubles, c.type != .bool else { throw FrameError("pct_change() needs numbers, got a \(c.type.rawValue) column") }
        let src = sources(w, by: n)
        var valid = Bitmap(count: c.count, allValid: true)
        var out = [Double](repeating: 0, count: c.count)
        for r in 0..<c.count {
            let s = src[r]
            guard s >= 0, c.isValid(r), c.isValid(s), x[s] != 0 else { valid[r] = false; continue }
            out[r] = x[r] / x[s] - 1
        }
        return Column(name: c.name, storage: .float(out), validity: valid)
    }
}
