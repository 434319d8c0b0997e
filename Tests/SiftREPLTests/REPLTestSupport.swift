import Foundation
import XCTest
import SiftLanguage
import SiftRuntime

/// Paths and fixtures shared by the REPL tests.
enum REPLFixtures {
    /// The package root, found from this file's location (Tests/SiftREPLTests/…).
    static func repoRoot(_ file: String = #filePath) -> String {
        var url = URL(fileURLWithPath: file)
        url.deleteLastPathComponent()  // SiftREPLTests
        url.deleteLastPathComponent()  // Tests
        url.deleteLastPathComponent()  // repo
        return url.path
    }

    static var customersCSV: String { repoRoot() + "/notebooks/data/customers.csv" }

    /// A fresh, empty folder under the system temp folder, removed at the end of the test.
    static func makeTempDir(_ test: XCTestCase, _ label: String = "sift-repl") throws -> String {
        let base = NSTemporaryDirectory() + "\(label)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: base) }
        return base
    }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A session without the stdlib, with `c` bound to the bundled customers data.
    static func sessionWithCustomers() throws -> Session {
        let s = try Session(loadStdlib: false)
        _ = try s.evaluate("c = read_csv(\"\(customersCSV)\")")
        return s
    }
}
