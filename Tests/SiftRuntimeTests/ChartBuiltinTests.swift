import Foundation
import SiftFrame
import SiftLanguage
import SiftRender
@testable import SiftRuntime
import XCTest

/// The chart builtins as the language exposes them: options reach the model, bad options are
/// located errors, and `save_chart` writes the SVG.
final class ChartBuiltinTests: SessionTestCase {
    func chart(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> Chart {
        let v = try eval(code)
        guard case .object(let o) = v, let c = o as? Chart else {
            XCTFail("\(code) gave \(v.typeName), not a chart", file: file, line: line)
            throw SiftError(.runtime, "not a chart")
        }
        return c
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try writeFile("sales.csv", """
        day,region,channel,revenue,units
        2024-01-05,North,web,120.5,3
        2024-02-11,South,shop,80,2
        2024-03-20,North,shop,60,1
        2024-05-02,East,web,300,9
        2024-07-15,South,web,45.25,1
        2024-11-30,East,shop,500,12

        """)
        try eval("s = read_csv(\"sales.csv\")")
    }

    func testBarOptionsReachTheModel() throws {
        let c = try chart("s |> bar(x: region, y: revenue, color: channel, horizontal: true, stacked: true, labels: true, ylim: [0, 1000], title: \"Revenue\")")
        XCTAssertEqual(c.model.options.horizontal, true)
        XCTAssertEqual(c.model.options.stacked, true)
        XCTAssertEqual(c.model.options.valueLabels, true)
        XCTAssertEqual(c.model.options.yMin, 0)
        XCTAssertEqual(c.model.options.yMax, 1000)
        XCTAssertEqual(c.model.categories, ["North", "South", "East"])
        XCTAssertEqual(c.model.series.map(\.name), ["web", "shop"])
        XCTAssertEqual(c.model.series[0].y, [120.5, 45.25, 300])
        let log = try chart("s |> bar(x: region, y: revenue, logy: true)")
        XCTAssertTrue(log.model.options.logY)
    }

    func testDateAxesAndLogScalesOnLinesAndScatterPlots() throws {
        let c = try chart("s |> line(x: day, y: revenue, xlim: [\"2024-01-01\", \"2024-12-31\"], labels: true)")
        XCTAssertTrue(c.model.xIsDate)
        XCTAssertEqual(c.model.options.xMin, Double(Temporal.parseDate("2024-01-01")!))
        XCTAssertTrue(c.svg().contains(">Q2 2024<"), "calendar ticks")
        let s = try chart("s |> scatter(x: units, y: revenue, logx: true, logy: true, color: region)")
        XCTAssertTrue(s.model.options.logX && s.model.options.logY)
        XCTAssertTrue(s.svg().contains(">100<"))
    }

    func testBoxPlotsUseTukeyWhiskers() throws {
        try writeFile("b.csv", "g,v\n" + (1...20).map { "a,\($0)" }.joined(separator: "\n") + "\na,100\n")
        let c = try chart("read_csv(\"b.csv\") |> box(y: v, by: g)")
        let b = try XCTUnwrap(c.model.boxes.first)
        XCTAssertEqual(b.outliers, [100])
        XCTAssertEqual(b.highWhisker, 20)
        XCTAssertTrue(c.render(width: 60).contains("•"), "the terminal shows the outlier too")
    }

    func testOptionErrorsAreLocated() throws {
        assertFails("s |> bar(x: region, y: revenue, ylim: [10, 5])") { e in
            XCTAssertEqual(e.message, "ylim: the low end must be below the high end, got [10, 5]")
            XCTAssertEqual(e.span?.column, 33)
        }
        assertFails("s |> bar(x: region, y: revenue, ylim: 5)") { e in XCTAssertTrue(e.message.hasPrefix("ylim must be a list of two ends"), e.message) }
        assertFails("s |> bar(x: region, y: revenue - 100, logy: true)") { e in
            XCTAssertTrue(e.message.hasPrefix("logy: a log scale needs values above 0"), e.message)
        }
        assertFails("s |> bar(x: region, y: revenue, color: channel, stacked: true, logy: true)") { e in
            XCTAssertTrue(e.message.hasPrefix("stacked bars cannot use a log scale"), e.message)
        }
        assertFails("s |> bar(x: region, y: revenue, horizontal: \"yes\")") { e in XCTAssertEqual(e.message, "horizontal must be true or false, got string") }
        assertFails("s |> scatter(x: units, y: revenue, labels: true)") { e in XCTAssertTrue(e.message.contains("labels"), e.message) }
        assertFails("s |> line(x: day, y: revenue, xlim: [\"soon\", null])") { e in XCTAssertEqual(e.message, "xlim: \"soon\" is not a date (YYYY-MM-DD)") }
        assertFails("s |> scatter(x: units - 1, y: revenue, logx: true)") { e in XCTAssertTrue(e.message.contains("has 2 at or below 0"), e.message) }
    }

    func testSaveChartWritesTheSVG() throws {
        try eval("c = s |> bar(x: region, y: revenue)")
        XCTAssertTrue(try eval("save_chart(c, \"revenue.svg\")").isNull)
        let svg = try readFile("revenue.svg")
        XCTAssertTrue(svg.hasPrefix("<?xml"))
        XCTAssertTrue(svg.hasSuffix("</svg>\n"))
        XCTAssertEqual(svg, (try chart("c")).svg())
        assertFails("save_chart(c, \"revenue.png\")") { e in
            XCTAssertTrue(e.message.hasPrefix("save_chart() writes SVG: the path must end in .svg"), e.message)
            XCTAssertEqual(e.hint, "for a PNG, convert the SVG: rsvg-convert chart.svg -o chart.png")
        }
        assertFails("save_chart(s, \"x.svg\")") { e in XCTAssertEqual(e.message, "save_chart() needs a chart, got a frame") }
        assertFails("save_chart(c, \"no/such/dir/x.svg\")") { e in XCTAssertEqual(e.kind, .io) }
    }
}
