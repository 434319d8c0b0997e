/// The groups of a group-by over the selected rows of a frame, numbered in key order exactly as
/// `Grouping` numbers them over the filtered frame, computed without materialising the filter.
///
/// Each row gets a *slot*: the mixed-radix composite of its keys' order-preserving codes
/// (`GroupKeyCodes`). When the product of the key cardinalities is small (a handful of regions
/// times channels), the slot is the composite itself and aggregates index accumulators directly;
/// otherwise an open-addressing table numbers the distinct composites. Either way slots map to
/// groups in composite order, which is the lexicographic key order `Grouping` produces.
public struct GroupIndex {
    /// Selected rows of the frame in increasing order; nil means every row.
    public let selection: [Int32]?
    /// Number of selected rows (positions).
    public let positions: Int
    /// Slot of each position.
    public let slots: [Int32]
    public let slotCount: Int
    /// Group of each slot (-1 for a slot no row uses).
    public let groupOfSlot: [Int32]
    /// Slot of each group (the inverse of `groupOfSlot`).
    public let slotOfGroup: [Int]
    public let groupCount: Int
    /// Frame row of each group's first member (read the key values back with `take`).
    public let firstRow: [Int]
    /// Rows per group.
    public let sizes: [Int64]

    /// Composites up to this many get directly indexed slots.
    public static let directSlots = 1 << 14

    /// - Parameter selection: rows to group (increasing), or nil for every row.
    public init(keys: [Column], rowCount: Int, selection: [Int32]? = nil) {
        self.init(coders: keys.map { GroupKeyCodes($0) }, keys: keys, rowCount: rowCount, selection: selection)
    }

    /// `keys` (the columns the coders came from) serve the rare fallback when the key
    /// combinations overflow a 64-bit composite; callers without columns check that first.
    init(coders: [GroupKeyCodes], keys: [Column]?, rowCount: Int, selection: [Int32]?) {
        let m = selection?.count ?? rowCount
        self.selection = selection
        positions = m
        guard !coders.isEmpty else {
            // No keys: one group, even over no rows (summarize of an empty frame gives one row).
            slots = [Int32](repeating: 0, count: m)
            slotCount = 1
            groupOfSlot = [0]
            slotOfGroup = [0]
            groupCount = 1
            firstRow = m > 0 ? [selection.map { Int($0[0]) } ?? 0] : []
            sizes = [Int64(m)]
            return
        }
        var product = 1
        var fits = true
        for c in coders {
            let (p, o) = product.multipliedReportingOverflow(by: max(c.cardinality, 1))
            if o || p > 1 << 62 { fits = false; break }
            product = p
        }
        var composite = [Int64](repeating: 0, count: m)
        if fits {
            let plan = ChunkPlan(count: m, minimum: 1 << 16, maxChunks: 8)
            composite.withUnsafeMutableBufferPointer { cb in
                let out = cb.baseAddress
                let run = { (sel: UnsafePointer<Int32>?) in
                    plan.run { c in
                        guard let out else { return }
                        for k in coders { k.accumulate(into: out, plan.range(c), selection: sel) }
                    }
                }
                if let selection { selection.withUnsafeBufferPointer { run($0.baseAddress) } } else { run(nil) }
            }
        } else {
            // Too many key combinations for one 64-bit composite: the slow path's dense codes.
            let rows = selection.map { RowSelection.indices($0) }
            let columns = keys ?? []
            let g = Grouping(keys: rows.map { r in columns.map { $0.take(r) } } ?? columns, rowCount: m)
            for p in 0..<m { composite[p] = Int64(g.ids[p]) }
            product = max(g.groupCount, 1)
        }

        var slots = [Int32](repeating: 0, count: m)
        let slotKeys: [Int64]
        if product <= GroupIndex.directSlots {
            slots.withUnsafeMutableBufferPointer { sb in
                composite.withUnsafeBufferPointer { cb in
                    for p in 0..<m { sb[p] = Int32(truncatingIfNeeded: cb[p]) }
                }
            }
            slotKeys = (0..<product).map { Int64($0) }
        } else {
            var table = HashSlots(expected: min(m, 1 << 16))
            slots.withUnsafeMutableBufferPointer { sb in
                composite.withUnsafeBufferPointer { cb in
                    for p in 0..<m { sb[p] = table.slot(UInt64(bitPattern: cb[p])) }
                }
            }
            slotKeys = table.keys.map { Int64(bitPattern: $0) }
        }
        let sc = slotKeys.count
        var sizes = [Int64](repeating: 0, count: sc)
        var first = [Int32](repeating: -1, count: sc)
        slots.withUnsafeBufferPointer { s in
            sizes.withUnsafeMutableBufferPointer { z in
                first.withUnsafeMutableBufferPointer { f in
                    for p in 0..<m {
                        let k = Int(s[p])
                        if z[k] == 0 { f[k] = Int32(truncatingIfNeeded: p) }
                        z[k] &+= 1
                    }
                }
            }
        }
        // Used slots in composite order become groups 0, 1, 2, ….
        let used = (0..<sc).filter { sizes[$0] > 0 }.sorted { slotKeys[$0] < slotKeys[$1] }
        var groupOfSlot = [Int32](repeating: -1, count: sc)
        for (g, s) in used.enumerated() { groupOfSlot[s] = Int32(g) }
        self.slots = slots
        slotCount = sc
        self.groupOfSlot = groupOfSlot
        slotOfGroup = used
        groupCount = used.count
        firstRow = used.map { s in selection.map { Int($0[Int(first[s])]) } ?? Int(first[s]) }
        self.sizes = used.map { sizes[$0] }
    }

    /// The same groups as a `Grouping` over the selected rows (positions), for the per-column
    /// kernels that run on a gathered column.
    public var grouping: Grouping {
        let ids = slots.map { groupOfSlot[Int($0)] }
        let firstPositions: [Int]
        if let selection {
            // Positions of the first rows: selection is increasing, so search it.
            firstPositions = firstRow.map { r in
                var lo = 0, hi = selection.count
                while lo < hi { let mid = (lo + hi) / 2; if Int(selection[mid]) < r { lo = mid + 1 } else { hi = mid } }
                return lo
            }
        } else {
            firstPositions = firstRow
        }
        return Grouping(ids: ids, groupCount: groupCount, firstRow: firstPositions)
    }

    /// Gathers the selected rows of a column (the column itself when nothing is selected away).
    public func gather(_ c: Column) -> Column {
        guard let selection else { return c }
        return c.take(RowSelection.indices(selection))
    }
}

extension Grouping {
    init(ids: [Int32], groupCount: Int, firstRow: [Int]) {
        self.ids = ids
        self.groupCount = groupCount
        self.firstRow = firstRow
    }
}
