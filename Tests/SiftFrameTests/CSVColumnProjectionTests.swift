import Foundation
@testable import SiftFrame
import XCTest

/// `CSVOptions.columns` (projection pushdown): reading only some columns gives exactly those
/// columns of the full read, in the order asked, on the whole-file and the streaming paths; an
/// unknown name is an error listing the columns; the header peek names columns as a read does.
final class CSVColumnProjectionTests: CSVReadTestCase {
    static let text = [
        "id,name,amount,when,flag,name",
        "1,\"Smith, J\",1.5,2024-01-02,true,x",
        "2,,NA,2024-02-03,false,y",
        "3,\"say \"\"hi\"\"\",7,,true,",
        "4,Åsa,1e3,2024-03-04,,z",
    ].joined(separator: "\n") + "\n"

    func full() throws -> Frame { try CSVReader.parse(text: Self.text) }

    func testTheChosenColumnsEqualTheFullReadsColumns() throws {
        for columns in [["amount"], ["flag", "id"], ["name_2", "when", "name"], ["id", "name", "amount", "when", "flag", "name_2"]] {
            var options = CSVOptions()
            options.columns = columns
            let whole = try CSVReader.parse(text: Self.text, options: options)
            assertSameFrame(whole, try full().select(columns), "whole-file \(columns)")
            try assertSameRead(Self.text, "chunked \(columns)", options: options)
        }
    }

    func testAnUnknownColumnIsAnError() {
        var options = CSVOptions()
        options.columns = ["amount", "amout"]
        XCTAssertThrowsError(try CSVReader.parse(text: Self.text, options: options)) { e in
            XCTAssertTrue("\(e)".contains("no column named 'amout'"), "\(e)")
            XCTAssertTrue("\(e)".contains("columns: id, name, amount"), "\(e)")
        }
    }

    func testTheHeaderPeekNamesColumnsAsAReadDoes() throws {
        let path = try write(Array(Self.text.utf8), "peek.csv")
        XCTAssertEqual(CSVReader.columnNames(path: path), try full().names)
        var noHeader = CSVOptions()
        noHeader.header = false
        XCTAssertEqual(CSVReader.columnNames(path: path, options: noHeader), try CSVReader.parse(text: Self.text, options: noHeader).names)
        var skip = CSVOptions()
        skip.skip = 1
        XCTAssertEqual(CSVReader.columnNames(path: path, options: skip), try CSVReader.parse(text: Self.text, options: skip).names)
        XCTAssertNil(CSVReader.columnNames(path: temporaryPath("does-not-exist.csv")))
    }
}
