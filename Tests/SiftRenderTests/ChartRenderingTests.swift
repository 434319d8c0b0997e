import Foundation
import SiftFrame
@testable import SiftRender
import XCTest

/// The SVG charts checked by their structure: box statistics and whisker positions against
/// matplotlib's and numpy's (Tests/fixtures/charts, from scripts/make_chart_fixtures.py), calendar
/// ticks on date axes, axes that stay at or above zero for positive data, density drawing for
/// large scatter plots, text sizes, and the bar options.
final class ChartRenderingTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/charts")

    struct BoxReference: Decodable {
        let q1, median, q3, whislo, whishi: Double
        let fliers: [Double]
        let count: Int
    }

    func boxData() throws -> (groups: [(String, [Double])], expected: [String: BoxReference]) {
        let frame = try CSVReader.read(path: Self.fixtures.appendingPathComponent("boxes.csv").path)
        let names = try frame.column("channel"), spend = try frame.column("spend")
        var order: [String] = []
        var values: [String: [Double]] = [:]
        for r in 0..<frame.rowCount {
            guard case .string(let n) = names[r], let v = spend[r].asDouble else { continue }
            if values[n] == nil { order.append(n) }
            values[n, default: []].append(v)
        }
        let json = try Data(contentsOf: Self.fixtures.appendingPathComponent("boxes.json"))
        return (order.map { ($0, values[$0]!) }, try JSONDecoder().decode([String: BoxReference].self, from: json))
    }

    // MARK: - Box plots

    func testBoxStatisticsMatchMatplotlib() throws {
        let (groups, expected) = try boxData()
        XCTAssertEqual(Set(groups.map(\.0)), Set(expected.keys))
        for (name, values) in groups {
            let want = try XCTUnwrap(expected[name])
            let b = try XCTUnwrap(BoxStats(values: values))
            XCTAssertEqual(b.q1, want.q1, accuracy: 1e-9, name)
            XCTAssertEqual(b.median, want.median, accuracy: 1e-9, name)
            XCTAssertEqual(b.q3, want.q3, accuracy: 1e-9, name)
            XCTAssertEqual(b.lowWhisker, want.whislo, accuracy: 1e-9, "\(name): low whisker")
            XCTAssertEqual(b.highWhisker, want.whishi, accuracy: 1e-9, "\(name): high whisker")
            XCTAssertEqual(b.outliers, want.fliers, "\(name): outliers")
            XCTAssertEqual(b.count, want.count)
        }
    }

    /// Whiskers and outliers are drawn where the y axis puts their values: positions read back
    /// through two tick labels' positions (an independent linear map) match matplotlib's values.
    func testBoxSVGDrawsWhiskersAndOutliersAtTheirValues() throws {
        let (groups, expected) = try boxData()
        var m = ChartModel(kind: .box, title: "Spend", xLabel: "channel", yLabel: "spend", series: [], categories: groups.map(\.0))
        m.boxes = try groups.map { try XCTUnwrap(BoxStats(values: $0.1)) }
        let svg = SVGChart().render(m)
        let ticks = elements(svg, "text", class: "tick-label").filter { $0["data-axis"] == "y" }
        XCTAssertGreaterThanOrEqual(ticks.count, 3)
        let (v0, y0) = (Double(ticks[0]["data-value"]!)!, Double(ticks[0]["y"]!)! - 4.5)
        let (v1, y1) = (Double(ticks.last!["data-value"]!)!, Double(ticks.last!["y"]!)! - 4.5)
        func value(atY y: Double) -> Double { v0 + (y - y0) / (y1 - y0) * (v1 - v0) }
        let pixel = abs((v1 - v0) / (y1 - y0))  // one pixel in data units
        let whiskers = elements(svg, "line", class: "whisker")
        XCTAssertEqual(whiskers.count, 2 * groups.count)
        for (k, (name, _)) in groups.enumerated() {
            let want = try XCTUnwrap(expected[name])
            let low = whiskers[2 * k], high = whiskers[2 * k + 1]
            XCTAssertEqual(Double(low["data-value"]!)!, want.whislo, accuracy: 1e-9)
            XCTAssertEqual(value(atY: Double(low["y2"]!)!), want.whislo, accuracy: pixel * 0.1, "\(name): low whisker drawn at its value")
            XCTAssertEqual(value(atY: Double(high["y2"]!)!), want.whishi, accuracy: pixel * 0.1, "\(name): high whisker drawn at its value")
        }
        // Outliers: every matplotlib flier has a circle at its height (one circle per half pixel).
        let circles = elements(svg, "circle", class: "outlier")
        let drawn = circles.map { (Double($0["data-value"]!)!, value(atY: Double($0["cy"]!)!)) }
        for (v, y) in drawn { XCTAssertEqual(y, v, accuracy: pixel * 0.1) }
        let allFliers = expected.values.flatMap(\.fliers)
        XCTAssertGreaterThan(allFliers.count, 20)
        for flier in allFliers {
            XCTAssertTrue(drawn.contains { abs($0.1 - flier) <= pixel * 0.6 }, "outlier \(flier) is drawn")
        }
        XCTAssertLessThanOrEqual(circles.count, allFliers.count)
        // The y axis covers the outliers and, with all values positive, does not go below zero.
        let yValues = ticks.map { Double($0["data-value"]!)! }
        XCTAssertGreaterThanOrEqual(yValues.min()!, 0)
        XCTAssertGreaterThanOrEqual(yValues.max()! + pixel, allFliers.max()!)
    }

    func testBoxStatisticsEdgeCases() {
        XCTAssertNil(BoxStats(values: []))
        XCTAssertNil(BoxStats(values: [.nan]))
        let one = BoxStats(values: [3])
        XCTAssertEqual(one?.lowWhisker, 3)
        XCTAssertEqual(one?.highWhisker, 3)
        XCTAssertEqual(one?.outliers, [])
        // Quartiles ±1e308 apart: the reach is infinite, nothing is an outlier, nothing traps.
        let wide = BoxStats(values: [-1.7e308, -1e308, 0, 1e308, 1.7e308])
        XCTAssertEqual(wide?.outliers, [])
        XCTAssertEqual(wide?.highWhisker, 1.7e308)
    }

    // MARK: - Axes

    func day(_ s: String) -> Double { Double(Temporal.parseDate(s)!) }

    func testDateAxesTickOnCalendarBoundariesWithoutPadding() {
        let year = ChartScale.date(dataMin: day("2024-01-01"), dataMax: day("2024-12-31"))
        XCTAssertEqual(year.lo, day("2024-01-01"), "no padding before the data")
        XCTAssertEqual(year.hi, day("2024-12-31"), "no padding after the data")
        XCTAssertEqual(year.ticks.map(\.label), ["Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"])
        XCTAssertEqual(year.ticks.map(\.value), ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"].map(day))

        let months = ChartScale.date(dataMin: day("2023-11-15"), dataMax: day("2024-03-20"))
        XCTAssertEqual(months.ticks.map(\.label), ["Dec 2023", "Jan 2024", "Feb", "Mar"])

        let years = ChartScale.date(dataMin: day("2017-06-01"), dataMax: day("2024-02-10"))
        XCTAssertEqual(years.ticks.map(\.label), ["2018", "2019", "2020", "2021", "2022", "2023", "2024"])
        XCTAssertEqual(years.lo, day("2017-06-01"))

        let decades = ChartScale.date(dataMin: day("1950-03-01"), dataMax: day("2024-02-10"))
        XCTAssertEqual(decades.ticks.map(\.label), ["1960", "1970", "1980", "1990", "2000", "2010", "2020"])

        let weeks = ChartScale.date(dataMin: day("2024-03-01"), dataMax: day("2024-04-10"))
        XCTAssertTrue(weeks.ticks.allSatisfy { Temporal.weekday(Int32($0.value)) == 1 }, "weekly ticks on Mondays")
        XCTAssertEqual(weeks.ticks.first?.label, "Mar 4, 2024")

        let hours = ChartScale.date(dataMin: day("2024-03-01") + 0.25, dataMax: day("2024-03-01") + 0.75)
        XCTAssertEqual(hours.ticks.map(\.label), ["Mar 1 06:00", "09:00", "12:00", "15:00", "18:00"])
        for scale in [year, months, years, decades, weeks, hours] {
            XCTAssertLessThanOrEqual(scale.ticks.count, 8)
            XCTAssertTrue(scale.ticks.allSatisfy { $0.value >= scale.lo && $0.value <= scale.hi })
        }
        // One day, and values far outside the calendar: ticks, no trap.
        XCTAssertFalse(ChartScale.date(dataMin: day("2024-01-01"), dataMax: day("2024-01-01")).ticks.isEmpty)
        XCTAssertFalse(ChartScale.date(dataMin: -1e300, dataMax: 1e300).ticks.isEmpty)
    }

    func testPositiveDataNeverGetsANegativeAxis() {
        for (lo, hi) in [(0.5, 0.5), (3.0, 97.0), (0.001, 0.002), (1e6, 1e6 + 1), (0.0, 0.0), (12.0, 12.0)] {
            let s = ChartScale.linear(dataMin: lo, dataMax: hi, includeZero: false)
            XCTAssertGreaterThanOrEqual(s.lo, 0, "\(lo)…\(hi)")
            XCTAssertTrue(s.ticks.allSatisfy { $0.value >= 0 }, "\(lo)…\(hi): \(s.ticks.map(\.label))")
            XCTAssertLessThanOrEqual(s.lo, lo)
            XCTAssertGreaterThanOrEqual(s.hi, hi)
        }
        let negative = ChartScale.linear(dataMin: -5, dataMax: -5, includeZero: false)
        XCTAssertLessThanOrEqual(negative.hi, 0)
        let fixed = ChartScale.linear(dataMin: 3, dataMax: 97, includeZero: true, fixedMin: 10, fixedMax: 50)
        XCTAssertEqual([fixed.lo, fixed.hi], [10, 50])
        XCTAssertTrue(fixed.ticks.allSatisfy { $0.value >= 10 && $0.value <= 50 })
    }

    func testLogScaleTicksArePowersOfTen() {
        let s = ChartScale.log(dataMin: 3, dataMax: 45_000)
        XCTAssertEqual(s.lo, 1)
        XCTAssertEqual(s.hi, 100_000)
        XCTAssertEqual(s.ticks.map(\.label), ["1", "10", "100", "1000", "10k", "100k"])
        XCTAssertEqual(s.fraction(1000), 0.6, accuracy: 1e-12)
        let short = ChartScale.log(dataMin: 12, dataMax: 80)
        XCTAssertEqual(short.ticks.map(\.label), ["10", "20", "50", "100"])
    }

    // MARK: - Marks

    func testLargeScatterPlotsStaySmall() {
        var rng = SystemRandomNumberGenerator()
        let n = 200_000
        let a = ChartModel.Series(name: "a", x: (0..<n).map { _ in Double.random(in: 0...100, using: &rng) }, y: (0..<n).map { _ in Double.random(in: 0...50, using: &rng) })
        let b = ChartModel.Series(name: "b", x: (0..<500).map(Double.init), y: (0..<500).map { Double($0) / 10 })
        let svg = SVGChart().render(ChartModel(kind: .scatter, title: "many", xLabel: "x", yLabel: "y", series: [a, b]))
        XCTAssertLessThan(svg.utf8.count, 1_500_000, "a density, not 200,000 circles")
        XCTAssertEqual(elements(svg, "g", class: "density").map { $0["data-points"] }, ["\(n)", "500"])
        XCTAssertTrue(svg.contains("200,500 points, drawn as density"))
        let small = SVGChart().render(ChartModel(kind: .scatter, title: "", xLabel: "x", yLabel: "y", series: [b, .init(name: "c", x: [1, 2], y: [3, 4])]))
        let groups = elements(small, "g", class: "points")
        XCTAssertEqual(groups.map { $0["data-points"] }, ["500", "2"])
        XCTAssertTrue(groups.allSatisfy { Double($0["fill-opacity"] ?? "1")! <= 0.5 }, "overlapping groups are see-through")
        // Density cells: counts add up to the points drawn.
        let cells = MarkThinning.density([(0, 0), (1, 1), (5, 5), (0.5, 3.9)])
        XCTAssertEqual(cells.map(\.count), [3, 1])
    }

    func testLongLinesAreReducedPerPixelColumnKeepingExtremes() {
        var pts: [(Double, Double)] = []
        for i in 0..<100_000 {
            let y: Double = i == 50_123 ? 999 : Double(i % 7)
            pts.append((Double(i) / 1000, y))
        }
        let reduced = MarkThinning.reduceLine(pts)
        XCTAssertLessThanOrEqual(reduced.count, 4 * 100)
        XCTAssertTrue(reduced.contains { $0.1 == 999 }, "a one-point spike survives")
        XCTAssertEqual(reduced.first?.0, pts.first?.0)
        XCTAssertEqual(reduced.last?.0, pts.last?.0)
    }

    func testTextIsAtLeastThirteenPixelsAndDarkGrey() {
        for m in sampleModels() {
            let svg = SVGChart().render(m)
            let sizes = attributes(svg, "font-size").compactMap(Double.init)
            XCTAssertFalse(sizes.isEmpty)
            XCTAssertTrue(sizes.allSatisfy { $0 >= 13 }, "\(m.kind): font sizes \(Set(sizes))")
            XCTAssertFalse(svg.contains("#888888"), "\(m.kind): no light grey text")
            XCTAssertTrue(svg.contains("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"), "own background")
        }
    }

    func testBarOptions() throws {
        var m = ChartModel(kind: .bar, title: "", xLabel: "region", yLabel: "revenue",
                           series: [.init(name: "web", x: [0, 1, 2], y: [10, 20, 30]), .init(name: "shop", x: [0, 1, 2], y: [5, 5, 40])],
                           categories: ["North", "South", "East"])
        m.options.stacked = true
        m.options.valueLabels = true
        let stacked = SVGChart().render(m)
        let bars = elements(stacked, "rect", class: "bar")
        XCTAssertEqual(bars.count, 6)
        // Stacked: the second segment of each category starts where the first ends.
        for i in 0..<3 {
            let first = bars[i], second = bars[3 + i]
            XCTAssertEqual(Double(second["y"]!)! + Double(second["height"]!)!, Double(first["y"]!)!, accuracy: 0.11)
            XCTAssertEqual(first["x"], second["x"])
        }
        XCTAssertEqual(elements(stacked, "text", class: "value-label").count, 3, "one total per stack")
        XCTAssertTrue(stacked.contains(">70<"), "East's total")
        // Horizontal: bars grow along x, category labels on the left.
        m.options.stacked = false
        m.options.horizontal = true
        let horizontal = SVGChart().render(m)
        let hbars = elements(horizontal, "rect", class: "bar")
        XCTAssertEqual(Set(hbars.map { $0["x"]! }).count, 1, "every bar starts at the zero line")
        let widths = hbars.map { Double($0["width"]!)! }
        XCTAssertEqual(widths[2] / widths[0], 3, accuracy: 0.02)
        XCTAssertEqual(elements(horizontal, "text", class: "value-label").count, 6)
        XCTAssertEqual(elements(horizontal, "text", class: "tick-label").filter { $0["data-axis"] == "category" }.count, 3)
        // Axis limits: fixed ends, marks clipped to the plot.
        m.options.horizontal = false
        m.options.yMax = 25
        let limited = SVGChart().render(m)
        let valueTicks = elements(limited, "text", class: "tick-label").compactMap { $0["data-value"].flatMap(Double.init) }
        XCTAssertLessThanOrEqual(valueTicks.max() ?? 99, 25, "no tick beyond the limit")
        XCTAssertGreaterThanOrEqual(valueTicks.max() ?? 0, 20)
        XCTAssertTrue(limited.contains("clip-path=\"url(#plot-"))
    }

    // MARK: - Helpers

    func sampleModels() -> [ChartModel] {
        var box = ChartModel(kind: .box, title: "t", xLabel: "g", yLabel: "v", series: [], categories: ["a"])
        box.boxes = [BoxStats(values: [1, 2, 3, 4, 100])!]
        var hist = ChartModel(kind: .hist, title: "t", xLabel: "v", yLabel: "count", series: [.init(name: "v", x: [], y: [1, 3, 2])])
        hist.binEdges = [0, 1, 2, 3]
        hist.options.valueLabels = true
        var line = ChartModel(kind: .line, title: "t", xLabel: "day", yLabel: "v", series: [.init(name: "a", x: [19000, 19100], y: [1, 2]), .init(name: "b", x: [19000, 19100], y: [2, 1])])
        line.xIsDate = true
        return [box, hist, line,
                ChartModel(kind: .scatter, title: "t", xLabel: "x", yLabel: "y", series: [.init(name: "", x: [1, 2], y: [3, 4])]),
                ChartModel(kind: .bar, title: "t", xLabel: "x", yLabel: "y", series: [.init(name: "", x: [0, 1], y: [3, 4])], categories: ["p", "q"])]
    }

    /// The attributes of every `<tag … class="cls" …>` element, in document order.
    func elements(_ svg: String, _ tag: String, class cls: String) -> [[String: String]] {
        var out: [[String: String]] = []
        var rest = Substring(svg)
        while let open = rest.range(of: "<\(tag) ") {
            guard let close = rest[open.upperBound...].firstIndex(of: ">") else { break }
            let body = String(rest[open.upperBound..<close])
            let attrs = parseAttributes(body)
            if attrs["class"] == cls { out.append(attrs) }
            rest = rest[close...]
        }
        return out
    }

    func parseAttributes(_ body: String) -> [String: String] {
        var attrs: [String: String] = [:]
        var s = Substring(body)
        while let eq = s.range(of: "=\"") {
            let name = s[..<eq.lowerBound].split(separator: " ").last.map(String.init) ?? ""
            guard let end = s[eq.upperBound...].firstIndex(of: "\"") else { break }
            attrs[name] = String(s[eq.upperBound..<end])
            s = s[s.index(after: end)...]
        }
        return attrs
    }

    func attributes(_ svg: String, _ name: String) -> [String] {
        var out: [String] = []
        var rest = Substring(svg)
        while let r = rest.range(of: " \(name)=\"") {
            guard let end = rest[r.upperBound...].firstIndex(of: "\"") else { break }
            out.append(String(rest[r.upperBound..<end]))
            rest = rest[end...]
        }
        return out
    }
}
