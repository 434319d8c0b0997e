import Foundation
import XCTest

/// Runs the built `sift` binary (`.build/debug/sift`, found from this file's path) and captures
/// what it writes. The test script runs `swift build` first; without the binary every test fails
/// with a message saying so.
enum SiftBinary {
    /// The repository root: Tests/SiftCLITests/<this file> → three levels up.
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static var path: String { repositoryRoot.appendingPathComponent(".build/debug/sift").path }

    static var exists: Bool { FileManager.default.isExecutableFile(atPath: path) }
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
    /// stdout and stderr through one pipe, in the order they were written (only when asked for).
    var combined: String
}

extension XCTestCase {
    /// Fails the test (and stops it) when the binary has not been built.
    func requireBinary(file: StaticString = #filePath, line: UInt = #line) throws {
        guard SiftBinary.exists else {
            XCTFail("the sift binary is missing at \(SiftBinary.path); run `swift build` before the CLI tests", file: file, line: line)
            throw XCTSkip("no binary")
        }
    }

    /// Runs `sift` with `arguments`, optional standard input, extra environment variables (a nil
    /// value removes one) and working directory. With `mergeOutput`, stdout and stderr share one
    /// pipe so their relative order is visible in `combined`.
    func sift(_ arguments: [String], stdin: String? = nil, environment: [String: String?] = [:], directory: String? = nil,
              mergeOutput: Bool = false, timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line) throws -> RunResult {
        try requireBinary(file: file, line: line)
        return try run(SiftBinary.path, arguments, stdin: stdin, environment: environment, directory: directory,
                       mergeOutput: mergeOutput, timeout: timeout, file: file, line: line)
    }

    func run(_ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String?] = [:], directory: String? = nil,
             mergeOutput: Bool = false, timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["SIFT_STDLIB"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? SiftBinary.repositoryRoot.path)

        let outPipe = Pipe()
        let errPipe = mergeOutput ? outPipe : Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let inPipe = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : inPipe

        // Read both pipes on their own threads so a full pipe can never block the child.
        let outData = Captured(), errData = Captured()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            outData.data = outPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if !mergeOutput {
            group.enter()
            DispatchQueue.global().async {
                errData.data = errPipe.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        try process.run()
        if let stdin {
            inPipe.fileHandleForWriting.write(Data(stdin.utf8))
            try inPipe.fileHandleForWriting.close()
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            XCTFail("sift \(arguments) did not finish within \(timeout) s", file: file, line: line)
        }
        process.waitUntilExit()
        group.wait()
        let out = String(decoding: outData.data, as: UTF8.self)
        let err = String(decoding: errData.data, as: UTF8.self)
        return RunResult(status: process.terminationStatus, stdout: mergeOutput ? "" : out, stderr: err, combined: mergeOutput ? out : "")
    }

    /// A fresh temporary directory, removed when the test ends.
    func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "sift-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }
}

/// Bytes read on a background thread; the DispatchGroup wait orders the write before the read.
final class Captured: @unchecked Sendable {
    var data = Data()
}

extension String {
    var containsEscapeCodes: Bool { contains("\u{1B}") }
    var lines: [String] { split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}
