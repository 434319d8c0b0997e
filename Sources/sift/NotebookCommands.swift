import ArgumentParser
import Foundation
import SiftLanguage
import SiftNotebook
import SiftRuntime

/// Options shared by `sift run` and `sift test`.
struct NotebookOptions: ParsableArguments {
    @Option(name: .shortAndLong, parsing: .singleValue, help: ArgumentHelp("Set a parameter declared in a ```sift params cell.", valueName: "name=value"))
    var param: [String] = []

    @Option(help: ArgumentHelp("Stop a cell after this many seconds (a cell's own timeout=S option wins).", valueName: "seconds"))
    var timeout: Double?

    @Option(name: .customLong("max-rows"), help: "Rows shown per table before eliding the middle.")
    var maxRows: Int = 20

    @Flag(name: .shortAndLong, help: "No progress lines on stderr.")
    var quiet = false

    func parameters() throws -> [(String, String)] {
        try param.map { p in
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
                throw ValidationError("-p needs name=value, got '\(p)'")
            }
            return (String(p[..<eq]), String(p[p.index(after: eq)...]))
        }
    }

    func validateCommon() throws {
        if let t = timeout, !(t > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if maxRows < 1 { throw ValidationError("--max-rows must be at least 1") }
    }

    func runOptions(progress: Bool) throws -> RunOptions {
        var o = RunOptions()
        o.parameters = try parameters()
        o.timeout = timeout
        o.maxRows = maxRows
        if progress && !quiet && isatty(STDERR_FILENO) != 0 {
            let color = Terminal().stderrColor
            o.progress = { r, k, n in
                let mark = r.status == .ok ? (color ? "\u{1B}[32m✓\u{1B}[0m" : "✓") : (color ? "\u{1B}[31m✗\u{1B}[0m" : "✗")
                var code = r.firstCodeLine
                if code.count > 40 { code = String(code.prefix(39)) + "…" }
                FileHandle.standardError.write("[\(k)/\(n)] line \(r.line) · \(code) · \(MetaSeconds.format(r.seconds)) \(mark)\n".data(using: .utf8)!)
            }
        }
        return o
    }
}

enum MetaSeconds {
    static func format(_ s: Double) -> String {
        s < 0.1 ? String(format: "%.0f ms", s * 1000) : String(format: "%.1f s", s)
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run notebooks and write their reports.",
        discussion: """
        A notebook is Markdown with ```sift cells (or a .ipynb whose language is sift). Cells run in
        order in one session; each cell's output is written after it, replacing the output of an
        earlier run, so the rendered notebook is also the golden file for `sift test`.
        Without -o the notebook is rendered in place. `sift run NOTEBOOK --help` lists its parameters.

        Exit status: 0 ok, 1 a cell failed, 2 usage error, 3 syntax error in a cell, 4 a cell timed
        out, 5 bad parameter, 7 the notebook cannot be read or written.
        """
    )

    @ArgumentParser.Argument(help: "Notebooks (.md or .ipynb).")
    var notebooks: [String]

    @Option(name: .shortAndLong, help: "Write the report here instead of in place (one notebook only).")
    var output: String?

    @Option(help: "Report format: md, ipynb or html (default: from the output name).")
    var format: String?

    @Flag(name: .customLong("allow-errors"), help: "Keep going after a failing cell and exit 0 (errors still appear in the report).")
    var allowErrors = false

    @Option(help: "Run this many notebooks at once, each in its own process.")
    var jobs: Int = 1

    @OptionGroup var common: NotebookOptions

    func validate() throws {
        if output != nil && notebooks.count > 1 { throw ValidationError("-o works with one notebook; got \(notebooks.count)") }
        if let format, NotebookJob.Format(rawValue: format) == nil { throw ValidationError("--format must be md, ipynb or html") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        try common.validateCommon()
    }

    func run() throws {
        if notebooks.count > 1 {
            throw ExitCode(ParallelRuns(notebooks: notebooks, jobs: jobs, childArguments: childArguments()).run())
        }
        var options = try common.runOptions(progress: true)
        options.allowErrors = allowErrors
        var job = NotebookJob(path: notebooks[0], output: output, format: format.flatMap(NotebookJob.Format.init), options: options)
        job.onAbandon = NotebookReporting.abandon(path: notebooks[0], quiet: common.quiet)
        let outcome = job.run()
        NotebookReporting.report(outcome, path: notebooks[0], quiet: common.quiet)
        if outcome.status != .success { throw ExitCode(outcome.status.rawValue) }
    }

    func childArguments() -> [String] {
        var args: [String] = []
        for p in common.param { args += ["-p", p] }
        if let t = common.timeout { args += ["--timeout", String(t)] }
        if let format { args += ["--format", format] }
        if allowErrors { args.append("--allow-errors") }
        args += ["--max-rows", String(common.maxRows), "--quiet"]
        return args
    }
}

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Re-run rendered notebooks and check their outputs did not change.",
        discussion: """
        Tables are compared cell by cell, text token by token and charts by the values they draw;
        numbers may differ by --rtol. A report's recorded parameters are used unless -p overrides them.
        Exit status: 0 all outputs match, 6 an output changed, other codes as for `sift run`.
        """
    )

    @ArgumentParser.Argument(help: "Rendered notebooks (.md or .ipynb).")
    var notebooks: [String]

    @Option(help: "Relative tolerance for numbers.")
    var rtol: Double = 1e-6

    @Flag(help: "Accept the new outputs: rewrite the notebooks with them.")
    var update = false

    @OptionGroup var common: NotebookOptions

    func validate() throws {
        if !(rtol >= 0) { throw ValidationError("--rtol must be ≥ 0") }
        try common.validateCommon()
    }

    func run() throws {
        var worst = ExitStatus.success
        for path in notebooks {
            let status = try check(path)
            if status != .success && worst == .success { worst = status }
        }
        if worst != .success { throw ExitCode(worst.rawValue) }
    }

    func check(_ path: String) throws -> ExitStatus {
        let options = try common.runOptions(progress: true)
        var job = NotebookJob(path: path, output: nil, format: nil, options: options)
        job.reuseRecordedParameters = true
        job.onAbandon = NotebookReporting.abandon(path: path, quiet: common.quiet)
        let outcome = job.run(write: update)
        defer { outcome.cleanUp() }
        guard let result = outcome.result, let document = outcome.document else {
            NotebookReporting.report(outcome, path: path, quiet: common.quiet)
            return outcome.status
        }
        if outcome.status != .success {
            NotebookReporting.report(outcome, path: path, quiet: common.quiet)
            return outcome.status
        }
        if update {
            print("\(path): outputs updated")
            return .success
        }
        let comparison = OutputComparison(rtol: rtol)
        var changed = 0
        for (k, cell) in document.cells.enumerated() where !cell.isParameters {
            let fresh = k < result.regions.count ? result.regions[k] ?? "" : ""
            let stored = cell.previousOutput ?? ""
            let diffs = comparison.differences(expected: stored.trimmingCharacters(in: .newlines), actual: fresh.trimmingCharacters(in: .newlines), charts: outcome.charts)
            guard !diffs.isEmpty else { continue }
            changed += 1
            print("\(cell.sourceName ?? path):\(cell.firstLine): cell \(k + 1) output changed")
            for d in diffs { print("  " + d.replacingOccurrences(of: "\n", with: "\n  ")) }
            NotebookReporting.annotate(file: path, line: cell.firstLine, message: "cell \(k + 1) output changed")
        }
        let cells = document.cells.filter { !$0.isParameters }.count
        if changed == 0 {
            print("\(path): \(cells) cells, all outputs match")
            return .success
        }
        print("\(path): \(changed) of \(cells) cells changed (accept with sift test --update)")
        return .mismatch
    }
}

/// Messages after a run: errors with their place, GitHub annotations under Actions.
enum NotebookReporting {
    static func report(_ outcome: NotebookJob.Outcome, path: String, quiet: Bool) {
        let terminal = Terminal()
        if let message = outcome.message {
            terminal.error(message)
            annotate(file: path, line: 1, message: message)
        }
        if let result = outcome.result {
            for r in result.cells.compactMap({ $0 }) where r.status != .ok {
                if let e = r.error {
                    terminal.error(e.render(color: terminal.stderrColor), raw: true)
                    annotate(file: path, line: e.span?.line ?? r.line, column: e.span?.column, message: e.message)
                }
            }
        }
        if let out = outcome.writtenTo, !quiet {
            let ran = outcome.result?.cells.compactMap { $0 }.count ?? 0
            let total = outcome.document?.cells.filter { !$0.isParameters }.count ?? 0
            FileHandle.standardError.write("wrote \(out) (\(ran) of \(total) cells run)\n".data(using: .utf8)!)
        }
    }

    /// Ends the process after a cell got stuck past its timeout: the report of the finished
    /// cells is already written; say so, then exit with the timeout status.
    static func abandon(path: String, quiet: Bool) -> (NotebookJob.Outcome) -> Never {
        return { outcome in
            report(outcome, path: path, quiet: quiet)
            fflush(stdout)
            fflush(stderr)
            _exit(outcome.status == .success ? ExitStatus.timeout.rawValue : outcome.status.rawValue)
        }
    }

    static func annotate(file: String, line: Int, column: Int? = nil, message: String) {
        guard ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" else { return }
        let clean = message.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\n", with: "%0A")
        print("::error file=\(file),line=\(line)\(column.map { ",col=\($0)" } ?? "")::\(clean)")
    }
}

/// `--jobs N`: each notebook in its own `sift run` process, N at a time, then a summary table.
struct ParallelRuns {
    let notebooks: [String]
    let jobs: Int
    let childArguments: [String]

    func run() -> Int32 {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let finished = ChildResults(count: notebooks.count)
        let semaphore = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        for (k, nb) in notebooks.enumerated() {
            semaphore.wait()
            group.enter()
            DispatchQueue.global().async {
                defer { semaphore.signal(); group.leave() }
                let p = Process()
                p.executableURL = URL(fileURLWithPath: exe)
                p.arguments = ["run", nb] + childArguments
                let err = Pipe(), out = Pipe()
                p.standardError = err
                // A child's stdout carries only its ::error annotations (under GitHub Actions);
                // they are passed on after the summary.
                p.standardOutput = out
                let t0 = Clock.now()
                var status: Int32 = 7
                var text = "", printed = ""
                do {
                    try p.run()
                    let outData = OutputBox()
                    let reader = DispatchGroup()
                    reader.enter()
                    DispatchQueue.global().async {
                        outData.data = out.fileHandleForReading.readDataToEndOfFile()
                        reader.leave()
                    }
                    let data = err.fileHandleForReading.readDataToEndOfFile()
                    reader.wait()
                    p.waitUntilExit()
                    status = p.terminationStatus
                    text = String(decoding: data, as: UTF8.self)
                    printed = String(decoding: outData.data, as: UTF8.self)
                } catch {
                    text = "cannot start: \(error)"
                }
                finished.set(k, ChildResult(status: status, seconds: Clock.now() - t0, stderr: text, stdout: printed))
            }
        }
        group.wait()
        let results = finished.all
        var worst: Int32 = 0
        print("| notebook | result | time |")
        print("|---|---|---:|")
        for (k, nb) in notebooks.enumerated() {
            let r = results[k]!
            let label = r.status == 0 ? "ok" : "failed (exit \(r.status))"
            print("| \(nb) | \(label) | \(MetaSeconds.format(r.seconds)) |")
            if r.status != 0 && worst == 0 { worst = r.status }
        }
        for r in results where !r!.stdout.isEmpty { print(r!.stdout, terminator: r!.stdout.hasSuffix("\n") ? "" : "\n") }
        for (k, nb) in notebooks.enumerated() where results[k]!.status != 0 {
            FileHandle.standardError.write("── \(nb)\n\(results[k]!.stderr)".data(using: .utf8)!)
        }
        return worst
    }
}

/// Data filled in by a reader thread.
private final class OutputBox: @unchecked Sendable {
    var data = Data()
}

private struct ChildResult {
    var status: Int32
    var seconds: Double
    var stderr: String
    var stdout: String
}

/// Each child's result, written from the threads that wait for the children.
private final class ChildResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ChildResult?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ r: ChildResult) { lock.lock(); slots[k] = r; lock.unlock() }
    var all: [ChildResult?] { lock.lock(); defer { lock.unlock() }; return slots }
}
