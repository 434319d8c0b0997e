/// Dense integer codes for key columns, ordered like the values (nulls last). Grouping, joins,
/// sorting and distinct all reduce multi-column keys to these codes, so each of them works on
/// integers whatever the key types are.
public enum KeyCodes {
    /// Codes in `0..<cardinality`; equal values share a code and codes follow value order.
    public static func sorted(_ c: Column) -> (codes: [Int32], cardinality: Int) {
        let n = c.count
        var codes = [Int32](repeating: 0, count: n)
        var card = 0
        switch c.storage {
        case .string(let s):
            let (sc, values) = s.sortedCodes()
            // A dictionary may hold values no row uses, and null cells hold a placeholder that
            // is not a value: compact to the codes of valid rows.
            (codes, card) = compact(sc, values.count, validity: c.validity)
        case .bool(let b):
            for i in 0..<n { codes[i] = b[i] ? 1 : 0 }
            (codes, card) = compact(codes, 2, validity: c.validity)
        case .int(let a): (codes, card) = integerCodes(a, validity: c.validity)
        case .date(let a): (codes, card) = integerCodes(a.map(Int64.init), validity: c.validity)
        case .datetime(let a): (codes, card) = integerCodes(a, validity: c.validity)
        case .list(let a):
            // Lists group and sort by their elements (joined with a separator no token contains).
            let (sc, values) = StringStorage.make(a.map { $0.joined(separator: "\u{1F}") }).sortedCodes()
            (codes, card) = compact(sc, values.count, validity: c.validity)
        case .float(let a):
            if let fast = floatCodes(a, validity: c.validity) { (codes, card) = fast; break }
            var index: [Double: Int32] = [:]
            var values: [Double] = []
            for i in 0..<n where c.isValid(i) {
                let v = a[i] == 0 ? 0 : a[i]
                if let k = index[v] { codes[i] = k } else { index[v] = Int32(values.count); codes[i] = Int32(values.count); values.append(v) }
            }
            let order = values.indices.sorted { values[$0] < values[$1] }
            var remap = [Int32](repeating: 0, count: values.count)
            for (rank, o) in order.enumerated() { remap[o] = Int32(rank) }
            for i in 0..<n where c.isValid(i) { codes[i] = remap[Int(codes[i])] }
            card = values.count
        }
        if let v = c.validity, v.nullCount > 0 {
            // Nulls get their own code after every value: a group of their own, sorted last.
            var maxCode: Int32 = -1
            for i in 0..<n where v[i] { maxCode = max(maxCode, codes[i]) }
            let nullCode = Int32(card)
            for i in 0..<n where !v[i] { codes[i] = nullCode }
            card += 1
            _ = maxCode
        }
        return (codes, card)
    }

    /// Renumbers codes densely over the codes that valid rows use, keeping their order. Null rows
    /// get an arbitrary code in range (the caller overwrites them).
    static func compact(_ codes: [Int32], _ card: Int, validity: Bitmap?) -> ([Int32], Int) {
        var used = [Bool](repeating: false, count: card)
        if let v = validity {
            for (i, c) in codes.enumerated() where v[i] { used[Int(c)] = true }
        } else {
            for c in codes { used[Int(c)] = true }
        }
        if !used.contains(false) { return (codes, card) }
        var remap = [Int32](repeating: 0, count: card)
        var k: Int32 = 0
        for i in 0..<card where used[i] { remap[i] = k; k += 1 }
        return (codes.map { remap[Int($0)] }, Int(k))
    }

    /// Float codes through an open-addressing table on the bit patterns (-0.0 counted as 0.0);
    /// nil when a NaN is present, which the Dictionary path numbers its own way.
    static func floatCodes(_ a: [Double], validity: Bitmap?) -> ([Int32], Int)? {
        let n = a.count
        var table = HashSlots(expected: min(n, 1 << 16))
        var codes = [Int32](repeating: 0, count: n)
        for i in 0..<n where validity?[i] ?? true {
            let v = a[i]
            if v.isNaN { return nil }
            codes[i] = table.slot((v == 0 ? 0.0 : v).bitPattern)
        }
        let values = table.keys.map { Double(bitPattern: $0) }
        let order = values.indices.sorted { values[$0] < values[$1] }
        var remap = [Int32](repeating: 0, count: values.count)
        for (rank, o) in order.enumerated() { remap[o] = Int32(rank) }
        for i in 0..<n where validity?[i] ?? true { codes[i] = remap[Int(codes[i])] }
        return (codes, values.count)
    }

    static func integerCodes(_ a: [Int64], validity: Bitmap?) -> ([Int32], Int) {
        let n = a.count
        var lo = Int64.max, hi = Int64.min
        for i in 0..<n where validity?[i] ?? true { lo = min(lo, a[i]); hi = max(hi, a[i]) }
        if lo > hi { return ([Int32](repeating: 0, count: n), 0) }
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        if !overflow && span < Int64(max(1024, 2 * n)) {
            // Small range: a direct-mapped table instead of hashing.
            var present = [Int32](repeating: -1, count: Int(span) + 1)
            for i in 0..<n where validity?[i] ?? true { present[Int(a[i] - lo)] = 0 }
            var k: Int32 = 0
            for j in 0..<present.count where present[j] == 0 { present[j] = k; k += 1 }
            var codes = [Int32](repeating: 0, count: n)
            for i in 0..<n where validity?[i] ?? true { codes[i] = present[Int(a[i] - lo)] }
            return (codes, Int(k))
        }
        // Wide range: number the distinct values with an open-addressing table, then rank them.
        var table = HashSlots(expected: min(n, 1 << 16))
        var codes = [Int32](repeating: 0, count: n)
        for i in 0..<n where validity?[i] ?? true { codes[i] = table.slot(UInt64(bitPattern: a[i])) }
        let values = table.keys.map { Int64(bitPattern: $0) }
        let order = values.indices.sorted { values[$0] < values[$1] }
        var remap = [Int32](repeating: 0, count: values.count)
        for (rank, o) in order.enumerated() { remap[o] = Int32(rank) }
        for i in 0..<n where validity?[i] ?? true { codes[i] = remap[Int(codes[i])] }
        return (codes, values.count)
    }
}

/// Rows partitioned by the values of key columns; groups are numbered in key order.
public struct Grouping: Sendable {
    /// Group number of each row.
    public let ids: [Int32]
    public let groupCount: Int
    /// One representative row per group (its first row), to read the key values back.
    public let firstRow: [Int]

    public init(keys: [Column], rowCount: Int) {
        guard !keys.isEmpty else {
            // No keys: the whole frame is one group, even when it has no rows (so summarize
            // over an empty frame gives one row: counts 0, other aggregates null).
            ids = [Int32](repeating: 0, count: rowCount)
            groupCount = 1
            firstRow = rowCount > 0 ? [0] : []
            return
        }
        var composite = [Int](repeating: 0, count: rowCount)
        var radix = 1
        for key in keys {
            let (codes, card) = KeyCodes.sorted(key)
            let c = max(card, 1)
            if radix.multipliedReportingOverflow(by: c).overflow || radix * c > 1 << 40 {
                // Too many combinations for mixed radix: renumber what we have densely first.
                let (dense, k) = Grouping.densify(composite)
                composite = dense.map(Int.init)
                radix = max(k, 1)
            }
            for i in 0..<rowCount { composite[i] = composite[i] * c + Int(codes[i]) }
            radix *= c
        }
        let (dense, k) = Grouping.densify(composite)
        ids = dense
        groupCount = k
        var first = [Int](repeating: -1, count: k)
        for i in 0..<rowCount where first[Int(dense[i])] < 0 { first[Int(dense[i])] = i }
        firstRow = first
    }

    /// Renumbers arbitrary non-negative codes to 0..<k preserving their order.
    static func densify(_ codes: [Int]) -> ([Int32], Int) {
        let n = codes.count
        guard let hi = codes.max() else { return ([], 0) }
        var out = [Int32](repeating: 0, count: n)
        if hi < max(4096, 4 * n) {
            var present = [Int32](repeating: -1, count: hi + 1)
            for c in codes { present[c] = 0 }
            var k: Int32 = 0
            for j in 0...hi where present[j] == 0 { present[j] = k; k += 1 }
            for i in 0..<n { out[i] = present[codes[i]] }
            return (out, Int(k))
        }
        let uniques = Array(Set(codes)).sorted()
        var index: [Int: Int32] = [:]
        index.reserveCapacity(uniques.count)
        for (r, u) in uniques.enumerated() { index[u] = Int32(r) }
        for i in 0..<n { out[i] = index[codes[i]]! }
        return (out, uniques.count)
    }

    /// Row indices of each group, in row order.
    public func members() -> [[Int]] {
        var out = [[Int]](repeating: [], count: groupCount)
        for (i, g) in ids.enumerated() { out[Int(g)].append(i) }
        return out
    }
}
