/// A join with a small lookup table (a dimension) read *through* the join instead of
/// materialised: for each left row, the right row it matches (or -1). A group-by over the join's
/// output then codes a right-side key by the right row (`GroupKeyCodes.throughJoin`) and
/// aggregates the left columns over the matched rows in place, so `orders |> join(regions, on:
/// region) |> group_by(region, manager) |> summarize(…)` never copies a column of the joined
/// frame. The groups, their order and every aggregate are those of the materialised join:
/// its rows are the left rows in order (all of them for a left join, the matched ones for an
/// inner join), which is exactly the selection used here.
public struct DimensionJoin {
    public let left: Frame
    public let right: Frame
    /// The matched right row of each left row, -1 where none.
    let rowOf: [Int32]
    /// The left rows the join keeps (inner join), nil for all (left join).
    public let selection: [Int32]?

    /// Right tables up to this many rows count as dimensions.
    public static let maxRightRows = 65_536

    /// nil unless the join is inner or left, on one key of the same type on both sides, with a
    /// right side small enough and unique in its keys (so each left row matches at most once).
    public init?(left: Frame, right: Frame, on key: (String, String), how: JoinKind) {
        guard how == .inner || how == .left, right.rowCount <= DimensionJoin.maxRightRows, left.rowCount < Int(Int32.max),
              let lk = try? left.column(key.0), let rk = try? right.column(key.1),
              let (lc, rc) = JoinKeyCodes.codes(lk, rk) else { return nil }
        let ids = max(lc.max() ?? -1, rc.max() ?? -1) + 1
        var rowOfId = [Int32](repeating: -1, count: max(ids, 0))
        for (j, id) in rc.enumerated() where id >= 0 {
            if rowOfId[id] >= 0 { return nil }  // a repeated right key: rows would multiply
            rowOfId[id] = Int32(j)
        }
        let rowOf = lc.map { $0 >= 0 ? rowOfId[$0] : -1 }
        self.left = left
        self.right = right
        self.rowOf = rowOf
        if how == .inner {
            var kept = [Int32]()
            kept.reserveCapacity(rowOf.count)
            for (i, r) in rowOf.enumerated() where r >= 0 { kept.append(Int32(i)) }
            selection = kept
        } else {
            selection = nil
        }
    }

    /// Rows of the join's output.
    public var rowCount: Int { selection?.count ?? left.rowCount }

    /// The groups of the join's output by keys taken from the left table or, read through the
    /// join, from the right one; nil when the key combinations overflow a 64-bit code.
    public func groupIndex(_ keys: [(column: Column, fromRight: Bool)]) -> GroupIndex? {
        let coders = keys.map { $0.fromRight ? GroupKeyCodes.throughJoin($0.column, rowOf: rowOf) : GroupKeyCodes($0.column) }
        var product = 1
        for c in coders {
            let (p, o) = product.multipliedReportingOverflow(by: max(c.cardinality, 1))
            if o || p > 1 << 62 { return nil }
            product = p
        }
        return GroupIndex(coders: coders, keys: nil, rowCount: left.rowCount, selection: selection)
    }

    /// A key's value for each group (null where a left join found no right row).
    public func keyValues(_ key: (column: Column, fromRight: Bool), index: GroupIndex) -> Column {
        guard key.fromRight else { return key.column.take(index.firstRow) }
        return key.column.take(index.firstRow.map { Int(rowOf[$0]) })
    }
}
