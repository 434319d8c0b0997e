#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// Draws a chart with Unicode block characters sized to the terminal: horizontal bars for bar
/// charts and histograms, a dot grid for lines and scatter plots, box-and-whisker rows for boxes.
public struct TextChart {
    public var width: Int
    public init(width: Int = 80) { self.width = max(30, width) }

    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    public func render(_ m: ChartModel) -> String {
        var lines: [String] = []
        if !m.title.isEmpty { lines.append(m.title) }
        switch m.kind {
        case .bar, .hist:
            var labels: [String] = []
            var values: [Double] = []
            if m.kind == .hist {
                let e = m.binEdges
                for i in 0..<max(0, e.count - 1) { labels.append(NiceScale.label(e[i]) + "–" + NiceScale.label(e[i + 1])) }
                values = m.series.first?.y ?? []
            } else {
                for (s, series) in m.series.enumerated() {
                    for (x, y) in zip(series.x, series.y) {
                        let index = AxisMath.clamped(x, as: Int.self)
                        let cat = m.categories.map { $0.indices.contains(index) ? $0[index] : "" } ?? NiceScale.label(x)
                        labels.append(m.series.count > 1 ? "\(cat) · \(series.name)" : cat)
                        values.append(y)
                        _ = s
                    }
                }
            }
            let labelW = min(24, labels.map(\.count).max() ?? 0)
            let maxV = values.filter(\.isFinite).map(abs).max() ?? 1
            let barSpace = max(10, width - labelW - 14)
            for (l, v) in zip(labels, values) {
                // A share of the longest bar in [0, 1]: an infinite value fills the row, NaN draws nothing.
                let share = maxV > 0 && !v.isNaN ? Swift.min(abs(v) / maxV, 1) : 0
                let cells = share * Double(barSpace)
                let full = AxisMath.cell(cells, count: barSpace + 1)
                let part = AxisMath.cell((cells - Double(full)) * 8, count: 8)
                let bar = String(repeating: "█", count: full) + Self.eighths[min(7, part)]
                let name = l.count > labelW ? String(l.prefix(labelW - 1)) + "…" : l + String(repeating: " ", count: labelW - l.count)
                lines.append("\(name) \(bar) \(NiceScale.label(v))")
            }
        case .line, .scatter:
            let h = 16, w = max(20, width - 10)
            var grid = Array(repeating: Array(repeating: Character(" "), count: w), count: h)
            // Log axes place points by their logarithm; points a log axis cannot show are left out.
            func shown(_ x: Double, _ y: Double) -> Bool { x.isFinite && y.isFinite && (!m.options.logX || x > 0) && (!m.options.logY || y > 0) }
            let pts = m.series.flatMap { zip($0.x, $0.y) }.filter { shown($0.0, $0.1) }
            let xs = pts.map(\.0), ys = pts.map(\.1)
            guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else { return (lines + ["(no data)"]).joined(separator: "\n") }
            func along(_ v: Double, _ lo: Double, _ hi: Double, _ log: Bool) -> Double {
                log ? AxisMath.fraction(log10(v), lo: log10(lo), hi: log10(hi)) : AxisMath.fraction(v, lo: lo, hi: hi)
            }
            let marks: [Character] = ["●", "○", "◆", "◇", "▲", "△", "■", "□"]
            for (s, series) in m.series.enumerated() {
                for (x, y) in zip(series.x, series.y) where shown(x, y) {
                    let c = AxisMath.cell(along(x, x0, x1, m.options.logX) * Double(w - 1), count: w)
                    let r = AxisMath.cell(along(y, y0, y1, m.options.logY) * Double(h - 1), count: h)
                    grid[h - 1 - r][c] = marks[s % marks.count]
                }
            }
            let top = NiceScale.label(y1), bottom = NiceScale.label(y0)
            let pad = max(top.count, bottom.count)
            for (i, row) in grid.enumerated() {
                let label = i == 0 ? top : i == h - 1 ? bottom : ""
                lines.append(String(repeating: " ", count: pad - label.count) + label + " ┤" + String(row))
            }
            lines.append(String(repeating: " ", count: pad) + " └" + String(repeating: "─", count: w))
            // Date axes are labelled with dates, not day numbers.
            func xLabel(_ v: Double) -> String { m.xIsDate ? Temporal.formatDate(AxisMath.clamped(v.rounded(.down), as: Int32.self)) : NiceScale.label(v) }
            let first = xLabel(x0), last = xLabel(x1)
            lines.append(String(repeating: " ", count: pad + 2) + first + String(repeating: " ", count: max(1, w - first.count - last.count)) + last)
            if m.series.count > 1 {
                lines.append(m.series.enumerated().map { "\(marks[$0.offset % marks.count]) \($0.element.name)" }.joined(separator: "  "))
            }
        case .box:
            let all = m.boxes.flatMap { [$0.extent.0, $0.extent.1] }.filter(\.isFinite)
            guard let lo = all.min(), let hi = all.max() else { return (lines + ["(no data)"]).joined(separator: "\n") }
            let labelW = min(16, m.categories?.map(\.count).max() ?? 0)
            let w = max(20, width - labelW - 4)
            // A column 0..<w for any value: a non-finite one lands on an edge, never traps.
            func pos(_ v: Double) -> Int { AxisMath.cell(AxisMath.fraction(v, lo: lo, hi: hi) * Double(w - 1), count: w) }
            func span(_ a: Double, _ b: Double) -> ClosedRange<Int> { Swift.min(pos(a), pos(b))...Swift.max(pos(a), pos(b)) }
            for (i, b) in m.boxes.enumerated() {
                var row = Array(repeating: Character(" "), count: w)
                // Whiskers reach 1.5 IQR; outliers beyond them are dots.
                for v in b.outliers { row[pos(v)] = "•" }
                for c in span(b.lowWhisker, b.highWhisker) { row[c] = "─" }
                for c in span(b.q1, b.q3) { row[c] = "█" }
                row[pos(b.median)] = "┃"
                row[pos(b.lowWhisker)] = "├"
                row[pos(b.highWhisker)] = "┤"
                let name = m.categories.map { i < $0.count ? $0[i] : "" } ?? ""
                lines.append(String(name.prefix(labelW)).padding(labelW) + " " + String(row))
            }
            lines.append(String(repeating: " ", count: labelW + 1) + NiceScale.label(lo) + " … " + NiceScale.label(hi) + "   (whiskers 1.5 IQR, • outliers)")
        }
        if !m.xLabel.isEmpty || !m.yLabel.isEmpty { lines.append("x: \(m.xLabel)   y: \(m.yLabel)") }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
