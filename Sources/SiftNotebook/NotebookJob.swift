import Foundation
import SiftFrame
import SiftRuntime

/// One notebook run from the command line: read, run, write the report atomically, and tell
/// the caller what happened. `sift run` and `sift test` both drive it.
public struct NotebookJob {
    public enum Format: String, CaseIterable { case md, ipynb, html }

    public var path: String
    public var output: String?
    public var format: Format?
    public var options: RunOptions
    /// Called (on another thread) when a timed-out cell is stuck in work that cannot be
    /// cancelled, with the outcome after the report of the cells that finished was written.
    /// It must end the process: the stuck work cannot be unwound.
    public var onAbandon: ((Outcome) -> Never)?
    /// `sift test`: run with the parameters recorded in the report; `-p` values still win.
    public var reuseRecordedParameters = false

    public init(path: String, output: String?, format: Format?, options: RunOptions) {
        self.path = path
        self.output = output
        self.format = format
        self.options = options
    }

    public struct Outcome {
        public var result: RunResult?
        public var status: ExitStatus
        public var message: String?
        public var writtenTo: String?
        public var document: NotebookDocument?
        /// For `sift test`: reads the data of stored and fresh charts (the fresh ones live in a
        /// scratch folder until `cleanUp` is called).
        public var charts: OutputComparison.ChartLookup?
        public var cleanUp: () -> Void = {}
    }

    public var isIpynb: Bool { path.hasSuffix(".ipynb") }

    public func load() throws -> (NotebookDocument, IpynbNotebook?) {
        let text: String
        do {
            let bytes = try FileBytes.read(path, stopAtNUL: true)
            if let nul = bytes.firstIndex(of: 0) {
                throw FrameError("it holds a NUL byte at offset \(nul), so it is a binary file, not a notebook")
            }
            text = String(decoding: bytes, as: UTF8.self)
        } catch {
            throw NotebookError.unreadable(path: path, reason: "\(error)")
        }
        if isIpynb {
            let nb = try IpynbNotebook.parse(text, path: path)
            return (nb.document(), nb)
        }
        return (try NotebookDocument.parse(text, path: path), nil)
    }

    /// Where the report goes: `-o`, else the notebook itself (rendering in place).
    public var outputPath: String {
        if let output { return output }
        guard let f = format else { return path }
        let base = path.hasSuffix(".md") ? String(path.dropLast(3)) : path.hasSuffix(".ipynb") ? String(path.dropLast(6)) : path
        switch f {
        case .md: return isIpynb ? base + ".md" : path
        case .ipynb: return isIpynb ? path : base + ".ipynb"
        case .html: return base + ".html"
        }
    }

    var effectiveFormat: Format {
        if let format { return format }
        let out = outputPath
        if out.hasSuffix(".ipynb") { return .ipynb }
        if out.hasSuffix(".html") { return .html }
        return .md
    }

    /// Runs and writes (unless `write` is false, as for `sift test`).
    public func run(write: Bool = true) -> Outcome {
        let document: NotebookDocument
        let ipynb: IpynbNotebook?
        do { (document, ipynb) = try load() } catch {
            return Outcome(result: nil, status: .unreadable, message: "\(error)", writtenTo: nil, document: nil)
        }
        var opts = options
        let out = outputPath
        // Paths start where the first run's did: the folder recorded in the report, else the
        // notebook's own folder.
        let here = NotebookRunner.folder(of: path)
        let recorded = document.origin
        let base = recorded.map { PathMath.join(here, $0.paths) } ?? here
        opts.baseDirectory = base
        if let recorded {
            opts.baseDescription = "\(PathMath.absolute(base)), the folder recorded in the report's first line"
                + (recorded.source.map { " (it was rendered from \($0))" } ?? "")
            if reuseRecordedParameters {
                let given = Set(options.parameters.map(\.0))
                opts.parameters = recorded.parameters.filter { !given.contains($0.0) } + options.parameters
            }
        } else {
            opts.baseDescription = "the notebook's folder, \(PathMath.absolute(base))"
        }
        let stem = out.hasSuffix(".md") ? String(out.dropLast(3)) : out.hasSuffix(".ipynb") ? String(out.dropLast(6)) : out.hasSuffix(".html") ? String(out.dropLast(5)) : out
        let filesDir = stem + "_files"
        opts.filesDirectory = write ? filesDir : NSTemporaryDirectory() + "sift-test-\(getpid())"
        opts.filesLink = (filesDir.split(separator: "/").last).map(String.init) ?? filesDir
        if let abandon = onAbandon {
            let parameters = opts.parameters
            opts.onAbandon = { partial in abandon(self.finish(partial, document: document, ipynb: ipynb, write: write, filesDir: filesDir, parameters: parameters)) }
        }
        let runner = NotebookRunner(document: document, options: opts)
        let result = LargeStackResult.run { runner.run() }
        var outcome = finish(result, document: document, ipynb: ipynb, write: write, filesDir: filesDir, parameters: opts.parameters)
        if !write {
            let scratch = opts.filesDirectory ?? ""
            let stored = ipynb?.storedCharts() ?? [:]
            outcome.charts = OutputComparison.ChartLookup(
                expected: { link in
                    if let data = stored[link] { return data }
                    return Self.chartData(atPath: PathMath.join(here, link))
                },
                actual: { link in Self.chartData(atPath: scratch + "/" + (link.split(separator: "/").last.map(String.init) ?? link)) })
            outcome.cleanUp = { try? FileManager.default.removeItem(atPath: scratch) }
        }
        return outcome
    }

    static func chartData(atPath path: String) -> String? {
        guard let bytes = try? FileBytes.read(path) else { return nil }
        return ChartValues.extract(fromSVG: String(decoding: bytes, as: UTF8.self))
    }

    /// What the report records about this run: the source notebook and the folder paths start
    /// from (relative to the report), and the `-p` values. Nil when there is nothing to record
    /// (a notebook rendered in place without parameters stays byte for byte a plain notebook).
    func origin(document: NotebookDocument, parameters: [(String, String)]) -> ReportOrigin? {
        let here = NotebookRunner.folder(of: path)
        let outFolder = NotebookRunner.folder(of: outputPath)
        let recorded = document.origin
        let source = recorded?.source.map { PathMath.join(here, $0) } ?? path
        let base = recorded.map { PathMath.join(here, $0.paths) } ?? here
        let sameFile = PathMath.absolute(source) == PathMath.absolute(outputPath)
        let origin = ReportOrigin(source: sameFile ? nil : PathMath.relative(source, from: outFolder),
                                  paths: PathMath.relative(base, from: outFolder), parameters: parameters)
        if origin.source == nil && origin.paths == "." && parameters.isEmpty { return nil }
        return origin
    }

    /// Writes the report of `result` (unless only testing) and says what happened.
    func finish(_ result: RunResult, document: NotebookDocument, ipynb: IpynbNotebook?, write: Bool, filesDir: String, parameters: [(String, String)]) -> Outcome {
        let out = outputPath
        guard write else {
            return Outcome(result: result, status: result.status, message: result.message, writtenTo: nil, document: document)
        }
        if result.status == .badParameter {
            return Outcome(result: result, status: result.status, message: result.message, writtenTo: nil, document: document)
        }
        var document = document
        document.origin = origin(document: document, parameters: parameters)
        do {
            let rendered: String
            switch effectiveFormat {
            case .md: rendered = document.rendered(outputs: result.regions)
            case .ipynb: rendered = (ipynb ?? IpynbNotebook.from(document)).rendered(result: result, linkBase: NotebookRunner.folder(of: out), origin: document.origin)
            case .html: rendered = HTMLReport.render(document: document, result: result, title: document.title, assetsBase: NotebookRunner.folder(of: out))
            }
            let folder = NotebookRunner.folder(of: out)
            if folder != "." { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try FileBytes.writeAtomically(Array(rendered.utf8), to: out)
        } catch {
            return Outcome(result: result, status: .unreadable, message: "cannot write \(out): \(error)", writtenTo: nil, document: document)
        }
        return Outcome(result: result, status: result.status, message: result.message, writtenTo: out, document: document)
    }
}

extension NotebookDocument {
    /// The first `# Heading` of the prose, for titles.
    public var title: String {
        for b in blocks {
            guard case .prose(let p) = b else { continue }
            for line in p.split(separator: "\n") where line.hasPrefix("# ") { return String(line.dropFirst(2)) }
        }
        return (path.split(separator: "/").last.map(String.init) ?? path)
    }
}

/// Runs a closure on a large-stack thread and returns its result.
enum LargeStackResult {
    static func run<T>(_ body: @escaping () -> T) -> T {
        var result: T? = nil
        LargeStack.run { result = body() }
        return result!
    }
}
