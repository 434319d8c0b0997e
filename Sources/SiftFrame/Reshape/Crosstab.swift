/// Counts of each combination of two categorical columns as a wide table (pandas'
/// `crosstab(index, columns, normalize=…)`): one row per `rows` value, one column per `columns`
/// value (in sorted order), 0 where a combination never occurs. `normalize` divides by the
/// grand total ("all"), each row's total ("index") or each column's total ("columns").
public enum Crosstab {
    public enum Normalize: String, CaseIterable, Sendable { case none, all, index, columns }

    public static func crosstab(_ f: Frame, rows: String, columns: String, normalize: Normalize) throws -> Frame {
        // pandas drops rows where either key is null.
        let kept = try Reshape.dropNull(f, columns: [rows, columns])
        let counts = try GroupBy.count(kept, keys: [rows, columns], name: "__n")
        var wide = try Reshape.pivot(counts, rows: [rows], columns: columns, values: "__n", agg: .sum)
        var cols = wide.columns
        let valueIndices = Array(1..<cols.count)
        // Missing combinations are 0, not null.
        var cells: [[Double]] = valueIndices.map { j in (0..<wide.rowCount).map { cols[j].isValid($0) ? (cols[j][$0].asDouble ?? 0) : 0 } }
        switch normalize {
        case .none:
            for (k, j) in valueIndices.enumerated() { cols[j] = Column(name: cols[j].name, storage: .int(cells[k].map { Int64($0) })) }
            wide = try Frame(columns: cols)
            return wide
        case .all:
            let total = cells.joined().reduce(0, +)
            cells = cells.map { $0.map { total > 0 ? $0 / total : 0 } }
        case .index:
            for r in 0..<wide.rowCount {
                let t = cells.reduce(0) { $0 + $1[r] }
                for k in cells.indices { cells[k][r] = t > 0 ? cells[k][r] / t : 0 }
            }
        case .columns:
            cells = cells.map { col in let t = col.reduce(0, +); return col.map { t > 0 ? $0 / t : 0 } }
        }
        for (k, j) in valueIndices.enumerated() { cols[j] = Column(name: cols[j].name, storage: .float(cells[k])) }
        return try Frame(columns: cols)
    }
}
