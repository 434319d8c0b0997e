/// Overflow-safe arithmetic for placing data on a chart. A column can hold any finite Double, and
/// `hi - lo` of two finite values overflows to infinity once they span more than
/// `Double.greatestFiniteMagnitude` (-1.7e308 and 1.7e308 do), after which `(v - lo) / (hi - lo)`
/// is NaN and `Int(NaN)` traps. Every position and every Double → Int conversion in chart code goes
/// through here, so a chart of any data draws (or reports an error) instead of crashing.
public enum AxisMath {
    /// Where `v` lies between `lo` and `hi`: 0 at lo, 1 at hi, outside [0, 1] outside the range.
    /// Ranges wider than the largest Double are measured in halves, which cannot overflow. An empty
    /// or non-finite range, or a NaN value, gives 0.
    public static func fraction(_ v: Double, lo: Double, hi: Double) -> Double {
        guard lo.isFinite, hi.isFinite, hi > lo, !v.isNaN else { return 0 }
        let span = hi - lo
        let f = span.isFinite ? (v - lo) / span : (v / 2 - lo / 2) / (hi / 2 - lo / 2)
        return f.isNaN ? 0 : f
    }

    /// The value a fraction `t` of the way from `lo` to `hi` (bin edges); finite for finite ends
    /// and t in [0, 1] even when `hi - lo` is not.
    public static func interpolate(_ lo: Double, _ hi: Double, _ t: Double) -> Double {
        let span = hi - lo
        return span.isFinite ? lo + span * t : lo * (1 - t) + hi * t
    }

    /// The cell 0..<count that a position (in cells, e.g. `fraction * count`) falls in: rounded
    /// down and clamped, so NaN, infinities and positions off either end still name a real cell.
    public static func cell(_ position: Double, count: Int) -> Int {
        guard count > 1, !position.isNaN else { return 0 }
        return Int(Swift.min(Swift.max(position.rounded(.down), 0), Double(count - 1)))
    }

    /// A Double as an integer of type T, truncated toward zero and clamped to T's range; NaN is 0.
    /// (`T(v)` traps on NaN, infinities and values beyond T's range.)
    public static func clamped<T: FixedWidthInteger>(_ v: Double, as type: T.Type = T.self) -> T {
        if v.isNaN { return 0 }
        if v <= Double(T.min) { return T.min }
        // Double(T.max) rounds up to a power of two, so anything below it converts exactly.
        if v >= Double(T.max) { return T.max }
        return T(v)
    }
}
