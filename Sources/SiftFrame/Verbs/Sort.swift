/// Multi-key stable sorting. Every key becomes order-preserving integer codes first, so the
/// comparison loop compares integers whatever the column types; nulls sort last in both directions.
public struct SortKey: Sendable {
    public var column: Column
    public var descending: Bool
    public init(_ column: Column, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }
}

public enum Sorting {
    /// The sorted row order, cut to its first `limit` rows when a limit is given. A small limit
    /// is found with a bounded heap in one pass (`TopN`), with exactly the rows a full sort gives.
    public static func order(_ keys: [SortKey], rowCount n: Int, limit: Int?) -> [Int] {
        guard let limit else { return order(keys, rowCount: n) }
        if TopN.worthwhile(limit: limit, rowCount: n) { return TopN.order(keys, rowCount: n, limit: limit) }
        var all = order(keys, rowCount: n)
        if limit < all.count { all.removeSubrange(max(0, limit)...) }
        return all
    }

    public static func order(_ keys: [SortKey], rowCount n: Int) -> [Int] {
        guard !keys.isEmpty else { return Array(0..<n) }
        if keys.count == 1, let fast = numericOrder(keys[0], n) { return fast }
        let coded: [([Int32], Bool, Int32)] = keys.map { k in
            let (codes, card) = KeyCodes.sorted(k.column)
            let nullCode: Int32 = k.column.nullCount > 0 ? Int32(card - 1) : -1
            return (codes, k.descending, nullCode)
        }
        var idx = Array(0..<n)
        idx.sort { a, b in
            for (codes, desc, nullCode) in coded {
                let x = codes[a], y = codes[b]
                if x == y { continue }
                if x == nullCode { return false }
                if y == nullCode { return true }
                return desc ? x > y : x < y
            }
            return a < b
        }
        return idx
    }

    /// One numeric or temporal key: a stable LSD radix sort of order-preserving 64-bit keys
    /// (8 passes of 8 bits, passes where every key shares the byte skipped), nulls last.
    static func numericOrder(_ key: SortKey, _ n: Int) -> [Int]? {
        let c = key.column
        var keys = [UInt64]()
        keys.reserveCapacity(n)
        var rows = [Int32]()
        rows.reserveCapacity(n)
        var nulls: [Int] = []
        let flip: UInt64 = key.descending ? ~0 : 0
        func add(_ i: Int, _ k: UInt64) {
            if c.isValid(i) { keys.append(k ^ flip); rows.append(Int32(i)) } else { nulls.append(i) }
        }
        guard n < Int(Int32.max) else { return nil }
        switch c.storage {
        case .float(let a):
            for i in 0..<n {
                let bits = (a[i] == 0 ? 0.0 : a[i]).bitPattern
                add(i, bits >> 63 == 1 ? ~bits : bits | (1 << 63))
            }
        case .int(let a): for i in 0..<n { add(i, UInt64(bitPattern: a[i]) ^ (1 << 63)) }
        case .datetime(let a): for i in 0..<n { add(i, UInt64(bitPattern: a[i]) ^ (1 << 63)) }
        case .date(let a): for i in 0..<n { add(i, UInt64(bitPattern: Int64(a[i])) ^ (1 << 63)) }
        default: return nil
        }
        let m = keys.count
        var keys2 = [UInt64](repeating: 0, count: m)
        var rows2 = [Int32](repeating: 0, count: m)
        var counts = [Int](repeating: 0, count: 256)
        for shift in stride(from: 0, to: 64, by: 8) {
            for k in 0..<256 { counts[k] = 0 }
            for k in keys { counts[Int((k >> UInt64(shift)) & 0xFF)] += 1 }
            if counts.contains(m) { continue }  // every key has this byte: nothing to do
            var sum = 0
            for k in 0..<256 { let c = counts[k]; counts[k] = sum; sum += c }
            for j in 0..<m {
                let d = Int((keys[j] >> UInt64(shift)) & 0xFF)
                let to = counts[d]
                counts[d] = to + 1
                keys2[to] = keys[j]
                rows2[to] = rows[j]
            }
            swap(&keys, &keys2)
            swap(&rows, &rows2)
        }
        var out = [Int]()
        out.reserveCapacity(n)
        for r in rows { out.append(Int(r)) }
        return out + nulls
    }

    public static func sort(_ frame: Frame, by keys: [SortKey]) -> Frame {
        frame.take(order(keys, rowCount: frame.rowCount))
    }
}
