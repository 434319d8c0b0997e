/// Rows become columns (pandas' `df.T` after `set_index(names)`): the first output column,
/// "column", holds the input's column names (but `names`); each input row becomes a column named
/// by its value in `names`, or row_1, row_2, … Mixed types become text, as in `Column.from`.
public enum Transpose {
    public static let maxColumns = 10_000

    public static func transpose(_ f: Frame, names: String?) throws -> Frame {
        guard f.rowCount <= maxColumns else {
            throw FrameError("transpose() of \(f.rowCount) rows would make \(f.rowCount) columns (at most \(maxColumns))", hint: "filter or summarize first")
        }
        let header: [String]
        var kept = f.columns
        if let names {
            let c = try f.column(names)
            header = (0..<f.rowCount).map { c.isValid($0) ? ScalarFormat.plain(c[$0]) : "null" }
            kept.removeAll { $0.name == names }
        } else {
            header = (0..<f.rowCount).map { "row_\($0 + 1)" }
        }
        var seen = Set<String>()
        var columns = [Column(name: "column", storage: .string(.make(kept.map(\.name))))]
        for (r, h) in header.enumerated() {
            var title = h
            var k = 2
            while !seen.insert(title).inserted || title == "column" { title = "\(h)_\(k)"; k += 1 }
            columns.append(Column.from(scalars: kept.map { $0[r] }, name: title))
        }
        return try Frame(columns: columns)
    }
}
