import SiftFrame

/// Brings an engine's result to the types the compiler promised. Why: engines type computed
/// columns their own way (SQLite returns 0/1 for a condition and text for a date, PostgreSQL
/// may return an int where Sift's branch unification says float), and a remote pipeline must
/// give the same frame as the local one: same names, same types, same values.
public enum ResultConformance {
    public static func conform(_ frame: Frame, to columns: [SQLColumn]) throws -> Frame {
        guard frame.columnCount == columns.count else {
            throw SQLEngineError("the engine returned \(frame.columnCount) columns where \(columns.count) were expected")
        }
        var out: [Column] = []
        for (c, want) in zip(frame.columns, columns) {
            out.append(try convert(c, to: want.type).renamed(want.name))
        }
        return try Frame(columns: out)
    }

    static func convert(_ c: Column, to type: DataType) throws -> Column {
        if c.type == type { return c }
        let n = c.count
        if c.nullCount == n { return Column.constant(.null, count: n, name: c.name, type: type) }
        var cells: [Scalar] = []
        cells.reserveCapacity(n)
        for i in 0..<n {
            let s = c[i]
            if s.isNull { cells.append(.null); continue }
            switch (s, type) {
            case (.int(let v), .float): cells.append(.float(Double(v)))
            case (.float(let v), .int) where v == v.rounded() && abs(v) < 9.2e18: cells.append(.int(Int64(v)))
            case (.int(let v), .bool): cells.append(.bool(v != 0))
            case (.float(let v), .bool): cells.append(.bool(v != 0))
            case (.bool(let v), .int): cells.append(.int(v ? 1 : 0))
            case (.string(let t), .date):
                guard let d = Temporal.parseDate(t) else { throw mismatch(c, t, type) }
                cells.append(.date(d))
            case (.string(let t), .datetime):
                if let v = Temporal.parseDateTime(t) { cells.append(.datetime(v)) } else if let d = Temporal.parseDate(t) {
                    cells.append(.datetime(Int64(d) * Temporal.microsPerDay))
                } else { throw mismatch(c, t, type) }
            case (.date(let d), .datetime): cells.append(.datetime(Int64(d) * Temporal.microsPerDay))
            case (.int(let v), .string): cells.append(.string(String(v)))
            default: throw mismatch(c, ScalarFormat.plain(s), type)
            }
        }
        return Column.from(scalars: cells, name: c.name, type: type)
    }

    static func mismatch(_ c: Column, _ value: String, _ type: DataType) -> SQLEngineError {
        SQLEngineError("column '\(c.name)' came back as \(c.type.rawValue) (e.g. \(value)) where \(type.rawValue) was expected")
    }
}
