import Foundation
import XCTest
import SiftFrame
@testable import SiftIO

/// Sift's writers read back by Sift's readers with every type and null kept (the round trip
/// through pyarrow, pandas and openpyxl is Tests/e2e/io_roundtrip.py).
final class WriterRoundTripTests: XCTestCase {
    func sample(rows: Int = 1000) throws -> Frame {
        var cols: [Column] = []
        func valid(_ k: Int) -> Bitmap { Bitmap((0..<rows).map { $0 % k != 1 }) }
        cols.append(Column(name: "i", storage: .int((0..<rows).map { Int64($0) * 7 - 300 }), validity: valid(5)))
        cols.append(Column(name: "f", storage: .float((0..<rows).map { Double($0) / 3 }), validity: valid(7)))
        cols.append(Column(name: "b", storage: .bool((0..<rows).map { $0 % 3 == 0 }), validity: valid(4)))
        cols.append(Column(name: "cat", storage: .string(.make((0..<rows).map { ["N", "S", "E & W", "<x>"][$0 % 4] })), validity: valid(6)))
        cols.append(Column(name: "txt", storage: .string(.plain((0..<rows).map { "row \($0) \"q\" é" })), validity: valid(9)))
        cols.append(Column(name: "d", storage: .date((0..<rows).map { Int32($0 * 11 - 4000) }), validity: valid(8)))
        cols.append(Column(name: "t", storage: .datetime((0..<rows).map { Int64($0) * 3_600_123_000 - 86_400_000_000 }), validity: valid(3)))
        return try Frame(columns: cols)
    }

    func assertSame(_ a: Frame, _ b: Frame, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.names, b.names, what, file: file, line: line)
        XCTAssertEqual(a.columns.map(\.type), b.columns.map(\.type), what, file: file, line: line)
        XCTAssertEqual(a.rowCount, b.rowCount, what, file: file, line: line)
        for n in a.names where cells(a, n) != cells(b, n) { XCTFail("\(what): column \(n) differs", file: file, line: line) }
    }

    func testParquetEveryCompressionWithSmallRowGroupsAndPages() throws {
        // A list column too (null rows, empty lists, 1–3 items), written as a Parquet LIST.
        var f = try sample()
        let tags = Column(name: "tags", storage: .list((0..<f.rowCount).map { r in (0..<(r % 4)).map { "t\(r)-\($0)" } }),
                          validity: Bitmap((0..<f.rowCount).map { $0 % 10 != 3 }))
        f = try Frame(columns: f.columns + [tags])
        for c in ParquetWriter.Compression.allCases {
            let bytes = try ParquetWriter.bytes(f, compression: c, rowGroupRows: 300, pageRows: 64)
            let source = try ParquetSource(input: RandomAccessInput(memory: bytes, name: "mem.parquet"))
            XCTAssertEqual(source.rowGroupCount, 4)
            assertSame(try source.read(), f, "parquet \(c)")
        }
        let empty = try Frame(columns: [Column(name: "x", storage: .int([]))])
        let back = try ParquetSource(input: RandomAccessInput(memory: try ParquetWriter.bytes(empty), name: "e.parquet")).read()
        XCTAssertEqual(back.names, ["x"])
        XCTAssertEqual(back.rowCount, 0)
    }

    func testJSONRecordsAndLines() throws {
        let f = try sample(rows: 200)
        for lines in [false, true] {
            let back = try JSONSource(bytes: try JSONWriter.bytes(f, lines: lines), name: "t.json").read()
            assertSame(back, f, "json lines: \(lines)")
        }
    }

    func testExcelKeepsTypesAndNullsToTheMillisecond() throws {
        let f = try sample(rows: 200)
        let dir = try IOFixtures.tempDirectory()
        try Output.write(try ExcelWriter.bytes(f, sheet: "Data"), to: dir + "/t.xlsx")
        let back = try ExcelSource(path: dir + "/t.xlsx", sheet: .name("Data")).read()
        assertSame(back, f, "xlsx")
        XCTAssertThrowsError(try ExcelWriter.bytes(f, sheet: "a/b")) { e in XCTAssertTrue("\(e)".contains("not allowed"), "\(e)") }
    }
}
