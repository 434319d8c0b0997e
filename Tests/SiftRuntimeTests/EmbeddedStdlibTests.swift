import Foundation
import XCTest
@testable import SiftRuntime

/// The stdlib compiled into the binary is exactly stdlib/*.sift (run scripts/embed-stdlib when not).
final class EmbeddedStdlibTests: XCTestCase {
    func testEmbeddedStdlibMatchesTheFolder() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("stdlib")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sift") }.sorted()
        XCTAssertFalse(names.isEmpty)
        XCTAssertEqual(EmbeddedStdlib.files.map(\.name), names, "stale: run scripts/embed-stdlib")
        for (name, text) in EmbeddedStdlib.files {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertTrue(text == onDisk, "\(name) is stale: run scripts/embed-stdlib")
        }
    }
}
