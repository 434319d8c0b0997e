import Foundation
import SiftLanguage
import SiftRuntime

/// The evaluation thread: takes shell requests in arrival order and answers them against one
/// Sift session, so the I/O thread stays free for the heartbeat, the control channel and
/// interrupts while a long cell runs. Replies and IOPub messages go back through the outbox.
final class Executor: @unchecked Sendable {
    let session: Session
    let outbox: Outbox
    let queue = RequestQueue()
    let sessionID: String
    private var executionCount = 0
    private var history = InputHistory()
    private var parameters = ParameterState()
    /// After a failed execution with `stop_on_error`: executions queued before it are aborted.
    private var aborting = false

    init(session: Session, outbox: Outbox, sessionID: String) {
        self.session = session
        self.outbox = outbox
        self.sessionID = sessionID
    }

    /// Runs forever on its own thread, with a large stack for deeply nested user code.
    func start() {
        let thread = Thread { [self] in
            while true {
                switch queue.pop() {
                case .barrier: aborting = false
                case .request(let m): handle(m)
                }
            }
        }
        thread.stackSize = 512 << 20
        thread.name = "sift-eval"
        thread.start()
    }

    func publish(_ type: String, _ content: [String: Any], parent: JupyterMessage) {
        outbox.push(.message(.iopub, JupyterMessage.make(type, content: content, parent: parent, session: sessionID, identities: [Array(type.utf8)])))
    }

    func reply(_ parent: JupyterMessage, _ content: [String: Any]) {
        let type = parent.type.replacingOccurrences(of: "_request", with: "_reply")
        outbox.push(.message(.shell, JupyterMessage.make(type, content: content, parent: parent, session: sessionID, identities: parent.identities)))
    }

    func handle(_ m: JupyterMessage) {
        if m.type == "shutdown_request" {
            outbox.push(.shutdown(m))
            return
        }
        publish("status", ["execution_state": "busy"], parent: m)
        defer { publish("status", ["execution_state": "idle"], parent: m) }
        let c = m.content
        switch m.type {
        case "execute_request":
            if aborting {
                reply(m, ["status": "aborted", "execution_count": executionCount, "engine_info": ["engine_id": 0]])
                return
            }
            execute(m)
        case "kernel_info_request": reply(m, KernelInfo.reply)
        case "complete_request":
            reply(m, Introspection(session: session).complete(code: c["code"] as? String ?? "", cursor: c["cursor_pos"] as? Int ?? 0))
        case "inspect_request":
            reply(m, Introspection(session: session).inspect(code: c["code"] as? String ?? "", cursor: c["cursor_pos"] as? Int ?? 0))
        case "is_complete_request": reply(m, Introspection(session: session).isComplete(code: c["code"] as? String ?? ""))
        case "history_request": reply(m, history.reply(c))
        case "comm_info_request": reply(m, ["status": "ok", "comms": [String: Any]()])
        case "comm_open":
            // No comm targets: tell the front end the comm is closed, as ipykernel does.
            if let id = c["comm_id"] as? String { publish("comm_close", ["comm_id": id, "data": [String: Any]()], parent: m) }
        case "comm_msg", "comm_close": break
        default:
            KernelLog.write("ignoring unsupported \(m.type)")
        }
    }

    func execute(_ m: JupyterMessage) {
        let c = m.content
        let code = c["code"] as? String ?? ""
        let silent = c["silent"] as? Bool ?? false
        let storeHistory = silent ? false : (c["store_history"] as? Bool ?? true)
        let stopOnError = c["stop_on_error"] as? Bool ?? true
        if storeHistory {
            executionCount += 1
            history.add(line: executionCount, input: code)
        }
        let count = executionCount
        if !silent { publish("execute_input", ["code": code, "execution_count": count], parent: m) }
        let evaluator = CellEvaluator(session: session)
        let error = evaluator.run(code, name: "In[\(count)]", parameters: &parameters) { [self] output in
            switch output {
            case .stream(let text): publish("stream", ["name": "stdout", "text": text], parent: m)
            case .display(let data): if !silent { publish("display_data", ["data": data, "metadata": [String: Any](), "transient": [String: Any]()], parent: m) }
            case .result(let data): if !silent { publish("execute_result", ["data": data, "metadata": [String: Any](), "execution_count": count], parent: m) }
            }
        }
        let expressions = userExpressions(c["user_expressions"] as? [String: Any] ?? [:])
        if let error {
            let content = CellEvaluator.errorContent(error)
            publish("error", content, parent: m)
            var r = content
            r["status"] = "error"
            r["execution_count"] = count
            r["user_expressions"] = expressions
            r["engine_info"] = ["engine_id": 0]
            if stopOnError {
                // Before the reply: only requests sent before the client saw the error are
                // aborted, never one it sends in response to it.
                aborting = true
                outbox.push(.drainShell)
            }
            reply(m, r)
        } else {
            reply(m, ["status": "ok", "execution_count": count, "user_expressions": expressions, "payload": [Any]()])
        }
    }

    func userExpressions(_ expressions: [String: Any]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (name, e) in expressions {
            guard let code = e as? String else { continue }
            do {
                let v = try session.evaluate(code)
                out[name] = ["status": "ok", "data": MimeBundle.of(v, display: session.display), "metadata": [String: Any]()]
            } catch let error as SiftError {
                var content = CellEvaluator.errorContent(error)
                content["status"] = "error"
                out[name] = content
            } catch {
                out[name] = ["status": "error", "ename": "RuntimeError", "evalue": "\(error)", "traceback": [String]()]
            }
        }
        return out
    }
}

/// Diagnostics on standard error, which Jupyter shows in the server's log.
enum KernelLog {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(("[sift kernel] " + text + "\n").utf8))
    }
}
