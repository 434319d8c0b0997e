/// Join key codes for the common single-key joins, without the general path's concatenation of
/// both key columns and re-coding of every row.
///
/// The right side (the table looked up, usually the small dimension) is numbered first: each
/// distinct key gets an id. The left side is then probed: a dictionary-encoded text key looks up
/// each distinct *value* once and maps its codes; an integer or date key probes an
/// open-addressing table per row. Left keys the right side lacks get -1, exactly like a null key:
/// they never match, which is all the join needs to know about them.
enum JoinKeyCodes {
    /// Left rows of plain (not dictionary-encoded) text are hashed one by one; above this many
    /// the general path is no slower.
    static let plainLeftLimit = 200_000

    /// (left codes, right codes), -1 = no match possible; nil when the general path must decide
    /// (several keys, different types, floats, large plain text).
    /// For a dictionary-encoded left text key: the id of each left dictionary *value* (-1 when
    /// the right side lacks it) and the right codes, so a caller can map the left rows through a
    /// table per value in one pass instead of materialising a code per row first.
    static func dictionaryValueIds(_ l: Column, _ r: Column) -> (valueIds: [Int], right: [Int])? {
        guard case .string(.dictionary(_, let values, _)) = l.storage, case .string(let rs) = r.storage else { return nil }
        let (ids, rc) = rightTextIds(rs, r)
        return (values.map { ids[$0] ?? -1 }, rc)
    }

    /// Numbers the right side's distinct texts: (id of each text, id per right row, -1 = null).
    private static func rightTextIds(_ rs: StringStorage, _ r: Column) -> ([String: Int], [Int]) {
        var ids: [String: Int] = [:]
        var rc = [Int](repeating: -1, count: r.count)
        switch rs {
        case .dictionary(let codes, let values, _):
            var valueId = [Int](repeating: -1, count: values.count)
            for (k, v) in values.enumerated() {
                if let id = ids[v] { valueId[k] = id } else { valueId[k] = ids.count; ids[v] = ids.count }
            }
            for j in 0..<r.count where r.isValid(j) { rc[j] = valueId[Int(codes[j])] }
        case .plain:
            for j in 0..<r.count where r.isValid(j) {
                let v = rs.string(at: j)
                if let id = ids[v] { rc[j] = id } else { rc[j] = ids.count; ids[v] = ids.count }
            }
        }
        return (ids, rc)
    }

    static func codes(_ l: Column, _ r: Column) -> ([Int], [Int])? {
        switch (l.storage, r.storage) {
        case (.string(let ls), .string(let rs)):
            let (ids, rc) = rightTextIds(rs, r)
            var lc = [Int](repeating: -1, count: l.count)
            switch ls {
            case .dictionary(let codes, let values, _):
                let idOf = values.map { ids[$0] ?? -1 }
                codes.withUnsafeBufferPointer { cb in
                    lc.withUnsafeMutableBufferPointer { out in
                        if let v = l.validity {
                            for i in 0..<cb.count { out[i] = v[i] ? idOf[Int(cb[i])] : -1 }
                        } else {
                            for i in 0..<cb.count { out[i] = idOf[Int(cb[i])] }
                        }
                    }
                }
            case .plain:
                guard l.count <= plainLeftLimit else { return nil }
                for i in 0..<l.count where l.isValid(i) { lc[i] = ids[ls.string(at: i)] ?? -1 }
            }
            return (lc, rc)
        case (.int(let la), .int(let ra)), (.datetime(let la), .datetime(let ra)):
            return integer(la.count, ra.count, l.validity, r.validity, { la[$0] }, { ra[$0] })
        case (.date(let la), .date(let ra)):
            return integer(la.count, ra.count, l.validity, r.validity, { Int64(la[$0]) }, { Int64(ra[$0]) })
        default:
            return nil
        }
    }

    static func integer(_ n: Int, _ m: Int, _ lv: Bitmap?, _ rv: Bitmap?, _ left: (Int) -> Int64, _ right: (Int) -> Int64) -> ([Int], [Int]) {
        var table = HashSlots(expected: m)
        var rc = [Int](repeating: -1, count: m)
        for j in 0..<m where rv?[j] ?? true { rc[j] = Int(table.slot(UInt64(bitPattern: right(j)))) }
        var lc = [Int](repeating: -1, count: n)
        for i in 0..<n where lv?[i] ?? true { lc[i] = Int(table.find(UInt64(bitPattern: left(i)))) }
        return (lc, rc)
    }
}
