import SiftFrame

/// Draws a chart as a standalone SVG: axes with round-number ticks, axis labels, a legend when
/// there are several series, and a title. Text and axes use a neutral grey and the plot has no
/// background, so the image reads on light and dark pages alike.
public struct SVGChart {
    public var width = 720.0
    public var height = 420.0
    public init() {}

    let left = 72.0, right = 24.0, top = 48.0, bottom = 64.0

    public func render(_ m: ChartModel) -> String {
        var out: [String] = []
        let legendWidth = m.series.count > 1 ? 140.0 : 0
        let plotW = width - left - right - legendWidth, plotH = height - top - bottom
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">")
        out.append("<title>\(esc(m.title.isEmpty ? m.kind.rawValue + " chart" : m.title))</title>")
        if !m.title.isEmpty {
            out.append("<text x=\"\(f(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\" fill=\"#777777\">\(esc(m.title))</text>")
        }
        // Y range.
        var ys = m.series.flatMap(\.y).filter(\.isFinite)
        if m.kind == .box { ys = m.boxes.flatMap { [$0.0, $0.4] }.filter(\.isFinite) }
        var yMin = ys.min() ?? 0, yMax = ys.max() ?? 1
        if m.kind == .bar || m.kind == .hist { yMin = min(0, yMin); yMax = max(0, yMax) }
        let yTicks = NiceScale.ticks(min: yMin, max: yMax)
        // The axis spans the ticks and the data: near the largest Double a round tick beyond the
        // data may not exist (2e308 is infinite), and then the data sets the end.
        yMin = min(yTicks.first ?? yMin, yMin)
        yMax = max(yTicks.last ?? yMax, yMax)
        func py(_ v: Double) -> Double { top + plotH - AxisMath.fraction(v, lo: yMin, hi: yMax) * plotH }
        // X range.
        let categorical = m.categories != nil
        var xMin = 0.0, xMax = 1.0
        var xTicks: [Double] = []
        if categorical {
            xMin = -0.5
            xMax = Double(m.categories!.count) - 0.5
        } else if m.kind == .hist, let a = m.binEdges.first, let b = m.binEdges.last {
            xTicks = NiceScale.ticks(min: a, max: b)
            xMin = min(a, xTicks.first ?? a)
            xMax = max(b, xTicks.last ?? b)
        } else {
            let xs = m.series.flatMap(\.x).filter(\.isFinite)
            let lo = xs.min() ?? 0, hi = xs.max() ?? 1
            xTicks = NiceScale.ticks(min: lo, max: hi)
            xMin = min(xTicks.first ?? lo, lo)
            xMax = max(xTicks.last ?? hi, hi)
        }
        func px(_ v: Double) -> Double { left + AxisMath.fraction(v, lo: xMin, hi: xMax) * plotW }
        // Grid and y axis.
        let axis = "#888888"
        for t in yTicks {
            let y = py(t)
            out.append("<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y))\" stroke=\"\(axis)\" stroke-opacity=\"0.25\"/>")
            out.append("<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\" fill=\"\(axis)\">\(esc(NiceScale.label(t)))</text>")
        }
        out.append("<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"\(axis)\"/>")
        out.append("<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"\(axis)\"/>")
        // X ticks.
        if categorical {
            let cats = m.categories!
            let stepLabel = max(1, cats.count / 12)
            for (i, c) in cats.enumerated() where i % stepLabel == 0 {
                let x = px(Double(i))
                out.append("<text x=\"\(f(x))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\" fill=\"\(axis)\">\(esc(String(c.prefix(14))))</text>")
            }
        } else {
            for t in xTicks {
                let x = px(t)
                out.append("<line x1=\"\(f(x))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x))\" y2=\"\(f(top + plotH + 5))\" stroke=\"\(axis)\"/>")
                let label = m.xIsDate ? Temporal.formatDate(AxisMath.clamped(t.rounded(), as: Int32.self)) : NiceScale.label(t)
                out.append("<text x=\"\(f(x))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\" fill=\"\(axis)\">\(esc(label))</text>")
            }
        }
        // Axis labels.
        out.append("<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 18))\" text-anchor=\"middle\" fill=\"\(axis)\" font-size=\"13\">\(esc(m.xLabel))</text>")
        out.append("<text transform=\"translate(18 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"\(axis)\" font-size=\"13\">\(esc(m.yLabel))</text>")
        // Marks.
        switch m.kind {
        case .bar:
            let groups = Double(m.series.count)
            let band = plotW / Double(max(1, m.categories?.count ?? 1))
            let barW = band * 0.8 / groups
            for (s, series) in m.series.enumerated() {
                for (x, y) in zip(series.x, series.y) where y.isFinite {
                    let cx = px(x) - band * 0.4 + barW * Double(s)
                    let y0 = py(0), y1 = py(y)
                    out.append("<rect x=\"\(f(cx))\" y=\"\(f(min(y0, y1)))\" width=\"\(f(barW))\" height=\"\(f(abs(y0 - y1)))\" fill=\"\(Palette.color(s))\"><title>\(esc(series.name)) \(esc(NiceScale.label(y)))</title></rect>")
                }
            }
        case .hist:
            for (i, y) in (m.series.first?.y ?? []).enumerated() where i + 1 < m.binEdges.count {
                let x0 = px(m.binEdges[i]), x1 = px(m.binEdges[i + 1])
                out.append("<rect x=\"\(f(x0))\" y=\"\(f(py(y)))\" width=\"\(f(max(0, x1 - x0 - 1)))\" height=\"\(f(py(0) - py(y)))\" fill=\"\(Palette.color(0))\"/>")
            }
        case .line:
            for (s, series) in m.series.enumerated() {
                let pts = zip(series.x, series.y).filter { $0.0.isFinite && $0.1.isFinite }.sorted { $0.0 < $1.0 }
                let d = pts.enumerated().map { ($0.offset == 0 ? "M" : "L") + "\(f(px($0.element.0))),\(f(py($0.element.1)))" }.joined(separator: " ")
                out.append("<path d=\"\(d)\" fill=\"none\" stroke=\"\(Palette.color(s))\" stroke-width=\"2\"/>")
            }
        case .scatter:
            for (s, series) in m.series.enumerated() {
                var dots: [String] = []
                for (x, y) in zip(series.x, series.y) where x.isFinite && y.isFinite {
                    dots.append("<circle cx=\"\(f(px(x)))\" cy=\"\(f(py(y)))\" r=\"2.5\"/>")
                }
                out.append("<g fill=\"\(Palette.color(s))\" fill-opacity=\"0.6\">" + dots.joined() + "</g>")
            }
        case .box:
            let band = plotW / Double(max(1, m.boxes.count))
            for (i, b) in m.boxes.enumerated() {
                let cx = px(Double(i)), w = band * 0.5
                let c = Palette.color(0)
                out.append("<line x1=\"\(f(cx))\" y1=\"\(f(py(b.0)))\" x2=\"\(f(cx))\" y2=\"\(f(py(b.4)))\" stroke=\"\(c)\"/>")
                out.append("<rect x=\"\(f(cx - w / 2))\" y=\"\(f(py(b.3)))\" width=\"\(f(w))\" height=\"\(f(max(0, py(b.1) - py(b.3))))\" fill=\"\(c)\" fill-opacity=\"0.35\" stroke=\"\(c)\"/>")
                out.append("<line x1=\"\(f(cx - w / 2))\" y1=\"\(f(py(b.2)))\" x2=\"\(f(cx + w / 2))\" y2=\"\(f(py(b.2)))\" stroke=\"\(c)\" stroke-width=\"2\"/>")
            }
        }
        // Legend.
        if m.series.count > 1 {
            let lx = left + plotW + 16
            for (s, series) in m.series.prefix(16).enumerated() {
                let ly = top + Double(s) * 18
                out.append("<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"12\" height=\"12\" fill=\"\(Palette.color(s))\"/>")
                out.append("<text x=\"\(f(lx + 18))\" y=\"\(f(ly + 10))\" fill=\"\(axis)\">\(esc(String(series.name.prefix(16))))</text>")
            }
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// A coordinate with one decimal. Positions come from `AxisMath.fraction`, so they are finite
    /// for finite data; anything else (an infinite box whisker) is pinned to the image's edge
    /// rather than written as "inf", which is not an SVG number.
    func f(_ v: Double) -> String {
        if v.isNaN { return "0" }
        let limit = 4 * max(width, height)
        return NiceScale.fixed(min(max(v, -limit), limit), 1)
    }

    func esc(_ s: String) -> String {
        var o = ""
        for ch in s {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: o.append(ch)
            }
        }
        return o
    }
}
