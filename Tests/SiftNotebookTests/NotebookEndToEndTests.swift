import Foundation
import XCTest

/// Runs Tests/e2e/notebook_checks.py (markdown-it-py and nbformat against Sift's reports).
final class NotebookEndToEndTests: SiftCLITestCase {
    func testReportsParseWithTheReferenceTools() throws {
        let python = findInPath("python3")
            ?? ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python else { throw XCTSkip("python3 is not installed") }
        let script = NotebookTestPaths.repositoryRoot.appendingPathComponent("Tests/e2e/notebook_checks.py").path
        // `binary` is this test's private copy; the script copies it once more into its own folder.
        let r = try runProcess(python, [script, binary], directory: NotebookTestPaths.repositoryRoot.path, timeout: 240)
        XCTAssertFalse(r.timedOut, "notebook_checks.py did not finish")
        XCTAssertEqual(r.status, 0, "notebook_checks.py failed\n--- stdout\n\(r.stdout)\n--- stderr\n\(r.stderr)")
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(last.hasSuffix(" 0 failed") || last.hasSuffix(" 0 failed, 1 skipped"), "last line: \(last)\n\(r.stdout)")
        if last.hasSuffix("1 skipped") {
            throw XCTSkip("notebook_checks.py skipped: \(r.stdout)")
        }
        XCTAssertTrue(last.hasPrefix("4 passed"), r.stdout)
    }

    func findInPath(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
