#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ
import Foundation

/// Listening sockets that `sift-kernel-launch` bound before exec'ing this process (see its
/// main.c: binding within a millisecond of launch spares jupyter_client ZeroMQ's 100–200 ms
/// reconnect back-off). They arrive as `SIFT_KERNEL_LISTEN_FDS=shell_port=3,iopub_port=4,…`;
/// each is handed to ZeroMQ with `ZMQ_USE_FD` before the socket's bind, which then adopts
/// the descriptor instead of creating its own.
///
/// A descriptor is used only when it really is a listening TCP socket on the port the
/// connection file names; otherwise the socket binds as usual. The variable is removed so
/// nothing started later inherits it.
struct PreboundSockets {
    private var fds: [String: Int32] = [:]

    static func fromEnvironment() -> PreboundSockets {
        var out = PreboundSockets()
        guard let raw = getenv("SIFT_KERNEL_LISTEN_FDS").map({ String(cString: $0) }) else { return out }
        unsetenv("SIFT_KERNEL_LISTEN_FDS")
        for pair in raw.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let fd = Int32(parts[1]), fd > 2 else { continue }
            // Not inherited by anything this process starts.
            _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
            out.fds[String(parts[0])] = fd
        }
        return out
    }

    /// Hands the pre-bound descriptor for `key` (e.g. "shell_port") to `socket` when it listens
    /// on `port`; returns whether it did.
    @discardableResult
    func adopt(_ key: String, port: Int, into socket: ZMQSocket) -> Bool {
        guard let fd = fds[key], Self.listeningPort(fd) == port else { return false }
        socket.setOption(ZMQ_USE_FD, fd)
        return true
    }

    /// The local TCP port of a listening socket, or nil when fd is not one.
    static func listeningPort(_ fd: Int32) -> Int? {
        var listening: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0, listening == 1 else { return nil }
        var addr = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) == 0 }
        }
        guard ok, addr.sin_family == sa_family_t(AF_INET) else { return nil }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Closes descriptors no socket adopted (a mismatch), so their ports are not held open.
    func closeUnadopted(_ adopted: Set<String>) {
        for (key, fd) in fds where !adopted.contains(key) { close(fd) }
    }
}
