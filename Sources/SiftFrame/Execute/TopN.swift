/// The first `limit` rows of a stable multi-key sort, found in one pass with a bounded heap
/// instead of sorting every row (the top-N plan of SQL engines: `sort |> head(n)`).
///
/// The result is exactly `Sorting.order(keys, rowCount:).prefix(limit)`: the same order keys,
/// nulls last in both directions, ties broken by row number (which is what a stable sort does).
/// Because that comparison is a strict total order, the first `limit` rows are unique, so a heap
/// that keeps the `limit` smallest rows under it finds the same rows in the same order.
///
/// One numeric or temporal key (the common `sort(-revenue) |> head(10)`) is compared as the same
/// order-preserving 64-bit integer the radix sort uses, so the pass over 1M rows touches each
/// value once and, after the first rows, almost always stops at one comparison with the heap's
/// worst element. Other keys use the sort's own integer codes and comparison.
public enum TopN {
    /// Below this share of the rows (or this many rows) a heap beats a full sort.
    public static func worthwhile(limit: Int, rowCount n: Int) -> Bool {
        limit < n && (limit <= 4096 || limit <= n / 8)
    }

    /// Row numbers of the first `limit` rows in sorted order.
    public static func order(_ keys: [SortKey], rowCount n: Int, limit: Int) -> [Int] {
        let k = max(0, min(limit, n))
        if k == 0 { return [] }
        guard !keys.isEmpty else { return Array(0..<k) }
        if keys.count == 1, n < Int(Int32.max), let fast = numeric(keys[0], n, k) { return fast }
        return coded(keys, n, k)
    }

    /// The radix sort's key for a numeric or temporal cell (see `Sorting.numericOrder`).
    @inline(__always) static func floatKey(_ v: Double) -> UInt64 {
        let bits = (v == 0 ? 0.0 : v).bitPattern
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    @inline(__always) static func intKey(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) ^ (1 << 63) }

    /// One numeric key: the `k` smallest (key, row) pairs among valid rows, then nulls in row order.
    static func numeric(_ key: SortKey, _ n: Int, _ k: Int) -> [Int]? {
        let c = key.column
        let flip: UInt64 = key.descending ? ~0 : 0
        var heap = PairHeap(capacity: k)
        switch c.storage {
        case .float(let a):
            a.withUnsafeBufferPointer { p in scan(n, c.validity, &heap) { floatKey(p[$0]) ^ flip } }
        case .int(let a):
            a.withUnsafeBufferPointer { p in scan(n, c.validity, &heap) { intKey(p[$0]) ^ flip } }
        case .datetime(let a):
            a.withUnsafeBufferPointer { p in scan(n, c.validity, &heap) { intKey(p[$0]) ^ flip } }
        case .date(let a):
            a.withUnsafeBufferPointer { p in scan(n, c.validity, &heap) { intKey(Int64(p[$0])) ^ flip } }
        default:
            return nil
        }
        var out = heap.sortedRows()
        if out.count < k, let v = c.validity {
            // Fewer valid rows than asked for: the nulls follow, in row order.
            for i in 0..<n where !v[i] {
                out.append(i)
                if out.count == k { break }
            }
        }
        return out
    }

    /// Feeds every valid row's key to the heap. Rows arrive in increasing order, so a key equal
    /// to the heap's worst never displaces it (the earlier row wins the tie, as in a stable sort).
    @inline(__always)
    static func scan(_ n: Int, _ validity: Bitmap?, _ heap: inout PairHeap, _ key: (Int) -> UInt64) {
        if let v = validity {
            for i in 0..<n where v[i] { heap.offer(key(i), Int32(truncatingIfNeeded: i)) }
        } else {
            for i in 0..<n { heap.offer(key(i), Int32(truncatingIfNeeded: i)) }
        }
    }

    /// Any keys: the sort's integer codes and comparison, kept in a heap of row numbers.
    static func coded(_ keys: [SortKey], _ n: Int, _ k: Int) -> [Int] {
        let coded: [(codes: [Int32], desc: Bool, nullCode: Int32)] = keys.map { key in
            let (codes, card) = KeyCodes.sorted(key.column)
            return (codes, key.descending, key.column.nullCount > 0 ? Int32(card - 1) : -1)
        }
        // Exactly the comparison of `Sorting.order`.
        func less(_ a: Int, _ b: Int) -> Bool {
            for (codes, desc, nullCode) in coded {
                let x = codes[a], y = codes[b]
                if x == y { continue }
                if x == nullCode { return false }
                if y == nullCode { return true }
                return desc ? x > y : x < y
            }
            return a < b
        }
        // A max-heap under `less`: the root is the worst of the best k seen so far.
        var heap = [Int]()
        heap.reserveCapacity(k)
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, less(heap[m], heap[l]) { m = l }
                if r < heap.count, less(heap[m], heap[r]) { m = r }
                if m == i { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        for row in 0..<n {
            if heap.count < k {
                heap.append(row)
                var i = heap.count - 1
                while i > 0 {
                    let p = (i - 1) / 2
                    guard less(heap[p], heap[i]) else { break }
                    heap.swapAt(p, i)
                    i = p
                }
            } else if less(row, heap[0]) {
                heap[0] = row
                siftDown(0)
            }
        }
        return heap.sorted(by: less)
    }
}

/// A max-heap of (key, row) pairs ordered by key then row, holding at most `capacity` pairs:
/// the smallest pairs offered so far. Keys and rows sit in separate arrays so the common
/// rejection test reads one word.
struct PairHeap {
    let capacity: Int
    var keys: [UInt64] = []
    var rows: [Int32] = []

    init(capacity: Int) {
        self.capacity = capacity
        keys.reserveCapacity(capacity)
        rows.reserveCapacity(capacity)
    }

    @inline(__always) func greater(_ i: Int, _ j: Int) -> Bool {
        keys[i] != keys[j] ? keys[i] > keys[j] : rows[i] > rows[j]
    }

    /// Offers a pair whose row is larger than every row offered before.
    @inline(__always) mutating func offer(_ key: UInt64, _ row: Int32) {
        if keys.count == capacity {
            // Equal keys lose to the earlier row already held.
            guard key < keys[0] else { return }
            keys[0] = key
            rows[0] = row
            siftDown()
            return
        }
        keys.append(key)
        rows.append(row)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard greater(i, p) else { break }
            keys.swapAt(i, p)
            rows.swapAt(i, p)
            i = p
        }
    }

    mutating func siftDown() {
        var i = 0
        let n = keys.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n, greater(l, m) { m = l }
            if r < n, greater(r, m) { m = r }
            if m == i { return }
            keys.swapAt(i, m)
            rows.swapAt(i, m)
            i = m
        }
    }

    /// The rows held, smallest pair first.
    func sortedRows() -> [Int] {
        keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : rows[$0] < rows[$1] }.map { Int(rows[$0]) }
    }
}
