import XCTest
@testable import SiftRender

/// Charts of data at the ends of the Double range. Values spanning more than
/// Double.greatestFiniteMagnitude (-1.7e308 and 1.7e308) made `hi - lo` infinite: NiceScale.nice
/// looped for ever on it, and every `Int(Double)` of a position trapped on the NaN that followed.
final class ChartExtremeValueTests: XCTestCase {
    let extremes = [-1.7e308, 1.7e308, 0]

    // MARK: NiceScale

    func testNiceIsConstantTimeForAnyInput() {
        XCTAssertEqual(NiceScale.nice(.infinity, round: false), .infinity, "used to loop for ever")
        XCTAssertEqual(NiceScale.nice(.infinity, round: true), .infinity)
        XCTAssertEqual(NiceScale.nice(.nan, round: true), 1)
        XCTAssertEqual(NiceScale.nice(-3, round: true), 1)
        XCTAssertEqual(NiceScale.nice(0, round: false), 1)
        XCTAssertEqual(NiceScale.nice(.greatestFiniteMagnitude, round: true), 2e308, "2·10^308 does not exist")
        XCTAssertEqual(NiceScale.nice(3.4e307, round: false), 5e307)
        XCTAssertEqual(NiceScale.nice(5e-324, round: true), 5e-324, accuracy: 1e-323)
        XCTAssertGreaterThan(NiceScale.nice(5e-324, round: true), 0)
        // Ordinary values as before.
        XCTAssertEqual(NiceScale.nice(1, round: false), 1)
        XCTAssertEqual(NiceScale.nice(10, round: false), 10)
        XCTAssertEqual(NiceScale.nice(0.001, round: true), 0.001)
        XCTAssertEqual(NiceScale.nice(37, round: false), 50)
        XCTAssertEqual(NiceScale.nice(2.2, round: true), 2)
        XCTAssertEqual(NiceScale.nice(6.9e-7, round: true), 5e-7, accuracy: 1e-20)
    }

    func testTicksOfOrdinaryRangesAreUnchanged() {
        XCTAssertEqual(NiceScale.ticks(min: 0, max: 100), [0, 20, 40, 60, 80, 100])
        XCTAssertEqual(NiceScale.ticks(min: 3, max: 3), [2, 2.5, 3, 3.5, 4])
        XCTAssertEqual(NiceScale.ticks(min: -1, max: 1), [-1, -0.5, 0, 0.5, 1])
    }

    func testTicksOfHugeAndNonFiniteRanges() {
        let wide = NiceScale.ticks(min: -1.7e308, max: 1.7e308)
        XCTAssertFalse(wide.isEmpty)
        XCTAssertTrue(wide.allSatisfy(\.isFinite), "\(wide)")
        XCTAssertTrue(wide.contains(0), "\(wide)")
        XCTAssertEqual(wide, wide.sorted())
        let top = NiceScale.ticks(min: 0, max: .greatestFiniteMagnitude)
        XCTAssertTrue(top.allSatisfy(\.isFinite) && top.count >= 2, "\(top)")
        let single = NiceScale.ticks(min: 1.7e308, max: 1.7e308)
        XCTAssertTrue(single.allSatisfy(\.isFinite) && single.count >= 2, "a single huge value is widened: \(single)")
        XCTAssertEqual(NiceScale.ticks(min: -.infinity, max: 1), [0, 1])
        XCTAssertEqual(NiceScale.ticks(min: 0, max: .nan), [0, 1])
        // Steps too small to register: the two ends, not 50 copies of one value.
        XCTAssertEqual(NiceScale.ticks(min: 1e16, max: 1e16 + 2), [1e16, 1e16 + 2])
        let tiny = NiceScale.ticks(min: 0, max: 5e-324)
        XCTAssertTrue(tiny.count >= 2 && tiny.count <= 50 && tiny.allSatisfy(\.isFinite), "\(tiny)")
    }

    func testLabelsOfExtremeValues() {
        XCTAssertEqual(NiceScale.label(1.7e308), "1.7e308")
        XCTAssertEqual(NiceScale.label(-1e308), "-1e308")
        XCTAssertEqual(NiceScale.label(9.999e20), "1e21")
        XCTAssertEqual(NiceScale.label(.infinity), "inf")
        XCTAssertEqual(NiceScale.label(-.infinity), "-inf")
        XCTAssertEqual(NiceScale.label(.nan), "NaN")
        XCTAssertEqual(NiceScale.label(2_500_000), "2.5M")
        XCTAssertEqual(NiceScale.label(0.25), "0.25")
        XCTAssertEqual(NiceScale.label(0.0001), "0.0001")
        XCTAssertEqual(NiceScale.label(0.00005), "5e-5")
        XCTAssertEqual(NiceScale.label(-9.9999999e-5), "-0.0001", "a tick a hair off 0.0001 reads as before")
        XCTAssertEqual(NiceScale.label(9.99e-5), "9.99e-5")
        XCTAssertEqual(NiceScale.label(9.999e-7), "1e-6")
        XCTAssertEqual(NiceScale.label(1e-7), "1e-7")
        XCTAssertEqual(NiceScale.label(-2.5e-310), "-2.5e-310")
        XCTAssertEqual(NiceScale.label(5e-324), "4.94e-324", "the smallest subnormal")
        XCTAssertEqual(NiceScale.label(0), "0")
        XCTAssertEqual(NiceScale.fixed(8.9e15, 4), "\(8.9e15)", "no Int64 overflow at four decimals")
        XCTAssertEqual(NiceScale.fixed(1.25, -2), "1")
    }

    // MARK: AxisMath

    func testFractionNeverOverflows() {
        XCTAssertEqual(AxisMath.fraction(0, lo: -1.7e308, hi: 1.7e308), 0.5)
        XCTAssertEqual(AxisMath.fraction(1.7e308, lo: -1.7e308, hi: 1.7e308), 1)
        XCTAssertEqual(AxisMath.fraction(-1.7e308, lo: -1.7e308, hi: 1.7e308), 0)
        XCTAssertEqual(AxisMath.fraction(5, lo: 0, hi: 10), 0.5)
        XCTAssertEqual(AxisMath.fraction(5, lo: 3, hi: 3), 0, "an empty range")
        XCTAssertEqual(AxisMath.fraction(.nan, lo: 0, hi: 1), 0)
        XCTAssertEqual(AxisMath.fraction(1, lo: -.infinity, hi: 1), 0)
        XCTAssertEqual(AxisMath.interpolate(-1.7e308, 1.7e308, 0.5), 0)
        XCTAssertEqual(AxisMath.interpolate(0, 10, 0.25), 2.5)
    }

    func testCellAndClampedConversionsNeverTrap() {
        XCTAssertEqual(AxisMath.cell(.nan, count: 10), 0)
        XCTAssertEqual(AxisMath.cell(.infinity, count: 10), 9)
        XCTAssertEqual(AxisMath.cell(-.infinity, count: 10), 0)
        XCTAssertEqual(AxisMath.cell(3.99, count: 10), 3)
        XCTAssertEqual(AxisMath.cell(5, count: 0), 0)
        XCTAssertEqual(AxisMath.clamped(1e300, as: Int32.self), .max)
        XCTAssertEqual(AxisMath.clamped(-1e300, as: Int64.self), .min)
        XCTAssertEqual(AxisMath.clamped(9.3e18, as: Int.self), .max)
        XCTAssertEqual(AxisMath.clamped(.nan, as: Int.self), 0)
        XCTAssertEqual(AxisMath.clamped(-2.7, as: Int.self), -2)
    }

    // MARK: histogram bins

    func testHistogramOfValuesSpanningTheWholeRange() throws {
        let h = try XCTUnwrap(Histogram(values: extremes, bins: 2))
        XCTAssertEqual(h.counts, [1, 2])
        XCTAssertEqual(h.edges, [-1.7e308, 0, 1.7e308])
        let one = try XCTUnwrap(Histogram(values: extremes, bins: 1))
        XCTAssertEqual(one.counts, [3])
        XCTAssertEqual(one.edges, [-1.7e308, 1.7e308])
        let many = try XCTUnwrap(Histogram(values: extremes, bins: 1000))
        XCTAssertEqual(many.counts.reduce(0, +), 3)
        XCTAssertTrue(many.edges.allSatisfy(\.isFinite))
    }

    func testHistogramEdgeCases() throws {
        XCTAssertNil(Histogram(values: [], bins: 10))
        XCTAssertNil(Histogram(values: [.nan, .infinity], bins: 10), "only finite values are binned")
        let same = try XCTUnwrap(Histogram(values: [1e308, 1e308], bins: 3))
        XCTAssertEqual(same.counts, [2, 0, 0])
        // A span whose share per bin underflows to zero.
        let tiny = try XCTUnwrap(Histogram(values: [0, 5e-324], bins: 20))
        XCTAssertEqual(tiny.counts.reduce(0, +), 2)
        XCTAssertEqual(tiny.counts.last, 1)
        // Ordinary data as before: left-closed bins, the maximum in the last one.
        let h = try XCTUnwrap(Histogram(values: [0, 1, 2, 3, 4], bins: 4))
        XCTAssertEqual(h.counts, [1, 1, 1, 2])
        XCTAssertEqual(h.edges, [0, 1, 2, 3, 4])
        XCTAssertEqual(Histogram(values: [1, 2], bins: -5)?.counts, [2], "bins below 1 are one bin")
    }

    // MARK: rendering

    func testTextChartsOfExtremeValues() {
        for model in models() {
            let text = TextChart(width: 60).render(model)
            XCTAssertFalse(text.isEmpty, model.kind.rawValue)
        }
    }

    func testSVGChartsOfExtremeValuesHaveOnlyFiniteCoordinates() {
        for model in models() {
            let svg = SVGChart().render(model)
            XCTAssertTrue(svg.hasSuffix("</svg>\n"), model.kind.rawValue)
            for bad in ["nan", "NaN", "=\"inf", "=\"-inf", ",inf", ",-inf"] {
                XCTAssertFalse(svg.contains(bad), "\(model.kind.rawValue) chart contains \(bad)")
            }
        }
    }

    /// Every chart kind over ±1.7e308, plus infinite and NaN values where a model can hold them.
    func models() -> [ChartModel] {
        var out: [ChartModel] = []
        for kind in [ChartModel.Kind.line, .scatter] {
            out.append(ChartModel(kind: kind, title: "t", xLabel: "x", yLabel: "y", series: [.init(name: "v", x: extremes, y: extremes)]))
            out.append(ChartModel(kind: kind, title: "", xLabel: "", yLabel: "", series: [.init(name: "v", x: [.infinity, .nan, 1], y: [1, 2, -.infinity])]))
        }
        var box = ChartModel(kind: .box, title: "", xLabel: "", yLabel: "v", series: [], categories: ["a", "b", "c"])
        box.boxes = [BoxStats(q1: -0.85e308, median: 0, q3: 0.85e308, lowWhisker: -1.7e308, highWhisker: 1.7e308, outliers: [-1.79e308, 1.79e308]),
                     BoxStats(q1: .nan, median: 0, q3: .infinity, lowWhisker: -.infinity, highWhisker: .infinity, outliers: [.infinity, .nan]),
                     BoxStats(q1: 4, median: 3, q3: 2, lowWhisker: 5, highWhisker: 1)]
        out.append(box)
        if let h = Histogram(values: extremes, bins: 20) {
            var hist = ChartModel(kind: .hist, title: "", xLabel: "v", yLabel: "count", series: [.init(name: "v", x: [], y: h.counts)])
            hist.binEdges = h.edges
            out.append(hist)
        }
        out.append(ChartModel(kind: .bar, title: "", xLabel: "", yLabel: "", series: [.init(name: "v", x: [0, 1, 2, .nan, -5, 1e300], y: [1.7e308, -1.7e308, .infinity, .nan, 1, 2])],
                              categories: ["a", "b", "c"]))
        var dates = ChartModel(kind: .line, title: "", xLabel: "", yLabel: "", series: [.init(name: "v", x: [-1e300, 1e300], y: [1, 2])])
        dates.xIsDate = true
        out.append(dates)
        return out
    }
}
