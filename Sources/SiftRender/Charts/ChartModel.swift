import SiftFrame

/// What a chart shows, independent of how it is drawn (SVG for reports, Unicode for terminals).
public struct ChartModel: Sendable {
    public enum Kind: String, Sendable { case bar, line, scatter, hist, box }

    public struct Series: Sendable {
        public var name: String
        /// x positions (numbers; categories use their index) and y values.
        public var x: [Double]
        public var y: [Double]
        public init(name: String, x: [Double], y: [Double]) {
            self.name = name
            self.x = x
            self.y = y
        }
    }

    public var kind: Kind
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Category names when the x axis is categorical (bars, boxes).
    public var categories: [String]?
    /// Box plots: Tukey summaries per category (quartiles, 1.5 IQR whiskers, outliers).
    public var boxes: [BoxStats] = []
    /// Histogram bin edges (count + 1 values).
    public var binEdges: [Double] = []
    /// A temporal x axis: x holds day numbers (fractional for datetimes), ticks fall on calendar
    /// boundaries (days, months, quarters, years) and the axis spans exactly the data.
    public var xIsDate = false
    /// Drawing options the chart builtins take (orientation, stacking, scales, limits, labels).
    public var options = ChartOptions()

    public init(kind: Kind, title: String, xLabel: String, yLabel: String, series: [Series], categories: [String]? = nil) {
        self.kind = kind
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.categories = categories
    }
}

/// How to draw a chart, beyond its data. Every option has the neutral default, so a model built
/// without options draws as before.
public struct ChartOptions: Sendable, Equatable {
    /// Bars grow to the right from categories listed down the y axis (long category names fit).
    public var horizontal = false
    /// Bars of the color: groups are stacked on each other instead of side by side.
    public var stacked = false
    /// Logarithmic value axis (y; for horizontal bars the value axis is the x axis).
    public var logY = false
    /// Logarithmic x axis (scatter and line charts).
    public var logX = false
    /// Fixed axis ends; nil ends are decided from the data. Marks outside are clipped.
    public var xMin: Double? = nil, xMax: Double? = nil
    public var yMin: Double? = nil, yMax: Double? = nil
    /// Write each bar's (or point's) value next to it.
    public var valueLabels = false
    public init() {}
}

/// Colour-blind-safe palette (Okabe–Ito), mid-tones that read on light and dark backgrounds.
enum Palette {
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
    static func color(_ i: Int) -> String { colors[i % colors.count] }
}

/// Round-number axis ticks ("nice numbers", after Heckbert's Graphics Gems algorithm). Works for
/// any finite range, including ranges wider than the largest Double and ranges too narrow for a
/// step to register: nothing here loops on a value or converts one to Int without a bound.
public enum NiceScale {
    /// Magnitude above which ticks are computed on values scaled down by `hugeScale` (a power of
    /// ten, so round numbers stay round): `b - a` and a step rounded up to 2·10^308 would overflow.
    static let hugeMagnitude = 1e300, hugeScale = 1e10

    public static func ticks(min lo: Double, max hi: Double, count: Int = 5) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [0, 1] }
        var a = Swift.min(lo, hi), b = Swift.max(lo, hi)
        if a == b {
            // Widen a single value: by 1 where ±1 registers (as always), else by a tenth of it.
            let pad = Swift.abs(a) < 1e15 ? 1 : Swift.abs(a) / 10
            a = Swift.max(a - pad, -.greatestFiniteMagnitude)
            b = Swift.min(b + pad, .greatestFiniteMagnitude)
        }
        let scale = Swift.max(Swift.abs(a), Swift.abs(b)) > hugeMagnitude ? hugeScale : 1
        a /= scale
        b /= scale
        let range = nice(b - a, round: false)
        let step = nice(range / Double(Swift.max(1, count - 1)), round: true)
        let start = (a / step).rounded(.down) * step
        let end = (b / step).rounded(.up) * step
        // A step that does not move the value (a range far below the values' precision, or a
        // subnormal one): the two ends are the only ticks that can be told apart.
        guard step > 0, step.isFinite, start.isFinite, end.isFinite, start + step > start else {
            return a < b ? [a * scale, b * scale] : [a * scale]
        }
        var out: [Double] = []
        var v = start
        // Bounded by the iteration count, not by the values: at most 50 ticks.
        for _ in 0..<50 where v <= end + step * 0.5 {
            let t = (Swift.abs(v) < step * 1e-9 ? 0 : v) * scale
            // Scaled back, a tick beyond the largest Double is dropped; the axis then ends at the data.
            if t.isFinite { out.append(t) }
            v += step
        }
        return out
    }

    /// The nice number (1, 2, 5 or 10 times a power of ten) nearest `x` (`round`) or at least `x`.
    /// Constant time: the power of ten comes from log10, not from a loop that never ends for an
    /// infinite `x`. Infinity stays infinite (callers check); NaN and values ≤ 0 give 1.
    static func nice(_ x: Double, round: Bool) -> Double {
        if x == .infinity { return .infinity }
        guard x > 0 else { return 1 }
        // Below 1e-300 the power of ten can underflow to zero; work a factor 10^300 up.
        if x < 1e-300 { return nice(x * 1e300, round: round) / 1e300 }
        var exp = Int(log10(x).rounded(.down))
        var f = x / ScalarFormat.pow10(exp)
        // log10 may land one off next to a power of ten.
        if f >= 10 { f /= 10; exp += 1 } else if f < 1 { f *= 10; exp -= 1 }
        let nf: Double
        if round { nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10 } else { nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10 }
        return nf * ScalarFormat.pow10(exp)
    }

    /// Short tick labels: 1.5k, 2M, 0.25; beyond a million billions or below 0.0001, 1.7e308 and 5e-7.
    public static func label(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let a = abs(v)
        // Below 0.0001 (less what four decimals round up to it) fixed decimals would show 0.
        if a >= 1e15 || (a > 0 && a < 9.995e-5) { return scientific(v) }
        if a >= 1e9 { return trim(fixed(v / 1e9, 2)) + "B" }
        if a >= 1e6 { return trim(fixed(v / 1e6, 2)) + "M" }
        if a >= 1e4 { return trim(fixed(v / 1e3, 1)) + "k" }
        if a == a.rounded() { return String(Int64(v)) }
        return trim(fixed(v, a < 0.01 ? 4 : a < 1 ? 3 : 2))
    }

    /// Three significant digits and an exponent, for finite non-zero values.
    static func scientific(_ v: Double) -> String {
        var exp = Int(log10(abs(v)).rounded(.down))
        // The power of ten of a subnormal value underflows to zero; divide in two steps.
        var m = exp < -300 ? v * 1e300 / ScalarFormat.pow10(exp + 300) : v / ScalarFormat.pow10(exp)
        // log10 may land one off next to a power of ten; then two decimals may round up to 10.
        if abs(m) < 1 { m *= 10; exp -= 1 } else if abs(m) >= 10 { m /= 10; exp += 1 }
        if abs(m) >= 9.995 { m /= 10; exp += 1 }
        return trim(fixed(m, 2)) + "e" + String(exp)
    }

    static func trim(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    static func fixed(_ v: Double, _ decimals: Int) -> String {
        let d = Swift.min(Swift.max(decimals, 0), 6)
        let scale = ScalarFormat.pow10(d)
        // Beyond what Int64 holds (or not finite), plain Swift formatting is exact enough for labels.
        guard v.isFinite, abs(v) < 9e15, abs(v) * scale < 9e18 else { return v.isNaN ? "NaN" : "\(v)" }
        let r = (abs(v) * scale).rounded()
        let i = Int64(r / scale)
        let f = Int64(r) - i * Int64(scale)
        var fs = String(f)
        while fs.count < d { fs = "0" + fs }
        return (v < 0 && r != 0 ? "-" : "") + String(i) + (d > 0 ? "." + fs : "")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
