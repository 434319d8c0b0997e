import SiftFrame

/// One box of a box plot, as Tukey drew it and as matplotlib and seaborn draw it by default: the
/// box spans the quartiles (linear interpolation between order statistics, numpy's and pandas'
/// default), the whiskers reach the most extreme values within 1.5 IQR of the box, and values
/// beyond the whiskers are outliers, drawn one by one. Min-to-max whiskers hide exactly the
/// values an analyst looks for in a box plot.
public struct BoxStats: Sendable, Equatable {
    public var q1: Double
    public var median: Double
    public var q3: Double
    /// The smallest value ≥ q1 − 1.5·IQR and the largest value ≤ q3 + 1.5·IQR.
    public var lowWhisker: Double
    public var highWhisker: Double
    /// Values beyond the whiskers, ascending.
    public var outliers: [Double]
    /// How many values the box summarises.
    public var count: Int

    /// The multiple of the interquartile range the whiskers may reach (Tukey's 1.5).
    public static let whiskerReach = 1.5

    public init(q1: Double, median: Double, q3: Double, lowWhisker: Double, highWhisker: Double, outliers: [Double] = [], count: Int = 0) {
        self.q1 = q1
        self.median = median
        self.q3 = q3
        self.lowWhisker = lowWhisker
        self.highWhisker = highWhisker
        self.outliers = outliers
        self.count = count
    }

    /// The statistics of the non-NaN values, nil when there are none. Infinite values are the
    /// caller's to refuse (a quartile between -inf and inf is NaN).
    public init?(values: [Double]) {
        var v = values.filter { !$0.isNaN }
        guard !v.isEmpty else { return nil }
        let q = Selection.quantiles(&v, [0.25, 0.5, 0.75])
        let iqr = q[2] - q[0]
        // An IQR beyond the largest Double (quartiles ±1e308) reaches everything.
        let reach = iqr.isFinite ? Self.whiskerReach * iqr : .infinity
        let lowFence = q[0] - reach, highFence = q[2] + reach
        var low = Double.infinity, high = -Double.infinity
        var outliers: [Double] = []
        for x in v {
            if x < lowFence || x > highFence { outliers.append(x); continue }
            low = Swift.min(low, x)
            high = Swift.max(high, x)
        }
        // The whiskers never end inside the box (they would when every value between a quartile
        // and its fence is an outlier, which interpolated quartiles allow); matplotlib does the same.
        self.init(q1: q[0], median: q[1], q3: q[2], lowWhisker: Swift.min(low, q[0]), highWhisker: Swift.max(high, q[2]),
                  outliers: outliers.sorted(), count: v.count)
    }

    /// Everything the box draws, for axis ranges.
    public var extent: (Double, Double) {
        (Swift.min(lowWhisker, outliers.first ?? lowWhisker), Swift.max(highWhisker, outliers.last ?? highWhisker))
    }
}
