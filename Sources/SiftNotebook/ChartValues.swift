import Foundation
import SiftRender
import SiftRuntime

/// The values a chart draws, as text, so `sift test` can compare charts by what they show (a
/// bar that changed height fails) rather than by their file names. The text is embedded in each
/// SVG a report writes (`<metadata id="sift-data">`), so the stored report carries it too.
public enum ChartValues {
    /// One line per fact: kind, labels, categories, then each series' x and y values.
    public static func text(of chart: ChartObject) -> String {
        guard let c = chart as? Chart else { return "title \(chart.title)" }
        let m = c.model
        func numbers(_ v: [Double]) -> String { v.map { ScalarText.number($0) }.joined(separator: " ") }
        var lines = ["kind \(m.kind.rawValue)", "title \(m.title)", "x-label \(m.xLabel)", "y-label \(m.yLabel)"]
        if let cats = m.categories { lines.append("categories " + cats.joined(separator: " | ")) }
        for s in m.series {
            lines.append("series \(s.name)")
            lines.append("x " + numbers(s.x))
            lines.append("y " + numbers(s.y))
        }
        for (k, b) in m.boxes.enumerated() {
            lines.append("box \(k + 1) " + numbers([b.lowWhisker, b.q1, b.median, b.q3, b.highWhisker, Double(b.count)]))
            if !b.outliers.isEmpty { lines.append("outliers \(k + 1) " + numbers(b.outliers)) }
        }
        if !m.binEdges.isEmpty { lines.append("bins " + numbers(m.binEdges)) }
        return lines.joined(separator: "\n")
    }

    static let open = "<metadata id=\"sift-data\">"
    static let close = "</metadata>"

    /// The chart's SVG with its data embedded right after the opening `<svg …>` tag.
    public static func svg(of chart: ChartObject) -> String {
        let svg = chart.svg()
        let data = open + escape(text(of: chart)) + close
        guard let start = svg.range(of: "<svg"), let end = svg[start.upperBound...].firstIndex(of: ">") else { return svg }
        let at = svg.index(after: end)
        return String(svg[..<at]) + "\n" + data + String(svg[at...])
    }

    /// The data embedded in an SVG, or nil when it has none (not written by a report run).
    public static func extract(fromSVG svg: String) -> String? {
        guard let a = svg.range(of: open), let b = svg.range(of: close, range: a.upperBound..<svg.endIndex) else { return nil }
        return unescape(String(svg[a.upperBound..<b.lowerBound]))
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// Full-precision numbers for chart data: `%.17g` round-trips every Double, so the comparison's
/// tolerance, not the formatting, decides what counts as a change.
enum ScalarText {
    static func number(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
