/// Positions within a window partition: `row_number()` and `rank(x, method:)`.
///
/// `rank` follows pandas' `rank(method=…, na_option="keep")`: nulls get a null rank and do not
/// count; ties get the mean of their positions ("average", a float as in pandas), the lowest
/// ("min"), the highest ("max"), consecutive ranks ("dense") or their order of appearance
/// ("first"). The other methods give whole numbers, which equal pandas' floats.
public enum Rank {
    public enum Method: String, CaseIterable, Sendable { case average, min, max, dense, first }

    /// 1, 2, 3, … along each partition.
    public static func rowNumber(_ w: WindowPartition) -> Column {
        var out = [Int64](repeating: 0, count: w.rowCount)
        w.forEach { range in
            for k in range { out[w.order[k]] = Int64(k - range.lowerBound + 1) }
        }
        return Column(name: "row_number", storage: .int(out))
    }

    /// Ranks of `c` within each partition of `ids` (nil: one partition).
    public static func rank(_ c: Column, ids: [Int32]?, groupCount: Int, method: Method, descending: Bool) throws -> Column {
        if case .list = c.storage { throw FrameError("rank() cannot order lists") }
        let n = c.count
        let w = WindowPartition(ids: ids, groupCount: groupCount, orderBy: [SortKey(c, descending: descending)], rowCount: n)
        // Equal codes mean equal values (whatever the type), so ties are runs of equal codes.
        let (codes, _) = KeyCodes.sorted(c)
        var ints = [Int64](repeating: 0, count: n)
        var floats = [Double](repeating: 0, count: n)
        w.forEach { range in
            var k = range.lowerBound
            var dense: Int64 = 0
            while k < range.upperBound {
                let r = w.order[k]
                guard c.isValid(r) else { break }  // nulls sort last: the rest of the partition is null
                var end = k + 1
                while end < range.upperBound, c.isValid(w.order[end]), codes[w.order[end]] == codes[r] { end += 1 }
                dense += 1
                let lo = Int64(k - range.lowerBound + 1), hi = Int64(end - range.lowerBound)
                for j in k..<end {
                    let row = w.order[j]
                    switch method {
                    case .average: floats[row] = Double(lo + hi) / 2
                    case .min: ints[row] = lo
                    case .max: ints[row] = hi
                    case .dense: ints[row] = dense
                    case .first: ints[row] = Int64(j - range.lowerBound + 1)
                    }
                }
                k = end
            }
        }
        let storage: ColumnStorage = method == .average ? .float(floats) : .int(ints)
        return Column(name: c.name, storage: storage, validity: c.validity)
    }
}
