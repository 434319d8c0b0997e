import Foundation
import XCTest
import SiftFrame
@testable import SiftIO

/// Workbooks written by openpyxl and pandas (scripts/make_io_fixtures.py).
final class ExcelReaderTests: XCTestCase {
    let book = IOFixtures.path("openpyxl.xlsx")

    func testOpenpyxlWorkbookTypesDatesAndEmptyCells() throws {
        let source = try ExcelSource(path: book)
        XCTAssertEqual(source.sheetNames, ["Orders", "Notes", "Offset"])
        try assertMatchesExpected(try source.read(), "openpyxl")
    }

    func testPandasToExcel() throws {
        try assertMatchesExpected(try ExcelSource(path: IOFixtures.path("pandas.xlsx")).read(), "pandas_xlsx")
    }

    func testSheetByNameOrPositionAndUnknownSheetListsTheSheets() throws {
        let notes = try ExcelSource(path: book, sheet: .name("Notes")).read()
        XCTAssertEqual(notes.names, ["key", "value"])
        XCTAssertEqual(cells(notes, "value"), [.string("finance"), .string("40")], "numbers and text mixed read as text")
        XCTAssertEqual(try ExcelSource(path: book, sheet: .position(2)).sheetName, "Notes")
        XCTAssertThrowsError(try ExcelSource(path: book, sheet: .name("Budget"))) { e in
            XCTAssertTrue("\(e)".contains("no sheet named 'Budget'") && "\(e)".contains("'Orders', 'Notes', 'Offset'"), "\(e)")
        }
        XCTAssertThrowsError(try ExcelSource(path: book, sheet: .position(4))) { e in XCTAssertTrue("\(e)".contains("3 sheets"), "\(e)") }
    }

    func testRangeHeaderAndTypes() throws {
        let f = try ExcelSource(path: book, sheet: .name("Offset"), range: "B3:C5").read()
        XCTAssertEqual(f.names, ["name", "score"])
        XCTAssertEqual(cells(f, "score"), [.float(1), .float(2.5)])
        let raw = try ExcelSource(path: book, sheet: .name("Offset"), range: "B4:C5", header: false).read()
        XCTAssertEqual(raw.names, ["B", "C"])
        XCTAssertEqual(cells(raw, "B"), [.string("a"), .string("b")])
        let typed = try ExcelSource(path: book, types: ["id": .string, "amount": .float]).read()
        XCTAssertEqual(typed.columns.map(\.type).prefix(2), [.string, .float])
        XCTAssertThrowsError(try ExcelSource(path: book, range: "A1-B2")) { e in XCTAssertTrue("\(e)".contains("not a cell range"), "\(e)") }
    }

    func testProjectionSkipsUnreadColumns() throws {
        let f = try ExcelSource(path: book).read(columns: ["comment", "id"])
        XCTAssertEqual(f.names, ["comment", "id"])
        XCTAssertEqual(f.rowCount, 40)
        XCTAssertThrowsError(try ExcelSource(path: book).read(columns: ["nope"])) { e in XCTAssertTrue("\(e)".contains("no column 'nope'") && "\(e)".contains("amount"), "\(e)") }
    }

    func testDamagedWorkbooksAreErrorsNeverCrashes() throws {
        let raw = try Array(Data(contentsOf: URL(fileURLWithPath: book)))
        let dir = try IOFixtures.tempDirectory()
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<150 {
            var d = raw
            for _ in 0..<(1 + trial % 4) {
                let at = Int.random(in: 0..<d.count, using: &rng)
                d[at] ^= UInt8.random(in: 1...255, using: &rng)
            }
            if trial % 5 == 0 { d.removeLast(Int.random(in: 1..<(d.count / 2), using: &rng)) }
            let p = dir + "/d\(trial).xlsx"
            try Data(d).write(to: URL(fileURLWithPath: p))
            do { _ = try ExcelSource(path: p).read() } catch let e as FrameError {
                XCTAssertTrue(e.message.contains("d\(trial).xlsx"), e.message)
            }
        }
        try Data("id,x\n1,2\n".utf8).write(to: URL(fileURLWithPath: dir + "/csv.xlsx"))
        XCTAssertThrowsError(try ExcelSource(path: dir + "/csv.xlsx")) { e in XCTAssertTrue("\(e)".contains("not an Excel .xlsx file"), "\(e)") }
    }
}
