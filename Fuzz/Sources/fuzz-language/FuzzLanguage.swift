// libFuzzer target: parse and evaluate arbitrary text as a Sift program.
//
// Each input runs in a fresh Session (no stdlib; a few frames preloaded, see `prelude`) on a
// large-stack thread, as the CLI does, with a low call-depth limit and a watchdog that cancels
// evaluations running longer than
// `SIFT_FUZZ_BUDGET_MS` (default 1500 ms) through `Interrupt.requested`, the same cooperative
// cancellation Ctrl-C and notebook timeouts use. File access is fenced: `read_csv` only reads the
// small files of a private temporary directory, `write_csv` only writes to "-" (discarded).
// Errors thrown by Sift are expected; crashes, sanitizer reports and hangs are findings.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SiftFrame
import SiftLanguage
import SiftRuntime

/// Milliseconds since an arbitrary start, for the watchdog.
private func nowMs() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

/// Start time of the input being evaluated, 0 when idle. Racy by design: a late or early
/// interrupt only changes which error a runaway input ends with.
nonisolated(unsafe) private var runningSince: Int64 = 0
nonisolated(unsafe) private var budgetMs: Int64 = 1500
nonisolated(unsafe) private var dataDirectory = ""
nonisolated(unsafe) private var initialized = false

private func setUp() {
    initialized = true
    if let b = getenv("SIFT_FUZZ_BUDGET_MS"), let v = Int64(String(cString: b)), v > 0 { budgetMs = v }
    // Small data files the programs may read by bare name.
    let dir = NSTemporaryDirectory() + "sift-fuzz-language-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let files = [
        "a.csv": "id,name,score,when,ok\n1,ann,3.5,2024-01-02,true\n2,bob,,2024-02-03,false\n3,\"c,d\",-1e3,,true\n1,ann,7,2024-01-02,NA\n",
        "b.csv": "id;region\n1;North\n2;South\n4;\n",
        "e.csv": "",
        "h.csv": "x,y\n",
        "n.csv": "v\n1\n-2.5\n1e300\nNA\n0\n",
    ]
    for (name, text) in files { try? text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
    dataDirectory = dir
    atexit { try? FileManager.default.removeItem(atPath: dataDirectory) }

    let watchdog = Thread {
        while true {
            usleep(20_000)
            let since = runningSince
            if since != 0 && nowMs() - since > budgetMs {
                Interrupt.request(reason: "fuzz budget exceeded")
            }
        }
    }
    watchdog.stackSize = 1 << 20
    watchdog.start()
    if let out = getenv("SIFT_FUZZ_DICT_OUT") { writeDictionary(to: String(cString: out)) }
}

/// A libFuzzer dictionary from the live registry (builtin names and their named parameters),
/// keywords and operators, so mutations speak Sift. `scripts/fuzz` writes it before each run.
private func writeDictionary(to path: String) {
    guard let session = try? Session(loadStdlib: false) else { return }
    var words = Set<String>()
    for b in session.interpreter.builtinList where b.category != "testing" {
        words.insert(b.name + "(")
        for p in b.parameterNames { words.insert(p + ": ") }
    }
    words.formUnion(["fn ", "if ", " then ", " else ", " and ", " or ", "not ", " in ", "true", "false", "null",
                     "|>", "->", "~", "==", "!=", "<=", ">=", "^", "%", "$", "`", "\\\n", "#", ";", "\\u{1F600}",
                     "9223372036854775807", "-9223372036854775808", "1e308", "1e308 * 10", "-(1e308 * 10)", " d |> ", " g |> ", " e |> ", "n.v", "d.score", ".5", "1_000", "\"a.csv\"", "\"b.csv\"",
                     "\"e.csv\"", "\"h.csv\"", "id", "name", "score", "when", "ok", "region", "\"-\"", "desc(",
                     "descending: true", "how: \"outer\"", "on: \"id\""])
    // Dictionary syntax: backslash and quote escaped, other bytes outside printable ASCII as \xNN.
    func entry(_ w: String) -> String {
        var out = "\""
        for b in w.utf8 {
            switch b {
            case 0x5C: out += "\\\\"
            case 0x22: out += "\\\""
            case 0x20...0x7E: out.append(Character(Unicode.Scalar(b)))
            default: out += "\\x" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out + "\""
    }
    let lines = words.sorted().map(entry)
    try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
}

private extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}

/// Keeps file builtins inside the data directory: bare file names only.
private func fence(_ session: Session) {
    let interpreter = session.interpreter
    if let read = interpreter.builtins["read_csv"] {
        interpreter.register(Builtin(wrapping: read) { ctx in
            guard case .string(let path) = try ctx.value(0), !path.contains("/"), !path.contains(".."), !path.isEmpty else {
                throw ctx.error("fuzz: read_csv takes a bare file name here")
            }
            return try read.invoke(ctx)
        })
    }
    if let write = interpreter.builtins["write_csv"] {
        interpreter.register(Builtin(wrapping: write) { ctx in
            guard ctx.count >= 2, case .string("-") = try ctx.value(1) else {
                throw ctx.error("fuzz: write_csv only writes to \"-\" here")
            }
            return try write.invoke(ctx)
        })
    }
}

private let prelude = """
d = read_csv("a.csv")
e = d |> head(0)
g = d |> group_by(name)
n = read_csv("n.csv")
"""

private func runProgram(_ text: String) {
    guard let session = try? Session(display: ValueDisplay(format: .terminal, width: 80, maxRows: 10), loadStdlib: false) else { return }
    defer { session.close() }
    // Debug builds have a builtin that spins without checking for cancellation, on purpose.
    session.interpreter.unregister("_busy_native")
    var limits = session.limits
    limits.maxCallDepth = 200
    limits.maxResultRows = 2_000_000
    session.limits = limits
    session.baseDirectory = dataDirectory
    session.interpreter.write = { _ in }
    fence(session)
    // Frames to work on, so short inputs reach the verbs: d (mixed types, nulls, a repeated
    // key), e (no rows), g (grouped), n (one column of numbers with a huge one and a null).
    _ = try? session.run(code: prelude, name: "<prelude>")
    Interrupt.reset()
    runningSince = nowMs()
    defer { runningSince = 0; Interrupt.reset() }
    // Markdown rendering is what notebooks show.
    let markdown = ValueDisplay(format: .markdown, width: 80, maxRows: 10)
    do {
        try session.run(Source(name: "<fuzz>", text: text)) { outcome in
            // Render values as the CLI does: displays are reachable from user input too.
            if case .value(let v) = outcome, !v.isNull {
                _ = session.display.repr(v)
                _ = markdown.render(v)
                // Notebooks also write every chart as SVG.
                if case .object(let o) = v, let chart = o as? ChartObject { _ = chart.svg() }
            }
        }
    } catch let e as SiftError {
        // Error rendering (line, caret, hint) runs on every user error.
        _ = e.render(color: false)
        _ = "\(e)"
    } catch {
        _ = "\(error)"
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if !initialized { setUp() }
    guard let data, size > 0 else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // The CLI evaluates on a 512 MB stack; the parser's and interpreter's depth limits must hold
    // on it. Reserve the same (mapped lazily) so a report here is a real stack overflow.
    LargeStack.run(stackSize: 512 << 20) { runProgram(text) }
    return 0
}
