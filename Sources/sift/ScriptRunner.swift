#if canImport(Glibc)
import Glibc
#endif
import SiftFrame
import SiftLanguage
import SiftREPL
import SiftRuntime

/// Runs a whole script: statements in order, each bare expression's value printed, the first
/// error reported with its location and the exit status set to 1.
struct ScriptRunner {
    var maxRows: Int
    var loadStdlib: Bool

    func run(file: String?, code: String?) -> Int32 {
        let terminal = Terminal()
        if file == nil && code == nil && isatty(STDIN_FILENO) != 0 {
            // The shell stays on the main thread, where Ctrl-C interrupts the line editor.
            return startREPL(terminal: terminal)
        }
        var status: Int32 = 0
        LargeStack.run {
            status = execute(file: file, code: code, terminal: terminal)
        }
        return status
    }

    private func startREPL(terminal: Terminal) -> Int32 {
        do {
            let session = try Session(display: ValueDisplay(format: .terminal, width: terminal.width, maxRows: maxRows, color: terminal.stdoutColor), loadStdlib: loadStdlib)
            REPL(session: session, color: terminal.stderrColor).run(version: SiftVersion.current)
            return 0
        } catch {
            terminal.error("\(error)")
            return 1
        }
    }

    private func execute(file: String?, code: String?, terminal: Terminal) -> Int32 {
        let source: Source
        do {
            if let code {
                source = Source(name: "<command>", text: code)
            } else if let file {
                let bytes = try FileBytes.read(file, stopAtNUL: true)
                source = Source(name: file, text: String(decoding: bytes, as: UTF8.self))
            } else {
                let bytes = try FileBytes.read("/dev/stdin", stopAtNUL: true)
                source = Source(name: "<stdin>", text: String(decoding: bytes, as: UTF8.self))
            }
        } catch {
            terminal.error("\(error)")
            return 1
        }
        do {
            let session = try Session(display: ValueDisplay(format: .terminal, width: terminal.width, maxRows: maxRows, color: terminal.stdoutColor), loadStdlib: loadStdlib)
            session.interpreter.write = { terminal.out($0) }
            try session.run(source) { outcome in
                if case .value(let v) = outcome, !v.isNull {
                    terminal.out(session.display.repr(v) + "\n")
                }
            }
            return 0
        } catch let e as SiftError {
            terminal.flush()
            terminal.error(e.render(color: terminal.stderrColor), raw: true)
            return 1
        } catch {
            terminal.flush()
            terminal.error("\(error)")
            return 1
        }
    }
}

/// Output streams with the facts the CLI needs: width, and whether colour is allowed (only on a
/// terminal, never when NO_COLOR is set).
struct Terminal {
    let width: Int
    let stdoutColor: Bool
    let stderrColor: Bool

    init() {
        let noColor = getenv("NO_COLOR").map { String(cString: $0).isEmpty == false } ?? false
        stdoutColor = !noColor && isatty(STDOUT_FILENO) != 0
        stderrColor = !noColor && isatty(STDERR_FILENO) != 0
        var ws = winsize()
        if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 20 {
            width = Int(ws.ws_col)
        } else if let c = getenv("COLUMNS"), let n = Int(String(cString: c)), n > 20 {
            width = n
        } else {
            width = 100
        }
    }

    func out(_ s: String) {
        fputs(s, stdout)
    }

    func flush() { fflush(stdout) }

    func error(_ s: String, raw: Bool = false) {
        fflush(stdout)
        let prefix = raw ? "" : (stderrColor ? "\u{1B}[1;31merror\u{1B}[0m: " : "error: ")
        fputs(prefix + s + "\n", stderr)
    }
}
