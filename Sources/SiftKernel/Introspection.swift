#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SiftFrame
import SiftLanguage
import SiftREPL
import SiftRuntime

/// `complete_request`, `inspect_request`, `is_complete_request` and `history_request`: the
/// REPL's completion engine and input detector, the builtin registry's help, the schema of
/// frames. Cursor positions in Jupyter count Unicode code points.
struct Introspection {
    let session: Session

    /// The code before a cursor given in code points.
    static func prefix(_ code: String, cursor: Int) -> String {
        let scalars = code.unicodeScalars
        let n = max(0, min(cursor, scalars.count))
        return String(String.UnicodeScalarView(scalars.prefix(n)))
    }

    func complete(code: String, cursor: Int) -> [String: Any] {
        let scalarCount = code.unicodeScalars.count
        let cursor = max(0, min(cursor, scalarCount))
        let (word, candidates) = Completer(session: session).complete(Self.prefix(code, cursor: cursor))
        return ["status": "ok", "matches": candidates, "cursor_start": cursor - word.unicodeScalars.count, "cursor_end": cursor,
                "metadata": [String: Any]()]
    }

    func isComplete(code: String) -> [String: Any] {
        switch InputCompleteness.status(code) {
        case .complete: return ["status": "complete"]
        case .incomplete: return ["status": "incomplete", "indent": ""]
        case .invalid: return ["status": "invalid"]
        }
    }

    /// The identifier around the cursor (or just before it).
    static func word(in code: String, cursor: Int) -> String {
        let scalars = Array(code.unicodeScalars)
        func isWord(_ u: Unicode.Scalar) -> Bool { u == "_" || u.properties.isAlphabetic || ("0"..."9").contains(u) }
        var start = max(0, min(cursor, scalars.count)), end = start
        while start > 0, isWord(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isWord(scalars[end]) { end += 1 }
        if start == end, start > 0, scalars[start - 1] == "(" {
            // `read_csv(|`: the function being called.
            end = start - 1
            start = end
            while start > 0, isWord(scalars[start - 1]) { start -= 1 }
        }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    func inspect(code: String, cursor: Int) -> [String: Any] {
        let name = Self.word(in: code, cursor: cursor)
        guard !name.isEmpty, let text = describe(name) else {
            return ["status": "ok", "found": false, "data": [String: Any](), "metadata": [String: Any]()]
        }
        return ["status": "ok", "found": true, "data": ["text/plain": text.plain, "text/markdown": text.markdown], "metadata": [String: Any]()]
    }

    /// Help for a function (signature, summary, example) or a variable (its type; a frame's
    /// schema).
    func describe(_ name: String) -> (plain: String, markdown: String)? {
        if let v = session.interpreter.globals.lookup(name) {
            switch v {
            case .function(let f as UserFunction):
                let doc = session.functionDocs[name].map { "\n\n" + $0 } ?? ""
                return (f.signature + doc, "`" + f.signature + "`" + doc)
            case .frame, .grouped:
                let frame: Frame
                if case .frame(let f) = v { frame = f } else if case .grouped(let g) = v { frame = g.frame } else { return nil }
                let header = session.display.summaryLine(name, v)
                let width = frame.names.map(\.count).max() ?? 0
                let plain = frame.columns.map { c in "  " + c.name + String(repeating: " ", count: width - c.name.count) + "  " + c.type.rawValue }
                let md = frame.columns.map { "| \($0.name.replacingOccurrences(of: "|", with: "\\|")) | \($0.type.rawValue) |" }
                return (header + "\n" + plain.joined(separator: "\n"),
                        "**" + header + "**\n\n| column | type |\n| --- | --- |\n" + md.joined(separator: "\n"))
            default:
                if session.interpreter.builtins[name] == nil {
                    let line = session.display.summaryLine(name, v) + "  (\(v.typeName))"
                    return (line, "`" + line + "`")
                }
            }
        }
        if let b = session.interpreter.builtins[name] {
            var plain = b.signature + "\n\n" + b.summary
            var md = "`" + b.signature + "`\n\n" + b.summary
            if !b.example.isEmpty {
                plain += "\n\nexample: " + b.example
                md += "\n\nExample:\n\n```sift\n" + b.example + "\n```"
            }
            plain += "\n\ncategory: " + b.category
            return (plain, md)
        }
        return nil
    }
}

/// The inputs executed with `store_history`, numbered by execution count, for `history_request`.
struct InputHistory {
    private(set) var entries: [(line: Int, input: String)] = []

    mutating func add(line: Int, input: String) { entries.append((line, input)) }

    func reply(_ content: [String: Any]) -> [String: Any] {
        let access = content["hist_access_type"] as? String ?? "tail"
        let output = content["output"] as? Bool ?? false
        var chosen: [(line: Int, input: String)]
        switch access {
        case "range":
            let start = content["start"] as? Int ?? 0
            let stop = content["stop"] as? Int
            chosen = entries.filter { e in e.line >= start && (stop.map { e.line < $0 } ?? true) }
        case "search":
            let pattern = content["pattern"] as? String ?? "*"
            chosen = entries.filter { fnmatch(pattern, $0.input, 0) == 0 }
            if content["unique"] as? Bool == true {
                var seen = Set<String>()
                chosen = chosen.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            if let n = content["n"] as? Int, n >= 0 { chosen = Array(chosen.suffix(n)) }
        default:
            let n = content["n"] as? Int ?? entries.count
            chosen = Array(entries.suffix(max(0, n)))
        }
        let history: [Any] = chosen.map { e in output ? [0, e.line, [e.input, NSNull()]] as [Any] : [0, e.line, e.input] as [Any] }
        return ["status": "ok", "history": history]
    }
}
