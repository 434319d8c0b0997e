#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What the evaluation thread hands to the I/O thread, which alone owns the sockets (ZeroMQ
/// sockets are not thread-safe). A byte on a pipe wakes the I/O thread's `zmq_poll`.
final class Outbox: @unchecked Sendable {
    enum Channel { case shell, iopub }
    enum Item {
        case message(Channel, JupyterMessage)
        /// Read every shell request already waiting, queue them, then a barrier: the
        /// executor aborts queued executions up to it (after an error with `stop_on_error`).
        case drainShell
        /// A `shutdown_request` that arrived on the shell channel (older clients).
        case shutdown(JupyterMessage)
    }

    private let lock = NSLock()
    private var items: [Item] = []
    let readFD: Int32
    private let writeFD: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    func push(_ item: Item) {
        lock.lock()
        items.append(item)
        lock.unlock()
        var b: UInt8 = 1
        _ = write(writeFD, &b, 1)
    }

    /// Everything queued so far, in order.
    func drain() -> [Item] {
        var buf = [UInt8](repeating: 0, count: 256)
        while read(readFD, &buf, buf.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let out = items
        items.removeAll(keepingCapacity: true)
        return out
    }
}

/// Requests waiting for the evaluation thread, in arrival order.
final class RequestQueue: @unchecked Sendable {
    enum Work {
        case request(JupyterMessage)
        case barrier
    }

    private let condition = NSCondition()
    private var work: [Work] = []

    func push(_ w: Work) {
        condition.lock()
        work.append(w)
        condition.signal()
        condition.unlock()
    }

    func pop() -> Work {
        condition.lock()
        defer { condition.unlock() }
        while work.isEmpty { condition.wait() }
        return work.removeFirst()
    }
}
