import Foundation
import XCTest
@testable import SiftFrame
import SiftLanguage
import SiftRuntime

/// The null rule checked against pandas on one file holding every kind of empty field in every
/// column type (Tests/fixtures/csv/nulls.csv; the expected counts in nulls.json come from
/// `pandas.read_csv` through scripts/make_csv_fixtures.py). Both readers, the whole-file one and
/// the streaming one at several chunk sizes, must give pandas' null counts, and `drop_null()`
/// must keep exactly the rows `dropna()` keeps.
final class CSVNullsAgainstPandasTests: SessionTestCase {
    struct Expected: Decodable {
        let rows: Int
        let nulls: [String: Int]
        let dropna: Int
        let dropna_subset: [String: Int]
    }

    static let fixture: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/csv/nulls.csv").path

    func expected() throws -> Expected {
        let json = try Data(contentsOf: URL(fileURLWithPath: Self.fixture.replacingOccurrences(of: ".csv", with: ".json")))
        return try JSONDecoder().decode(Expected.self, from: json)
    }

    func testNullCountsAndDropNullMatchPandas() throws {
        let want = try expected()
        try eval("n = read_csv(\"\(Self.fixture)\")")
        let f = try frame("n")
        XCTAssertEqual(f.rowCount, want.rows)
        XCTAssertEqual(f.columns.map(\.type), [.int, .int, .float, .bool, .date, .datetime, .string, .string],
                       "empty fields never change a column's inferred type")
        for c in f.columns { XCTAssertEqual(c.nullCount, want.nulls[c.name], "\(c.name): nulls as pandas counts them") }
        XCTAssertEqual(try frame("n |> drop_null()").rowCount, want.dropna, "drop_null() keeps the rows dropna() keeps")
        XCTAssertEqual(try frame("n |> drop_null(age, income)").rowCount, want.dropna_subset["age,income"])
        XCTAssertEqual(try frame("n |> drop_null(region, comment)").rowCount, want.dropna_subset["region,comment"])
        // quoted_empty: "string" keeps the quoted "" of the text columns as empty strings only.
        let kept = try frame("read_csv(\"\(Self.fixture)\", quoted_empty: \"string\")")
        for name in ["region", "comment"] {
            let c = try kept.column(name)
            let empties = (0..<c.count).filter { c.isValid($0) && c[$0] == .string("") }.count
            XCTAssertGreaterThan(empties, 0, name)
            XCTAssertEqual(c.nullCount + empties, want.nulls[name], "\(name): every pandas null is a null or a quoted \"\"")
        }
        for name in ["age", "income", "active", "signup", "seen_at"] {
            XCTAssertEqual(try kept.column(name).nullCount, want.nulls[name], "\(name): \"\" stays null in typed columns")
        }
    }

    /// The streaming reader at chunk sizes that cut records everywhere agrees with pandas too.
    func testStreamingReaderGivesTheSameNulls() throws {
        let want = try expected()
        for quotedEmptyIsNull in [true, false] {
            var o = CSVOptions()
            o.quotedEmptyIsNull = quotedEmptyIsNull
            let whole = try CSVReader.parse(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Self.fixture))), file: Self.fixture, options: o)
            for size in [64, 4096, 100_000] {
                guard let chunked = try ChunkedCSVReader.read(path: Self.fixture, options: o, chunkSize: size) else {
                    XCTFail("chunk size \(size): the streaming reader gave up")
                    continue
                }
                XCTAssertEqual(chunked.names, whole.names)
                for (a, b) in zip(chunked.columns, whole.columns) {
                    XCTAssertEqual(a.type, b.type, "\(a.name) at chunk size \(size)")
                    XCTAssertEqual(a.validity, b.validity, "\(a.name) nulls at chunk size \(size)")
                    XCTAssertEqual((0..<a.count).map { a[$0] }, (0..<b.count).map { b[$0] }, "\(a.name) values at chunk size \(size)")
                    if quotedEmptyIsNull { XCTAssertEqual(a.nullCount, want.nulls[a.name], "\(a.name) at chunk size \(size)") }
                }
            }
        }
    }
}
