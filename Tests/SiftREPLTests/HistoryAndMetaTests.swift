import Foundation
import XCTest
import SiftNotebook
import SiftLanguage
import SiftRuntime
@testable import SiftREPL

// MARK: - History

final class HistoryPolicyTests: XCTestCase {
    func testExplicitFileWins() {
        let p = HistoryPolicy(environment: ["SIFT_HISTORY_FILE": "/tmp/h/file", "XDG_STATE_HOME": "/state", "HOME": "/home/u"])
        XCTAssertEqual(p.path, "/tmp/h/file")
    }

    func testXDGStateHome() {
        let p = HistoryPolicy(environment: ["XDG_STATE_HOME": "/state", "HOME": "/home/u"])
        XCTAssertEqual(p.path, "/state/sift/history")
    }

    func testHomeFallback() {
        XCTAssertEqual(HistoryPolicy(environment: ["HOME": "/home/u"]).path, "/home/u/.local/state/sift/history")
    }

    func testEmptyValuesAreIgnored() {
        XCTAssertEqual(HistoryPolicy(environment: ["SIFT_HISTORY_FILE": "", "XDG_STATE_HOME": "/state"]).path, "/state/sift/history")
        XCTAssertEqual(HistoryPolicy(environment: ["XDG_STATE_HOME": "", "HOME": "/home/u"]).path, "/home/u/.local/state/sift/history")
    }

    func testRelativeXDGStateHomeIsIgnored() {
        // The XDG base directory spec: a relative path in XDG_* is invalid and must be ignored.
        XCTAssertEqual(HistoryPolicy(environment: ["XDG_STATE_HOME": "relative/state", "HOME": "/home/u"]).path,
                       "/home/u/.local/state/sift/history")
    }

    func testNoHistoryWithoutAnyLocation() {
        let p = HistoryPolicy(environment: [:])
        XCTAssertNil(p.path)
        p.prepare()  // nothing to create, must not crash
    }

    func testCapacityDefaultAndOverride() {
        XCTAssertEqual(HistoryPolicy(environment: [:]).capacity, 10_000)
        XCTAssertEqual(HistoryPolicy(environment: ["SIFT_HISTORY_SIZE": "500"]).capacity, 500)
        XCTAssertEqual(HistoryPolicy(environment: ["SIFT_HISTORY_SIZE": "1"]).capacity, 1)
    }

    func testInvalidCapacityFallsBackOrClamps() {
        for bad in ["", "abc", "12x", "1e3", "99999999999999999999999"] {
            XCTAssertEqual(HistoryPolicy(environment: ["SIFT_HISTORY_SIZE": bad]).capacity, 10_000, "SIFT_HISTORY_SIZE=\(bad)")
        }
        // Zero or negative sizes keep at least one entry.
        XCTAssertEqual(HistoryPolicy(environment: ["SIFT_HISTORY_SIZE": "0"]).capacity, 1)
        XCTAssertEqual(HistoryPolicy(environment: ["SIFT_HISTORY_SIZE": "-5"]).capacity, 1)
    }

    func testCapacityFitsLibeditsInt32() {
        // LineEditor passes the capacity to stifle_history(Int32(...)): a huge value must not trap.
        let p = HistoryPolicy(environment: ["SIFT_HISTORY_SIZE": "9999999999"])
        XCTAssertLessThanOrEqual(p.capacity, Int(Int32.max))
    }

    func testPrepareCreatesNestedFolders() throws {
        let dir = try REPLFixtures.makeTempDir(self)
        let p = HistoryPolicy(environment: ["XDG_STATE_HOME": dir + "/a/b/c"])
        XCTAssertEqual(p.path, dir + "/a/b/c/sift/history")
        p.prepare()
        var isDir: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/a/b/c/sift", isDirectory: &isDir))
        XCTAssertTrue(isDir.boolValue)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/a/b/c/sift/history"), "prepare makes folders, not the file")
        p.prepare()  // idempotent
        let explicit = HistoryPolicy(environment: ["SIFT_HISTORY_FILE": dir + "/x/y/hist.txt"])
        explicit.prepare()
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/x/y", isDirectory: &isDir) && isDir.boolValue)
    }

    func testPrepareWithARelativeFile() throws {
        let dir = try REPLFixtures.makeTempDir(self)
        let old = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(dir)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(old) }
        HistoryPolicy(environment: ["SIFT_HISTORY_FILE": "rel/hist"]).prepare()
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/rel"))
        HistoryPolicy(environment: ["SIFT_HISTORY_FILE": "justafile"]).prepare()  // no folder part: nothing to do
    }
}

// MARK: - Transcript

final class TranscriptTests: XCTestCase {
    func testEmptyTranscript() {
        XCTAssertEqual(Transcript().markdown(), "# Sift session\n")
        XCTAssertEqual(Transcript().markdown(title: "Mine"), "# Mine\n")
    }

    func testCellsAndOutputBlocks() {
        var t = Transcript()
        t.add(code: "x = 1", output: "")
        t.add(code: "x + 1", output: "2\n")
        t.add(code: "c |>\n  head(1)", output: "a\n1\n")
        XCTAssertEqual(t.entries.count, 3)
        XCTAssertEqual(t.markdown(), """
        # Sift session

        ```sift
        x = 1
        ```

        ```sift
        x + 1
        ```

        <!-- sift:output -->
        ```output
        2
        ```
        <!-- /sift:output -->

        ```sift
        c |>
          head(1)
        ```

        <!-- sift:output -->
        ```output
        a
        1
        ```
        <!-- /sift:output -->

        """)
    }

    func testColourCodesAreNotSaved() {
        var t = Transcript()
        t.add(code: "x", output: "\u{1B}[1m\u{1B}[36mregion\u{1B}[0m  n\n")
        XCTAssertFalse(t.markdown().contains("\u{1B}"), t.markdown())
        XCTAssertTrue(t.markdown().contains("region  n"), t.markdown())
    }

    func testOnlyOneTrailingNewlineIsDropped() {
        var t = Transcript()
        t.add(code: "print(\"a\\n\")", output: "a\n\n")
        XCTAssertTrue(t.markdown().hasSuffix("```output\na\n\n```\n<!-- /sift:output -->\n"), t.markdown())
    }
}

// MARK: - Meta-commands

final class MetaCommandTests: XCTestCase {
    var session: Session!
    var meta: MetaCommands!
    var transcript = Transcript()

    override func setUpWithError() throws {
        session = try Session(loadStdlib: false)
        _ = try session.evaluate("fn stdlib_like(x) = x + 1")  // stands in for a stdlib function
        meta = MetaCommands(session: session, protectedNames: Set(session.interpreter.globals.allNames))
    }

    /// What the REPL's evaluate does, without writing to the terminal.
    func evaluate(_ code: String, _ name: String) throws -> String {
        var captured = ""
        session.interpreter.write = { captured += $0 }
        let display = session.display
        try session.run(Source(name: name, text: code)) { outcome in
            if case .value(let v) = outcome, !v.isNull { captured += display.repr(v) + "\n" }
        }
        return captured
    }

    func run(_ line: String) throws -> String {
        switch try meta.run(line, transcript: transcript, evaluate: evaluate) {
        case .output(let s): return s
        case .quit: return "<quit>"
        }
    }

    func assertFails(_ line: String, message: String, hint: String? = nil, file: StaticString = #filePath, lineNo: UInt = #line) {
        XCTAssertThrowsError(try run(line), file: file, line: lineNo) { error in
            guard let e = error as? SiftError else { return XCTFail("not a SiftError: \(error)", file: file, line: lineNo) }
            XCTAssertTrue(e.message.contains(message), "message: \(e.message)", file: file, line: lineNo)
            if let hint { XCTAssertTrue(e.hint?.contains(hint) ?? false, "hint: \(e.hint ?? "nil")", file: file, line: lineNo) }
        }
    }

    func assertInt(_ code: String, _ expected: Int64, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let v = try session.evaluate(code)
            guard case .int(let n) = v else { return XCTFail("\(code) gave a \(v.typeName)", file: file, line: line) }
            XCTAssertEqual(n, expected, code, file: file, line: line)
        } catch {
            XCTFail("\(code) failed: \(error)", file: file, line: line)
        }
    }

    func testHelpListsMetaCommandsAndFunctions() throws {
        let out = try run(":help")
        for c in [":help", ":vars", ":schema", ":time", ":explain", ":load", ":save", ":clear", ":quit"] {
            XCTAssertTrue(out.contains(c), "missing \(c)")
        }
        XCTAssertTrue(out.contains("filter"))
        XCTAssertTrue(out.contains("read_csv"))
        XCTAssertTrue(out.contains("stdlib_like"), "user and stdlib functions are listed")
        XCTAssertEqual(try run(":h"), out)
        XCTAssertEqual(try run("  :help  "), out)
    }

    func testHelpForABuiltinShowsSignatureAndExample() throws {
        let out = try run(":help filter")
        XCTAssertTrue(out.hasPrefix("filter(frame, conditions…)"), out)
        XCTAssertTrue(out.contains("Keeps rows"), out)
        XCTAssertTrue(out.contains("example: df |> filter("), out)
    }

    func testHelpForAUserFunction() throws {
        XCTAssertTrue(try run(":help stdlib_like").hasPrefix("stdlib_like(x)"))
    }

    func testHelpForAnUnknownNameSuggests() throws {
        let out = try run(":help fitler")
        XCTAssertTrue(out.contains("no function named 'fitler'"), out)
        XCTAssertTrue(out.contains("did you mean 'filter'?"), out)
    }

    func testVars() throws {
        XCTAssertEqual(try run(":vars"), "no variables yet")
        _ = try session.evaluate("c = read_csv(\"\(REPLFixtures.customersCSV)\")")
        _ = try session.evaluate("n = 42")
        let out = try run(":vars")
        let lines = out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, out)
        XCTAssertTrue(lines[0].hasPrefix("c"), out)
        XCTAssertTrue(lines[0].contains("10,000 rows"), out)
        XCTAssertTrue(lines[0].hasSuffix("frame"), out)
        XCTAssertTrue(lines[1].hasPrefix("n"), out)
        XCTAssertFalse(out.contains("stdlib_like"), "protected names are not listed")
    }

    func testSchema() throws {
        _ = try session.evaluate("c = read_csv(\"\(REPLFixtures.customersCSV)\")")
        let out = try run(":schema c")
        for col in ["customer_id", "signup_date", "region", "revenue", "comment"] {
            XCTAssertTrue(out.contains(col), "missing \(col) in\n\(out)")
        }
        XCTAssertTrue(out.contains("float"))
        _ = try session.evaluate("g = c |> group_by(region)")
        XCTAssertTrue(try run(":schema g").contains("revenue"))
    }

    func testSchemaErrors() throws {
        assertFails(":schema nope", message: "no variable named 'nope'")
        assertFails(":schema", message: "no variable named", hint: "usage")
        _ = try session.evaluate("n = 1")
        assertFails(":schema n", message: "not a frame")
    }

    func testUnknownCommandSuggests() {
        assertFails(":hlep", message: "unknown command :hlep", hint: "did you mean :help?")
        assertFails(":vras", message: "unknown command", hint: ":vars")
        assertFails(":zzzzzz", message: "unknown command", hint: "type :help")
    }

    func testQuit() throws {
        XCTAssertEqual(try run(":quit"), "<quit>")
        XCTAssertEqual(try run(":q"), "<quit>")
    }

    func testTimeReportsTheDuration() throws {
        let out = try run(":time 1 + 1")
        XCTAssertTrue(out.contains("time: "), out)
        XCTAssertTrue(out.hasSuffix("s"), out)
        assertFails(":time", message: "usage")
    }

    func testExplainShowsThePlanWithoutRunning() throws {
        let path = NSTemporaryDirectory() + "sift-explain-\(UUID().uuidString).csv"
        try "region,units,note\nNorth,1,a\nSouth,2,b\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try run(":explain read_csv(\"\(path)\") |> filter(units > 1) |> group_by(region) |> summarize(n = count())")
        XCTAssertTrue(out.contains("summarize(n = count())   [filter fused: units > 1]"), out)
        XCTAssertTrue(out.contains("columns: [region, units]"), out)
        XCTAssertTrue(out.contains("optimizer rules applied: filter_into_aggregate, projection_pushdown"), out)
        assertFails(":explain", message: "usage")
        assertFails(":explain 1 + 1", message: "pipeline")
    }

    func testTimeDoesNotRepeatOutputTheREPLAlreadyPrinted() throws {
        // The REPL's evaluate prints as it runs; the meta-command must not print the value again.
        let out = try run(":time 40 + 2")
        // A line of its own: the duration itself may contain the digits ("time: 42 µs").
        XCTAssertFalse(out.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "42" },
                       "value shown twice in the REPL: \(out)")
    }

    func testLoadRunsAScriptInTheSession() throws {
        let dir = try REPLFixtures.makeTempDir(self)
        try REPLFixtures.write("loaded_x = 5\nloaded_x * 2\n", to: dir + "/s.sift")
        let out = try run(":load \(dir)/s.sift")
        XCTAssertFalse(out.contains("10"), "the REPL already printed the script's output: \(out)")
        assertInt("loaded_x", 5)
        assertFails(":load", message: "usage")
        XCTAssertThrowsError(try run(":load \(dir)/missing.sift"))
    }

    func testSaveWritesTheTranscriptAtomically() throws {
        let dir = try REPLFixtures.makeTempDir(self)
        transcript.add(code: "x = 1", output: "")
        transcript.add(code: "x + 1", output: "2\n")
        let path = dir + "/session.md"
        try REPLFixtures.write("old contents that must be replaced entirely, even though they are longer\n", to: path)
        let out = try run(":save \(path)")
        XCTAssertEqual(out, "saved 2 entries to \(path)")
        // Saved outside the working directory: the first line records where paths start.
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        let paths = PathMath.relative(FileManager.default.currentDirectoryPath, from: dir)
        XCTAssertEqual(saved, ReportOrigin(source: nil, paths: paths, parameters: []).markdownLine + transcript.markdown())
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["session.md"], "no temporary file left behind")

        // A folder that does not exist: an error, and nothing written.
        XCTAssertThrowsError(try run(":save \(dir)/no/such/folder/s.md"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["session.md"])
        assertFails(":save", message: "usage")
    }

    func testClearKeepsStdlibAndBuiltins() throws {
        _ = try session.evaluate("c = read_csv(\"\(REPLFixtures.customersCSV)\")")
        _ = try session.evaluate("y = 2")
        _ = try session.evaluate("fn mine(x) = x")
        XCTAssertEqual(try run(":clear"), "variables cleared")
        XCTAssertNil(session.interpreter.globals.lookup("c"))
        XCTAssertNil(session.interpreter.globals.lookup("y"))
        XCTAssertNil(session.interpreter.globals.lookup("mine"))
        XCTAssertNotNil(session.interpreter.globals.lookup("stdlib_like"))
        assertInt("stdlib_like(1)", 2)
        assertInt("len(\"abc\")", 3)
        XCTAssertEqual(try run(":vars"), "no variables yet")
        XCTAssertThrowsError(try session.evaluate("y"))
    }

    func testSecondsFormatting() {
        XCTAssertEqual(MetaCommands.seconds(0.0000125), "13 µs")
        XCTAssertEqual(MetaCommands.seconds(0.0123), "12.3 ms")
        XCTAssertEqual(MetaCommands.seconds(2.5), "2.500 s")
    }
}
