/// Wide to long: `melt(df, id: [customer], columns: [q1, q2], names_to: "quarter", values_to:
/// "revenue")`, as pandas' `melt(id_vars, value_vars, var_name, value_name)`: for each value
/// column in turn, every row (so the output is column-major, as pandas orders it).
public enum Melt {
    public static func melt(_ f: Frame, id: [String], columns: [String], namesTo: String, valuesTo: String) throws -> Frame {
        let values = columns.isEmpty ? f.names.filter { !id.contains($0) } : columns
        guard !values.isEmpty else { throw FrameError("melt() has no columns to turn into rows", hint: "name them with columns: [...]") }
        for n in id + values where !f.hasColumn(n) { throw FrameError.noColumn(n, in: f.names) }
        guard !id.contains(namesTo), !id.contains(valuesTo), namesTo != valuesTo else {
            throw FrameError("melt(): names_to and values_to must be new, distinct column names")
        }
        let n = f.rowCount, k = values.count
        // Rows of the id columns repeated once per value column.
        let repeatRows = (0..<k).flatMap { _ in 0..<n }
        var out: [Column] = try id.map { try f.column($0).take(repeatRows) }
        let names = Column(name: namesTo, storage: .string(.dictionary(codes: (0..<k).flatMap { j in [Int32](repeating: Int32(j), count: n) }, values: values, ordered: true)))
        out.append(names)
        // Value columns of different kinds (numbers and text) stack as text, where pandas would
        // make an object column; numbers of both kinds stack as float.
        var parts = try values.map { try f.column($0).renamed(valuesTo) }
        let types = Set(parts.map(\.type))
        if types.count > 1 && !types.isSubset(of: [.int, .float]) { parts = try parts.map { try Cast.cast($0, to: .string) } }
        let stacked = try Concat.rows(try parts.map { try Frame(columns: [$0]) })
        out.append(stacked.columnCount > 0 ? stacked.columns[0] : Column.constant(.null, count: 0, name: valuesTo))
        return try Frame(columns: out)
    }
}
