#if canImport(Glibc)
import Glibc
#endif
import CLibEdit

/// The terminal line editor (libedit through its readline API): editing keys, history across
/// sessions written after every entry, Ctrl-R search, and Tab completion from a Swift callback.
final class LineEditor {
    private let history: HistoryPolicy
    private var lastEntry: String?

    /// Set by the SIGINT handler; read and cleared by the REPL.
    nonisolated(unsafe) static var interrupted: Int32 = 0
    /// Non-zero while an entry is evaluated, and the Ctrl-C presses seen meanwhile: the first
    /// asks the work to stop; work stuck in native code that never checks (a 100-million-row
    /// `sample`) gets a warning on the second press and ends Sift on the third.
    nonisolated(unsafe) static var evaluating: Int32 = 0
    nonisolated(unsafe) static var pressesWhileEvaluating: Int32 = 0
    nonisolated(unsafe) static var completer: ((String) -> (word: String, candidates: [String]))?
    nonisolated(unsafe) static var pendingContext = ""
    nonisolated(unsafe) static var matches: [String] = []

    init(history: HistoryPolicy) {
        self.history = history
        // libedit reads multibyte input only in a UTF-8 LC_CTYPE; Swift never calls setlocale, so
        // without this every non-ASCII character typed (`"Zürich"`) is silently dropped.
        LineEditor.useUTF8Locale()
        sift_rl_set_name("sift")
        // Word breaks leave out `/`, `.` and `_` so paths and names complete as one word.
        rl_initialize()
        sift_rl_set_word_breaks(" \t\n\"'(),[]{}=+-*<>!|~:;")
        sift_rl_enable_bracketed_paste()
        stifle_history(Int32(history.capacity))
        history.prepare()
        if let path = history.path { _ = read_history(path) }
        sift_rl_set_completer { text, start, end in
            LineEditor.completions(text: text, start: start, end: end)
        }
        LineEditor.installInterruptHandler()
    }

    /// True between the terminal's paste markers: the lines read belong to one pasted entry.
    static var pasting: Bool { sift_rl_pasting() != 0 }
    static func resetPasting() { sift_rl_reset_pasting() }

    /// Asks the terminal to mark pastes (bracketed paste mode), or stops asking.
    static func bracketedPaste(_ on: Bool) {
        fputs(on ? "\u{1B}[?2004h" : "\u{1B}[?2004l", stdout)
        fflush(stdout)
    }

    /// Reads one line; nil at end of input (Ctrl-D on an empty line).
    func read(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// Records an entry (a multi-line entry stays one entry) and saves the file at once, so a
    /// killed session loses nothing. Consecutive duplicates are collapsed.
    func remember(_ entry: String) {
        guard !entry.trimmingWhitespace.isEmpty, entry != lastEntry else { return }
        lastEntry = entry
        add_history(entry)
        if let path = history.path { _ = write_history(path) }
    }

    static func useUTF8Locale() {
        setlocale(LC_CTYPE, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) == "UTF-8" { return }
        setlocale(LC_CTYPE, "C.UTF-8")
    }

    nonisolated(unsafe) static var mainThread = pthread_self()

    static func installInterruptHandler() {
        mainThread = pthread_self()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            LineEditor.interrupted = 1
            SiftInterrupt.request()
            // Make sure the main thread sees it too, so a blocked readline() returns.
            if pthread_equal(pthread_self(), LineEditor.mainThread) == 0 {
                pthread_kill(LineEditor.mainThread, SIGINT)
            } else if LineEditor.evaluating != 0 {
                // Counted on the main thread only, so a forwarded signal counts once.
                LineEditor.pressesWhileEvaluating += 1
                if LineEditor.pressesWhileEvaluating == 2 {
                    LineEditor.writeToStderr(LineEditor.stuckWarning)
                } else if LineEditor.pressesWhileEvaluating >= 3 {
                    LineEditor.writeToStderr(LineEditor.stuckExit)
                    _exit(130)
                }
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: readline returns so the line can be cleared
        sigaction(SIGINT, &action, nil)
    }

    static let stuckWarning: StaticString = "\nSift is busy in work that cannot be interrupted. Press Ctrl-C again to quit (history is saved; variables are lost).\n"
    static let stuckExit: StaticString = "\nquit: the evaluation could not be interrupted\n"

    /// Async-signal-safe: a static string and write(2), nothing that allocates or locks.
    static func writeToStderr(_ text: StaticString) {
        _ = write(2, text.utf8Start, text.utf8CodeUnitCount)
    }

    static func completions(text: UnsafePointer<CChar>?, start: Int32, end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        sift_rl_no_default_completion()
        // A Tab inside pasted text is text, not a request to complete.
        if pasting {
            _ = rl_insert_text("\t")
            return nil
        }
        let line = sift_rl_line_buffer().map { String(cString: $0) } ?? ""
        // `end` is where the word being completed ends: the cursor, counted in characters
        // (libedit's wide-character line), not bytes.
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: line.unicodeScalars.prefix(max(0, Int(end))))
        let upto = String(scalars)
        if getenv("SIFT_DEBUG_COMPLETION") != nil { fputs("[line=\(line) point=\(sift_rl_point()) start=\(start) end=\(end)]\n", stderr) }
        guard let completer else { return nil }
        let (word, found) = completer(pendingContext + upto)
        guard !found.isEmpty else { return nil }
        let typed = text.map { String(cString: $0) } ?? ""
        // libedit replaces the word it computed (`text`), which can differ from ours: its word
        // breaks include `:`, `-`, `=` and spaces (so `:he` reaches it as `he`, and a path
        // `my-data/x` as `data/x`), while ours stops at any non-name character. Align each
        // candidate to libedit's word.
        matches = found.compactMap { c in
            if typed.hasSuffix(word) {
                // libedit's word is longer: keep what precedes ours.
                return String(typed.dropLast(word.count)) + c
            }
            if word.hasSuffix(typed) {
                // Ours is longer: drop the part libedit leaves in place.
                let kept = word.dropLast(typed.count)
                return c.hasPrefix(kept) ? String(c.dropFirst(kept.count)) : nil
            }
            return nil
        }.filter { $0.hasPrefix(typed) }
        if matches.isEmpty { return nil }
        let inString = Completer.openString(in: pendingContext + upto) != nil
        let appendSpace = matches.count == 1 && !inString && !(matches[0].hasSuffix("/") || matches[0].hasSuffix(":"))
        sift_rl_set_append_character(appendSpace ? 32 : 0)
        guard let text else { return nil }
        return rl_completion_matches(text) { _, state in
            let i = Int(state)
            guard i < LineEditor.matches.count else { return nil }
            return strdup(LineEditor.matches[i])
        }
    }
}
