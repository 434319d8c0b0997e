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
    /// Box plots: five-number summaries per category (min, q1, median, q3, max).
    public var boxes: [(Double, Double, Double, Double, Double)] = []
    /// Histogram bin edges (count + 1 values).
    public var binEdges: [Double] = []
    /// Labels for the x ticks of a temporal axis (x holds day numbers).
    public var xIsDate = false

    public init(kind: Kind, title: String, xLabel: String, yLabel: String, series: [Series], categories: [String]? = nil) {
        self.kind = kind
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.categories = categories
    }
}

/// Colour-blind-safe palette (Okabe–Ito), mid-tones that read on light and dark backgrounds.
enum Palette {
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
    static func color(_ i: Int) -> String { colors[i % colors.count] }
}

/// Round-number axis ticks ("nice numbers", after Heckbert's Graphics Gems algorithm).
public enum NiceScale {
    public static func ticks(min lo: Double, max hi: Double, count: Int = 5) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [0, 1] }
        var a = lo, b = hi
        if a == b { a -= 1; b += 1 }
        let range = nice(b - a, round: false)
        let step = nice(range / Double(max(1, count - 1)), round: true)
        let start = (a / step).rounded(.down) * step
        let end = (b / step).rounded(.up) * step
        var out: [Double] = []
        var v = start
        while v <= end + step * 0.5 && out.count < 50 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }

    static func nice(_ x: Double, round: Bool) -> Double {
        guard x > 0 else { return 1 }
        var exp = 0.0
        var f = x
        while f >= 10 { f /= 10; exp += 1 }
        while f < 1 { f *= 10; exp -= 1 }
        let nf: Double
        if round { nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10 } else { nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10 }
        var p = 1.0
        if exp >= 0 { for _ in 0..<Int(exp) { p *= 10 } } else { for _ in 0..<Int(-exp) { p /= 10 } }
        return nf * p
    }

    /// Short tick labels: 1.5k, 2M, 0.25.
    public static func label(_ v: Double) -> String {
        let a = abs(v)
        func trim(_ s: String) -> String {
            guard s.contains(".") else { return s }
            var t = s
            while t.hasSuffix("0") { t.removeLast() }
            if t.hasSuffix(".") { t.removeLast() }
            return t
        }
        if a >= 1e9 { return trim(fixed(v / 1e9, 2)) + "B" }
        if a >= 1e6 { return trim(fixed(v / 1e6, 2)) + "M" }
        if a >= 1e4 { return trim(fixed(v / 1e3, 1)) + "k" }
        if a == a.rounded() { return String(Int64(v)) }
        return trim(fixed(v, a < 0.01 ? 4 : a < 1 ? 3 : 2))
    }

    static func fixed(_ v: Double, _ d: Int) -> String {
        // Beyond what Int64 holds (or not finite), plain Swift formatting is exact enough for labels.
        guard v.isFinite, abs(v) < 9e15 else { return v.isNaN ? "NaN" : "\(v)" }
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        let i = Int64(r / scale)
        let f = Int64(r) - i * Int64(scale)
        var fs = String(f)
        while fs.count < d { fs = "0" + fs }
        return (v < 0 && r != 0 ? "-" : "") + String(i) + (d > 0 ? "." + fs : "")
    }
}
