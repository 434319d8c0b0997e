import Foundation
import XCTest
import SiftFrame
@testable import SiftIO

/// Fixtures written by scripts/make_io_fixtures.py (pandas, pyarrow, openpyxl) live in
/// Tests/fixtures/io, each with `<name>.expected.json`: the column names, Sift types and values
/// as the reference library wrote them.
enum IOFixtures {
    static var directory: String {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures/io").path
    }

    static func path(_ name: String) -> String { directory + "/" + name }

    static func tempDirectory() throws -> String {
        let d = NSTemporaryDirectory() + "sift-io-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }
}

func cells(_ f: Frame, _ name: String) -> [Scalar] {
    guard let c = try? f.column(name) else { return [] }
    return (0..<c.count).map { c[$0] }
}

/// Compares a frame with a fixture's `.expected.json` (see scripts/make_io_fixtures.py).
func assertMatchesExpected(_ frame: Frame, _ expectedName: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: IOFixtures.path(expectedName + ".expected.json")))
    guard let doc = try JSONSerialization.jsonObject(with: data) as? [String: Any], let columns = doc["columns"] as? [[String: Any]] else {
        XCTFail("bad expectation file \(expectedName)", file: file, line: line); return
    }
    XCTAssertEqual(frame.names, columns.compactMap { $0["name"] as? String }, file: file, line: line)
    for spec in columns {
        guard let name = spec["name"] as? String, let type = spec["type"] as? String, let values = spec["values"] as? [Any] else { continue }
        guard let col = try? frame.column(name) else { XCTFail("missing column \(name)", file: file, line: line); continue }
        XCTAssertEqual(col.type.rawValue, type, "type of \(name)", file: file, line: line)
        XCTAssertEqual(col.count, values.count, "rows of \(name)", file: file, line: line)
        for (i, v) in values.enumerated() where i < col.count {
            let got = col[i]
            if v is NSNull { XCTAssertEqual(got, .null, "\(name)[\(i)]", file: file, line: line); continue }
            switch (type, got) {
            case ("int", .int(let g)): XCTAssertEqual(g, (v as? NSNumber)?.int64Value, "\(name)[\(i)]", file: file, line: line)
            case ("float", .float(let g)):
                let e = (v as? NSNumber)?.doubleValue ?? .nan
                XCTAssertEqual(g, e, accuracy: max(1e-9, abs(e) * 1e-12), "\(name)[\(i)]", file: file, line: line)
            case ("bool", .bool(let g)): XCTAssertEqual(g, (v as? NSNumber)?.boolValue, "\(name)[\(i)]", file: file, line: line)
            case ("string", .string(let g)): XCTAssertEqual(g, v as? String, "\(name)[\(i)]", file: file, line: line)
            case ("date", .date(let g)): XCTAssertEqual(Temporal.formatDate(g), v as? String, "\(name)[\(i)]", file: file, line: line)
            case ("datetime", .datetime(let g)): XCTAssertEqual(Temporal.formatDateTime(g), v as? String, "\(name)[\(i)]", file: file, line: line)
            case ("list", .list(let g)): XCTAssertEqual(g, v as? [String], "\(name)[\(i)]", file: file, line: line)
            default: XCTFail("\(name)[\(i)]: got \(got), expected \(type) \(v)", file: file, line: line)
            }
        }
    }
}
