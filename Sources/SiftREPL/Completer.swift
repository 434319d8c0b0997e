#if canImport(Glibc)
import Glibc
#endif
import SiftFrame
import SiftLanguage
import SiftRuntime

/// Tab completion from the interpreter's own knowledge: columns of the frame (local, or remote
/// from its schema alone) flowing into the pipeline being typed, named arguments of the function being called, variables, builtin and
/// stdlib functions, keywords, meta-commands, and file paths inside string literals.
public struct Completer {
    public let session: Session
    public init(session: Session) { self.session = session }

    public static let metaCommands = [":help", ":vars", ":schema", ":time", ":explain", ":load", ":save", ":clear", ":quit"]

    /// `context` is the whole entry typed so far (earlier lines of a multi-line entry plus the
    /// current line up to the cursor). Returns the length of the word being completed and the
    /// candidates that replace it.
    public func complete(_ context: String) -> (word: String, candidates: [String]) {
        let line = context.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? context
        // Meta-commands run with leading blanks too (the REPL trims the entry), so complete them so.
        let unindented = String(context.drop { $0 == " " || $0 == "\t" })
        if unindented.hasPrefix(":") { return completeMeta(unindented) }
        if let partial = Completer.openString(in: line) {
            return (partial, Completer.paths(partial))
        }
        let word = Completer.trailingWord(line)
        // `df.col`: columns of a frame variable.
        if line.dropLast(word.count).hasSuffix("."), let owner = Completer.trailingWord(String(line.dropLast(word.count + 1))).nonEmpty,
           case .frame(let f)? = session.interpreter.globals.lookup(owner) {
            return (word, f.names.filter { $0.hasPrefix(word) })
        }
        var candidates: [String] = []
        let columns = pipelineColumns(context)
        candidates += columns.filter { $0.hasPrefix(word) }
        if let fn = Completer.enclosingCall(context), let b = session.interpreter.builtins[fn] {
            candidates += b.parameterNames.filter { $0.hasPrefix(word) }.map { $0 + ":" }
        }
        let globals = session.interpreter.globals.allNames
        candidates += globals.filter { $0.hasPrefix(word) }
        candidates += session.interpreter.builtins.keys.sorted().filter { $0.hasPrefix(word) }
        candidates += Keyword.allCases.map(\.rawValue).filter { $0.hasPrefix(word) }
        var seen = Set<String>()
        return (word, candidates.filter { !$0.isEmpty && seen.insert($0).inserted })
    }

    func completeMeta(_ context: String) -> (String, [String]) {
        let parts = context.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if parts.count <= 1 { return (context, Completer.metaCommands.filter { $0.hasPrefix(context) }) }
        let word = parts.last ?? ""
        switch parts[0] {
        case ":help":
            let names = session.interpreter.builtins.keys.sorted() + session.interpreter.globals.allNames.filter {
                if case .function? = session.interpreter.globals.lookup($0) { return true }
                return false
            }
            return (word, names.filter { $0.hasPrefix(word) })
        case ":schema":
            return (word, session.interpreter.globals.allNames.filter { name in
                guard name.hasPrefix(word) else { return false }
                switch session.interpreter.globals.lookup(name) {
                case .frame?, .grouped?: return true
                default: return false
                }
            })
        case ":load", ":save": return (word, Completer.paths(word))
        default: return (word, [])
        }
    }

    /// Columns of the frame variable at the head of the pipeline being typed, plus columns the
    /// pipeline creates along the way (`mutate(x = …)`, `summarize(n = …)`).
    func pipelineColumns(_ context: String) -> [String] {
        let statement = Completer.currentStatement(context)
        var names: [String] = []
        guard let head = Completer.pipelineHead(statement) else { return [] }
        switch session.interpreter.globals.lookup(head) {
        case .frame(let f)?: names = f.names
        case .grouped(let g)?: names = g.frame.names
        // A remote frame (a table in a database): its schema is known without fetching a row.
        case .object(let o as KnownColumns)?: names = o.columnNames
        default: return []
        }
        // Names assigned inside calls: `name =` after `(` or `,` (not inside strings).
        let chars = Completer.code(statement)
        var i = 0
        while i < chars.count {
            if chars[i] == "(" || chars[i] == "," {
                var j = i + 1
                while j < chars.count, chars[j] == " " || chars[j] == "\n" { j += 1 }
                var k = j
                while k < chars.count, chars[k].isLetter || chars[k].isNumber || chars[k] == "_" { k += 1 }
                var m = k
                while m < chars.count, chars[m] == " " { m += 1 }
                if k > j, m < chars.count, chars[m] == "=", m + 1 >= chars.count || chars[m + 1] != "=" {
                    names.append(String(chars[j..<k]))
                }
            }
            i += 1
        }
        return names
    }

    /// The text of the statement being typed: after the last top-level `;`, and after the
    /// statement's `name =` if it assigns.
    static func currentStatement(_ context: String) -> String {
        let chars = Array(context)
        let code = Completer.code(context)
        var depth = 0
        var start = 0
        var assignment: Int? = nil
        for (i, c) in code.enumerated() {
            if c == "(" || c == "[" || c == "{" {
                depth += 1
            } else if c == ")" || c == "]" || c == "}" {
                depth -= 1
            } else if c == ";", depth == 0 {
                start = i + 1
                assignment = nil
            } else if c == "=", depth == 0, assignment == nil {
                let next: Character = i + 1 < code.count ? code[i + 1] : " "
                let prev: Character = i > start ? code[i - 1] : " "
                if next != "=" && !"!<>=".contains(prev) { assignment = i }
            }
        }
        return String(chars[(assignment.map { $0 + 1 } ?? start)...])
    }

    /// The characters of `text` with string literals and `#` comments blanked out (same
    /// length), so bracket and `=` scans only see code.
    static func code(_ text: String) -> [Character] {
        var out: [Character] = []
        var quote: Character? = nil
        var escaped = false
        var comment = false
        for ch in text {
            if comment {
                if ch == "\n" { comment = false }
                out.append(ch == "\n" ? ch : " ")
            } else if let q = quote {
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == q { quote = nil }
                out.append(ch == q && quote == nil ? ch : " ")
            } else {
                if ch == "\"" || ch == "'" { quote = ch } else if ch == "#" { comment = true }
                out.append(ch == "#" ? " " : ch)
            }
        }
        return out
    }

    /// The first identifier of a pipeline (`customers` in `customers |> filter(…)`), or the first
    /// argument of the outermost call (`filter(customers, …)`).
    static func pipelineHead(_ statement: String) -> String? {
        let trimmed = statement.trimmingWhitespace
        var name = ""
        for ch in trimmed {
            if ch.isLetter || ch.isNumber || ch == "_" { name.append(ch) } else { break }
        }
        guard !name.isEmpty else { return nil }
        let rest = String(trimmed.dropFirst(name.count)).trimmingWhitespace
        if rest.hasPrefix("(") {
            // f(df, …): the first argument.
            return pipelineHead(String(rest.dropFirst()))
        }
        return name
    }

    /// The name of the innermost function call whose parenthesis is still open.
    static func enclosingCall(_ context: String) -> String? {
        var depth = 0
        let chars = Completer.code(context)
        var i = chars.count - 1
        while i >= 0 {
            let c = chars[i]
            if c == ")" || c == "]" || c == "}" { depth += 1 } else if c == "(" || c == "[" || c == "{" {
                if depth == 0 {
                    guard c == "(" else { return nil }
                    var j = i - 1
                    while j >= 0, chars[j] == " " { j -= 1 }
                    var k = j
                    while k >= 0, chars[k].isLetter || chars[k].isNumber || chars[k] == "_" { k -= 1 }
                    return j > k ? String(chars[(k + 1)...j]) : nil
                }
                depth -= 1
            }
            i -= 1
        }
        return nil
    }

    static func trailingWord(_ line: String) -> String {
        var word = ""
        for ch in line.reversed() {
            if ch.isLetter || ch.isNumber || ch == "_" { word.insert(ch, at: word.startIndex) } else { break }
        }
        return word
    }

    /// The partial text of an unterminated string literal at the end of the line, if any.
    public static func openString(in line: String) -> String? {
        var inString: Character? = nil
        var current = ""
        var escaped = false
        for ch in line {
            if let q = inString {
                if escaped { escaped = false; current.append(ch); continue }
                if ch == "\\" { escaped = true; continue }
                if ch == q { inString = nil; continue }
                current.append(ch)
            } else if ch == "\"" || ch == "'" {
                inString = ch
                current = ""
            } else if ch == "#" {
                return nil
            }
        }
        return inString == nil ? nil : current
    }

    /// Files and folders matching a partial path; folders end in `/`.
    public static func paths(_ partial: String) -> [String] {
        var dir = "."
        var prefix = partial
        var shown = ""
        if let slash = partial.lastIndex(of: "/") {
            shown = String(partial[...slash])
            dir = shown.isEmpty ? "/" : shown
            prefix = String(partial[partial.index(after: slash)...])
        }
        if dir.hasPrefix("~/"), let home = getenv("HOME") { dir = String(cString: home) + dir.dropFirst(1) }
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard name != ".", name != "..", name.hasPrefix(prefix) else { continue }
            if name.hasPrefix(".") && !prefix.hasPrefix(".") { continue }
            var st = stat()
            let isDir = stat((dir.hasSuffix("/") ? dir : dir + "/") + name, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
            out.append(shown + name + (isDir ? "/" : ""))
        }
        return out.sorted()
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
