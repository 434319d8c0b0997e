import XCTest
@testable import SiftFrame

/// Frame functions given the extreme arguments a sweep of hostile inputs found: digit counts at
/// Int.min and 10^11, values spanning the whole Double range, an empty column list.
final class ExtremeArgumentTests: XCTestCase {
    // MARK: powers of ten

    func testPow10IsConstantTimeAndExact() {
        XCTAssertEqual(ScalarFormat.pow10(0), 1)
        XCTAssertEqual(ScalarFormat.pow10(22), 1e22, "the largest power of ten a Double holds exactly")
        XCTAssertEqual(ScalarFormat.pow10(23), 1e23)
        XCTAssertEqual(ScalarFormat.pow10(308), 1e308)
        XCTAssertEqual(ScalarFormat.pow10(309), .infinity)
        XCTAssertEqual(ScalarFormat.pow10(-1), 0.1)
        XCTAssertEqual(ScalarFormat.pow10(-323), 1e-323)
        XCTAssertEqual(ScalarFormat.pow10(-400), 0)
        // These used to loop 10^11 times, or trap on a negative range.
        XCTAssertEqual(ScalarFormat.pow10(100_000_000_000), .infinity)
        XCTAssertEqual(ScalarFormat.pow10(.max), .infinity)
        XCTAssertEqual(ScalarFormat.pow10(.min), 0)
    }

    func testFixedClampsItsDecimals() {
        XCTAssertEqual(ScalarFormat.fixed(0.01, decimals: 20), "0.010000000000000")
        XCTAssertEqual(ScalarFormat.fixed(2.5, decimals: -3), "3")
    }

    // MARK: round with any digit count, as Python's round

    func testRoundWithHugeDigitCountsMatchesPython() {
        // Reference values from CPython 3: round(x, n).
        XCTAssertEqual(ColumnMath.round(2.5, digits: 400), 2.5)
        XCTAssertEqual(ColumnMath.round(2.5, digits: 100_000_000_000), 2.5)
        XCTAssertEqual(ColumnMath.round(2.5, digits: .max), 2.5)
        XCTAssertEqual(ColumnMath.round(1234.5, digits: -400), 0)
        XCTAssertEqual(ColumnMath.round(-1234.5, digits: .min), 0)
        XCTAssertEqual(ColumnMath.round(-1234.5, digits: -400).sign, .minus, "zero keeps the sign, as Python's -0.0")
        XCTAssertEqual(ColumnMath.round(4e307, digits: -308), 0)
        XCTAssertEqual(ColumnMath.round(6e307, digits: -308), 1e308)
        XCTAssertEqual(ColumnMath.round(5e-324, digits: 323), 0, "the smallest subnormal is below half of 10^-323")
        XCTAssertEqual(ColumnMath.round(5e-324, digits: 324), 5e-324, "past 323 decimals nothing is rounded")
        XCTAssertEqual(ColumnMath.round(2.6e-310, digits: 310), 3e-310, "scaled in two steps past 10^308")
        XCTAssertEqual(ColumnMath.round(1e-320, digits: 315), 0)
        // Values with no fraction left at that precision come back unchanged (not infinity → null).
        XCTAssertEqual(ColumnMath.round(1e300, digits: 20), 1e300)
        XCTAssertEqual(ColumnMath.round(1.7e308, digits: 5), 1.7e308)
        XCTAssertEqual(ColumnMath.round(.greatestFiniteMagnitude, digits: 308), .greatestFiniteMagnitude)
        // Ordinary digit counts are as before: half away from zero.
        XCTAssertEqual(ColumnMath.round(2.5, digits: 0), 3)
        XCTAssertEqual(ColumnMath.round(-2.5, digits: 0), -3)
        XCTAssertEqual(ColumnMath.round(0.125, digits: 2), 0.13)
        XCTAssertEqual(ColumnMath.round(-1250, digits: -2), -1300)
    }

    func testRoundColumnWithExtremeDigits() throws {
        let x = floatColumn("x", [2.5, -1234.5, nil])
        XCTAssertEqual(doubles(try ColumnMath.round(x, digits: 400)), [2.5, -1234.5, nil])
        XCTAssertEqual(doubles(try ColumnMath.round(x, digits: -400)), [0, 0, nil])
        // Int.min digits of Int.min: abs(digits) overflowed.
        let r = try ColumnMath.round(intColumn("n", [.min, 7]), digits: .min)
        XCTAssertEqual(doubles(r), [0, 0])
        XCTAssertEqual(ints(try ColumnMath.round(intColumn("n", [.min]), digits: .max)), [.min], "ints are already rounded")
    }

    // MARK: quantiles across the whole Double range

    func testQuantilesOfValuesSpanningMoreThanTheLargestDouble() {
        var v = [-1.7e308, 1.7e308]
        let q = Selection.quantiles(&v, [0, 0.25, 0.5, 0.75, 1])
        XCTAssertTrue(q.allSatisfy(\.isFinite), "b - a overflowed to infinity: \(q)")
        for (got, want) in zip(q, [-1.7e308, -0.85e308, 0, 0.85e308, 1.7e308]) {
            XCTAssertEqual(got, want, accuracy: 1e293, "\(q)")
        }
        var ordinary = [1.0, 2, 3, 4]
        XCTAssertEqual(Selection.quantiles(&ordinary, [0.25, 0.5]), [1.75, 2.5])
    }

    // MARK: value_counts over several columns or none

    func testValueCountsOfSeveralColumnsOrWholeRows() throws {
        let f = try Frame(columns: [dictColumn("g", ["a", "b", "a", "a"]), intColumn("x", [1, 2, 1, 3])])
        let rows = try GroupBy.valueCounts(f, columns: [])
        XCTAssertEqual(rows.names, ["g", "x", "count"])
        XCTAssertEqual(ints(try rows.column("count")), [2, 1, 1], "whole rows, most frequent first (pandas' DataFrame.value_counts())")
        XCTAssertEqual(strings(try rows.column("g")), ["a", "a", "b"])
        let pairs = try GroupBy.valueCounts(f, columns: ["x", "g"])
        XCTAssertEqual(pairs.names, ["x", "g", "count"])
        XCTAssertEqual(ints(try pairs.column("count")), [2, 1, 1])
        XCTAssertEqual(ints(try GroupBy.valueCounts(f, column: "g").column("count")), [3, 1])
        XCTAssertThrowsError(try GroupBy.valueCounts(f, columns: ["nope"]))
    }
}
