/// Moving-window aggregates along each partition: `rolling(x, window: 7, agg: "mean")`.
///
/// As pandas' `rolling(window, min_periods).agg()`: the window is the current row and the
/// `window - 1` rows before it in the partition; nulls inside it are skipped, and the result is
/// null unless at least `minPeriods` values (default: the window) are present (`count` needs
/// `minPeriods` rows in the window, null or not, as pandas). Sums and means
/// add and remove one value per step with compensated (Kahan) sums, variances with the same
/// running updates pandas uses, so long windows cost the same as short ones; min, max and median
/// look at the window's values.
public enum Rolling {
    public enum Aggregate: String, CaseIterable, Sendable { case mean, sum, min, max, std, `var`, median, count }

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
        w.forEach { range in
            // Running state over the window [k - window + 1, k].
            var nobs = 0
            var sum = 0.0, comp = 0.0            // Kahan sum
            var mean = 0.0, m2 = 0.0             // Welford for var/std
            func add(_ v: Double) {
                nobs += 1
                let y = v - comp; let t = sum + y; comp = (t - sum) - y; sum = t
                let d = v - mean; mean += d / Double(nobs); m2 += d * (v - mean)
            }
            func remove(_ v: Double) {
                nobs -= 1
                let y = -v - comp; let t = sum + y; comp = (t - sum) - y; sum = t
                if nobs == 0 { mean = 0; m2 = 0; return }
                let d = v - mean; mean -= d / Double(nobs); m2 -= d * (v - mean)
                if m2 < 0 { m2 = 0 }
            }
            for k in range {
                let r = w.order[k]
                if isValid(r) { add(x[r]) }
                let leaving = k - window
                if leaving >= range.lowerBound, isValid(w.order[leaving]) { remove(x[w.order[leaving]]) }
                counts[r] = Int64(nobs)
                // count (as pandas) needs min_periods rows in the window, null or not; the
                // others need min_periods values (and at least one).
                let present = agg == .count ? Swift.min(k - range.lowerBound + 1, window) : nobs
                guard present >= Swift.max(minp, agg == .count ? 0 : 1) else { continue }
                switch agg {
                case .count: out[r] = Double(nobs)
                case .sum: out[r] = sum
                case .mean: out[r] = sum / Double(nobs)
                case .var, .std:
                    guard nobs > 1 else { continue }
                    let v = m2 / Double(nobs - 1)
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
