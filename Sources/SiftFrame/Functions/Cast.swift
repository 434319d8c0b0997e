/// Type conversion. Values that cannot convert become null only when asked (`strict: false`);
/// by default the first one is reported, so a typo in data never silently vanishes.
public enum Cast {
    public static func cast(_ c: Column, to type: DataType, strict: Bool = true) throws -> Column {
        if c.type == type { return c }
        let n = c.count
        var valid = c.validity ?? Bitmap(count: n, allValid: true)
        switch (c.storage, type) {
        case (.int(let x), .float): return Column(name: c.name, storage: .float(x.map(Double.init)), validity: c.validity)
        case (.bool(let x), .int): return Column(name: c.name, storage: .int(x.map { $0 ? 1 : 0 }), validity: c.validity)
        case (.bool(let x), .float): return Column(name: c.name, storage: .float(x.map { $0 ? 1 : 0 }), validity: c.validity)
        case (.int(let x), .bool): return Column(name: c.name, storage: .bool(x.map { $0 != 0 }), validity: c.validity)
        case (.float(let x), .int):
            var out = [Int64](repeating: 0, count: n)
            for i in 0..<n where valid[i] {
                let t = x[i].rounded(.towardZero)
                if t.isFinite && Swift.abs(t) < 9.2e18 { out[i] = Int64(t) } else if strict {
                    throw FrameError("cannot convert \(x[i]) to int", hint: "it is out of range; use cast(x, \"int\", strict: false) to make such values null")
                } else { valid[i] = false }
            }
            return Column(name: c.name, storage: .int(out), validity: valid)
        case (.date(let x), .datetime): return Column(name: c.name, storage: .datetime(x.map { Int64($0) * Temporal.microsPerDay }), validity: c.validity)
        case (.datetime(let x), .date): return Column(name: c.name, storage: .date(x.map { Int32(clamping: floorDiv($0, Temporal.microsPerDay)) }), validity: c.validity)
        case (_, .string):
            var out = [String]()
            out.reserveCapacity(n)
            for i in 0..<n { out.append(valid[i] ? ScalarFormat.plain(c[i]) : "") }
            return Column(name: c.name, storage: .string(.make(out)), validity: c.validity)
        case (.string(let s), _):
            var cells = [Scalar]()
            cells.reserveCapacity(n)
            for i in 0..<n {
                guard valid[i] else { cells.append(.null); continue }
                let text = s.string(at: i)
                if let v = Scalar.parse(text, as: type) { cells.append(v) } else if strict {
                    throw FrameError("cannot convert \"\(text.prefix(40))\" (row \(i + 1)) to \(type.rawValue)", hint: "use cast(x, \"\(type.rawValue)\", strict: false) to turn such values into null")
                } else { cells.append(.null) }
            }
            return Column.from(scalars: cells, name: c.name, type: type)
        default:
            throw FrameError("cannot convert a \(c.type.rawValue) column to \(type.rawValue)")
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

/// Null handling: tests, replacement and dropping.
public enum NullFunctions {
    public static func isNull(_ c: Column) -> Column {
        let n = c.count
        guard let v = c.validity else { return Column(name: c.name, storage: .bool(Array(repeating: false, count: n))) }
        return Column(name: c.name, storage: .bool((0..<n).map { !v[$0] }))
    }

    /// The first non-null value per row, left to right; the result type is the widest involved.
    public static func coalesce(_ columns: [Column]) throws -> Column {
        guard let first = columns.first else { throw FrameError("coalesce needs at least one argument") }
        let target = try commonType(columns.map(\.type))
        let cast = try columns.map { try Cast.cast($0, to: target) }
        let n = first.count
        var choose = [Int](repeating: -1, count: n)
        for i in 0..<n {
            for (k, c) in cast.enumerated() where c.isValid(i) { choose[i] = k; break }
        }
        var cells = [Scalar]()
        cells.reserveCapacity(n)
        for i in 0..<n { cells.append(choose[i] < 0 ? .null : cast[choose[i]][i]) }
        return Column.from(scalars: cells, name: first.name, type: target)
    }

    public static func commonType(_ types: [DataType]) throws -> DataType {
        var t = types[0]
        for u in types.dropFirst() where u != t {
            if Set([t, u]).isSubset(of: [.int, .float, .bool]) { t = .float } else if Set([t, u]) == [.date, .datetime] { t = .datetime } else {
                throw FrameError("cannot mix \(t.rawValue) and \(u.rawValue) values", hint: "cast one side first")
            }
        }
        return t
    }
}

/// Conditional selection per row: `if_else(cond, a, b)`; a null condition gives null.
public enum Conditional {
    public static func ifElse(_ cond: Column, _ a: Column, _ b: Column) throws -> Column {
        let flags = try ColumnCompare.bools(cond, "if_else condition")
        let target = try NullFunctions.commonType([a.type, b.type])
        let x = try Cast.cast(a, to: target), y = try Cast.cast(b, to: target)
        let idx = (0..<cond.count).map { i -> Int in flags[i] ? i : i + cond.count }
        let stacked = try Concat.rows([Frame(columns: [x.renamed("v")]), Frame(columns: [y.renamed("v")])])
        var out = stacked.columns[0].take(idx)
        if let cv = cond.validity {
            var v = out.validity ?? Bitmap(count: cond.count, allValid: true)
            for i in 0..<cond.count where !cv[i] { v[i] = false }
            out.validity = v.simplified
        }
        return out.renamed(a.name)
    }
}
