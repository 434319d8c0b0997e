import Foundation
import XCTest
import SiftFrame
@testable import SiftIO

/// The shared places layer: gzip and zstd files (by magic bytes, suffix checked), CSV through it.
final class PlacesTests: XCTestCase {
    func testGzipZstdAndMultiMemberGzip() throws {
        let text = Array("id,name\n1,a\n2,b\n".utf8)
        let dir = try IOFixtures.tempDirectory()
        let gz = try Codec.deflate(text, format: .gzip)
        try Data(gz + gz).write(to: URL(fileURLWithPath: dir + "/two.csv.gz"))
        XCTAssertEqual(try Input.bytes(dir + "/two.csv.gz"), text + text, "every gzip member is read, as gzip -d does")
        try Data(try Codec.zstdCompress(text)).write(to: URL(fileURLWithPath: dir + "/t.csv.zst"))
        let f = try CSVSource(path: dir + "/t.csv.zst").read()
        XCTAssertEqual(f.names, ["id", "name"])
        XCTAssertEqual(cells(f, "id"), [.int(1), .int(2)])
        XCTAssertEqual(try CSVSource(path: dir + "/t.csv.zst").read(columns: ["name"]).names, ["name"])
    }

    func testCorruptAndMislabelledCompressedFilesAreErrors() throws {
        let dir = try IOFixtures.tempDirectory()
        try Data("plain text".utf8).write(to: URL(fileURLWithPath: dir + "/x.csv.gz"))
        XCTAssertThrowsError(try Input.bytes(dir + "/x.csv.gz")) { e in XCTAssertTrue("\(e)".contains("does not hold gzip"), "\(e)") }
        var gz = try Codec.deflate(Array(repeating: 65, count: 10_000), format: .gzip)
        gz.removeLast(gz.count / 2)
        try Data(gz).write(to: URL(fileURLWithPath: dir + "/cut.gz"))
        XCTAssertThrowsError(try Input.bytes(dir + "/cut.gz")) { e in XCTAssertTrue("\(e)".contains("cut.gz") && "\(e)".contains("ends early"), "\(e)") }
        try Data([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4, 5]).write(to: URL(fileURLWithPath: dir + "/bad.zst"))
        XCTAssertThrowsError(try Input.bytes(dir + "/bad.zst")) { e in XCTAssertTrue("\(e)".contains("bad.zst"), "\(e)") }
    }
}
