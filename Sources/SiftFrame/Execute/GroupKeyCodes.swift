/// One group key's order-preserving integer code per row, computed without touching the rows
/// when the column allows it. Codes run over `0..<cardinality`; a null is the last code, so
/// groups numbered by code come out in the order of `Grouping` (values ascending, nulls last).
///
/// - Dictionary text: the dictionary's few values are ranked once (text order, or category order
///   for an ordered dictionary); a row's code is `rank[dictionaryCode]`.
/// - Booleans: false, true, null.
/// - Integers and dates with a small range: value minus the minimum.
/// - Wide integers, dates and floats: each chunk of rows numbers its distinct values with its
///   own open-addressing table (both cores); the distinct values are then ranked once.
/// - Anything else (free text, floats holding NaN): `KeyCodes.sorted`, the slow path's codes.
struct GroupKeyCodes {
    enum Source {
        case ranked(codes: [Int32], rank: [Int32])
        case bool([Bool])
        case offset(ints: [Int64], lo: Int64)
        case offsetDate(days: [Int32], lo: Int64)
        case direct([Int32])
    }
    let source: Source
    /// Null rows take code `cardinality - 1` when `validity` is set.
    let validity: Bitmap?
    let cardinality: Int

    /// Integer keys whose range is at most this wide are coded by offset.
    static let offsetSpan: Int64 = 1 << 16

    init(_ c: Column) {
        var validity = (c.validity?.nullCount ?? 0) > 0 ? c.validity : nil
        let nullSlot = validity != nil ? 1 : 0
        switch c.storage {
        case .string(.dictionary(let codes, let values, let ordered)):
            var rank = [Int32](repeating: 0, count: values.count)
            var distinct = 0
            if ordered {
                let (remap, d) = StringStorage.mergeRepeats(values)
                if let remap { rank = remap } else { for i in values.indices { rank[i] = Int32(i) } }
                distinct = d.count
            } else {
                let order = values.indices.sorted { values[$0] < values[$1] }
                var last: String? = nil
                for o in order {
                    if let l = last, l == values[o] { rank[o] = Int32(distinct - 1); continue }
                    rank[o] = Int32(distinct)
                    distinct += 1
                    last = values[o]
                }
            }
            source = .ranked(codes: codes, rank: rank)
            cardinality = distinct + nullSlot
        case .bool(let b):
            source = .bool(b)
            cardinality = 2 + nullSlot
        case .int(let a):
            if let r = GroupKeyCodes.range(a.count, validity, { a[$0] }) {
                source = .offset(ints: a, lo: r.lo)
                cardinality = Int(r.span) + 1 + nullSlot
            } else if let h = GroupKeyCodes.hashed(a.count, validity, { UInt64(bitPattern: a[$0]) },
                                                   { Int64(bitPattern: $0) < Int64(bitPattern: $1) }) {
                source = .ranked(codes: h.codes, rank: h.rank)
                cardinality = h.distinct + nullSlot
            } else {
                let (codes, card) = KeyCodes.sorted(c)
                validity = nil
                source = .direct(codes)
                cardinality = card
            }
        case .date(let a):
            if let r = GroupKeyCodes.range(a.count, validity, { Int64(a[$0]) }) {
                source = .offsetDate(days: a, lo: r.lo)
                cardinality = Int(r.span) + 1 + nullSlot
            } else {
                let (codes, card) = KeyCodes.sorted(c)
                validity = nil
                source = .direct(codes)
                cardinality = card
            }
        case .float(let a) where a.count <= Int(Int32.max):
            if let h = GroupKeyCodes.hashed(a.count, validity, { a[$0] == 0 ? 0 : a[$0].bitPattern },
                                            { Double(bitPattern: $0) < Double(bitPattern: $1) }, rejectNaN: true) {
                source = .ranked(codes: h.codes, rank: h.rank)
                cardinality = h.distinct + nullSlot
            } else {
                let (codes, card) = KeyCodes.sorted(c)
                validity = nil
                source = .direct(codes)
                cardinality = card
            }
        default:
            // KeyCodes already gives nulls their own last code.
            let (codes, card) = KeyCodes.sorted(c)
            validity = nil
            source = .direct(codes)
            cardinality = card
        }
        self.validity = validity
    }

    init(source: Source, validity: Bitmap?, cardinality: Int) {
        self.source = source
        self.validity = validity
        self.cardinality = cardinality
    }

    /// A right-side column of a join seen from each left row through its matched right row
    /// (`rowOf`, -1 = none): the right column's own order-preserving codes, indexed by right
    /// row; rows without a match read as null, like the nulls of the column itself (last).
    static func throughJoin(_ right: Column, rowOf: [Int32]) -> GroupKeyCodes {
        let (codes, card) = KeyCodes.sorted(right)
        let nullCode = right.nullCount > 0 ? Int32(card - 1) : Int32(card)
        let missing = Int32(right.count)
        let rowCodes = rowOf.map { $0 < 0 ? missing : $0 }
        return GroupKeyCodes(source: .ranked(codes: rowCodes, rank: codes + [nullCode]), validity: nil,
                             cardinality: Int(nullCode) + 1)
    }

    /// Codes through per-chunk hash tables: a row's code is its chunk's first row plus the
    /// value's slot in that chunk's table (so codes of different chunks never collide), and
    /// `rank` maps every code to the rank of its value among all distinct values. nil when a
    /// NaN turns up (`rejectNaN`), whose numbering the slow path owns.
    static func hashed(_ n: Int, _ validity: Bitmap?, _ bits: (Int) -> UInt64, _ less: (UInt64, UInt64) -> Bool,
                       rejectNaN: Bool = false) -> (codes: [Int32], rank: [Int32], distinct: Int)? {
        guard n > 0, n <= Int(Int32.max) else { return nil }
        let plan = ChunkPlan(count: n, minimum: 1 << 16, maxChunks: 8)
        var codes = [Int32](repeating: 0, count: n)
        var tables = [HashSlots?](repeating: nil, count: plan.count)
        var sawNaN = [Bool](repeating: false, count: plan.count)
        codes.withUnsafeMutableBufferPointer { cb in
            tables.withUnsafeMutableBufferPointer { tb in
                sawNaN.withUnsafeMutableBufferPointer { nb in
                    let out = cb.baseAddress!, tout = tb.baseAddress!, nout = nb.baseAddress!
                    plan.run { c in
                        let r = plan.range(c)
                        var t = HashSlots(expected: 256)
                        var nan = false
                        for i in r where validity?[i] ?? true {
                            let b = bits(i)
                            // A NaN's bits: exponent all ones, mantissa not zero.
                            if rejectNaN && (b & 0x7FF0_0000_0000_0000) == 0x7FF0_0000_0000_0000 && (b & 0x000F_FFFF_FFFF_FFFF) != 0 { nan = true; break }
                            out[i] = Int32(truncatingIfNeeded: r.lowerBound) &+ t.slot(b)
                        }
                        (tout + c).pointee = t
                        (nout + c).pointee = nan
                    }
                }
            }
        }
        if sawNaN.contains(true) { return nil }
        var entries: [(key: UInt64, code: Int32)] = []
        for c in 0..<plan.count {
            guard let t = tables[c] else { continue }
            let base = Int32(truncatingIfNeeded: plan.range(c).lowerBound)
            for (s, k) in t.keys.enumerated() { entries.append((k, base &+ Int32(s))) }
        }
        entries.sort { less($0.key, $1.key) }
        var rank = [Int32](repeating: 0, count: n)
        var distinct = 0
        for (j, e) in entries.enumerated() {
            if j > 0 && e.key != entries[j - 1].key { distinct += 1 }
            rank[Int(e.code)] = Int32(distinct)
        }
        return (codes, rank, entries.isEmpty ? 0 : distinct + 1)
    }

    /// The minimum and the span of the valid values when the span is small; nil otherwise
    /// (also when there is no valid value, which the slow path codes just as well).
    static func range(_ n: Int, _ validity: Bitmap?, _ value: (Int) -> Int64) -> (lo: Int64, span: Int64)? {
        var lo = Int64.max, hi = Int64.min
        for i in 0..<n where validity?[i] ?? true {
            let v = value(i)
            lo = min(lo, v)
            hi = max(hi, v)
        }
        guard lo <= hi else { return nil }
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        return !overflow && span < offsetSpan ? (lo, span) : nil
    }

    /// `composite[p] = composite[p] * cardinality + code(row(p))` for positions `range`, where
    /// row(p) is `selection[p]` or `p` itself.
    func accumulate(into composite: UnsafeMutablePointer<Int64>, _ range: Range<Int>, selection: UnsafePointer<Int32>?) {
        let card = Int64(cardinality)
        let nullCode = Int32(cardinality - 1)
        @inline(__always) func row(_ p: Int) -> Int { selection.map { Int($0[p]) } ?? p }
        func apply(_ code: (Int) -> Int32) {
            if let v = validity {
                for p in range {
                    let r = row(p)
                    composite[p] = composite[p] &* card &+ Int64(v[r] ? code(r) : nullCode)
                }
            } else {
                for p in range { composite[p] = composite[p] &* card &+ Int64(code(row(p))) }
            }
        }
        switch source {
        case .ranked(let codes, let rank):
            codes.withUnsafeBufferPointer { c in rank.withUnsafeBufferPointer { k in apply { k[Int(c[$0])] } } }
        case .bool(let b):
            b.withUnsafeBufferPointer { c in apply { c[$0] ? 1 : 0 } }
        case .offset(let a, let lo):
            a.withUnsafeBufferPointer { c in apply { Int32(truncatingIfNeeded: c[$0] &- lo) } }
        case .offsetDate(let a, let lo):
            a.withUnsafeBufferPointer { c in apply { Int32(truncatingIfNeeded: Int64(c[$0]) &- lo) } }
        case .direct(let codes):
            codes.withUnsafeBufferPointer { c in apply { c[$0] } }
        }
    }
}
