/// Forward and backward filling of nulls along each window partition (pandas' `ffill()` /
/// `bfill()`, per group after `group_by`): a null takes the last (or next) value present in its
/// partition; nulls before the first value (or after the last) stay null.
public enum Fill {
    public static func fill(_ c: Column, _ w: WindowPartition, forward: Bool) throws -> Column {
        guard c.count == w.rowCount else { throw FrameError("fill_null(): the column has \(c.count) rows but the window \(w.rowCount)") }
        guard c.nullCount > 0 else { return c }
        var src = Array(0..<c.count)
        w.forEach { range in
            var last = -1
            let ks: [Int] = forward ? Array(range) : Array(range.reversed())
            for k in ks {
                let r = w.order[k]
                if c.isValid(r) { last = r } else { src[r] = last }
            }
        }
        return c.take(src)
    }
}
