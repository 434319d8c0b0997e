import Foundation
import XCTest

/// Paths and process helpers for the notebook tests. The `sift` binary is copied into each test's
/// own temporary folder before it runs (other builds relink `.build/debug/sift` at any time), and
/// the copy is pointed at the repository's stdlib with SIFT_STDLIB.
enum NotebookTestPaths {
    /// The repository root: Tests/SiftNotebookTests/<this file> → three levels up.
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static var builtBinary: String { repositoryRoot.appendingPathComponent(".build/debug/sift").path }
    static var stdlib: String { repositoryRoot.appendingPathComponent("stdlib").path }
    static var campaign: String { repositoryRoot.appendingPathComponent("notebooks/campaign.md").path }
    static var dataFolder: String { repositoryRoot.appendingPathComponent("notebooks/data").path }
}

/// What a finished process left behind.
struct ProcessOutput {
    var status: Int32
    var stdout: String
    var stderr: String
    var seconds: Double
    var timedOut: Bool
}

/// Collects a pipe's bytes on a reader thread.
final class PipeCollector: @unchecked Sendable {
    private(set) var data = Data()
    private let group = DispatchGroup()

    init(_ pipe: Pipe) {
        group.enter()
        DispatchQueue.global().async {
            self.data = pipe.fileHandleForReading.readDataToEndOfFile()
            self.group.leave()
        }
    }

    func wait() -> String {
        group.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Runs an executable with arguments, a working directory and extra environment variables; kills
/// it after `timeout` seconds so a hung child can never hang the suite.
func runProcess(_ executable: String, _ arguments: [String], directory: String, environment: [String: String?] = [:],
                timeout: Double = 60) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment
    for key in ["GITHUB_ACTIONS", "NO_COLOR", "SIFT_STDLIB"] { env[key] = nil }
    env["SIFT_STDLIB"] = NotebookTestPaths.stdlib
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let outCollector = PipeCollector(out), errCollector = PipeCollector(err)
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    let start = Date()
    try process.run()
    var timedOut = false
    if finished.wait(timeout: .now() + timeout) == .timedOut {
        timedOut = true
        process.terminate()
        _ = finished.wait(timeout: .now() + 5)
    }
    let stdout = outCollector.wait(), stderr = errCollector.wait()
    process.waitUntilExit()
    return ProcessOutput(status: process.terminationStatus, stdout: stdout, stderr: stderr,
                         seconds: Date().timeIntervalSince(start), timedOut: timedOut)
}

/// A base class for tests that run the CLI: a fresh temporary folder per test with a private copy
/// of the binary in it, removed afterwards.
class SiftCLITestCase: XCTestCase {
    var dir: String = ""
    var binary: String = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sift-nbtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        dir = base.path
        guard FileManager.default.isExecutableFile(atPath: NotebookTestPaths.builtBinary) else {
            XCTFail("the sift binary is missing at \(NotebookTestPaths.builtBinary); run `swift build --build-tests` first")
            throw XCTSkip("no binary")
        }
        let bin = base.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        binary = bin.appendingPathComponent("sift").path
        try FileManager.default.copyItem(atPath: NotebookTestPaths.builtBinary, toPath: binary)
    }

    override func tearDownWithError() throws {
        if !dir.isEmpty { try? FileManager.default.removeItem(atPath: dir) }
        try super.tearDownWithError()
    }

    /// Runs the copied `sift` in `directory` (default: the test's folder).
    @discardableResult
    func sift(_ arguments: [String], in directory: String? = nil, environment: [String: String?] = [:],
              timeout: Double = 60, file: StaticString = #filePath, line: UInt = #line) throws -> ProcessOutput {
        let r = try runProcess(binary, arguments, directory: directory ?? dir, environment: environment, timeout: timeout)
        XCTAssertFalse(r.timedOut, "sift \(arguments.joined(separator: " ")) did not finish in \(timeout) s", file: file, line: line)
        return r
    }

    /// Writes a text file under the test's folder (creating folders) and returns its full path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let path = dir + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func read(_ relative: String) throws -> String {
        let path = relative.hasPrefix("/") ? relative : dir + "/" + relative
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    func readData(_ relative: String) throws -> Data {
        let path = relative.hasPrefix("/") ? relative : dir + "/" + relative
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: relative.hasPrefix("/") ? relative : dir + "/" + relative)
    }

    func files(in relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/" + relative)) ?? []).sorted()
    }

    /// Asserts an exit status and shows both streams when it is wrong.
    func assertStatus(_ r: ProcessOutput, _ expected: Int32, _ what: String = "", file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, expected, "\(what) exit status\n--- stdout\n\(r.stdout)\n--- stderr\n\(r.stderr)", file: file, line: line)
    }
}

/// The output regions of a rendered Markdown report, in order.
func outputRegions(of report: String) -> [String] {
    var regions: [String] = []
    var rest = Substring(report)
    while let start = rest.range(of: "<!-- sift:output -->\n") {
        guard let end = rest[start.upperBound...].range(of: "<!-- /sift:output -->") else { break }
        regions.append(String(rest[start.upperBound..<end.lowerBound]))
        rest = rest[end.upperBound...]
    }
    return regions
}

/// Number of non-overlapping occurrences of `needle` in `text`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}
