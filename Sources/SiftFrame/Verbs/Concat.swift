/// Stacking frames vertically. Columns are matched by name; a column missing from one frame is
/// null there, and int/float columns unify to float.
public enum Concat {
    public static func rows(_ frames: [Frame]) throws -> Frame {
        guard let first = frames.first else { return Frame.empty }
        if frames.count == 1 { return first }
        var names = first.names
        for f in frames.dropFirst() { for n in f.names where !names.contains(n) { names.append(n) } }
        var columns: [Column] = []
        for name in names {
            let parts = frames.map { f -> Column? in f.index(of: name).map { f.columns[$0] } }
            // A column holding only nulls (`mutate(name = null)`, a type chosen for nothing) takes
            // the type of the others, as in pandas.
            let present = parts.enumerated().compactMap { k, p in p.map { (frame: k, column: $0) } }
            let withValues = present.filter { $0.column.nullCount < $0.column.count }
            let deciding = withValues.isEmpty ? present : withValues
            let target: DataType
            do { target = try NullFunctions.commonType(deciding.map(\.column.type)) } catch {
                let kinds = deciding.map { "\($0.column.type.rawValue) in frame \($0.frame + 1)" }
                throw FrameError("cannot stack column '\(name)': it is " + kinds.joined(separator: ", "),
                                 hint: "cast it to one type in every frame first, e.g. mutate(\(name) = cast(\(name), \"string\"))")
            }
            let filled = try zip(parts, frames).map { p, f in
                try p.map { try Cast.cast($0, to: target) } ?? Column.constant(.null, count: f.rowCount, name: name, type: target)
            }
            columns.append(try concatColumns(filled, name: name, type: target))
        }
        return try Frame(columns: columns)
    }

    static func concatColumns(_ cols: [Column], name: String, type: DataType) throws -> Column {
        let total = cols.reduce(0) { $0 + $1.count }
        var valid = Bitmap(count: total, allValid: true)
        var offset = 0
        for c in cols {
            if let v = c.validity { for i in 0..<c.count where !v[i] { valid[offset + i] = false } }
            offset += c.count
        }
        let storage: ColumnStorage
        switch type {
        case .int: storage = .int(cols.flatMap { c -> [Int64] in if case .int(let a) = c.storage { return a }; return [] })
        case .float: storage = .float(cols.flatMap { c -> [Double] in if case .float(let a) = c.storage { return a }; return [] })
        case .bool: storage = .bool(cols.flatMap { c -> [Bool] in if case .bool(let a) = c.storage { return a }; return [] })
        case .date: storage = .date(cols.flatMap { c -> [Int32] in if case .date(let a) = c.storage { return a }; return [] })
        case .datetime: storage = .datetime(cols.flatMap { c -> [Int64] in if case .datetime(let a) = c.storage { return a }; return [] })
        case .list: storage = .list(cols.flatMap { c -> [[String]] in if case .list(let a) = c.storage { return a }; return [] })
        case .string:
            if let ordered = orderedConcat(cols) {
                storage = .string(ordered)
                break
            }
            // Merge dictionaries when every part is dictionary-encoded; otherwise concatenate bytes.
            var dictIndex: [String: Int32] = [:]
            var dictValues: [String] = []
            var codes: [Int32] = []
            var allDict = true
            for c in cols {
                guard case .string(let s) = c.storage, case .dictionary(let cc, let vv, _) = s else { allDict = false; break }
                let remap = vv.map { v -> Int32 in
                    if let k = dictIndex[v] { return k }
                    let k = Int32(dictValues.count)
                    dictIndex[v] = k
                    dictValues.append(v)
                    return k
                }
                codes.append(contentsOf: cc.map { remap[Int($0)] })
            }
            if allDict {
                storage = .string(.dictionary(codes: codes, values: dictValues))
            } else {
                var offsets = [0]
                var bytes = [UInt8]()
                for c in cols {
                    guard case .string(let s) = c.storage else { continue }
                    for i in 0..<c.count {
                        bytes.append(contentsOf: s.string(at: i).utf8)
                        offsets.append(bytes.count)
                    }
                }
                storage = .string(.plain(offsets: offsets, bytes: bytes))
            }
        }
        return Column(name: name, storage: storage, validity: valid)
    }

    /// An ordered dictionary stays ordered when every part that holds a value is an ordered
    /// dictionary with the same values (e.g. the same `cut` applied to each frame); parts that are
    /// all null (such as the filler for a missing column) take any code. nil otherwise.
    static func orderedConcat(_ cols: [Column]) -> StringStorage? {
        var shared: [String]? = nil
        for c in cols where c.nullCount < c.count {
            guard case .string(.dictionary(_, let values, true)) = c.storage else { return nil }
            if let s = shared, s != values { return nil }
            shared = values
        }
        guard let values = shared else { return nil }
        var codes: [Int32] = []
        codes.reserveCapacity(cols.reduce(0) { $0 + $1.count })
        for c in cols {
            if c.nullCount < c.count, case .string(.dictionary(let cc, _, _)) = c.storage {
                codes.append(contentsOf: cc)
            } else {
                codes.append(contentsOf: repeatElement(0, count: c.count))
            }
        }
        return .dictionary(codes: codes, values: values, ordered: true)
    }
}
