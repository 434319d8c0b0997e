#if canImport(Glibc)
import Glibc
#endif
import SiftFrame
import SiftLanguage
import SiftRuntime

/// The interactive shell: reads entries (several lines when the input is incomplete),
/// evaluates them in one session, prints values, and survives errors and Ctrl-C.
public final class REPL {
    let session: Session
    let editor: LineEditor
    var transcript = Transcript()
    let meta: MetaCommands
    let color: Bool
    var entryNumber = 0

    public init(session: Session, color: Bool, history: HistoryPolicy = HistoryPolicy()) {
        self.session = session
        self.color = color
        self.editor = LineEditor(history: history)
        self.meta = MetaCommands(session: session, protectedNames: Set(session.interpreter.globals.allNames))
        let completer = Completer(session: session)
        LineEditor.completer = { completer.complete($0) }
    }

    public func run(version: String) {
        print("Sift \(version) · :help for help, Ctrl-D to quit")
        var buffer = ""
        while true {
            LineEditor.pendingContext = buffer.isEmpty ? "" : buffer + "\n"
            let prompt = buffer.isEmpty ? "sift> " : "  ... "
            let line = editor.read(prompt: prompt)
            if LineEditor.interrupted != 0 {
                // Ctrl-C while typing: drop the entry, keep the session.
                LineEditor.interrupted = 0
                Interrupt.reset()
                if line == nil || !buffer.isEmpty || !(line ?? "").isEmpty { print("^C") }
                buffer = ""
                continue
            }
            guard let line else {
                if !buffer.isEmpty { print(""); buffer = ""; continue }
                print("")
                return
            }
            buffer = buffer.isEmpty ? line : buffer + "\n" + line
            guard InputCompleteness.isComplete(buffer) else { continue }
            let entry = buffer
            buffer = ""
            if entry.trimmingWhitespace.isEmpty { continue }
            editor.remember(entry)
            Interrupt.reset()
            if entry.trimmingWhitespace.hasPrefix(":") {
                do {
                    switch try meta.run(entry, transcript: transcript, evaluate: { code, name in try self.evaluate(code, name: name) }) {
                    case .quit: return
                    case .output(let text): if !text.isEmpty { print(text) }
                    }
                } catch {
                    report(error)
                }
                continue
            }
            do {
                let parts = try evaluateRecording(entry, name: "<input>")
                transcript.add(code: entry, parts: parts)
            } catch {
                report(error)
            }
        }
    }

    /// Runs code on a large stack, printing as it goes, and returns everything it printed.
    func evaluate(_ code: String, name: String) throws -> String {
        try run(code, name: name).printed
    }

    /// Runs an entry and returns what a notebook cell with this code would show (for `:save`).
    func evaluateRecording(_ code: String, name: String) throws -> [Transcript.Part] {
        try run(code, name: name).parts
    }

    /// How a notebook run shows values (`sift run`'s display), so a saved session tests clean.
    static let notebookDisplay = ValueDisplay(format: .markdown, width: 120, maxRows: 20, color: false)

    func run(_ code: String, name: String) throws -> (printed: String, parts: [Transcript.Part]) {
        entryNumber += 1
        var captured = ""
        var parts: [Transcript.Part] = []
        var pendingText = ""
        func flushText() {
            if !pendingText.isEmpty { parts.append(.text(pendingText)); pendingText = "" }
        }
        let notebook = Self.notebookDisplay
        var failure: Error?
        let display = session.display
        session.interpreter.write = { text in
            captured += text
            pendingText += text
            fputs(text, stdout)
            fflush(stdout)
        }
        LineEditor.pressesWhileEvaluating = 0
        LineEditor.evaluating = 1
        defer { LineEditor.evaluating = 0 }
        LargeStack.run {
            do {
                try self.session.run(Source(name: name, text: code)) { outcome in
                    if case .value(let v) = outcome, !v.isNull {
                        switch v {
                        case .frame, .grouped, .column:
                            flushText()
                            parts.append(.table(notebook.render(v)))
                        case .object(let o):
                            if let chart = o as? ChartObject {
                                flushText()
                                parts.append(.chart(chart))
                            } else {
                                pendingText += o.render(width: 100) + "\n"
                            }
                        default: pendingText += notebook.repr(v) + "\n"
                        }
                    }
                    var text = ""
                    switch outcome {
                    case .value(let v) where !v.isNull: text = display.repr(v) + "\n"
                    case .assigned(let names, let v) where names.count == 1:
                        switch v {
                        case .frame, .grouped, .object, .column: text = display.summaryLine(names[0], v) + "\n"
                        default: break
                        }
                    case .defined(let fn): text = "defined \(fn)\n"
                    default: break
                    }
                    captured += text
                    fputs(text, stdout)
                }
            } catch {
                failure = error
            }
        }
        fflush(stdout)
        Interrupt.reset()
        LineEditor.interrupted = 0
        if let failure { throw failure }
        flushText()
        return (captured, parts)
    }

    func report(_ error: Error) {
        fflush(stdout)
        if let e = error as? SiftError, e.kind == .cancelled { fputs("\n", stderr) }
        if let e = error as? SiftError {
            fputs(e.render(color: color) + "\n", stderr)
        } else {
            fputs((color ? "\u{1B}[1;31merror\u{1B}[0m: " : "error: ") + "\(error)\n", stderr)
        }
    }
}
