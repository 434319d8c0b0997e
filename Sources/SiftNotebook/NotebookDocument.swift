/// A Markdown notebook: prose kept byte for byte, fenced ```sift cells, and the output region
/// a previous run left after each cell. Rendering puts fresh output regions back in the same
/// places, so a rendered notebook is at once the report, the notebook and the golden file.
public struct NotebookDocument {
    public enum Block {
        /// Text kept exactly as written (including other code blocks).
        case prose(String)
        case cell(Cell)
    }

    public struct Cell {
        /// The opening fence line, the code and the closing fence line, exactly as written.
        public var openingFence: String
        public var code: String
        public var closingFence: String
        /// 1-based line number of the first code line in the file.
        public var firstLine: Int
        /// `sift params` cells declare parameters.
        public var isParameters: Bool
        /// Options from the info string, e.g. ```sift timeout=30.
        public var options: [String: String]
        /// The output region found after the cell, if the notebook was rendered before.
        public var previousOutput: String?
        /// How errors name this cell (`report.ipynb[cell 3]`); nil means the notebook's path.
        public var sourceName: String? = nil
    }

    public var blocks: [Block]
    public let path: String
    /// Where the report was run from (its first line, `<!-- sift:report … -->`); written back
    /// first by `rendered`. Nil for a notebook never rendered elsewhere or with parameters.
    public var origin: ReportOrigin?

    public var cells: [Cell] {
        blocks.compactMap { if case .cell(let c) = $0 { return c } else { return nil } }
    }

    public static let outputStart = "<!-- sift:output -->"
    public static let outputEnd = "<!-- /sift:output -->"

    /// Parses Markdown; an unterminated fence is an error naming its line.
    public static func parse(_ text: String, path: String) throws -> NotebookDocument {
        var blocks: [Block] = []
        var prose = ""
        let lines = text.splitLinesKeepingEnds()
        var i = 0
        func flushProse() {
            if !prose.isEmpty { blocks.append(.prose(prose)); prose = "" }
        }
        while i < lines.count {
            let line = lines[i]
            guard let fence = Fence.opening(line) else { prose += line; i += 1; continue }
            // Find the closing fence.
            var j = i + 1
            while j < lines.count, !fence.closes(lines[j]) { j += 1 }
            guard j < lines.count else {
                throw NotebookError.unterminatedFence(path: path, line: i + 1)
            }
            let info = fence.info
            let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.first == "sift" else {
                prose += lines[i...j].joined()
                i = j + 1
                continue
            }
            flushProse()
            var options: [String: String] = [:]
            for w in words.dropFirst() where w.contains("=") {
                let kv = w.split(separator: "=", maxSplits: 1).map(String.init)
                guard let key = kv.first, !key.isEmpty else { continue }
                options[key] = kv.count > 1 ? kv[1] : ""
            }
            var cell = Cell(openingFence: line, code: lines[(i + 1)..<j].joined(), closingFence: lines[j], firstLine: i + 2,
                            isParameters: words.dropFirst().first == "params", options: options, previousOutput: nil)
            i = j + 1
            // An output region from an earlier run: blank lines, the start marker … the end marker.
            var k = i
            while k < lines.count, lines[k].trimmingCharacters(in: " \t\r\n").isEmpty { k += 1 }
            if k < lines.count, lines[k].trimmingCharacters(in: " \t\r\n") == outputStart {
                // The end marker counts outside fences only: a cell may print the marker itself.
                var m = k + 1
                var inner: Fence? = nil
                while m < lines.count {
                    if let f = inner {
                        if f.closes(lines[m]) { inner = nil }
                    } else if let f = Fence.opening(lines[m]) {
                        inner = f
                    } else if lines[m].trimmingCharacters(in: " \t\r\n") == outputEnd {
                        break
                    }
                    m += 1
                }
                guard m < lines.count else { throw NotebookError.unterminatedOutput(path: path, line: k + 1) }
                cell.previousOutput = lines[(k + 1)..<m].joined()
                i = m + 1
            }
            blocks.append(.cell(cell))
        }
        flushProse()
        var document = NotebookDocument(blocks: blocks, path: path)
        // The origin line is taken out of the prose here (not before parsing) so cells keep
        // their true line numbers in errors.
        if case .prose(let first)? = blocks.first {
            let (origin, rest) = ReportOrigin.split(markdown: first)
            if let origin {
                document.origin = origin
                document.blocks[0] = .prose(rest)
                if rest.isEmpty { document.blocks.removeFirst() }
            }
        }
        return document
    }

    /// The document with each cell followed by its new output region (`outputs[k]` for the k-th
    /// cell; nil keeps whatever region the cell had, so cells that did not run keep old results).
    public func rendered(outputs: [String?]) -> String {
        var out = origin?.markdownLine ?? ""
        var k = 0
        for b in blocks {
            switch b {
            case .prose(let p): out += p
            case .cell(let c):
                out += c.openingFence + c.code + c.closingFence
                // Scalar checks: "\r\n" is one Character, so `hasSuffix("\n")` is false for CRLF lines.
                if !c.closingFence.endsWithLineBreak { out += "\n" }
                let region = k < outputs.count ? (outputs[k] ?? c.previousOutput) : c.previousOutput
                if let region, !region.isEmpty {
                    out += "\n" + Self.outputStart + "\n" + region + (region.endsWithLineBreak ? "" : "\n") + Self.outputEnd + "\n"
                }
                k += 1
            }
        }
        return out
    }
}

/// A fenced code block's opening line: ``` or ~~~ (three or more), indented at most 3 spaces.
struct Fence {
    let character: Character
    let length: Int
    let info: String

    static func opening(_ line: String) -> Fence? {
        var s = Substring(line)
        var indent = 0
        while s.first == " ", indent < 4 { s.removeFirst(); indent += 1 }
        guard indent <= 3, let c = s.first, c == "`" || c == "~" else { return nil }
        let run = s.prefix { $0 == c }.count
        guard run >= 3 else { return nil }
        let info = String(s.dropFirst(run)).trimmingCharacters(in: " \t\r\n")
        if c == "`" && info.contains("`") { return nil }
        return Fence(character: c, length: run, info: info)
    }

    func closes(_ line: String) -> Bool {
        var s = Substring(line)
        var indent = 0
        while s.first == " ", indent < 4 { s.removeFirst(); indent += 1 }
        guard indent <= 3 else { return false }
        let run = s.prefix { $0 == character }.count
        return run >= length && s.dropFirst(run).trimmingCharacters(in: " \t\r\n").isEmpty
    }
}

public enum NotebookError: Error, CustomStringConvertible {
    case unterminatedFence(path: String, line: Int)
    case unterminatedOutput(path: String, line: Int)
    case unreadable(path: String, reason: String)
    case invalidNotebook(path: String, reason: String)

    public var description: String {
        switch self {
        case .unterminatedFence(let p, let l): return "\(p):\(l): a code block opened here is never closed (add a closing ``` line)"
        case .unterminatedOutput(let p, let l): return "\(p):\(l): an output region opened here has no \(NotebookDocument.outputEnd) line"
        case .unreadable(let p, let r): return "\(p): \(r)"
        case .invalidNotebook(let p, let r): return "\(p): not a valid notebook: \(r)"
        }
    }
}

extension String {
    /// True when the last scalar is "\n" (so both "…\n" and "…\r\n").
    var endsWithLineBreak: Bool { unicodeScalars.last == "\n" }

    func splitLinesKeepingEnds() -> [String] {
        var out: [String] = []
        var current = ""
        for ch in self {
            current.append(ch)
            if ch == "\n" || ch == "\r\n" { out.append(current); current = "" }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Trims characters whose every scalar is in `set` (so "\r\n", one Character, trims too).
    func trimmingCharacters(in set: String) -> String {
        let scalars = Set(set.unicodeScalars)
        func member(_ c: Character) -> Bool { c.unicodeScalars.allSatisfy { scalars.contains($0) } }
        var s = Substring(self)
        while let f = s.first, member(f) { s.removeFirst() }
        while let l = s.last, member(l) { s.removeLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
