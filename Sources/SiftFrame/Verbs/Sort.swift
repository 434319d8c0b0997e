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

    /// One numeric key: sort (value, row) pairs directly, avoiding the coding pass.
    static func numericOrder(_ key: SortKey, _ n: Int) -> [Int]? {
        let values: [Double]
        switch key.column.storage {
        case .float(let a): values = a
        case .int(let a) where a.allSatisfy({ Swift.abs($0) < 1 << 53 }): values = a.map(Double.init)
        default: return nil
        }
        var valid: [Int] = []
        var nulls: [Int] = []
        valid.reserveCapacity(n)
        for i in 0..<n { if key.column.isValid(i) { valid.append(i) } else { nulls.append(i) } }
        var pairs = valid.map { (key.descending ? -values[$0] : values[$0], $0) }
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        return pairs.map(\.1) + nulls
    }

    public static func sort(_ frame: Frame, by keys: [SortKey]) -> Frame {
        frame.take(order(keys, rowCount: frame.rowCount))
    }
}
