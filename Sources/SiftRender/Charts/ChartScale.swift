#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// One numeric axis of a chart: the domain it spans, where a value falls on it (a fraction, 0 at
/// the low end), and its tick marks with their labels. Linear axes use round-number ticks; log
/// axes powers of ten; date axes calendar boundaries.
public struct ChartScale: Sendable {
    public enum Kind: Sendable, Equatable { case linear, log, date }
    public struct Tick: Sendable, Equatable {
        public var value: Double
        public var label: String
    }

    public let kind: Kind
    public let lo: Double
    public let hi: Double
    public let ticks: [Tick]

    /// Where `v` lies on the axis, 0 at `lo` and 1 at `hi` (outside [0, 1] beyond the ends).
    public func fraction(_ v: Double) -> Double {
        switch kind {
        case .log:
            guard v > 0 else { return v.isNaN ? 0 : -1 }
            return AxisMath.fraction(log10(v), lo: log10(lo), hi: log10(hi))
        case .linear, .date:
            return AxisMath.fraction(v, lo: lo, hi: hi)
        }
    }

    /// A linear axis over the data's range. It starts at zero when the marks grow from zero
    /// (bars, histograms), never runs below zero when every value is ≥ 0 (nor above zero when
    /// every value is ≤ 0), and otherwise ends at round ticks just around the data. Fixed ends
    /// (`xlim:`/`ylim:`) are kept exactly; ticks then fall inside them.
    public static func linear(dataMin: Double, dataMax: Double, includeZero: Bool, fixedMin: Double? = nil, fixedMax: Double? = nil) -> ChartScale {
        var a = dataMin.isFinite ? dataMin : 0, b = dataMax.isFinite ? dataMax : 1
        if a > b { (a, b) = (b, a) }
        if includeZero { a = Swift.min(a, 0); b = Swift.max(b, 0) }
        if let lo = fixedMin { a = lo }
        if let hi = fixedMax { b = hi }
        if a > b { (a, b) = (b, a) }
        let nonNegative = a >= 0, nonPositive = b <= 0
        var ticks = NiceScale.ticks(min: a, max: b)
        if nonNegative { ticks.removeAll { $0 < 0 } }
        if nonPositive { ticks.removeAll { $0 > 0 } }
        // The axis spans the ticks and the data: near the largest Double a round tick beyond the
        // data may not exist (2e308 is infinite), and then the data sets the end.
        var lo = Swift.min(ticks.first ?? a, a), hi = Swift.max(ticks.last ?? b, b)
        if let f = fixedMin { lo = f }
        if let f = fixedMax { hi = f }
        if fixedMin != nil || fixedMax != nil { ticks.removeAll { $0 < lo - Swift.abs(lo) * 1e-12 || $0 > hi + Swift.abs(hi) * 1e-12 } }
        if hi <= lo {
            // One value and nothing to widen it within its sign: a unit range from zero.
            if nonNegative { lo = Swift.max(0, lo); hi = lo + (lo == 0 ? 1 : Swift.abs(lo)) } else { hi = Swift.min(0, hi); lo = hi - (hi == 0 ? 1 : Swift.abs(hi)) }
        }
        if ticks.count < 2 {
            let (l, h) = (lo, hi)
            ticks = NiceScale.ticks(min: l, max: h).filter { $0 >= l && $0 <= h }
            if ticks.count < 2 { ticks = [l, h] }
        }
        return ChartScale(kind: .linear, lo: lo, hi: hi, ticks: ticks.map { Tick(value: $0, label: NiceScale.label($0)) })
    }

    /// A log axis from the power of ten at or below the smallest value to the one at or above the
    /// largest (or the fixed ends). Ticks at powers of ten; at 2 and 5 times them too when the
    /// axis spans two decades or less, so a short log axis still has several labels. Values must
    /// be positive: the builtins refuse others before drawing.
    public static func log(dataMin: Double, dataMax: Double, fixedMin: Double? = nil, fixedMax: Double? = nil) -> ChartScale {
        let a0 = dataMin > 0 && dataMin.isFinite ? dataMin : 1
        let b0 = dataMax > 0 && dataMax.isFinite ? Swift.max(dataMax, a0) : a0
        var lo = fixedMin.flatMap { $0 > 0 ? $0 : nil } ?? ScalarFormat.pow10(Int(log10(a0).rounded(.down)))
        var hi = fixedMax.flatMap { $0 > 0 ? $0 : nil } ?? ScalarFormat.pow10(Int(log10(b0).rounded(.up)))
        if hi <= lo { hi = lo * 10 }
        if !lo.isFinite || lo <= 0 { lo = 1 }
        if !hi.isFinite { hi = .greatestFiniteMagnitude }
        let e0 = Int(log10(lo).rounded(.down)), e1 = Int(log10(hi).rounded(.up))
        let multiples: [Double] = e1 - e0 <= 2 ? [1, 2, 5] : [1]
        // At most about ten labelled decades: every k-th power beyond that.
        let every = Swift.max(1, (e1 - e0 + 9) / 10)
        var ticks: [Tick] = []
        for e in stride(from: e0, through: e1, by: 1) where (e - e0) % every == 0 {
            for m in multiples {
                let v = m * ScalarFormat.pow10(e)
                if v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12) { ticks.append(Tick(value: v, label: NiceScale.label(v))) }
            }
        }
        return ChartScale(kind: .log, lo: lo, hi: hi, ticks: ticks)
    }

    /// A date axis spanning exactly the data (day numbers, fractional for datetimes), with ticks
    /// on calendar boundaries: hours, days, weeks, months, quarters, years or multiples of years,
    /// whichever gives at most `maxTicks` ticks. No round-number padding: a chart of one year of
    /// data spans that year, not five.
    public static func date(dataMin: Double, dataMax: Double, fixedMin: Double? = nil, fixedMax: Double? = nil, maxTicks: Int = 8) -> ChartScale {
        var lo = fixedMin ?? (dataMin.isFinite ? dataMin : 0)
        var hi = fixedMax ?? (dataMax.isFinite ? dataMax : lo + 1)
        if lo > hi { (lo, hi) = (hi, lo) }
        // Day numbers beyond what a calendar date holds are not dates to tick.
        let limit = 1e9
        lo = Swift.max(-limit, Swift.min(limit, lo))
        hi = Swift.max(-limit, Swift.min(limit, hi))
        if hi == lo { lo -= 0.5; hi += 0.5 }
        return ChartScale(kind: .date, lo: lo, hi: hi, ticks: CalendarTicks.ticks(lo: lo, hi: hi, maxTicks: maxTicks))
    }
}
