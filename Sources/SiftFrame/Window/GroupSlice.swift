/// `head(n)` and `tail(n)` after `group_by`: the first or last n rows of every group, in the
/// frame's row order (pandas' `groupby(...).head(n)` / `.tail(n)`). A negative n keeps all but
/// the last (head) or first (tail) |n| rows of each group, as pandas does.
public enum GroupSlice {
    public static func rows(ids: [Int32], groupCount: Int, n: Int, fromEnd: Bool) -> [Int] {
        var sizes = [Int](repeating: 0, count: groupCount)
        for g in ids { sizes[Int(g)] += 1 }
        var seen = [Int](repeating: 0, count: groupCount)
        var keep: [Int] = []
        let rowCount = ids.count
        let indices: [Int] = fromEnd ? Array((0..<rowCount).reversed()) : Array(0..<rowCount)
        for r in indices {
            let g = Int(ids[r])
            let limit = n >= 0 ? n : Swift.max(0, sizes[g] + n)
            if seen[g] < limit { keep.append(r) }
            seen[g] += 1
        }
        return fromEnd ? keep.reversed() : keep
    }
}
