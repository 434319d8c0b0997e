import SiftFrame
import SiftLanguage
import XCTest
@testable import SiftRuntime

/// `format()` and the readable display of single floats (issue 11).
final class FormatTests: XCTestCase {
    func testDisplayFormats() {
        XCTAssertEqual(DisplayFormat(spec: "money")?.texts([1234567.8, -1500.5, 0]), ["1,234,567.80", "-1,500.50", "0.00"])
        XCTAssertEqual(DisplayFormat(spec: "money:0")?.texts([1234567.8]), ["1,234,568"])
        XCTAssertEqual(DisplayFormat(spec: "percent")?.texts([0.2091, 1, 0.00004]), ["20.9%", "100.0%", "0.0%"])
        XCTAssertEqual(DisplayFormat(spec: "percent:2")?.texts([0.12345]), ["12.35%"])
        XCTAssertEqual(DisplayFormat(spec: "number")?.texts([1234.5, 2]), ["1,234.5", "2.0"])
        XCTAssertEqual(DisplayFormat(spec: "integer")?.texts([999.6, 1000]), ["1,000", "1,000"])
        XCTAssertEqual(DisplayFormat(spec: "decimals:3")?.texts([1234.5]), ["1234.500"])
        XCTAssertEqual(DisplayFormat(spec: "number")?.texts([.nan]), ["NaN"])
        XCTAssertNil(DisplayFormat(spec: "dollars"))
        XCTAssertNil(DisplayFormat(spec: "decimals"))
        XCTAssertNil(DisplayFormat(spec: "money:99"))
    }

    func testReadableFloats() {
        XCTAssertEqual(ScalarFormat.readable(4941833.109999994), "4941833.11")
        XCTAssertEqual(ScalarFormat.readable(0.1 + 0.2), "0.3")
        XCTAssertEqual(ScalarFormat.readable(1.0 / 3), "0.333333333333")
        XCTAssertEqual(ScalarFormat.readable(-2.5), "-2.5")
        XCTAssertEqual(ScalarFormat.readable(5), "5.0")
        XCTAssertEqual(ScalarFormat.readable(0.000123456789012345), "0.000123456789012")
        XCTAssertEqual(ScalarFormat.readable(1e-7), ScalarFormat.float(1e-7))
        XCTAssertEqual(ScalarFormat.readable(3.14159, significant: 3), "3.14")
    }

}

final class FormatBuiltinTests: SessionTestCase {
    func testFormatChangesTheDisplayNotTheValues() throws {
        try writeFile("m.csv", "region,revenue,share,n\nNorth,1032469.02,0.2091,1943\nSouth,890089.05,0.1802,2054\n")
        try eval("m = read_csv(\"m.csv\") |> format(revenue: \"money\", share: \"percent\", n: \"integer\")")
        let md = session.display.table(try frame("m"))
        XCTAssertTrue(md.contains("1,032,469.02") && md.contains("20.9%") && md.contains("2,054"), md)
        let terminal = ValueDisplay(format: .terminal, width: 100).table(try frame("m"))
        XCTAssertTrue(terminal.contains("1,032,469.02") && terminal.contains("18.0%"), terminal)
        // The values are unchanged: arithmetic and CSV see the numbers.
        XCTAssertEqual(try scalar("sum(m.share)"), .float(0.2091 + 0.1802))
        try eval("write_csv(m, \"o.csv\")")
        XCTAssertEqual(try readFile("o.csv"), "region,revenue,share,n\nNorth,1032469.02,0.2091,1943\nSouth,890089.05,0.1802,2054\n")
        // Removing a format: null.
        try eval("m2 = m |> format(share: null)")
        XCTAssertTrue(session.display.table(try frame("m2")).contains("0.2091"))
    }

    func testFormatErrors() throws {
        assertFails("df |> format()") { XCTAssertTrue($0.message.contains("column: \"format\" pairs"), $0.message) }
        assertFails("df |> format(nope: \"money\")") { XCTAssertTrue($0.message.contains("no column nope"), $0.message) }
        assertFails("df |> format(x: \"dollars\")") {
            XCTAssertTrue($0.message.contains("unknown format \"dollars\""), $0.message)
            XCTAssertTrue($0.hint?.contains("percent") == true)
        }
        assertFails("df |> format(name: \"money\")") { XCTAssertTrue($0.message.contains("formats apply to numbers"), $0.message) }
        assertFails("df |> format(x: 3)")
    }

    func testSingleFloatsShowWithoutNoise() throws {
        XCTAssertEqual(session.display.repr(try eval("0.1 + 0.2")), "0.3")
        XCTAssertEqual(session.display.repr(try eval("4941833.1 + 0.009999994")), "4941833.11")
    }
}
