import SiftLanguage
import SiftRuntime

/// Runs one cell in the kernel's session and reports what it produces as it happens: printed
/// text, the value of every bare expression (the last one as the cell's result, like IPython's
/// `Out[n]`), and the error, whose source is named `In[n]` so the traceback reads
/// `In[3]:2:7: error: …` with the line and a caret.
struct CellEvaluator {
    enum Output {
        case stream(String)
        case display([String: Any])
        case result([String: Any])
    }

    let session: Session

    func run(_ code: String, name: String, parameters: inout ParameterState, emit: @escaping (Output) -> Void) -> SiftError? {
        let source = Source(name: name, text: code)
        session.interpreter.write = { emit(.stream($0)) }
        defer { session.interpreter.write = { _ in } }
        Interrupt.reset()
        do {
            if ParameterState.isParameterCell(code) {
                let summary = try parameters.run(source, session: session)
                if !summary.isEmpty { emit(.stream(summary + "\n")) }
                return nil
            }
            let program = try Parser.parse(source)
            for (k, statement) in program.enumerated() {
                let outcome = try session.interpreter.execute(statement)
                guard case .value(let v) = outcome, !v.isNull else { continue }
                let bundle = MimeBundle.of(v, display: session.display)
                emit(k == program.count - 1 ? .result(bundle) : .display(bundle))
            }
            return nil
        } catch let e as SiftError {
            return e
        } catch {
            return SiftError(.runtime, "\(error)")
        }
    }

    /// `ename` of an error reply: what kind of failure, for front ends that show only that.
    static func errorName(_ e: SiftError) -> String {
        switch e.kind {
        case .syntax: return "SyntaxError"
        case .runtime: return "RuntimeError"
        case .io: return "IOError"
        case .cancelled: return "Interrupted"
        case .limit: return "LimitError"
        }
    }

    /// The error content shared by `execute_reply` and the `error` message on IOPub.
    static func errorContent(_ e: SiftError) -> [String: Any] {
        ["ename": errorName(e), "evalue": e.message,
         "traceback": e.render(color: true).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)]
    }
}
