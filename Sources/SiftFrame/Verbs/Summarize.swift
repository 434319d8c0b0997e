/// One aggregate to compute per group: `name = fn(column)`.
public struct AggregateSpec: Sendable {
    public var name: String
    public var function: AggregateFunction
    /// nil for `count()` (rows per group).
    public var column: String?
    public var q: Double
    public init(name: String, function: AggregateFunction, column: String?, q: Double = 0.5) {
        self.name = name
        self.function = function
        self.column = column
        self.q = q
    }
}

public enum GroupBy {
    /// The group key columns (one row per group, in key order) followed by the aggregates.
    public static func keyFrame(_ frame: Frame, keys: [String], grouping: Grouping) throws -> [Column] {
        try keys.map { try frame.column($0).take(grouping.firstRow) }
    }

    /// Through the hash-aggregation kernel (`GroupAggregate`): the groups and results of
    /// `Grouping` + `Aggregate.run`, with the common aggregates computed in place.
    public static func summarize(_ frame: Frame, keys: [String], specs: [AggregateSpec]) throws -> Frame {
        try GroupAggregate.summarize(frame, keys: keys, specs: specs)
    }

    public static func rowsPerGroup(_ g: Grouping) -> [Int64] {
        var counts = [Int64](repeating: 0, count: g.groupCount)
        for id in g.ids { counts[Int(id)] += 1 }
        return counts
    }

    /// `count(df, a, b)`: rows per combination, like dplyr's count; sorted by key.
    public static func count(_ frame: Frame, keys: [String], name: String = "n") throws -> Frame {
        try summarize(frame, keys: keys, specs: [AggregateSpec(name: name, function: .count, column: nil)])
    }

    /// Distinct values and how often each occurs, most frequent first (ties in key order).
    public static func valueCounts(_ frame: Frame, column: String) throws -> Frame {
        try valueCounts(frame, columns: [column])
    }

    /// Each distinct combination of `columns` with its count, most frequent first (ties in key
    /// order). No columns counts whole rows, as pandas' `DataFrame.value_counts()` does.
    public static func valueCounts(_ frame: Frame, columns: [String]) throws -> Frame {
        let keys = columns.isEmpty ? frame.names : columns
        guard !keys.isEmpty else { throw FrameError("value_counts() needs a frame with at least one column") }
        let counted = try count(frame, keys: keys, name: "count")
        // The count is the column after the keys.
        return Sorting.sort(counted, by: [SortKey(counted.columns[keys.count], descending: true)])
    }

    /// Unique rows over `keys` (all columns when empty), keeping each first occurrence in order.
    public static func distinct(_ frame: Frame, keys: [String]) throws -> Frame {
        let cols = keys.isEmpty ? frame.columns : try keys.map { try frame.column($0) }
        let g = Grouping(keys: cols, rowCount: frame.rowCount)
        let rows = g.firstRow.sorted()
        let out = frame.take(rows)
        return keys.isEmpty ? out : try out.select(keys)
    }
}
