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
        LineEditor.bracketedPaste(true)
        defer { LineEditor.bracketedPaste(false) }
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
            // Inside a bracketed paste every line belongs to the entry; it runs at the Enter
            // after the paste (as in IPython), so a pasted pipeline is one entry.
            if LineEditor.pasting { continue }
            guard InputCompleteness.isComplete(buffer) else { continue }
            var entry = buffer
            buffer = ""
            if entry.trimmingWhitespace.isEmpty { continue }
            while entry.hasSuffix("\n") { entry.removeLast() }
            if Continuation.startsWithPipe(entry) {
                continuePrevious(entry)
                continue
            }
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
                let (parts, previous) = try evaluateRecording(entry, name: "<input>")
                transcript.add(code: entry, parts: parts)
                self.previous = previous.map { (entry, $0) }
            } catch {
                self.previous = nil
                report(error)
            }
        }
    }

    /// The last entry, when a line starting with `|>` may continue it.
    var previous: (code: String, result: Continuation.Previous)?

    /// A line starting with `|>` continues the previous entry (see `Continuation`): the new
    /// steps run on its result, without running it again, and the two become one entry in the
    /// history and in `:save`.
    func continuePrevious(_ line: String) {
        guard let (code, result) = previous else {
            report(SiftError(.syntax, "a line starting with |> continues the previous entry, but there is none to continue",
                             hint: "put the value before it: df |> …; or end the previous line with |>"))
            return
        }
        let combined = code + "\n" + line
        editor.remember(combined)
        let run: String
        switch result {
        case .assignment(let name): run = "\(name) = \(name)\n" + line
        case .value(let v):
            session.interpreter.globals.set(Continuation.hiddenName, v)
            run = Continuation.hiddenName + "\n" + line
        }
        defer { session.interpreter.globals.remove(Continuation.hiddenName) }
        do {
            let (parts, next) = try evaluateRecording(run, name: "<input>")
            transcript.replaceLast(code: combined, parts: parts)
            previous = next.map { (combined, $0) }
        } catch {
            report(error)
        }
    }

    /// Runs code on a large stack, printing as it goes, and returns everything it printed.
    func evaluate(_ code: String, name: String) throws -> String {
        try run(code, name: name).printed
    }

    /// Runs an entry and returns what a notebook cell with this code would show (for `:save`),
    /// and what a following `|>` line may continue.
    func evaluateRecording(_ code: String, name: String) throws -> ([Transcript.Part], Continuation.Previous?) {
        let r = try run(code, name: name)
        return (r.parts, r.continuable)
    }

    /// How a notebook run shows values (`sift run`'s display, with this session's display
    /// options), so a saved session tests clean.
    var notebookDisplay: ValueDisplay {
        var d = session.display
        d.format = .markdown
        d.width = 120
        d.color = false
        d.maxColumns = nil
        return d
    }

    func run(_ code: String, name: String) throws -> (printed: String, parts: [Transcript.Part], continuable: Continuation.Previous?) {
        entryNumber += 1
        // Tables follow the terminal's width as it is now (the window may have been resized).
        if let columns = Self.terminalColumns() { session.display.width = columns }
        var outcomes = 0
        var continuable: Continuation.Previous?
        var captured = ""
        var parts: [Transcript.Part] = []
        var pendingText = ""
        func flushText() {
            if !pendingText.isEmpty { parts.append(.text(pendingText)); pendingText = "" }
        }
        let notebook = notebookDisplay
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
                    outcomes += 1
                    continuable = Continuation.previous(outcome)
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
        return (captured, parts, outcomes == 1 ? continuable : nil)
    }

    /// The terminal's width in columns, asked afresh each time (nil when not a terminal).
    static func terminalColumns() -> Int? {
        var ws = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return nil }
        return Int(ws.ws_col)
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
