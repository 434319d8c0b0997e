#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `sift kernel install`: writes `kernels/sift/kernel.json` and the logos where Jupyter looks
/// for kernels. The spec runs the `sift-kernel` binary beside the running one by absolute
/// path, so it works without `sift` on the PATH of whatever starts Jupyter.
public enum KernelSpec {
    public enum Location: Equatable {
        /// `$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter`, else `~/.local/share/jupyter`.
        case user
        /// `P/share/jupyter` (like `jupyter kernelspec install --prefix P`).
        case prefix(String)
        /// The active virtual environment (`$VIRTUAL_ENV`, `$CONDA_PREFIX`, else python3's `sys.prefix`).
        case sysPrefix
    }

    public struct InstallError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func dataDirectory(_ location: Location, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        switch location {
        case .user:
            if let d = environment["JUPYTER_DATA_DIR"], !d.isEmpty { return d }
            if let x = environment["XDG_DATA_HOME"], !x.isEmpty { return x + "/jupyter" }
            guard let home = environment["HOME"], !home.isEmpty else { throw InstallError(description: "HOME is not set; use --prefix P") }
            return home + "/.local/share/jupyter"
        case .prefix(let p):
            guard !p.isEmpty else { throw InstallError(description: "--prefix needs a folder") }
            return (p.hasSuffix("/") ? String(p.dropLast()) : p) + "/share/jupyter"
        case .sysPrefix:
            if let v = environment["VIRTUAL_ENV"], !v.isEmpty { return v + "/share/jupyter" }
            if let c = environment["CONDA_PREFIX"], !c.isEmpty { return c + "/share/jupyter" }
            if let p = pythonPrefix() { return p + "/share/jupyter" }
            throw InstallError(description: "--sys-prefix: no virtual environment is active and python3 was not found; use --prefix P")
        }
    }

    static func pythonPrefix() -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let s = String(decoding: data, as: UTF8.self).trimming(" \n")
        return s.isEmpty ? nil : s
    }

    /// The kernel.json contents for a kernel binary.
    public static func json(kernelBinary: String, name: String = "sift", displayName: String = "Sift") -> [String: Any] {
        ["argv": [kernelBinary, "{connection_file}"], "display_name": displayName, "language": "sift",
         "interrupt_mode": "signal", "metadata": ["debugger": false]]
    }

    /// Installs the spec; returns the folder written.
    @discardableResult
    public static func install(_ location: Location, kernelBinary: String, name: String = "sift", displayName: String = "Sift") throws -> String {
        let folder = try dataDirectory(location) + "/kernels/" + name
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let data = try JSONSerialization.data(withJSONObject: json(kernelBinary: kernelBinary, name: name, displayName: displayName),
                                                  options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: folder + "/kernel.json"), options: .atomic)
            try Data(KernelLogos.svg.utf8).write(to: URL(fileURLWithPath: folder + "/logo-svg.svg"), options: .atomic)
            for (file, b64) in [("logo-32x32.png", KernelLogos.png32Base64), ("logo-64x64.png", KernelLogos.png64Base64)] {
                guard let png = Data(base64Encoded: b64) else { throw InstallError(description: "internal: a logo is not base64") }
                try png.write(to: URL(fileURLWithPath: folder + "/" + file), options: .atomic)
            }
        } catch let e as InstallError {
            throw e
        } catch {
            throw InstallError(description: "cannot write the kernel spec to \(folder): \(error.localizedDescription)")
        }
        return folder
    }

    /// What kernel.json runs: `sift-kernel-launch` beside the kernel binary when it is there
    /// (it binds the ports before the kernel's libraries load, see its main.c), else the
    /// kernel binary itself.
    public static func commandPath(kernelBinary: String = kernelBinaryPath()) -> String {
        guard let slash = kernelBinary.lastIndex(of: "/") else { return kernelBinary }
        let launcher = String(kernelBinary[..<slash]) + "/sift-kernel-launch"
        return access(launcher, X_OK) == 0 ? launcher : kernelBinary
    }

    /// The `sift-kernel` binary: this process's own executable when it is the kernel, else the
    /// one beside it.
    public static func kernelBinaryPath() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return "sift-kernel" }
        let exe = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if exe.hasSuffix("/sift-kernel") { return exe }
        guard let slash = exe.lastIndex(of: "/") else { return "sift-kernel" }
        return String(exe[..<slash]) + "/sift-kernel"
    }
}
