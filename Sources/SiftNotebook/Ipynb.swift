import Foundation

/// Jupyter notebooks (nbformat 4) whose language is Sift: read as cells, run like Markdown
/// notebooks, and written back with outputs in Jupyter's own output types.
public struct IpynbNotebook {
    var json: [String: Any]
    var cells: [[String: Any]]
    public let path: String

    public static func parse(_ text: String, path: String) throws -> IpynbNotebook {
        guard let data = text.data(using: .utf8),
              let obj = try? JSONSerialization.jsonObject(with: data), let json = obj as? [String: Any] else {
            throw NotebookError.invalidNotebook(path: path, reason: "the file is not JSON")
        }
        guard let major = json["nbformat"] as? Int, major == 4 else {
            throw NotebookError.invalidNotebook(path: path, reason: "only nbformat 4 is supported")
        }
        guard let cells = json["cells"] as? [[String: Any]] else {
            throw NotebookError.invalidNotebook(path: path, reason: "no cells list")
        }
        let meta = json["metadata"] as? [String: Any]
        let lang = ((meta?["kernelspec"] as? [String: Any])?["language"] as? String) ?? ((meta?["language_info"] as? [String: Any])?["name"] as? String)
        if let lang, lang.lowercased() != "sift" {
            throw NotebookError.invalidNotebook(path: path, reason: "its language is \(lang), not sift")
        }
        return IpynbNotebook(json: json, cells: cells, path: path)
    }

    static func source(_ cell: [String: Any]) -> String {
        if let s = cell["source"] as? String { return s }
        if let l = cell["source"] as? [String] { return l.joined() }
        return ""
    }

    static func isParameters(_ cell: [String: Any], _ code: String) -> Bool {
        let tags = ((cell["metadata"] as? [String: Any])?["tags"] as? [String]) ?? []
        return tags.contains("parameters") || code.split(separator: "\n").first?.hasPrefix("param ") == true
    }

    /// The notebook as a document: markdown cells become prose, code cells become cells.
    public func document() -> NotebookDocument {
        var blocks: [NotebookDocument.Block] = []
        var codeIndex = 0
        for (k, c) in cells.enumerated() {
            let src = Self.source(c)
            if (c["cell_type"] as? String) == "code" {
                codeIndex += 1
                let code = src.hasSuffix("\n") || src.isEmpty ? src : src + "\n"
                var cell = NotebookDocument.Cell(openingFence: Self.isParameters(c, src) ? "```sift params\n" : "```sift\n", code: code, closingFence: "```\n",
                                                 firstLine: 1, isParameters: Self.isParameters(c, src), options: [:], previousOutput: nil)
                cell.sourceName = "\(path)[cell \(k + 1)]"
                cell.previousOutput = Self.storedRegion(c, cell: k).region
                blocks.append(.cell(cell))
            } else {
                blocks.append(.prose(src + (src.hasSuffix("\n") ? "\n" : "\n\n")))
            }
        }
        var document = NotebookDocument(blocks: blocks, path: path)
        document.origin = ReportOrigin(json: (json["metadata"] as? [String: Any])?["sift"])
        return document
    }

    /// A code cell's stored outputs as the output region a run would write, for `sift test`.
    /// Charts get links `ipynb-chart:CELL-PART`, whose data `storedCharts` returns from the
    /// SVG embedded in the notebook. Nil when the cell has no outputs.
    static func storedRegion(_ cell: [String: Any], cell k: Int) -> (region: String?, charts: [String: String]) {
        guard let outputs = cell["outputs"] as? [[String: Any]], !outputs.isEmpty else { return (nil, [:]) }
        func text(_ v: Any?) -> String {
            if let s = v as? String { return s }
            if let l = v as? [String] { return l.joined() }
            return ""
        }
        var parts: [OutputPart] = []
        var charts: [String: String] = [:]
        for o in outputs {
            let data = o["data"] as? [String: Any] ?? [:]
            switch o["output_type"] as? String {
            case "stream": parts.append(.text(text(o["text"])))
            case "execute_result":
                if let md = data["text/markdown"] { parts.append(.table(text(md))) } else { parts.append(.text(text(data["text/plain"]))) }
            case "display_data":
                let link = "ipynb-chart:\(k + 1)-\(parts.count + 1)"
                if let svg = data["image/svg+xml"], let values = ChartValues.extract(fromSVG: text(svg)) { charts[link] = values }
                parts.append(.image(alt: text(data["text/plain"]), path: link))
            case "error":
                parts.append(.error((o["traceback"] as? [String] ?? []).joined(separator: "\n")))
            default: break
            }
        }
        return (OutputRegion.markdown(parts), charts)
    }

    /// The data of every chart stored in the notebook, by the links `storedRegion` gives them.
    public func storedCharts() -> [String: String] {
        var all: [String: String] = [:]
        for (k, c) in cells.enumerated() where (c["cell_type"] as? String) == "code" {
            all.merge(Self.storedRegion(c, cell: k).charts) { a, _ in a }
        }
        return all
    }

    /// A new notebook from a Markdown document (for `--format ipynb` on a .md notebook).
    public static func from(_ document: NotebookDocument) -> IpynbNotebook {
        var cells: [[String: Any]] = []
        for b in document.blocks {
            switch b {
            case .prose(let p):
                let t = p.trimmingCharacters(in: "\n")
                if !t.isEmpty { cells.append(["cell_type": "markdown", "metadata": [String: Any](), "source": t]) }
            case .cell(let c):
                var meta: [String: Any] = [:]
                if c.isParameters { meta["tags"] = ["parameters"] }
                cells.append(["cell_type": "code", "metadata": meta, "source": c.code.hasSuffix("\n") ? String(c.code.dropLast()) : c.code,
                              "outputs": [Any](), "execution_count": NSNull()])
            }
        }
        let json: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": ["kernelspec": ["name": "sift", "display_name": "Sift", "language": "sift"], "language_info": ["name": "sift", "file_extension": ".sift"]],
            "cells": cells,
        ]
        return IpynbNotebook(json: json, cells: cells, path: document.path)
    }

    /// The notebook with each executed code cell's outputs replaced. Chart links are relative
    /// to `linkBase`, the folder the report is written to (default: the notebook's folder).
    public func rendered(result: RunResult, linkBase: String? = nil, origin: ReportOrigin? = nil) -> String {
        let base = linkBase ?? NotebookRunner.folder(of: path)
        var json = self.json
        var out: [[String: Any]] = []
        var codeIndex = 0
        var executionCount = 0
        for (k, var c) in cells.enumerated() {
            if c["id"] == nil { c["id"] = "cell-\(k + 1)" }
            if c["metadata"] == nil { c["metadata"] = [String: Any]() }
            guard (c["cell_type"] as? String) == "code" else { out.append(c); continue }
            defer { codeIndex += 1 }
            if codeIndex < result.cells.count, let r = result.cells[codeIndex] {
                executionCount += 1
                c["execution_count"] = executionCount
                c["outputs"] = outputs(r, count: executionCount, base: base)
            } else if Self.isParameters(c, Self.source(c)), let summary = result.parameterSummary {
                c["outputs"] = [["output_type": "stream", "name": "stdout", "text": summary + "\n"]]
            } else if c["outputs"] == nil {
                c["outputs"] = [Any]()
                c["execution_count"] = NSNull()
            }
            out.append(c)
        }
        json["cells"] = out
        var metadata = json["metadata"] as? [String: Any] ?? [:]
        metadata["sift"] = origin?.json
        json["metadata"] = metadata
        if json["nbformat_minor"] == nil || ((json["nbformat_minor"] as? Int) ?? 0) < 5 { json["nbformat_minor"] = 5 }
        guard let data = try? JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    func outputs(_ r: CellResult, count: Int, base: String) -> [[String: Any]] {
        var list: [[String: Any]] = []
        for p in r.parts {
            switch p {
            case .text(let t):
                list.append(["output_type": "stream", "name": "stdout", "text": t.hasSuffix("\n") ? t : t + "\n"])
            case .table(let t):
                list.append(["output_type": "execute_result", "execution_count": count, "metadata": [String: Any](),
                             "data": ["text/markdown": t, "text/plain": t]])
            case .image(let alt, let p):
                let full = p.hasPrefix("/") ? p : base + "/" + p
                var data: [String: Any] = ["text/plain": alt]
                if let d = FileManager.default.contents(atPath: full), let svg = String(data: d, encoding: .utf8) { data["image/svg+xml"] = svg }
                list.append(["output_type": "display_data", "metadata": [String: Any](), "data": data])
            case .error(let t):
                let first = t.split(separator: "\n").first.map(String.init) ?? t
                list.append(["output_type": "error", "ename": "SiftError", "evalue": first, "traceback": t.split(separator: "\n").map(String.init)])
            }
        }
        return list
    }
}
