/// Moving-window aggregates along each partition: `rolling(x, window: 7, agg: "mean")`.
///
/// As pandas' `rolling(window, min_periods).agg()`: the window is the current row and the
/// `window - 1` rows before it in the partition; nulls inside it are skipped, and the result is
/// null unless at least `minPeriods` values (default: the window) are present (`count` needs
/// `minPeriods` rows in the window, null or not, as pandas). Sum, mean, var and std slide: each
/// step removes the value leaving the window and adds the one entering, so long windows cost the
/// same as short ones; min, max and median look at the window's values.
///
/// Sliding by add-and-subtract is where precision goes: once a value much larger than the rest
/// leaves the window, a plain (or singly compensated) running total keeps only the rounding of
/// that value, and the answer is silently wrong (`[1e17, 1, 1, 1]` summed two at a time gave 0;
/// `[5e6, 10.1, 10.2, 10.3, 10.4]` had a std of 0.088 instead of 0.1). So:
/// - sums keep the rounding error of every addition exactly (Neumaier's two-sum), giving about
///   twice double precision: subtracting the large value again cancels exactly;
/// - variances use Welford's update on values shifted by one of the window's own values (so data
///   far from zero, like timestamps, do not lose digits to the mean), and rebuild the window from
///   its values when the sum of squared deviations falls far below the largest it has been since
///   the last rebuild: that drop is exactly when the subtracted round-off dominates what remains
///   (pandas 3 recomputes the window on the same signal). A rebuild also happens once every few
///   window lengths so drift cannot accumulate along long series; both cost O(window) and are rare,
///   so the pass stays O(n) on ordinary data;
/// - infinities and NaNs are counted apart from the finite values (an infinity would turn the
///   compensation terms into NaN for the rest of the partition): a window holding one is ±inf or
///   NaN as IEEE arithmetic says, and the next window without one is exact again;
/// - when a window has no values left, every accumulator restarts from zero.
public enum Rolling {
    public enum Aggregate: String, CaseIterable, Sendable { case mean, sum, min, max, std, `var`, median, count }

    /// Rebuild the variance when the sum of squared deviations drops below this share of its peak
    /// since the last rebuild: its round-off is a few ulps of that peak, so the result then keeps
    /// at least ~1e-12 relative accuracy.
    static let cancellationRatio = 1e-4
    /// Rebuild the variance after this many window lengths of updates (an add and a remove per row
    /// once the window is full, so every 8 windows of rows), bounding the drift of Welford's running
    /// mean along long series for an extra pass over at most 1/8 of the data.
    static let refreshWindows = 16

    public static func run(_ c: Column, _ w: WindowPartition, window: Int, agg: Aggregate, minPeriods: Int?) throws -> Column {
        guard c.count == w.rowCount else { throw FrameError("rolling(): the column has \(c.count) rows but the window \(w.rowCount)") }
        guard window >= 1 else { throw FrameError("rolling() needs window: 1 or more, got \(window)") }
        let minp = minPeriods ?? window
        guard minp >= 0, minp <= window else { throw FrameError("min_periods must be between 0 and the window (\(window)), got \(minp)") }
        guard c.type != .bool, let x = c.doubles else { throw FrameError("rolling() needs numbers, got a \(c.type.rawValue) column") }
        let n = c.count
        var out = [Double](repeating: 0, count: n)
        var counts = [Int64](repeating: 0, count: n)
        var valid = Bitmap(count: n, allValid: false)
        let isValid: (Int) -> Bool = { c.isValid($0) }
        let needSum = agg == .sum || agg == .mean
        let needVar = agg == .var || agg == .std
        let refreshAfter = window.multipliedReportingOverflow(by: refreshWindows).overflow ? Int.max : window * refreshWindows
        w.forEach { range in
            // Running state over the window [k - window + 1, k].
            var nobs = 0                         // non-null values (what count and min_periods see)
            var finite = 0                       // of which finite (what the accumulators hold)
            var nan = 0, posInf = 0, negInf = 0  // the non-finite ones, counted apart
            var hi = 0.0, lo = 0.0               // sum = hi + lo; lo holds every rounding error of hi
            var shift = 0.0                      // variance: values are taken relative to this one
            var mean = 0.0, m2 = 0.0             // Welford mean and sum of squared deviations of (v - shift)
            var peak = 0.0                       // largest m2 since the last rebuild
            var updates = 0                      // variance updates since the last rebuild

            func restart() {
                hi = 0; lo = 0; mean = 0; m2 = 0; peak = 0; updates = 0
            }
            func welfordAdd(_ y: Double) {
                let d = y - mean
                mean += d / Double(finite)
                m2 += d * (y - mean)
            }
            func add(_ v: Double) {
                nobs += 1
                guard v.isFinite else {
                    if v.isNaN { nan += 1 } else if v > 0 { posInf += 1 } else { negInf += 1 }
                    return
                }
                if finite == 0 { restart(); shift = v }
                finite += 1
                if needSum {
                    // Two-sum: s is the rounded total and the exact error goes to lo.
                    let s = hi + v, bv = s - hi
                    lo += (hi - (s - bv)) + (v - bv)
                    hi = s
                }
                if needVar {
                    welfordAdd(v - shift)
                    if m2 > peak { peak = m2 }
                    updates += 1
                }
            }
            func remove(_ v: Double) {
                nobs -= 1
                guard v.isFinite else {
                    if v.isNaN { nan -= 1 } else if v > 0 { posInf -= 1 } else { negInf -= 1 }
                    return
                }
                finite -= 1
                // An emptied window starts again from exact zeros (as pandas).
                if finite == 0 { restart(); return }
                if needSum {
                    let s = hi - v, bv = s - hi
                    lo += (hi - (s - bv)) - (v + bv)
                    hi = s
                }
                if needVar {
                    let y = v - shift
                    let d = y - mean
                    mean -= d / Double(finite)
                    m2 -= d * (y - mean)
                    updates += 1
                }
            }
            /// Recomputes the variance state from the values of the window ending at k.
            func rebuild(_ k: Int) {
                finite = 0; mean = 0; m2 = 0
                var first = true
                for j in Swift.max(range.lowerBound, k - window + 1)...k {
                    let rr = w.order[j]
                    guard isValid(rr) else { continue }
                    let v = x[rr]
                    guard v.isFinite else { continue }
                    if first { shift = v; first = false }
                    finite += 1
                    welfordAdd(v - shift)
                }
                peak = m2; updates = 0
            }

            for k in range {
                // Remove the value leaving before adding the entering one, so the state never
                // holds more than a window's values.
                var removed = false
                let leaving = k - window
                if leaving >= range.lowerBound, isValid(w.order[leaving]) { remove(x[w.order[leaving]]); removed = true }
                let r = w.order[k]
                if isValid(r) { add(x[r]) }
                // A window left with one value has m2 = 0 exactly, so any residue there also rebuilds.
                if needVar, finite >= 1, (removed && (m2 < peak * cancellationRatio || m2 < 0)) || updates >= refreshAfter {
                    rebuild(k)
                }
                counts[r] = Int64(nobs)
                // count (as pandas) needs min_periods rows in the window, null or not; the
                // others need min_periods values (and at least one).
                let present = agg == .count ? Swift.min(k - range.lowerBound + 1, window) : nobs
                guard present >= Swift.max(minp, agg == .count ? 0 : 1) else { continue }
                switch agg {
                case .count: out[r] = Double(nobs)
                case .sum, .mean:
                    let total: Double
                    if nan > 0 || (posInf > 0 && negInf > 0) { total = .nan }
                    else if posInf > 0 { total = .infinity }
                    else if negInf > 0 { total = -.infinity }
                    else { total = hi + lo }
                    out[r] = agg == .sum ? total : total / Double(nobs)
                case .var, .std:
                    guard nobs > 1 else { continue }
                    let v = nobs != finite ? Double.nan : Swift.max(m2, 0) / Double(nobs - 1)
                    out[r] = agg == .std ? v.squareRoot() : v
                case .min, .max, .median:
                    var values: [Double] = []
                    values.reserveCapacity(window)
                    for j in Swift.max(range.lowerBound, k - window + 1)...k where isValid(w.order[j]) { values.append(x[w.order[j]]) }
                    switch agg {
                    case .min: out[r] = values.min()!
                    case .max: out[r] = values.max()!
                    default:
                        values.sort()
                        let m = values.count
                        out[r] = m % 2 == 1 ? values[m / 2] : (values[m / 2 - 1] + values[m / 2]) / 2
                    }
                }
                valid[r] = true
            }
        }
        if agg == .count {
            return Column(name: c.name, storage: .int(counts), validity: valid)
        }
        return Column(name: c.name, storage: .float(out), validity: valid)
    }
}
