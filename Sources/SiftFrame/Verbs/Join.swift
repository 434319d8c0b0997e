/// Relational joins on one or more key columns. Keys are coded jointly for both sides so any key
/// types (text, numbers, dates) hash as integers; null keys never match, as in SQL.
public enum JoinKind: String, CaseIterable, Sendable {
    case inner, left, right, outer, semi, anti
}

public enum Joining {
    public static func join(_ left: Frame, _ right: Frame, on keys: [(String, String)], how: JoinKind, suffixes: (String, String) = ("", "_right"), maxRows: Int = 500_000_000) throws -> Frame {
        guard !keys.isEmpty else { throw FrameError("join needs at least one key column", hint: "join(other, on: id)") }
        let lk = try keys.map { try left.column($0.0) }
        let rk = try keys.map { try right.column($0.1) }
        let (lcodes, rcodes) = try (lk.count == 1 ? JoinKeyCodes.codes(lk[0], rk[0]) : nil) ?? jointCodes(lk, rk)
        // Bucket right rows by key: counting sort into `rightRows`, bucket k at starts[k]..<starts[k+1].
        let card = (lcodes.max() ?? -1) > (rcodes.max() ?? -1) ? (lcodes.max()! + 1) : ((rcodes.max() ?? -1) + 1)
        var starts = [Int](repeating: 0, count: card + 1)
        for c in rcodes where c >= 0 { starts[c + 1] += 1 }
        for k in 0..<card { starts[k + 1] += starts[k] }
        var fill = starts
        var rightRows = [Int](repeating: 0, count: rcodes.count)
        for (j, c) in rcodes.enumerated() where c >= 0 { rightRows[fill[c]] = j; fill[c] += 1 }

        var li = [Int](), ri = [Int]()
        var rightMatched = [Bool]()
        var unique = true
        for k in 0..<card where starts[k + 1] - starts[k] > 1 { unique = false; break }
        if unique && how != .right && how != .outer {
            // Unique right keys (a lookup table, a dimension): each left row matches at most one
            // right row, so the pairs come out of one branch-free pass.
            try Cancellation.check()
            var rowOf = [Int](repeating: -1, count: card)
            for k in 0..<card where starts[k + 1] > starts[k] { rowOf[k] = rightRows[starts[k]] }
            (li, ri) = uniquePairs(lcodes, rowOf, how)
            guard li.count <= maxRows else {
                throw FrameError("this join would produce about \(li.count) rows, more than the limit of \(maxRows)", hint: "raise the limit with set_option(\"max_result_rows\", …)")
            }
        } else {
            // Estimate the output before allocating it.
            var estimate = 0
            for c in lcodes {
                let m = c >= 0 ? starts[c + 1] - starts[c] : 0
                estimate += (how == .semi || how == .anti) ? (m > 0 ? 1 : 0) : Swift.max(m, how == .inner || how == .right ? 0 : 1)
            }
            guard estimate <= maxRows else {
                throw FrameError("this join would produce about \(estimate) rows, more than the limit of \(maxRows)", hint: "the keys repeat on both sides; check them with count(), or raise the limit with set_option(\"max_result_rows\", …)")
            }
            li.reserveCapacity(estimate)
            rightMatched = [Bool](repeating: false, count: rcodes.count)
            for (i, c) in lcodes.enumerated() {
                try Cancellation.check(every: 1 << 12, at: i)
                let lo = c >= 0 ? starts[c] : 0, hi = c >= 0 ? starts[c + 1] : 0
                switch how {
                case .semi: if hi > lo { li.append(i) }
                case .anti: if hi == lo { li.append(i) }
                default:
                    if hi > lo {
                        for p in lo..<hi { li.append(i); ri.append(rightRows[p]); rightMatched[rightRows[p]] = true }
                    } else if how == .left || how == .outer {
                        li.append(i); ri.append(-1)
                    }
                }
            }
        }
        if how == .semi || how == .anti { return left.take(li) }
        if how == .right || how == .outer {
            for j in 0..<rcodes.count where !rightMatched[j] { li.append(-1); ri.append(j) }
        }
        if how == .right {
            // Keep right's row order for unmatched rows but drop left rows that had no match.
            var keep = [Int]()
            for k in 0..<li.count where ri[k] >= 0 { keep.append(k) }
            li = keep.map { li[$0] }
            ri = keep.map { ri[$0] }
        }
        var columns: [Column] = []
        let leftKeyNames = Set(keys.map(\.0))
        let rightKeyNames = Set(keys.map(\.1))
        let leftNames = Set(left.names)
        let rightOnly = right.columns.filter { !rightKeyNames.contains($0.name) }
        let rightNames = Set(rightOnly.map(\.name))
        // Every left row once, in order (each found exactly one match): the left columns are
        // reused as they are instead of gathered.
        let leftIdentity = li.count == left.rowCount && li.withUnsafeBufferPointer { b in
            for j in 0..<b.count where b[j] != j { return false }
            return true
        }
        for c in left.columns {
            var col = leftIdentity ? c : c.take(li)
            if let k = keys.firstIndex(where: { $0.0 == c.name }), how == .right || how == .outer {
                // Key columns take the right side's value where the left had no row.
                let rcol = rk[k].take(ri)
                col = try NullFunctions.coalesce([col, rcol]).renamed(c.name)
            }
            if !leftKeyNames.contains(c.name), rightNames.contains(c.name) { col.name = c.name + suffixes.0 }
            columns.append(col)
        }
        // A small table's text fanned out over many rows is gathered as dictionary codes rather
        // than copied byte by byte (same values).
        let fanOut = right.rowCount <= 4096 && ri.count >= 16 * max(right.rowCount, 1)
        for c in rightOnly {
            var source = c
            if fanOut, case .string(let s) = c.storage, case .plain = s {
                let strings = (0..<c.count).map { s.string(at: $0) }
                source.storage = .string(.deduplicated(codes: (0..<strings.count).map { Int32($0) }, values: strings))
            }
            var col = source.take(ri)
            if leftNames.contains(c.name) { col.name = c.name + suffixes.1 }
            columns.append(col)
        }
        return try Frame(columns: columns)
    }

    /// (left rows, right rows) when every key has at most one right row: inner keeps matched
    /// left rows, left keeps all (-1 where unmatched), semi the matched, anti the unmatched.
    static func uniquePairs(_ lcodes: [Int], _ rowOf: [Int], _ how: JoinKind) -> ([Int], [Int]) {
        let n = lcodes.count
        var ri = [Int]()
        let li = [Int](unsafeUninitializedCapacity: n) { lb, lcount in
            ri = [Int](unsafeUninitializedCapacity: n) { rb, rcount in
                lcodes.withUnsafeBufferPointer { lc in
                    rowOf.withUnsafeBufferPointer { ro in
                        var w = 0
                        for i in 0..<n {
                            let c = lc[i]
                            let r = c >= 0 ? ro[c] : -1
                            lb[w] = i
                            rb[w] = r
                            switch how {
                            case .inner, .semi: w &+= r >= 0 ? 1 : 0
                            case .anti: w &+= r < 0 ? 1 : 0
                            default: w &+= 1
                            }
                        }
                        lcount = w
                        rcount = w
                    }
                }
            }
        }
        return (li, ri)
    }

    /// Codes for the composite key of each row on both sides: equal keys get equal codes, -1 for a
    /// key with a null part.
    static func jointCodes(_ l: [Column], _ r: [Column]) throws -> ([Int], [Int]) {
        let nl = l.first?.count ?? 0
        var lc = [Int](repeating: 0, count: nl)
        var rc = [Int](repeating: 0, count: r.first?.count ?? 0)
        for (a, b) in zip(l, r) {
            let target: DataType
            if a.type == b.type { target = a.type } else {
                do { target = try NullFunctions.commonType([a.type, b.type]) } catch {
                    throw FrameError("cannot join \(a.type.rawValue) column '\(a.name)' with \(b.type.rawValue) column '\(b.name)'", hint: "cast one key to the other's type")
                }
            }
            let both = try Concat.rows([Frame(columns: [Cast.cast(a, to: target).renamed("k")]), Frame(columns: [Cast.cast(b, to: target).renamed("k")])])
            let (codes, card) = KeyCodes.sorted(both.columns[0])
            let key = both.columns[0]
            for i in 0..<nl { lc[i] = (lc[i] < 0 || !key.isValid(i)) ? -1 : lc[i] * card + Int(codes[i]) }
            for j in 0..<rc.count { rc[j] = (rc[j] < 0 || !key.isValid(nl + j)) ? -1 : rc[j] * card + Int(codes[nl + j]) }
            // Re-densify so the next key's radix cannot overflow.
            let all = lc + rc
            let valid = all.filter { $0 >= 0 }
            let (dense, _) = Grouping.densify(valid)
            var k = 0
            for i in 0..<nl where lc[i] >= 0 { lc[i] = Int(dense[k]); k += 1 }
            for j in 0..<rc.count where rc[j] >= 0 { rc[j] = Int(dense[k]); k += 1 }
        }
        return (lc, rc)
    }
}
