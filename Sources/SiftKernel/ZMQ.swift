#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ

/// A ZeroMQ failure, with libzmq's own message (`Address already in use`, …).
public struct ZMQError: Error, CustomStringConvertible {
    public let code: Int32
    public let operation: String
    public var description: String { "\(operation): " + String(cString: zmq_strerror(code)) }
    static func last(_ operation: String) -> ZMQError { ZMQError(code: zmq_errno(), operation: operation) }
}

/// One ZeroMQ context per kernel. Sockets are not thread-safe: each belongs to the one thread
/// that uses it (the I/O thread, or the heartbeat thread), which is why the wrappers are
/// `@unchecked Sendable` only so they can be handed to that thread once.
final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    init() throws {
        guard let h = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        handle = h
    }

    /// Makes blocking calls in every thread return ETERM, so threads can close their sockets.
    func shutdown() { zmq_ctx_shutdown(handle) }

    /// Waits for every socket to close (flushing what lingers), then frees the context.
    func terminate() {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}

final class ZMQSocket: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private(set) var isClosed = false

    init(_ context: ZMQContext, type: Int32) throws {
        guard let h = zmq_socket(context.handle, type) else { throw ZMQError.last("zmq_socket") }
        handle = h
        var linger: Int32 = 1000
        zmq_setsockopt(h, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    func setOption(_ option: Int32, _ value: Int32) {
        var v = value
        zmq_setsockopt(handle, option, &v, MemoryLayout<Int32>.size)
    }

    func setOption(_ option: Int32, bytes: ArraySlice<UInt8>) {
        _ = bytes.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
    }

    func bind(_ endpoint: String) throws {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError.last("bind \(endpoint)") }
    }

    func subscribeAll() {
        zmq_setsockopt(handle, ZMQ_SUBSCRIBE, "", 0)
    }

    func connect(_ endpoint: String) throws {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError.last("connect \(endpoint)") }
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        zmq_close(handle)
    }

    /// Sends every frame of one message; retries when a signal interrupts the call.
    func send(_ frames: [[UInt8]]) throws {
        for (k, frame) in frames.enumerated() {
            let flags: Int32 = k == frames.count - 1 ? 0 : ZMQ_SNDMORE
            while true {
                let rc = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if rc >= 0 { break }
                if zmq_errno() == EINTR { continue }
                throw ZMQError.last("zmq_send")
            }
        }
    }

    /// Receives every frame of the next message. With `dontWait`, returns nil when none is
    /// waiting. A `zmq_msg_t` may hold small payloads inline, so it lives on the heap (a stable
    /// address) while in use.
    func receive(dontWait: Bool = false) throws -> [[UInt8]]? {
        let msg = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { msg.deallocate() }
        var frames: [[UInt8]] = []
        while true {
            zmq_msg_init(msg)
            var rc: Int32
            repeat {
                rc = zmq_msg_recv(msg, handle, dontWait && frames.isEmpty ? ZMQ_DONTWAIT : 0)
            } while rc < 0 && zmq_errno() == EINTR
            if rc < 0 {
                let error = ZMQError.last("zmq_msg_recv")
                zmq_msg_close(msg)
                if error.code == EAGAIN && frames.isEmpty { return nil }
                throw error
            }
            let size = zmq_msg_size(msg)
            if size > 0, let data = zmq_msg_data(msg) {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            let more = zmq_msg_more(msg) != 0
            zmq_msg_close(msg)
            if !more { return frames }
        }
    }
}

/// `zmq_poll` over sockets and plain file descriptors; returns which items are readable.
enum ZMQPoll {
    enum Item { case socket(ZMQSocket), fd(Int32) }

    static func readable(_ items: [Item], timeoutMilliseconds: Int) throws -> [Bool] {
        var polls = items.map { item -> zmq_pollitem_t in
            switch item {
            case .socket(let s): return zmq_pollitem_t(socket: s.handle, fd: -1, events: Int16(ZMQ_POLLIN), revents: 0)
            case .fd(let fd): return zmq_pollitem_t(socket: nil, fd: fd, events: Int16(ZMQ_POLLIN), revents: 0)
            }
        }
        let rc = zmq_poll(&polls, Int32(polls.count), timeoutMilliseconds)
        if rc < 0 {
            if zmq_errno() == EINTR { return Array(repeating: false, count: items.count) }
            throw ZMQError.last("zmq_poll")
        }
        return polls.map { ($0.revents & Int16(ZMQ_POLLIN)) != 0 }
    }
}
