/// Equal-width bins over the range of a set of values, as `hist` draws them. Kept apart from the
/// builtin so the binning is testable and safe for any finite data: the bin width of values
/// spanning more than the largest Double (or a span so small its share per bin underflows to zero)
/// is not representable, and the old `Int((x - lo) / width)` trapped on the NaN that followed.
public struct Histogram: Sendable, Equatable {
    /// Bin boundaries, `counts.count + 1` ascending values from the smallest to the largest value.
    public let edges: [Double]
    /// Values per bin; the last bin includes its upper edge.
    public let counts: [Double]

    /// Bins the finite values (NaN and infinities are not counted; callers decide whether they are
    /// an error). nil when there is no finite value. `bins` below 1 is taken as 1.
    public init?(values: [Double], bins requested: Int) {
        let bins = Swift.max(1, requested)
        let v = values.filter(\.isFinite)
        guard let lo = v.min(), let hi = v.max() else { return nil }
        // The plain width whenever it is an ordinary number (the common case, bit-for-bit as
        // before); otherwise positions as fractions of the range, which cannot overflow.
        let width = hi > lo ? (hi - lo) / Double(bins) : 1
        let plain = width.isFinite && width > 0
        var counts = [Double](repeating: 0, count: bins)
        for x in v {
            let position = plain ? (x - lo) / width : AxisMath.fraction(x, lo: lo, hi: hi) * Double(bins)
            counts[AxisMath.cell(position, count: bins)] += 1
        }
        var edges: [Double] = []
        edges.reserveCapacity(bins + 1)
        for i in 0...bins {
            let edge = plain ? lo + Double(i) * width : AxisMath.interpolate(lo, hi, Double(i) / Double(bins))
            edges.append(edge.isFinite ? edge : hi)
        }
        self.edges = edges
        self.counts = counts
    }
}
