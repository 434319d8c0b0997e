#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ
import Foundation
import SiftLanguage
import SiftRuntime

/// The Jupyter kernel: binds the five sockets of a connection file and serves them.
///
/// Threads: this I/O thread owns the shell, control, IOPub and stdin sockets and answers the
/// control channel itself (interrupt, shutdown, kernel info), so they stay responsive during
/// a long cell; the heartbeat echoes on its own thread; cells run on the executor's thread.
/// SIGINT (Jupyter's default interrupt) is turned into a byte on a pipe the I/O thread polls,
/// then into Sift's cooperative cancellation. The kernel exits when its parent dies.
public final class Kernel {
    let info: ConnectionInfo
    let signer: MessageSigner
    let sessionID = UUID().uuidString.lowercased()
    let context: ZMQContext
    let shell, control, iopub, stdinSocket, heartbeat: ZMQSocket
    let outbox = Outbox()
    let executor: Executor
    let parentPID = getppid()
    let jupyterParentPID: pid_t? = ProcessInfo.processInfo.environment["JPY_PARENT_PID"].flatMap { Int32($0) }.flatMap { $0 > 1 ? $0 : nil }

    public init(connection: ConnectionInfo) throws {
        info = connection
        signer = MessageSigner(key: connection.key)
        context = try ZMQContext()
        shell = try ZMQSocket(context, type: ZMQ_ROUTER)
        control = try ZMQSocket(context, type: ZMQ_ROUTER)
        // XPUB rather than PUB: it sees each client's subscription and greets it (below).
        iopub = try ZMQSocket(context, type: ZMQ_XPUB)
        iopub.setOption(ZMQ_XPUB_VERBOSE, 1)
        // Subscriptions take effect only when welcomeSubscribers applies them, right before the
        // welcome: so a subscriber's first message is always its iopub_welcome (JEP 65), even
        // when it connected (through sift-kernel-launch's backlog) before the kernel started.
        iopub.setOption(ZMQ_XPUB_MANUAL, 1)
        stdinSocket = try ZMQSocket(context, type: ZMQ_ROUTER)
        heartbeat = try ZMQSocket(context, type: ZMQ_REP)
        let sockets: [(String, Int, ZMQSocket)] = [
            ("shell_port", connection.shellPort, shell), ("control_port", connection.controlPort, control),
            ("iopub_port", connection.iopubPort, iopub), ("stdin_port", connection.stdinPort, stdinSocket),
            ("hb_port", connection.hbPort, heartbeat),
        ]
        // Ports sift-kernel-launch already listens on are adopted, not bound again.
        let prebound = PreboundSockets.fromEnvironment()
        var adopted = Set<String>()
        if connection.transport == "tcp" {
            for (key, port, socket) in sockets where prebound.adopt(key, port: port, into: socket) { adopted.insert(key) }
        }
        prebound.closeUnadopted(adopted)
        for (_, port, socket) in sockets { try socket.bind(connection.endpoint(port)) }
        let session = try Session(display: ValueDisplay(format: .terminal, width: 100, maxRows: 20, color: false))
        session.baseDirectory = FileManager.default.currentDirectoryPath
        executor = Executor(session: session, outbox: outbox, sessionID: sessionID)
    }

    /// Serves until a shutdown request or the parent's death; returns the exit status.
    public func run() -> Int32 {
        KernelSignals.install()
        startHeartbeat()
        executor.start()
        send(.iopub, JupyterMessage.make("status", content: ["execution_state": "starting"], parent: nil, session: sessionID, identities: [Array("status".utf8)]))
        var lastParentCheck = Clock.now()
        while true {
            let ready: [Bool]
            do {
                ready = try ZMQPoll.readable([.socket(control), .socket(shell), .fd(outbox.readFD), .fd(KernelSignals.readFD), .socket(stdinSocket), .socket(iopub)],
                                            timeoutMilliseconds: 500)
            } catch {
                KernelLog.write("poll failed: \(error)")
                return stop(status: 1)
            }
            if ready[3] && KernelSignals.consume() {
                Interrupt.request(reason: "interrupted")
            }
            if ready[0] { while let m = receive(control) { if let status = handleControl(m) { return stop(status: status) } } }
            if ready[1] { while let m = receive(shell) { executor.queue.push(.request(m)) } }
            if ready[4] { _ = try? stdinSocket.receive(dontWait: true) }
            if ready[5] { welcomeSubscribers() }
            if ready[2] { if let status = flushOutbox() { return stop(status: status) } }
            if Clock.now() - lastParentCheck > 1 {
                lastParentCheck = Clock.now()
                if parentDied() {
                    KernelLog.write("the parent process is gone; exiting")
                    return stop(status: 0)
                }
            }
        }
    }

    /// IOPub is a PUB/SUB pair, so whatever is published before a client's subscription
    /// arrives is lost to it (ZeroMQ's "slow joiner"): jupyter_client's `wait_for_ready` then
    /// waits 0.2 s and asks again. Greeting each new subscriber with `iopub_welcome` (JEP 65,
    /// as ipykernel 7 does) tells the client at once that IOPub is connected.
    func welcomeSubscribers() {
        while let frames = (try? iopub.receive(dontWait: true)) ?? nil {
            guard let first = frames.first, let kind = first.first else { continue }
            let topicBytes = first.dropFirst()
            guard kind == 1 else {
                if kind == 0 { iopub.setOption(ZMQ_UNSUBSCRIBE, bytes: topicBytes) }
                continue
            }
            iopub.setOption(ZMQ_SUBSCRIBE, bytes: topicBytes)
            let topic = String(decoding: topicBytes, as: UTF8.self)
            send(iopub, JupyterMessage.make("iopub_welcome", content: ["subscription": topic], parent: nil, session: sessionID,
                                            identities: [Array("iopub_welcome".utf8)]))
        }
    }

    func parentDied() -> Bool {
        if getppid() != parentPID { return true }
        if let p = jupyterParentPID, kill(p, 0) != 0, errno == ESRCH { return true }
        return false
    }

    /// The next waiting message of a socket, already checked; nil when none is waiting.
    /// Messages with a bad signature or malformed JSON are dropped with a log line.
    func receive(_ socket: ZMQSocket) -> JupyterMessage? {
        while true {
            guard let frames = (try? socket.receive(dontWait: true)) ?? nil else { return nil }
            do {
                return try JupyterMessage.decode(frames, signer: signer)
            } catch {
                KernelLog.write("dropping a message: \(error)")
            }
        }
    }

    func send(_ socket: ZMQSocket, _ m: JupyterMessage) {
        do { try socket.send(m.encode(signer: signer)) } catch { KernelLog.write("send failed: \(error)") }
    }

    func send(_ channel: Outbox.Channel, _ m: JupyterMessage) {
        send(channel == .shell ? shell : iopub, m)
    }

    /// Sends what the executor queued. Consecutive stream messages of one request are merged,
    /// so a loop printing thousands of lines becomes a few messages.
    func flushOutbox() -> Int32? {
        var pendingStream: JupyterMessage?
        func flushStream() {
            if let s = pendingStream { send(.iopub, s) }
            pendingStream = nil
        }
        for item in outbox.drain() {
            switch item {
            case .message(let channel, let m):
                if channel == .iopub, m.type == "stream" {
                    if var p = pendingStream, p.parentHeader["msg_id"] as? String == m.parentHeader["msg_id"] as? String,
                       p.content["name"] as? String == m.content["name"] as? String {
                        p.content["text"] = (p.content["text"] as? String ?? "") + (m.content["text"] as? String ?? "")
                        pendingStream = p
                        continue
                    }
                    flushStream()
                    pendingStream = m
                    continue
                }
                flushStream()
                send(channel, m)
            case .drainShell:
                flushStream()
                while let m = receive(shell) { executor.queue.push(.request(m)) }
                executor.queue.push(.barrier)
            case .shutdown(let m):
                flushStream()
                return shutdown(m, socket: shell)
            }
        }
        flushStream()
        return nil
    }

    /// Control requests are answered here, at once, even while a cell runs.
    func handleControl(_ m: JupyterMessage) -> Int32? {
        func reply(_ content: [String: Any]) {
            let type = m.type.replacingOccurrences(of: "_request", with: "_reply")
            send(control, JupyterMessage.make(type, content: content, parent: m, session: sessionID, identities: m.identities))
        }
        func status(_ state: String) {
            send(iopub, JupyterMessage.make("status", content: ["execution_state": state], parent: m, session: sessionID, identities: [Array("status".utf8)]))
        }
        switch m.type {
        case "shutdown_request":
            return shutdown(m, socket: control)
        case "interrupt_request":
            Interrupt.request(reason: "interrupted")
            status("busy")
            reply(["status": "ok"])
            status("idle")
        case "kernel_info_request":
            status("busy")
            reply(KernelInfo.reply)
            status("idle")
        default:
            KernelLog.write("ignoring unsupported control message \(m.type)")
        }
        return nil
    }

    func shutdown(_ m: JupyterMessage, socket: ZMQSocket) -> Int32 {
        let restart = m.content["restart"] as? Bool ?? false
        let content: [String: Any] = ["status": "ok", "restart": restart]
        send(socket, JupyterMessage.make("shutdown_reply", content: content, parent: m, session: sessionID, identities: m.identities))
        send(iopub, JupyterMessage.make("shutdown_reply", content: content, parent: m, session: sessionID, identities: [Array("shutdown_reply".utf8)]))
        return 0
    }

    /// Closes the sockets (flushing what is queued), ends the heartbeat thread, and returns
    /// the status for the process to exit with. A cell still running is abandoned.
    func stop(status: Int32) -> Int32 {
        _ = flushOutbox()
        Interrupt.request(reason: "the kernel is shutting down")
        for s in [shell, control, iopub, stdinSocket] { s.close() }
        context.shutdown()
        context.terminate()
        return status
    }

    func startHeartbeat() {
        let socket = heartbeat
        let thread = Thread {
            while true {
                do {
                    guard let frames = try socket.receive() else { continue }
                    try socket.send(frames)
                } catch let e as ZMQError where e.code == ETERM {
                    break
                } catch {
                    continue
                }
            }
            socket.close()
        }
        thread.name = "sift-heartbeat"
        thread.start()
    }
}

/// SIGINT as a byte on a pipe: the handler only writes (async-signal-safe); the I/O thread
/// reads it and raises Sift's cancellation flag. Without this, Jupyter's interrupt (and the
/// SIGINT jupyter_client sends before a shutdown) would kill the kernel.
enum KernelSignals {
    nonisolated(unsafe) static var readFD: Int32 = -1
    nonisolated(unsafe) static var writeFD: Int32 = -1

    static func install() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        readFD = fds[0]
        writeFD = fds[1]
        signal(SIGINT) { _ in
            var b: UInt8 = 1
            _ = write(KernelSignals.writeFD, &b, 1)
        }
        signal(SIGPIPE, SIG_IGN)
    }

    /// Whether a signal arrived since the last call.
    static func consume() -> Bool {
        var buf = [UInt8](repeating: 0, count: 64)
        var any = false
        while read(readFD, &buf, buf.count) > 0 { any = true }
        return any
    }
}
