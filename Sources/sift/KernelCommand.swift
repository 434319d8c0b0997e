#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser

/// `sift kernel …`: hands over to the `sift-kernel` binary installed beside `sift`. The kernel
/// is a separate executable so that plain `sift` never needs libzmq at run time; this command
/// only makes it reachable under the documented name.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run Sift as a Jupyter kernel, or install its kernel spec.",
        discussion: """
        sift kernel CONNECTION_FILE      serve Jupyter (started by Jupyter, not by hand)
        sift kernel install [--user | --prefix P | --sys-prefix] [--name NAME] [--display-name TEXT]
        The kernel is the `sift-kernel` binary beside `sift` (it needs libzmq5); see docs/jupyter.md.
        """
    )

    @Argument(parsing: .captureForPassthrough, help: "CONNECTION_FILE, or `install` and its options.")
    var arguments: [String] = []

    func run() throws {
        let binary = Self.kernelBinary()
        guard access(binary, X_OK) == 0 else {
            throw ValidationError("the kernel binary \(binary) is missing; build it with `swift build --product sift-kernel` (it needs libzmq3-dev)")
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
        execv(binary, &argv)
        throw ValidationError("cannot start \(binary): \(String(cString: strerror(errno)))")
    }

    static func kernelBinary() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return "sift-kernel" }
        let exe = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = exe.lastIndex(of: "/") else { return "sift-kernel" }
        return String(exe[..<slash]) + "/sift-kernel"
    }
}
