import Foundation
import SiftFrame
import SiftLanguage
import SiftRuntime

/// Exit statuses of `sift run` and `sift test`, documented in docs/notebooks.md.
public enum ExitStatus: Int32 {
    case success = 0
    case runtimeError = 1
    case usage = 2
    case syntaxError = 3
    case timeout = 4
    case badParameter = 5
    case mismatch = 6
    case unreadable = 7
}

public struct RunOptions {
    public var parameters: [(String, String)] = []
    public var allowErrors = false
    /// Seconds per cell; nil for no limit. A cell's own `timeout=` option wins.
    public var timeout: Double?
    public var maxRows = 20
    /// Folder for chart files, and how the report links to it.
    public var filesDirectory: String?
    public var filesLink: String = ""
    /// The folder relative paths in cells start from (default: the notebook's folder), and how
    /// a "file not found" hint describes it.
    public var baseDirectory: String?
    public var baseDescription: String?
    /// Called after each cell with a one-line progress report.
    public var progress: ((CellResult, Int, Int) -> Void)?
    /// Called from the watchdog's thread when a cell has ignored its timeout for
    /// `abandonGrace` seconds (stuck in native work that does not poll for cancellation), with
    /// the results of the cells that finished and the timeout of this one. It should write the
    /// report and end the process; without it the runner waits for the cell.
    public var onAbandon: ((RunResult) -> Void)?
    public var abandonGrace = 2.0
    public init() {}
}

public struct CellResult {
    public enum Status: Equatable { case ok, runtimeError, syntaxError, timeout }
    public var index: Int
    public var line: Int
    public var parts: [OutputPart]
    public var status: Status
    public var seconds: Double
    public var error: SiftError?
    public var firstCodeLine: String
    /// HTML renderings of the table parts, by part index, made from the frames themselves.
    public var htmlTables: [Int: String] = [:]
}

public struct RunResult {
    public var cells: [CellResult?]
    public var status: ExitStatus
    /// For the parameters cell: the values used.
    public var parameterSummary: String?
    /// Output regions in cell order (nil: cell not run; keep what it had).
    public var regions: [String?]
    public var message: String?
}

/// Runs a notebook's cells in order in one fresh session, in-process: no kernel to start or die.
public final class NotebookRunner {
    public let document: NotebookDocument
    public var options: RunOptions

    public init(document: NotebookDocument, options: RunOptions) {
        self.document = document
        self.options = options
    }

    public func run() -> RunResult {
        let cells = document.cells
        var results = [CellResult?](repeating: nil, count: cells.count)
        var regions = [String?](repeating: nil, count: cells.count)
        let session: Session
        do {
            session = try Session(display: ValueDisplay(format: .markdown, width: 120, maxRows: options.maxRows, color: false))
        } catch {
            return RunResult(cells: results, status: .runtimeError, parameterSummary: nil, regions: regions, message: "cannot start a session: \(error)")
        }
        let folder = options.baseDirectory ?? Self.folder(of: document.path)
        session.baseDirectory = folder
        session.baseDescription = options.baseDescription ?? "the notebook's folder, \(PathMath.absolute(folder))"
        // Parameters are validated before any cell runs.
        var summary: String? = nil
        do {
            var decls: [ParameterDeclaration] = []
            for c in cells where c.isParameters { decls += try Parameters.declarations(in: c, path: document.path) }
            let values = try Parameters.resolve(decls, overrides: options.parameters, session: session, path: document.path)
            for (d, v, _) in values { session.interpreter.globals.set(d.name, v) }
            if !values.isEmpty {
                summary = values.map { d, v, overridden in
                    "\(d.name) = \(session.display.repr(v))" + (overridden ? "  (set with -p)" : "")
                }.joined(separator: "\n")
            }
        } catch {
            return RunResult(cells: results, status: .badParameter, parameterSummary: nil, regions: regions, message: "\(error)")
        }
        var status = ExitStatus.success
        let watchdog = Watchdog()
        let published = PublishedProgress()
        published.update(results: results, regions: regions, status: status, summary: summary)
        for (k, cell) in cells.enumerated() {
            if cell.isParameters {
                regions[k] = summary.map { OutputRegion.markdown([.text($0)]) } ?? ""
                continue
            }
            let limit = cell.options["timeout"].flatMap(Double.init) ?? options.timeout
            let t0 = Clock.now()
            var parts: [OutputPart] = []
            var htmlTables: [Int: String] = [:]
            var text = ""
            func flushText() {
                if !text.isEmpty { parts.append(.text(text)); text = "" }
            }
            session.interpreter.write = { text += $0 }
            var cellStatus = CellResult.Status.ok
            var failure: SiftError?
            Interrupt.reset()
            if let limit {
                let abandon = options.onAbandon.map { handler in
                    { [published] in handler(published.abandoned(cell: k, cells: cells, document: self.document, limit: limit)) }
                }
                watchdog.arm(seconds: limit, grace: options.abandonGrace, onStuck: abandon)
            }
            do {
                let source = Source(name: cell.sourceName ?? document.path, text: cell.code, firstLine: cell.firstLine)
                try session.run(source) { outcome in
                    guard case .value(let v) = outcome, !v.isNull else { return }
                    switch v {
                    case .frame, .grouped, .column:
                        flushText()
                        if let html = session.display.htmlTable(v) { htmlTables[parts.count] = html }
                        parts.append(.table(session.display.render(v)))
                    case .object(let o):
                        if let chart = o as? ChartObject, let dir = options.filesDirectory {
                            flushText()
                            parts.append(self.writeChart(chart, cell: k, count: parts.count, directory: dir))
                        } else {
                            text += o.render(width: 100) + "\n"
                        }
                    default:
                        text += session.display.repr(v) + "\n"
                    }
                }
            } catch let e as SiftError {
                failure = e
                switch e.kind {
                case .syntax: cellStatus = .syntaxError
                case .cancelled: cellStatus = watchdog.fired ? .timeout : .runtimeError
                default: cellStatus = .runtimeError
                }
            } catch {
                failure = SiftError(.runtime, "\(error)")
                cellStatus = .runtimeError
            }
            watchdog.disarm()
            flushText()
            if var e = failure {
                if cellStatus == .timeout { e = Self.timeoutError(cell, document: document, limit: limit ?? 0, at: e.span) }
                failure = e
                parts.append(.error(e.render(color: false)))
            }
            let result = CellResult(index: k, line: cell.firstLine, parts: parts, status: cellStatus, seconds: Clock.now() - t0,
                                    error: failure, firstCodeLine: cell.code.split(separator: "\n").first.map(String.init) ?? "", htmlTables: htmlTables)
            results[k] = result
            regions[k] = OutputRegion.markdown(parts)
            published.update(results: results, regions: regions, status: status, summary: summary)
            options.progress?(result, k + 1, cells.count)
            if cellStatus != .ok {
                if status == .success {
                    status = cellStatus == .syntaxError ? .syntaxError : cellStatus == .timeout ? .timeout : .runtimeError
                }
                if !options.allowErrors { break }
            }
        }
        if options.allowErrors && status != .success {
            // With --allow-errors a failing cell is reported but does not fail the run.
            status = .success
        }
        return RunResult(cells: results, status: status, parameterSummary: summary, regions: regions, message: nil)
    }

    func writeChart(_ chart: ChartObject, cell: Int, count: Int, directory: String) -> OutputPart {
        let name = "cell\(cell + 1)-\(count + 1).svg"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try FileBytes.writeAtomically(Array(ChartValues.svg(of: chart).utf8), to: directory + "/" + name)
        } catch {
            return .error("could not write the chart: \(error)")
        }
        let link = options.filesLink.isEmpty ? name : options.filesLink + "/" + name
        return .image(alt: chart.title.isEmpty ? "chart" : chart.title, path: link)
    }

    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// The error of a timed-out cell, pointing at what was running when it stopped (or, when
    /// that is unknown, at the cell's first line) so the message says where.
    static func timeoutError(_ cell: NotebookDocument.Cell, document: NotebookDocument, limit: Double, at span: SourceSpan? = nil) -> SiftError {
        let source = Source(name: cell.sourceName ?? document.path, text: cell.code, firstLine: cell.firstLine)
        let firstLineLength = cell.code.utf8.prefix { $0 != 10 }.count
        return SiftError(.limit, "cell timed out after \(ScalarFormat.plain(.float(limit))) s", at: span ?? SourceSpan(source: source, start: 0, end: firstLineLength),
                         hint: "raise the limit with --timeout S or a timeout=S option on the cell, or make the cell faster")
    }
}

/// The results of the cells that have finished, kept where the watchdog's thread can read
/// them while the runner's thread is stuck in a cell.
final class PublishedProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [CellResult?] = []
    private var regions: [String?] = []
    private var status = ExitStatus.success
    private var summary: String?

    func update(results: [CellResult?], regions: [String?], status: ExitStatus, summary: String?) {
        lock.lock()
        defer { lock.unlock() }
        (self.results, self.regions, self.status, self.summary) = (results, regions, status, summary)
    }

    /// What the run amounts to if it ends now, with cell `k` timed out.
    func abandoned(cell k: Int, cells: [NotebookDocument.Cell], document: NotebookDocument, limit: Double) -> RunResult {
        lock.lock()
        defer { lock.unlock() }
        let error = NotebookRunner.timeoutError(cells[k], document: document, limit: limit)
        let parts = [OutputPart.error(error.render(color: false) + "\n(the cell was stuck in work that could not be interrupted; the run was stopped)")]
        var results = self.results, regions = self.regions
        results[k] = CellResult(index: k, line: cells[k].firstLine, parts: parts, status: .timeout, seconds: limit, error: error,
                                firstCodeLine: cells[k].code.split(separator: "\n").first.map(String.init) ?? "")
        regions[k] = OutputRegion.markdown(parts)
        return RunResult(cells: results, status: status == .success ? .timeout : status, parameterSummary: summary, regions: regions, message: nil)
    }
}

/// Stops a runaway cell: after the deadline it raises the cancellation flag, which the
/// interpreter, the engine's long loops and the model fits poll. If the cell is still running
/// `grace` seconds later it is stuck in work that does not poll, and `onStuck` is called.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = 0
    private(set) var fired = false

    func arm(seconds: Double, grace: Double = 2, onStuck: (() -> Void)? = nil) {
        lock.lock()
        generation += 1
        let mine = generation
        fired = false
        lock.unlock()
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [weak self] in
            guard let self, self.isCurrent(mine, firing: true) else { return }
            Interrupt.request(reason: "cell timed out")
            guard let onStuck else { return }
            DispatchQueue.global().asyncAfter(deadline: .now() + grace) { [weak self] in
                guard let self, self.isCurrent(mine, firing: false) else { return }
                onStuck()
            }
        }
    }

    private func isCurrent(_ mine: Int, firing: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if generation == mine && firing { fired = true }
        return generation == mine
    }

    func disarm() {
        lock.lock()
        generation += 1
        lock.unlock()
    }
}
