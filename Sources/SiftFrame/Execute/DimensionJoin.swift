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
    /// The left key column's name (a group key by that name is the right key in an inner join).
    let leftKey: String
    /// The right key column.
    let rightKey: Column

    /// Right tables up to this many rows count as dimensions.
    public static let maxRightRows = 65_536

    /// nil unless the join is inner or left, on one key of the same type on both sides, with a
    /// right side small enough and unique in its keys (so each left row matches at most once).
    public init?(left: Frame, right: Frame, on key: (String, String), how: JoinKind) {
        guard how == .inner || how == .left, right.rowCount <= DimensionJoin.maxRightRows, left.rowCount < Int(Int32.max),
              let lk = try? left.column(key.0), let rk = try? right.column(key.1) else { return nil }
        let rowOf: [Int32], matched: Int
        if case .string(.dictionary(let codes, _, _)) = lk.storage, let (valueIds, rc) = JoinKeyCodes.dictionaryValueIds(lk, rk) {
            // A text key with a dictionary: each distinct value's right row, then one pass over the codes.
            guard let rowOfId = DimensionJoin.rightRowOfId(rc, idCount: max(valueIds.max() ?? -1, rc.max() ?? -1) + 1) else { return nil }
            let rowOfValue = valueIds.map { $0 >= 0 ? rowOfId[$0] : -1 }
            (rowOf, matched) = DimensionJoin.mapRows(codes, through: rowOfValue, validity: lk.validity)
        } else {
            guard let (lc, rc) = JoinKeyCodes.codes(lk, rk),
                  let rowOfId = DimensionJoin.rightRowOfId(rc, idCount: max(lc.max() ?? -1, rc.max() ?? -1) + 1) else { return nil }
            (rowOf, matched) = DimensionJoin.mapRows(lc, through: rowOfId, validity: nil)
        }
        self.left = left
        self.right = right
        self.rowOf = rowOf
        self.leftKey = key.0
        self.rightKey = rk
        if how == .inner {
            selection = [Int32](unsafeUninitializedCapacity: matched) { out, count in
                var w = 0
                rowOf.withUnsafeBufferPointer { rb in
                    for i in 0..<rb.count where rb[i] >= 0 { out[w] = Int32(i); w += 1 }
                }
                count = w
            }
        } else {
            selection = nil
        }
    }

    /// The right row of each key id, nil when a key repeats on the right (rows would multiply).
    private static func rightRowOfId(_ rc: [Int], idCount: Int) -> [Int32]? {
        var rowOfId = [Int32](repeating: -1, count: max(idCount, 0))
        for (j, id) in rc.enumerated() where id >= 0 {
            if rowOfId[id] >= 0 { return nil }
            rowOfId[id] = Int32(j)
        }
        return rowOfId
    }

    /// The right row of every left row (`ids` index `table`; negative ids and null rows match
    /// nothing), counting the matches on the way: one pass without bounds checks, since this
    /// and the selection are most of a dimension join's own time.
    private static func mapRows<I: FixedWidthInteger>(_ ids: [I], through table: [Int32], validity: Bitmap?) -> (rows: [Int32], matched: Int) {
        var matched = 0
        let n = ids.count
        let rows = [Int32](unsafeUninitializedCapacity: n) { out, count in
            ids.withUnsafeBufferPointer { idb in
                table.withUnsafeBufferPointer { map in
                    for i in 0..<n {
                        let id = Int(idb[i])
                        var r: Int32 = id >= 0 ? map[id] : -1
                        if let validity, !validity[i] { r = -1 }
                        out[i] = r
                        matched &+= r >= 0 ? 1 : 0
                    }
                }
            }
            count = n
        }
        return (rows, matched)
    }

    /// Rows of the join's output.
    public var rowCount: Int { selection?.count ?? left.rowCount }

    /// The groups of the join's output by keys taken from the left table or, read through the
    /// join, from the right one; nil when the key combinations overflow a 64-bit code.
    public func groupIndex(_ keys: [(column: Column, fromRight: Bool)]) -> GroupIndex? {
        let coders = matchedRowCoder(keys).map { [$0] }
            ?? keys.map { $0.fromRight ? GroupKeyCodes.throughJoin($0.column, rowOf: rowOf) : GroupKeyCodes($0.column) }
        var product = 1
        for c in coders {
            let (p, o) = product.multipliedReportingOverflow(by: max(c.cardinality, 1))
            if o || p > 1 << 62 { return nil }
            product = p
        }
        return GroupIndex(coders: coders, keys: nil, rowCount: left.rowCount, selection: selection)
    }

    /// One coder for keys that are all properties of the matched right row: right columns, and
    /// in an inner join the join key itself (equal on both sides). Each right row's combination
    /// of key codes is computed once, in the mixed radix `GroupIndex` would use for one coder
    /// per key (so groups and their order are the same), and a left row's code is its right
    /// row's: one pass over the rows instead of a code array and a pass per key. nil when a key
    /// is a left column or the combinations do not fit 32 bits.
    func matchedRowCoder(_ keys: [(column: Column, fromRight: Bool)]) -> GroupKeyCodes? {
        guard !keys.isEmpty else { return nil }
        let rows = right.rowCount
        // Index `rows` stands for "no right row" (a left join's unmatched rows): null in every key.
        var combined = [Int32](repeating: 0, count: rows + 1)
        var product = 1
        for key in keys {
            let column: Column
            if key.fromRight {
                column = key.column
            } else if selection != nil && key.column.name == leftKey {
                column = rightKey
            } else {
                return nil
            }
            let (codes, card) = KeyCodes.sorted(column)
            let nullCode = column.nullCount > 0 ? Int32(card - 1) : Int32(card)
            let cardinality = Int(nullCode) + 1
            let (p, overflow) = product.multipliedReportingOverflow(by: cardinality)
            guard !overflow, p <= Int(Int32.max) else { return nil }
            let radix = Int32(cardinality)
            for j in 0..<rows { combined[j] = combined[j] &* radix &+ codes[j] }
            combined[rows] = combined[rows] &* radix &+ nullCode
            product = p
        }
        // An inner join reads only matched rows, whose right row is never -1.
        let rowCodes = selection != nil ? rowOf : rowOf.map { $0 < 0 ? Int32(rows) : $0 }
        return GroupKeyCodes(source: .ranked(codes: rowCodes, rank: combined), validity: nil, cardinality: product)
    }

    /// A key's value for each group (null where a left join found no right row).
    public func keyValues(_ key: (column: Column, fromRight: Bool), index: GroupIndex) -> Column {
        guard key.fromRight else { return key.column.take(index.firstRow) }
        return key.column.take(index.firstRow.map { Int(rowOf[$0]) })
    }
}
