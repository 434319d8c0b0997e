/// Wide tables from long ones (`pivot`), and row-level utilities (sampling, nulls).
public enum Reshape {
    /// One row per `rows` value, one column per distinct `columns` value, cells = agg(values).
    public static func pivot(_ frame: Frame, rows: [String], columns: String, values: String, agg: AggregateFunction) throws -> Frame {
        let keyNames = rows + [columns]
        let long = try GroupBy.summarize(frame, keys: keyNames, specs: [AggregateSpec(name: "__value", function: agg, column: values)])
        let rowKeyCols = try rows.map { try long.column($0) }
        let rowGrouping = Grouping(keys: rowKeyCols, rowCount: long.rowCount)
        let colKey = try long.column(columns)
        let colGrouping = Grouping(keys: [colKey], rowCount: long.rowCount)
        guard colGrouping.groupCount <= 10_000 else {
            throw FrameError("pivot would create \(colGrouping.groupCount) columns", hint: "pivot on a column with fewer distinct values")
        }
        var out = try rows.map { try long.column($0).take(rowGrouping.firstRow) }
        let valueCol = try long.column("__value")
        for g in 0..<colGrouping.groupCount {
            var pick = [Int](repeating: -1, count: rowGrouping.groupCount)
            for i in 0..<long.rowCount where Int(colGrouping.ids[i]) == g { pick[Int(rowGrouping.ids[i])] = i }
            let label = colKey[colGrouping.firstRow[g]]
            var name = label.isNull ? "null" : ScalarFormat.plain(label)
            while out.contains(where: { $0.name == name }) { name += "_" }
            out.append(valueCol.take(pick).renamed(name))
        }
        return try Frame(columns: out)
    }

    /// A seeded sample without replacement (or `fraction` of the rows), rows kept in original order.
    public static func sample(_ frame: Frame, n: Int, seed: UInt64, replace: Bool = false) throws -> Frame {
        guard n >= 0 else { throw FrameError("sample size must not be negative") }
        var rng = SplitMix64(seed: seed)
        if replace {
            guard frame.rowCount > 0 || n == 0 else { throw FrameError("cannot sample from an empty frame") }
            var picks = [Int](repeating: 0, count: n)
            for i in 0..<n {
                try Cancellation.check(every: 1 << 16, at: i)
                picks[i] = Int(rng.next() % UInt64(frame.rowCount))
            }
            return frame.take(picks)
        }
        guard n <= frame.rowCount else {
            throw FrameError("cannot sample \(n) rows from a frame of \(frame.rowCount)", hint: "use replace: true, or a smaller n")
        }
        var idx = Array(0..<frame.rowCount)
        for i in 0..<n {
            try Cancellation.check(every: 1 << 16, at: i)
            let j = i + Int(rng.next() % UInt64(frame.rowCount - i))
            idx.swapAt(i, j)
        }
        return frame.take(Array(idx[0..<n]).sorted())
    }

    /// Rows with no null in `columns` (all columns when empty).
    public static func dropNull(_ frame: Frame, columns: [String]) throws -> Frame {
        let cols = columns.isEmpty ? frame.columns : try columns.map { try frame.column($0) }
        let keep = (0..<frame.rowCount).filter { i in cols.allSatisfy { $0.isValid(i) } }
        return frame.take(keep)
    }

    /// Replaces nulls in one column with a value of a compatible type.
    public static func fillNull(_ column: Column, with value: Scalar) throws -> Column {
        guard column.validity != nil else { return column }
        let filler = Column.constant(value, count: column.count, name: column.name)
        return try NullFunctions.coalesce([column, filler]).renamed(column.name)
    }
}

/// A small, fast, seedable generator (Vigna's SplitMix64), so `sample` and `split` give the same
/// rows for the same seed on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
