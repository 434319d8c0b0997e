#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// Draws a chart as a standalone SVG: axes with ticks (round numbers, powers of ten or calendar
/// boundaries), axis titles, a legend when there are several series, and a title. The image has
/// its own white background and dark grey text of at least 13 px, so it reads the same on a
/// light page, a dark page and a printed one.
///
/// Marks carry `class` names and `data-*` attributes with their values (`class="whisker"
/// data-value="12.5"`), so tests and `sift test` can check what was drawn without reading
/// pixels; every bar, box and point also has a `<title>` tooltip.
public struct SVGChart {
    public var width = 720.0
    public var height = 420.0
    public init() {}

    static let text = "#333333", tickText = "#444444", axisLine = "#666666", grid = "#e3e3e3"
    static let fontSize = 13.0
    /// Approximate advance of one character at 13 px, for laying out labels without a font.
    static let charWidth = 7.4

    public func render(_ m: ChartModel) -> String {
        var layout = Layout(model: m, width: width, height: height)
        layout.resolve()
        var out: [String] = []
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"\(f(Self.fontSize))\">")
        out.append("<title>\(esc(m.title.isEmpty ? m.kind.rawValue + " chart" : m.title))</title>")
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>")
        if !m.title.isEmpty {
            out.append("<text x=\"\(f(width / 2))\" y=\"28\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\" fill=\"#222222\">\(esc(m.title))</text>")
        }
        let marks = drawMarks(m, layout)
        out.append(contentsOf: drawAxes(m, layout))
        // Marks are clipped to the plot area (axis limits may cut them); the clip id is derived
        // from the marks so that several charts inlined in one HTML page never share an id and
        // the same chart always renders to the same bytes.
        let clipID = "plot-" + String(Self.fnv(marks.joined()), radix: 16)
        out.append("<clipPath id=\"\(clipID)\"><rect x=\"\(f(layout.plotX))\" y=\"\(f(layout.plotY))\" width=\"\(f(layout.plotW))\" height=\"\(f(layout.plotH))\"/></clipPath>")
        out.append("<g clip-path=\"url(#\(clipID))\">")
        out.append(contentsOf: marks)
        out.append("</g>")
        out.append(contentsOf: drawValueLabels(m, layout))
        out.append(contentsOf: drawLegend(m, layout))
        if let note = layout.note {
            out.append("<text x=\"\(f(layout.plotX + layout.plotW))\" y=\"\(f(height - 6))\" text-anchor=\"end\" font-size=\"13\" fill=\"\(Self.tickText)\">\(esc(note))</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: - Layout

    /// The plot area and the two scales, decided before anything is drawn.
    struct Layout {
        let model: ChartModel
        let width: Double, height: Double
        var plotX = 0.0, plotY = 0.0, plotW = 0.0, plotH = 0.0
        /// The axis along the categories (bars, boxes) or x values; and the value axis.
        var xScale: ChartScale? = nil
        var yScale: ChartScale? = nil
        var categories: [String]? = nil
        /// Per category, the stacked extents (bars with `stacked`).
        var note: String? = nil

        init(model: ChartModel, width: Double, height: Double) {
            self.model = model
            self.width = width
            self.height = height
        }

        var horizontalBars: Bool { model.kind == .bar && model.options.horizontal }

        mutating func resolve() {
            let m = model, o = m.options
            categories = m.categories
            // Value (y) range.
            var ys: [Double]
            switch m.kind {
            case .box: ys = m.boxes.flatMap { [$0.extent.0, $0.extent.1] }
            case .bar where o.stacked: ys = BarStacks.extents(m.series, categories: m.categories?.count ?? 0)
            default: ys = m.series.flatMap(\.y)
            }
            ys = ys.filter(\.isFinite)
            if o.logY { ys = ys.filter { $0 > 0 } }
            let yLo = ys.min() ?? 0, yHi = ys.max() ?? 1
            let fromZero = m.kind == .bar || m.kind == .hist
            yScale = o.logY ? .log(dataMin: yLo, dataMax: yHi, fixedMin: o.yMin, fixedMax: o.yMax)
                : .linear(dataMin: yLo, dataMax: yHi, includeZero: fromZero, fixedMin: o.yMin, fixedMax: o.yMax)
            // x range for numeric x axes.
            if categories == nil {
                var xs: [Double]
                if m.kind == .hist { xs = [m.binEdges.first, m.binEdges.last].compactMap { $0 } } else { xs = m.series.flatMap(\.x) }
                xs = xs.filter(\.isFinite)
                if o.logX { xs = xs.filter { $0 > 0 } }
                let lo = xs.min() ?? 0, hi = xs.max() ?? 1
                if m.xIsDate {
                    xScale = .date(dataMin: lo, dataMax: hi, fixedMin: o.xMin, fixedMax: o.xMax)
                } else if o.logX {
                    xScale = .log(dataMin: lo, dataMax: hi, fixedMin: o.xMin, fixedMax: o.xMax)
                } else {
                    xScale = .linear(dataMin: lo, dataMax: hi, includeZero: false, fixedMin: o.xMin, fixedMax: o.xMax)
                }
            }
            // Margins from what the labels need.
            let legendNames = m.series.count > 1 ? m.series.prefix(16).map(\.name) : []
            let legendW = legendNames.isEmpty ? 0 : Swift.min(200, Double(legendNames.map { Swift.min($0.count, 22) }.max() ?? 0) * SVGChart.charWidth + 44)
            let valueTickW = Double((yScale?.ticks.map(\.label.count).max() ?? 1)) * SVGChart.charWidth
            let top = m.title.isEmpty ? 20.0 : 48.0
            var left: Double, bottom: Double
            if horizontalBars {
                let catW = Double(Swift.min(24, categories?.map(\.count).max() ?? 1)) * SVGChart.charWidth
                left = Swift.max(64, catW + 40)
                bottom = 70
            } else {
                left = Swift.max(64, valueTickW + 42)
                bottom = 70
            }
            let right = 28.0 + legendW + (o.valueLabels && horizontalBars ? 40 : 0)
            plotX = left
            plotY = top
            plotW = Swift.max(40, width - left - right)
            plotH = Swift.max(40, height - top - bottom)
            if m.kind == .scatter {
                let n = m.series.reduce(0) { $0 + $1.x.count }
                if n > MarkThinning.scatterPointLimit {
                    note = "\(SVGChart.grouped(n)) points, drawn as density (\(Int(MarkThinning.densityCell)) px cells)"
                }
            }
        }

        /// Pixel position of a value on the value axis (vertical, or horizontal for horizontal bars).
        func valuePos(_ v: Double) -> Double {
            let t = yScale?.fraction(v) ?? 0
            return horizontalBars ? plotX + t * plotW : plotY + plotH - t * plotH
        }

        /// Pixel position of an x value (numeric x axes).
        func xPos(_ v: Double) -> Double { plotX + (xScale?.fraction(v) ?? 0) * plotW }

        /// The band of category `i`: its centre and width along the category axis.
        func band(_ i: Int) -> (center: Double, width: Double) {
            let n = Double(Swift.max(1, categories?.count ?? 1))
            let length = horizontalBars ? plotH : plotW
            let w = length / n
            let start = horizontalBars ? plotY : plotX
            return (start + (Double(i) + 0.5) * w, w)
        }
    }

    // MARK: - Axes

    func drawAxes(_ m: ChartModel, _ l: Layout) -> [String] {
        var out: [String] = []
        let bottom = l.plotY + l.plotH, right = l.plotX + l.plotW
        // Value axis grid and labels.
        for t in l.yScale?.ticks ?? [] {
            let p = l.valuePos(t.value)
            if l.horizontalBars {
                out.append("<line x1=\"\(f(p))\" y1=\"\(f(l.plotY))\" x2=\"\(f(p))\" y2=\"\(f(bottom))\" stroke=\"\(Self.grid)\"/>")
                out.append("<text class=\"tick-label\" data-axis=\"value\" data-value=\"\(num(t.value))\" x=\"\(f(p))\" y=\"\(f(bottom + 20))\" text-anchor=\"middle\" fill=\"\(Self.tickText)\">\(esc(t.label))</text>")
            } else {
                out.append("<line x1=\"\(f(l.plotX))\" y1=\"\(f(p))\" x2=\"\(f(right))\" y2=\"\(f(p))\" stroke=\"\(Self.grid)\"/>")
                out.append("<text class=\"tick-label\" data-axis=\"y\" data-value=\"\(num(t.value))\" x=\"\(f(l.plotX - 8))\" y=\"\(f(p + 4.5))\" text-anchor=\"end\" fill=\"\(Self.tickText)\">\(esc(t.label))</text>")
            }
        }
        out.append("<line x1=\"\(f(l.plotX))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\" stroke=\"\(Self.axisLine)\"/>")
        out.append("<line x1=\"\(f(l.plotX))\" y1=\"\(f(l.plotY))\" x2=\"\(f(l.plotX))\" y2=\"\(f(bottom))\" stroke=\"\(Self.axisLine)\"/>")
        // Category or x axis labels.
        if let cats = l.categories {
            let available = (l.horizontalBars ? l.plotH / 18 : l.plotW / 60).rounded(.down)
            let step = Swift.max(1, Int((Double(cats.count) / Swift.max(1, available)).rounded(.up)))
            let maxChars = l.horizontalBars ? 24 : Swift.max(4, Int(l.band(0).width * Double(step) / Self.charWidth) - 1)
            for (i, c) in cats.enumerated() where i % step == 0 {
                let b = l.band(i)
                let name = c.count > maxChars ? String(c.prefix(maxChars - 1)) + "…" : c
                if l.horizontalBars {
                    out.append("<text class=\"tick-label\" data-axis=\"category\" x=\"\(f(l.plotX - 8))\" y=\"\(f(b.center + 4.5))\" text-anchor=\"end\" fill=\"\(Self.tickText)\">\(esc(name))</text>")
                } else {
                    out.append("<text class=\"tick-label\" data-axis=\"category\" x=\"\(f(b.center))\" y=\"\(f(bottom + 20))\" text-anchor=\"middle\" fill=\"\(Self.tickText)\">\(esc(name))</text>")
                }
            }
        } else {
            for t in l.xScale?.ticks ?? [] {
                let x = l.xPos(t.value)
                out.append("<line x1=\"\(f(x))\" y1=\"\(f(bottom))\" x2=\"\(f(x))\" y2=\"\(f(bottom + 5))\" stroke=\"\(Self.axisLine)\"/>")
                out.append("<text class=\"tick-label\" data-axis=\"x\" data-value=\"\(num(t.value))\" x=\"\(f(x))\" y=\"\(f(bottom + 20))\" text-anchor=\"middle\" fill=\"\(Self.tickText)\">\(esc(t.label))</text>")
            }
        }
        // Axis titles: the category/x title under the axis, the value title beside it.
        let xTitle = l.horizontalBars ? m.yLabel : m.xLabel
        let yTitle = l.horizontalBars ? m.xLabel : m.yLabel
        out.append("<text x=\"\(f(l.plotX + l.plotW / 2))\" y=\"\(f(height - 22))\" text-anchor=\"middle\" fill=\"\(Self.text)\" font-size=\"14\">\(esc(xTitle))</text>")
        out.append("<text transform=\"translate(18 \(f(l.plotY + l.plotH / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"\(Self.text)\" font-size=\"14\">\(esc(yTitle))</text>")
        return out
    }

    // MARK: - Marks

    func drawMarks(_ m: ChartModel, _ l: Layout) -> [String] {
        switch m.kind {
        case .bar: return drawBars(m, l)
        case .hist: return drawHistogram(m, l)
        case .line: return drawLines(m, l)
        case .scatter: return drawScatter(m, l)
        case .box: return drawBoxes(m, l)
        }
    }

    /// Rectangle between two positions on the value axis within a band slice.
    func bar(_ l: Layout, from v0: Double, to v1: Double, slice: (start: Double, width: Double), color: String, title: String, value: Double, series: String) -> String {
        let p0 = l.valuePos(v0), p1 = l.valuePos(v1)
        let attrs = "class=\"bar\" data-series=\"\(esc(series))\" data-value=\"\(num(value))\" fill=\"\(color)\""
        if l.horizontalBars {
            return "<rect \(attrs) x=\"\(f(min(p0, p1)))\" y=\"\(f(slice.start))\" width=\"\(f(abs(p1 - p0)))\" height=\"\(f(slice.width))\"><title>\(esc(title))</title></rect>"
        }
        return "<rect \(attrs) x=\"\(f(slice.start))\" y=\"\(f(min(p0, p1)))\" width=\"\(f(slice.width))\" height=\"\(f(abs(p1 - p0)))\"><title>\(esc(title))</title></rect>"
    }

    /// Where bars grow from: zero, or the bottom of a log axis.
    func baseline(_ l: Layout) -> Double { l.yScale?.kind == .log ? (l.yScale?.lo ?? 1) : 0 }

    func drawBars(_ m: ChartModel, _ l: Layout) -> [String] {
        var out: [String] = []
        let groups = Double(max(1, m.series.count))
        let base = baseline(l)
        let cats = m.categories ?? []
        if m.options.stacked {
            var up = [Double](repeating: 0, count: cats.count), down = up
            for (s, series) in m.series.enumerated() {
                for (x, y) in zip(series.x, series.y) where y.isFinite {
                    let i = AxisMath.clamped(x, as: Int.self)
                    guard cats.indices.contains(i) else { continue }
                    let b = l.band(i)
                    let slice = (b.center - b.width * 0.4, b.width * 0.8)
                    let start = y >= 0 ? up[i] : down[i]
                    let end = start + y
                    if y >= 0 { up[i] = end } else { down[i] = end }
                    let from = m.options.logY && start <= 0 ? base : start
                    out.append(bar(l, from: from, to: end, slice: slice, color: Palette.color(s), title: "\(cats[i]) · \(series.name): \(lab(y))", value: y, series: series.name))
                }
            }
            return out
        }
        for (s, series) in m.series.enumerated() {
            for (x, y) in zip(series.x, series.y) where y.isFinite {
                let i = AxisMath.clamped(x, as: Int.self)
                guard cats.indices.contains(i) else { continue }
                let b = l.band(i)
                let w = b.width * 0.8 / groups
                let slice = (b.center - b.width * 0.4 + w * Double(s), w)
                let name = series.name.isEmpty ? cats[i] : "\(cats[i]) · \(series.name)"
                out.append(bar(l, from: base, to: y, slice: slice, color: Palette.color(s), title: "\(name): \(lab(y))", value: y, series: series.name))
            }
        }
        return out
    }

    func drawHistogram(_ m: ChartModel, _ l: Layout) -> [String] {
        var out: [String] = []
        let base = baseline(l)
        for (i, y) in (m.series.first?.y ?? []).enumerated() where i + 1 < m.binEdges.count && y.isFinite {
            if m.options.logY && y <= 0 { continue }
            let x0 = l.xPos(m.binEdges[i]), x1 = l.xPos(m.binEdges[i + 1])
            let y0 = l.valuePos(base), y1 = l.valuePos(y)
            out.append("<rect class=\"bin\" data-value=\"\(num(y))\" x=\"\(f(x0))\" y=\"\(f(min(y0, y1)))\" width=\"\(f(max(0, x1 - x0 - 1)))\" height=\"\(f(abs(y0 - y1)))\" fill=\"\(Palette.color(0))\"><title>\(esc(NiceScale.label(m.binEdges[i])))–\(esc(NiceScale.label(m.binEdges[i + 1]))): \(esc(lab(y)))</title></rect>")
        }
        return out
    }

    func visible(_ m: ChartModel, _ x: Double, _ y: Double) -> Bool {
        x.isFinite && y.isFinite && (!m.options.logX || x > 0) && (!m.options.logY || y > 0)
    }

    func drawLines(_ m: ChartModel, _ l: Layout) -> [String] {
        var out: [String] = []
        for (s, series) in m.series.enumerated() {
            let pts = zip(series.x, series.y).filter { visible(m, $0.0, $0.1) }.sorted { $0.0 < $1.0 }
            let projected = MarkThinning.reduceLine(pts.map { (l.xPos($0.0), l.valuePos($0.1)) })
            let d = projected.enumerated().map { ($0.offset == 0 ? "M" : "L") + "\(f($0.element.0)),\(f($0.element.1))" }.joined(separator: " ")
            out.append("<path class=\"line\" data-series=\"\(esc(series.name))\" d=\"\(d)\" fill=\"none\" stroke=\"\(Palette.color(s))\" stroke-width=\"2\" stroke-opacity=\"\(m.series.count > 1 ? "0.85" : "1")\" stroke-linejoin=\"round\"/>")
            if pts.count == 1, let p = projected.first {
                out.append("<circle cx=\"\(f(p.0))\" cy=\"\(f(p.1))\" r=\"3\" fill=\"\(Palette.color(s))\"/>")
            }
        }
        return out
    }

    func drawScatter(_ m: ChartModel, _ l: Layout) -> [String] {
        var out: [String] = []
        let total = m.series.reduce(0) { $0 + $1.x.count }
        // Overlapping groups stay visible through each other.
        let opacity = m.series.count > 1 ? 0.5 : 0.65
        let radius = total > 1000 ? 2.0 : 3.0
        for (s, series) in m.series.enumerated() {
            let projected = zip(series.x, series.y).filter { visible(m, $0.0, $0.1) }.map { (l.xPos($0.0), l.valuePos($0.1)) }
            if total > MarkThinning.scatterPointLimit {
                // A density: one square per occupied cell, more opaque where more points fall,
                // in eight opacity levels drawn as one path each (a few bytes per cell).
                let cells = MarkThinning.density(projected)
                let most = Double(cells.map(\.count).max() ?? 1)
                let levels = 8
                var paths = [String](repeating: "", count: levels)
                let side = NiceScale.fixed(MarkThinning.densityCell, 0)
                for c in cells {
                    let level = min(levels - 1, Int(log1pRatio(Double(c.count), most) * Double(levels)))
                    paths[level] += "M\(NiceScale.fixed(c.x, 0)) \(NiceScale.fixed(c.y, 0))h\(side)v\(side)h-\(side)z"
                }
                var layers: [String] = []
                for (level, d) in paths.enumerated() where !d.isEmpty {
                    let a = 0.2 + 0.7 * Double(level + 1) / Double(levels)
                    layers.append("<path d=\"\(d)\" fill-opacity=\"\(NiceScale.fixed(a, 2))\"/>")
                }
                out.append("<g class=\"density\" data-series=\"\(esc(series.name))\" data-points=\"\(projected.count)\" data-cells=\"\(cells.count)\" fill=\"\(Palette.color(s))\">" + layers.joined() + "</g>")
            } else {
                let dots = projected.map { "<circle cx=\"\(f($0.0))\" cy=\"\(f($0.1))\" r=\"\(f(radius))\"/>" }
                out.append("<g class=\"points\" data-series=\"\(esc(series.name))\" data-points=\"\(projected.count)\" fill=\"\(Palette.color(s))\" fill-opacity=\"\(NiceScale.fixed(opacity, 2))\">" + dots.joined() + "</g>")
            }
        }
        return out
    }

    /// log(1 + c) / log(1 + most), in [0, 1]: counts spanning orders of magnitude all show.
    func log1pRatio(_ c: Double, _ most: Double) -> Double {
        most <= 1 ? 1 : Swift.min(1, Swift.max(0, log1p(c) / log1p(most)))
    }

    func drawBoxes(_ m: ChartModel, _ l: Layout) -> [String] {
        var out: [String] = []
        let names = m.categories ?? []
        for (i, b) in m.boxes.enumerated() {
            let band = l.band(i)
            let cx = band.center, w = min(band.width * 0.5, 120)
            let c = Palette.color(i)
            let name = i < names.count ? names[i] : ""
            let summary = "\(name.isEmpty ? "" : name + ": ")n \(b.count), median \(lab(b.median)), quartiles \(lab(b.q1))–\(lab(b.q3)), whiskers \(lab(b.lowWhisker))–\(lab(b.highWhisker)), \(b.outliers.count) outlier\(b.outliers.count == 1 ? "" : "s")"
            out.append("<g class=\"box\" data-category=\"\(esc(name))\" data-q1=\"\(num(b.q1))\" data-median=\"\(num(b.median))\" data-q3=\"\(num(b.q3))\" data-count=\"\(b.count)\"><title>\(esc(summary))</title>")
            let yLo = l.valuePos(b.lowWhisker), yHi = l.valuePos(b.highWhisker)
            let yQ1 = l.valuePos(b.q1), yQ3 = l.valuePos(b.q3), yMed = l.valuePos(b.median)
            out.append("<line class=\"whisker\" data-end=\"low\" data-value=\"\(num(b.lowWhisker))\" x1=\"\(f(cx))\" y1=\"\(f(yQ1))\" x2=\"\(f(cx))\" y2=\"\(f(yLo))\" stroke=\"\(Self.axisLine)\" stroke-width=\"1.5\"/>")
            out.append("<line class=\"whisker\" data-end=\"high\" data-value=\"\(num(b.highWhisker))\" x1=\"\(f(cx))\" y1=\"\(f(yQ3))\" x2=\"\(f(cx))\" y2=\"\(f(yHi))\" stroke=\"\(Self.axisLine)\" stroke-width=\"1.5\"/>")
            out.append("<line class=\"cap\" x1=\"\(f(cx - w / 4))\" y1=\"\(f(yLo))\" x2=\"\(f(cx + w / 4))\" y2=\"\(f(yLo))\" stroke=\"\(Self.axisLine)\" stroke-width=\"1.5\"/>")
            out.append("<line class=\"cap\" x1=\"\(f(cx - w / 4))\" y1=\"\(f(yHi))\" x2=\"\(f(cx + w / 4))\" y2=\"\(f(yHi))\" stroke=\"\(Self.axisLine)\" stroke-width=\"1.5\"/>")
            out.append("<rect class=\"iqr\" x=\"\(f(cx - w / 2))\" y=\"\(f(min(yQ1, yQ3)))\" width=\"\(f(w))\" height=\"\(f(abs(yQ1 - yQ3)))\" fill=\"\(c)\" fill-opacity=\"0.45\" stroke=\"\(c)\" stroke-width=\"1.5\"/>")
            out.append("<line class=\"median\" data-value=\"\(num(b.median))\" x1=\"\(f(cx - w / 2))\" y1=\"\(f(yMed))\" x2=\"\(f(cx + w / 2))\" y2=\"\(f(yMed))\" stroke=\"#222222\" stroke-width=\"2\"/>")
            // One circle per outlier pixel: thousands of outliers at one height draw as one.
            var seen = Set<Int>()
            var dots: [String] = []
            for v in b.outliers {
                let y = l.valuePos(v)
                guard seen.insert(AxisMath.clamped((y * 2).rounded(), as: Int.self)).inserted else { continue }
                dots.append("<circle class=\"outlier\" data-value=\"\(num(v))\" cx=\"\(f(cx))\" cy=\"\(f(y))\" r=\"3\"/>")
            }
            if !dots.isEmpty { out.append("<g fill=\"none\" stroke=\"\(c)\" stroke-width=\"1.2\">" + dots.joined() + "</g>") }
            out.append("</g>")
        }
        return out
    }

    // MARK: - Value labels and legend

    func drawValueLabels(_ m: ChartModel, _ l: Layout) -> [String] {
        guard m.options.valueLabels else { return [] }
        var out: [String] = []
        func label(_ v: Double, atValue pos: Double, band: Double) {
            let p = l.valuePos(pos)
            let text = esc(NiceScale.label(v))
            if l.horizontalBars {
                let x = v >= 0 || l.yScale?.kind == .log ? p + 5 : p - 5
                out.append("<text class=\"value-label\" x=\"\(f(x))\" y=\"\(f(band + 4.5))\" text-anchor=\"\(x > p ? "start" : "end")\" fill=\"\(Self.text)\">\(text)</text>")
            } else {
                let y = v >= 0 || l.yScale?.kind == .log ? p - 5 : p + 15
                out.append("<text class=\"value-label\" x=\"\(f(band))\" y=\"\(f(y))\" text-anchor=\"middle\" fill=\"\(Self.text)\">\(text)</text>")
            }
        }
        switch m.kind {
        case .bar:
            let cats = m.categories ?? []
            if m.options.stacked {
                // The total at the end of each stack.
                for i in cats.indices {
                    var pos = 0.0, neg = 0.0, any = false
                    for s in m.series { for (x, y) in zip(s.x, s.y) where y.isFinite && AxisMath.clamped(x, as: Int.self) == i { any = true; if y >= 0 { pos += y } else { neg += y } } }
                    guard any else { continue }
                    label(pos + neg, atValue: pos > 0 || neg == 0 ? pos : neg, band: l.band(i).center)
                }
            } else {
                let groups = Double(max(1, m.series.count))
                for (s, series) in m.series.enumerated() {
                    for (x, y) in zip(series.x, series.y) where y.isFinite {
                        let i = AxisMath.clamped(x, as: Int.self)
                        guard cats.indices.contains(i) else { continue }
                        let b = l.band(i)
                        let w = b.width * 0.8 / groups
                        label(y, atValue: y, band: b.center - b.width * 0.4 + w * (Double(s) + 0.5))
                    }
                }
            }
        case .hist:
            for (i, y) in (m.series.first?.y ?? []).enumerated() where i + 1 < m.binEdges.count && y > 0 {
                label(y, atValue: y, band: (l.xPos(m.binEdges[i]) + l.xPos(m.binEdges[i + 1])) / 2)
            }
        case .line:
            // Labels on lines only while they stay legible.
            let total = m.series.reduce(0) { $0 + $1.x.count }
            guard total <= 60 else { return [] }
            for series in m.series {
                for (x, y) in zip(series.x, series.y) where visible(m, x, y) {
                    label(y, atValue: y, band: l.xPos(x))
                }
            }
        case .scatter, .box:
            break
        }
        return out
    }

    func drawLegend(_ m: ChartModel, _ l: Layout) -> [String] {
        guard m.series.count > 1 else { return [] }
        var out: [String] = []
        let lx = l.plotX + l.plotW + (m.options.valueLabels && l.horizontalBars ? 56 : 16)
        for (s, series) in m.series.prefix(16).enumerated() {
            let ly = l.plotY + Double(s) * 20
            out.append("<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"13\" height=\"13\" fill=\"\(Palette.color(s))\"/>")
            let name = series.name.count > 22 ? String(series.name.prefix(21)) + "…" : series.name
            out.append("<text x=\"\(f(lx + 19))\" y=\"\(f(ly + 11))\" fill=\"\(Self.text)\">\(esc(name))</text>")
        }
        if m.series.count > 16 {
            out.append("<text x=\"\(f(lx))\" y=\"\(f(l.plotY + 16 * 20 + 11))\" fill=\"\(Self.tickText)\">+\(m.series.count - 16) more</text>")
        }
        return out
    }

    // MARK: - Formatting

    /// A coordinate with one decimal. Positions come from `ChartScale.fraction`, so they are
    /// finite for finite data; anything else (an infinite box whisker) is pinned to the image's
    /// edge rather than written as "inf", which is not an SVG number.
    func f(_ v: Double) -> String {
        if v.isNaN { return "0" }
        let limit = 4 * max(width, height)
        return NiceScale.fixed(min(max(v, -limit), limit), 1)
    }

    /// A data value in an attribute: the shortest text that reads back as the same Double, and
    /// empty for a value that is not finite.
    func num(_ v: Double) -> String { v.isFinite ? "\(v)" : "" }

    /// A value for people (tooltips, labels); "n/a" for a value that is not a number.
    func lab(_ v: Double) -> String { v.isFinite ? NiceScale.label(v) : "n/a" }

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

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }

    /// FNV-1a over the text, for a stable id.
    static func fnv(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}

/// Stacked bars: where each category's stack ends, up (positives) and down (negatives).
enum BarStacks {
    static func extents(_ series: [ChartModel.Series], categories: Int) -> [Double] {
        var up = [Double](repeating: 0, count: categories), down = up
        for s in series {
            for (x, y) in zip(s.x, s.y) where y.isFinite {
                let i = AxisMath.clamped(x, as: Int.self)
                guard up.indices.contains(i) else { continue }
                if y >= 0 { up[i] += y } else { down[i] += y }
            }
        }
        return up + down
    }
}
