import Foundation
import XCTest
import SiftFrame
@testable import SiftIO

final class JSONReaderTests: XCTestCase {
    func testPandasRecordsLinesAndColumnsOrientations() throws {
        for name in ["pandas_records.json", "pandas_lines.jsonl", "pandas_columns.json"] {
            let f = try JSONSource(path: IOFixtures.path(name)).read()
            try assertMatchesExpected(f, "pandas_json")
        }
    }

    func testNestedObjectsFlattenAndArraysBecomeListColumns() throws {
        let f = try JSONSource(path: IOFixtures.path("nested.json")).read()
        XCTAssertEqual(f.names, ["id", "user.name", "user.geo.country", "tags", "extra"])
        XCTAssertEqual(cells(f, "user.geo.country"), [.string("FR"), .null, .null])
        XCTAssertEqual(f.columns[3].type, .list)
        XCTAssertEqual(cells(f, "tags"), [.list(["x", "y"]), .list([]), .null])
        let nums = try JSONSource(bytes: Array("[{\"a\": [1, 2.5, {\"k\": true}]}]".utf8), name: "n.json").read()
        XCTAssertEqual(cells(nums, "a"), [.list(["1", "2.5", "{\"k\":true}"])])
        XCTAssertEqual(cells(f, "extra"), [.null, .null, .float(1.5)])
    }

    func testTypesInferredAcrossRowsAndOverridable() throws {
        let text = "{\"a\": 1, \"d\": \"2024-01-02\"}\n{\"a\": 2.5, \"d\": null}\n{\"a\": null, \"d\": \"2024-03-04\", \"m\": \"x\"}\n"
        let f = try JSONSource(bytes: Array(text.utf8), name: "t.jsonl").read()
        XCTAssertEqual(f.columns.map(\.type), [.float, .date, .string])
        XCTAssertEqual(cells(f, "m"), [.null, .null, .string("x")])
        let mixed = try JSONSource(bytes: Array("[{\"v\": 1}, {\"v\": \"one\"}, {\"v\": true}]".utf8), name: "m.json").read()
        XCTAssertEqual(cells(mixed, "v"), [.string("1"), .string("one"), .string("true")], "mixed kinds fall back to text")
    }

    func testInvalidJSONNamesFileLineAndOffset() throws {
        XCTAssertThrowsError(try JSONSource(bytes: Array("[{\"a\": 1},\n {\"a\": }]".utf8), name: "bad.json")) { e in
            XCTAssertTrue("\(e)".contains("bad.json:2") && "\(e)".contains("offset"), "\(e)")
        }
        XCTAssertThrowsError(try JSONSource(bytes: Array(repeating: UInt8(ascii: "["), count: 100_000), name: "deep.json")) { e in
            XCTAssertTrue("\(e)".contains("deep"), "\(e)")
        }
        XCTAssertThrowsError(try JSONSource(bytes: Array("[[1], [2]]".utf8), name: "arr.json")) { e in
            XCTAssertTrue("\(e)".contains("array, not an object"), "\(e)")
        }
        XCTAssertEqual(try JSONSource(bytes: [], name: "empty.json").read().columnCount, 0)
    }
}
