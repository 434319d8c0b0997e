import Foundation
import XCTest

/// Drives the real `sift` binary in a pseudo-terminal through `Tests/e2e/repl_pty.py`: Tab
/// completion, multi-line entries, Ctrl-C during an evaluation, history across sessions.
final class REPLEndToEndTests: XCTestCase {
    func testInteractiveSessionInAPseudoTerminal() throws {
        let root = REPLFixtures.repoRoot()
        let script = root + "/Tests/e2e/repl_pty.py"
        let binary = ProcessInfo.processInfo.environment["SIFT_E2E_BINARY"] ?? root + "/.build/debug/sift"
        guard let python = Self.findExecutable("python3") else { throw XCTSkip("python3 is not installed") }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw XCTSkip("no sift binary at \(binary); build it with `swift build`")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: script), "missing \(script)")

        // Output goes to a file, so a chatty failure can never fill a pipe and stall the run.
        let log = NSTemporaryDirectory() + "repl_pty-\(getpid())-\(UUID().uuidString.prefix(8)).log"
        FileManager.default.createFile(atPath: log, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: log) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? handle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, binary]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let deadline = Date().addingTimeInterval(300)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            XCTFail("repl_pty.py did not finish within 300 s\n" + Self.read(log))
            return
        }
        let output = Self.read(log)
        XCTAssertEqual(process.terminationStatus, 0, "repl_pty.py failed:\n\(output)")
        XCTAssertNotNil(output.range(of: #"\d+ passed, 0 failed"#, options: .regularExpression), output)
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<no output>"
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
