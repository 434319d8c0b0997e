#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ
import Foundation
import XCTest
@testable import SiftKernel

/// The hand-over from sift-kernel-launch: listening sockets named in SIFT_KERNEL_LISTEN_FDS are
/// adopted by ZeroMQ (a second bind of a port still held would fail), others are closed.
final class PreboundSocketsTests: XCTestCase {
    /// A TCP socket listening on 127.0.0.1 at a port the system picks; (fd, port).
    func listener() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThan(fd, 2)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(listen(fd, 100), 0)
        guard let port = PreboundSockets.listeningPort(fd) else { throw XCTSkip("getsockname failed") }
        return (fd, port)
    }

    func testAdoptsListeningSocketsOnTheirPorts() throws {
        let keys = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"]
        var fds: [Int32] = [], ports: [Int] = []
        for _ in keys {
            let (fd, port) = try listener()
            fds.append(fd)
            ports.append(port)
        }
        setenv("SIFT_KERNEL_LISTEN_FDS", zip(keys, fds).map { "\($0)=\($1)" }.joined(separator: ","), 1)
        let json = "{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", \"key\": \"k\", " +
            zip(keys, ports).map { "\"\($0)\": \($1)" }.joined(separator: ", ") + "}"
        let info = try ConnectionInfo.parse(Data(json.utf8))
        // Every port is still held by our descriptors: only adoption lets the binds succeed.
        let kernel = try Kernel(connection: info)
        XCTAssertNil(getenv("SIFT_KERNEL_LISTEN_FDS"), "the variable is not passed on")
        for fd in fds { XCTAssertNotEqual(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0, "adopted descriptors are close-on-exec") }
        for s in [kernel.shell, kernel.control, kernel.iopub, kernel.stdinSocket, kernel.heartbeat] { s.close() }
        kernel.context.terminate()
    }

    func testIgnoresDescriptorsOnOtherPortsAndClosesThem() throws {
        let (fd, port) = try listener()
        setenv("SIFT_KERNEL_LISTEN_FDS", "shell_port=\(fd),hb_port=notanumber,iopub_port=1", 1)
        let prebound = PreboundSockets.fromEnvironment()
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, type: ZMQ_ROUTER)
        XCTAssertFalse(prebound.adopt("shell_port", port: port + 1, into: socket), "wrong port")
        XCTAssertFalse(prebound.adopt("iopub_port", port: port, into: socket), "descriptor 1 is no listening socket")
        XCTAssertTrue(prebound.adopt("shell_port", port: port, into: socket))
        prebound.closeUnadopted([])
        XCTAssertEqual(fcntl(fd, F_GETFD), -1, "an unadopted descriptor is closed")
        socket.close()
        context.terminate()
    }

    func testSpecRunsTheLauncherWhenItIsBesideTheKernel() throws {
        let dir = NSTemporaryDirectory() + "sift-launcher-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(KernelSpec.commandPath(kernelBinary: dir + "/sift-kernel"), dir + "/sift-kernel")
        FileManager.default.createFile(atPath: dir + "/sift-kernel-launch", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        XCTAssertEqual(KernelSpec.commandPath(kernelBinary: dir + "/sift-kernel"), dir + "/sift-kernel-launch")
    }
}
