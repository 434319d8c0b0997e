import Foundation
import XCTest

/// Runs Tests/e2e/io_roundtrip.py: Sift's Parquet, Excel and JSON files read by pyarrow, pandas,
/// openpyxl and polars (and theirs by Sift), URLs from a local HTTP server, standard input.
final class IOEndToEndTests: XCTestCase {
    func testFormatsRoundTripThroughTheReferenceLibraries() throws {
        try requireBinary()
        let script = SiftBinary.repositoryRoot.appendingPathComponent("Tests/e2e/io_roundtrip.py").path
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python else { throw XCTSkip("python3 is not installed") }
        let r = try run(python, [script, SiftBinary.path], timeout: 900)
        XCTAssertEqual(r.status, 0, "io_roundtrip.py failed\n--- stdout\n\(r.stdout)\n--- stderr\n\(r.stderr)")
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        if last.hasSuffix("1 skipped") { throw XCTSkip("io_roundtrip.py skipped: \(r.stdout)") }
        XCTAssertEqual(last, "10 passed, 0 failed", r.stdout)
    }
}
