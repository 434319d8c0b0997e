import Foundation
import SiftFrame
import SiftNotebook
import SiftRuntime

/// The successful entries of a session with their outputs, saved by `:save` as a notebook that
/// `sift run` executes and `sift test` checks: each entry a ```sift cell followed by the output
/// region a notebook run would write for it (Markdown tables, charts as SVG files, no colour
/// codes, no assignment summaries), and a first line recording the folder relative paths
/// start from, so the saved notebook runs from wherever it was saved.
public struct Transcript {
    public enum Part {
        case text(String)
        case table(String)
        case chart(ChartObject)
    }

    public private(set) var entries: [(code: String, parts: [Part])] = []
    public init() {}

    /// An entry whose output is text (terminal colour codes are removed).
    public mutating func add(code: String, output: String) {
        let clean = Self.stripEscapes(output)
        add(code: code, parts: clean.isEmpty ? [] : [.text(clean)])
    }

    public mutating func add(code: String, parts: [Part]) { entries.append((code, parts)) }

    /// A `|>` line continued the last entry: it becomes one entry with the combined code.
    public mutating func replaceLast(code: String, parts: [Part]) {
        if !entries.isEmpty { entries.removeLast() }
        entries.append((code, parts))
    }

    /// The notebook text. Charts link to `filesLink/cellN-M.svg` (`chartFiles` receives each
    /// chart and its file name, to write it). `origin` is the recorded folder line, if any.
    public func markdown(title: String = "Sift session", origin: ReportOrigin? = nil, filesLink: String = "session_files",
                         chartFiles: (ChartObject, String) -> Void = { _, _ in }) -> String {
        var out = (origin?.markdownLine ?? "") + "# \(title)\n"
        for (k, e) in entries.enumerated() {
            out += "\n```sift\n\(e.code)\n```\n"
            var parts: [OutputPart] = []
            for p in e.parts {
                switch p {
                case .text(let t): parts.append(.text(t))
                case .table(let t): parts.append(.table(t))
                case .chart(let c):
                    let name = "cell\(k + 1)-\(parts.count + 1).svg"
                    chartFiles(c, name)
                    parts.append(.image(alt: c.title.isEmpty ? "chart" : c.title, path: filesLink + "/" + name))
                }
            }
            if !parts.isEmpty {
                // The region a notebook run would write, so `sift test` can check the saved session.
                out += "\n" + NotebookDocument.outputStart + "\n" + OutputRegion.markdown(parts) + "\n" + NotebookDocument.outputEnd + "\n"
            }
        }
        return out
    }

    /// Writes the notebook to `path` (atomically) and its charts to `STEM_files/` beside it.
    /// Relative paths in the entries started from the working directory; the first line records
    /// that folder relative to the notebook's, so `sift run path` finds the same files.
    public func save(to path: String) throws {
        let folder = NotebookRunner.folder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let stem = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        let filesLink = stem + "_files"
        let filesDir = PathMath.join(folder, filesLink)
        let paths = PathMath.relative(FileManager.default.currentDirectoryPath, from: folder)
        let origin = paths == "." ? nil : ReportOrigin(source: nil, paths: paths, parameters: [])
        var failure: Error?
        let text = markdown(origin: origin, filesLink: filesLink) { chart, file in
            do {
                try FileManager.default.createDirectory(atPath: filesDir, withIntermediateDirectories: true)
                try FileBytes.writeAtomically(Array(ChartValues.svg(of: chart).utf8), to: filesDir + "/" + file)
            } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
        try FileBytes.writeAtomically(Array(text.utf8), to: path)
    }

    /// Removes ANSI escape sequences (colours), which have no place in a notebook.
    static func stripEscapes(_ s: String) -> String {
        guard s.contains("\u{1B}") else { return s }
        var out = String.UnicodeScalarView()
        var it = s.unicodeScalars.makeIterator()
        while let c = it.next() {
            guard c == "\u{1B}" else { out.append(c); continue }
            guard let next = it.next() else { break }
            if next == "[" {
                // CSI: parameters, then one final byte in @…~.
                while let b = it.next(), !(b.value >= 0x40 && b.value <= 0x7E) {}
            }
        }
        return String(out)
    }
}
