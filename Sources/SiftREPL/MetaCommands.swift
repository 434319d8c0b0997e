import SiftFrame
import SiftLanguage
import SiftRuntime

/// `:help`, `:vars`, `:schema`, `:time`, `:explain`, `:load`, `:save`, `:clear`, `:quit`.
struct MetaCommands {
    let session: Session
    let protectedNames: Set<String>

    enum Result {
        case output(String)
        case quit
    }

    static let help: [(String, String)] = [
        (":help [name]", "this list, or the signature, description and example of a function"),
        (":vars", "variables of the session with their types"),
        (":schema name", "columns and types of a frame (or of a remote frame, without a query)"),
        (":time expr", "evaluate and report the wall time"),
        (":explain pipeline", "the optimised plan of a pipeline, without running it"),
        (":load file.sift", "run a script in this session"),
        (":save file.md", "save this session's entries and outputs as a notebook"),
        (":clear", "forget every variable (functions of the standard library stay)"),
        (":quit", "leave (also Ctrl-D)"),
    ]

    func run(_ line: String, transcript: Transcript, evaluate: (String, String) throws -> String) throws -> Result {
        let trimmed = line.trimmingWhitespace
        let space = trimmed.firstIndex(of: " ")
        let command = space.map { String(trimmed[..<$0]) } ?? trimmed
        let argument = space.map { String(trimmed[$0...]).trimmingWhitespace } ?? ""
        switch command {
        case ":help", ":h", ":?": return .output(helpText(argument))
        case ":vars": return .output(vars())
        case ":schema":
            guard let v = session.interpreter.globals.lookup(argument) else {
                throw SiftError(.runtime, "no variable named '\(argument)'", hint: "usage: :schema frame_name")
            }
            let f: Frame
            switch v {
            case .frame(let x): f = x
            case .grouped(let g): f = g.frame
            case .object(let remote as KnownColumns):
                // Names and types from the compiled relation: no query runs (nulls and examples
                // would need one over the whole table).
                let table = try Frame(columns: [
                    Column(name: "column", storage: .string(.make(remote.columnNames))),
                    Column(name: "type", storage: .string(.make(remote.columnTypes.map(\.rawValue)))),
                ])
                return .output(session.display.render(.frame(table)) + "\n(\(remote.summaryLine); for null counts and examples: schema(collect(\(argument))))")
            default: throw SiftError(.runtime, "'\(argument)' is a \(v.typeName), not a frame")
            }
            return .output(session.display.render(try session.evaluate("schema($\(argument))")) + (f.rowCount >= 0 ? "" : ""))
        case ":time":
            guard !argument.isEmpty else { throw SiftError(.runtime, "usage: :time expression") }
            // `evaluate` prints the value as it runs (and returns it for the record): only the
            // time is left to show.
            let t0 = Clock.now()
            _ = try evaluate(argument, "<time>")
            let dt = Clock.now() - t0
            return .output("time: \(Self.seconds(dt))")
        case ":explain":
            guard !argument.isEmpty else { throw SiftError(.runtime, "usage: :explain df |> filter(x > 0) |> summarize(n = count())") }
            let statements = try Parser.parse(Source(name: "<explain>", text: argument))
            guard statements.count == 1, case .expression(let e) = statements[0].kind else {
                throw SiftError(.runtime, ":explain takes one pipeline", hint: "usage: :explain df |> filter(x > 0) |> summarize(n = count())")
            }
            return .output(try session.explain(e))
        case ":load":
            guard !argument.isEmpty else { throw SiftError(.runtime, "usage: :load file.sift") }
            let bytes = try FileBytes.read(argument, stopAtNUL: true)
            _ = try evaluate(String(decoding: bytes, as: UTF8.self), argument)  // already printed
            return .output("")
        case ":save":
            guard !argument.isEmpty else { throw SiftError(.runtime, "usage: :save file.md") }
            try transcript.save(to: argument)
            return .output("saved \(transcript.entries.count) entries to \(argument)")
        case ":clear":
            for name in session.interpreter.globals.allNames where !protectedNames.contains(name) {
                session.interpreter.globals.remove(name)
            }
            return .output("variables cleared")
        case ":quit", ":q", ":exit": return .quit
        default:
            let close = Suggest.closest(command, in: Self.help.map { String($0.0.split(separator: " ")[0]) })
            throw SiftError(.runtime, "unknown command \(command)", hint: close.map { "did you mean \($0)?" } ?? "type :help for the list")
        }
    }

    static func seconds(_ s: Double) -> String {
        s < 1e-3 ? "\(Int((s * 1e6).rounded())) µs" : s < 1 ? ScalarFormat.fixed(s * 1e3, decimals: 1) + " ms" : ScalarFormat.fixed(s, decimals: 3) + " s"
    }

    func helpText(_ name: String) -> String {
        let builtins = session.interpreter.builtinList
        if name.isEmpty {
            var out = "Meta-commands:\n"
            for (c, d) in Self.help { out += "  " + c.padding(18) + d + "\n" }
            var categories: [String: [String]] = [:]
            for b in builtins { categories[b.category, default: []].append(b.name) }
            out += "\nFunctions (:help name for details):\n"
            for cat in categories.keys.sorted() {
                out += "  " + cat.padding(12) + categories[cat]!.joined(separator: ", ") + "\n"
            }
            let user = userFunctions()
            if !user.isEmpty { out += "  " + "stdlib/user".padding(12) + user.map(\.name).joined(separator: ", ") + "\n" }
            out += "\nThe language: docs/language.md. Inside verbs, bare names are columns; $name is a variable."
            return out
        }
        if let b = session.interpreter.builtins[name] {
            return "\(b.signature)\n  \(b.summary)" + (b.example.isEmpty ? "" : "\n  example: \(b.example)")
        }
        if let u = userFunctions().first(where: { $0.name == name }) {
            let doc = session.functionDocs[name].map { "\n  " + $0 } ?? ""
            return u.signature + doc
        }
        let all = builtins.map(\.name) + userFunctions().map(\.name)
        return "no function named '\(name)'" + (Suggest.closest(name, in: all).map { "; did you mean '\($0)'?" } ?? "")
    }

    func userFunctions() -> [UserFunction] {
        session.interpreter.globals.allNames.compactMap {
            if case .function(let f)? = session.interpreter.globals.lookup($0), let u = f as? UserFunction { return u }
            return nil
        }
    }

    func vars() -> String {
        let names = session.interpreter.globals.allNames.filter { !protectedNames.contains($0) }
        guard !names.isEmpty else { return "no variables yet" }
        return names.map { n in
            let v = session.interpreter.globals.lookup(n)!
            return session.display.summaryLine(n, v).padding(60) + "  " + v.typeName
        }.joined(separator: "\n")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
