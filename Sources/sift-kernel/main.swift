#if canImport(Glibc)
import Glibc
#endif
import SiftKernel
import SiftSparkConnect

// Spark Connect (`connect("sc://host:port")`) pulls in gRPC, so only the executables register it.
SparkConnect.register()

// `sift-kernel CONNECTION_FILE` serves Jupyter; `sift-kernel install [...]` writes the kernel
// spec. A separate executable so plain `sift` never links libzmq; `sift kernel …` execs this.
let usage = """
usage: sift kernel CONNECTION_FILE
       sift kernel install [--user | --prefix P | --sys-prefix] [--name NAME] [--display-name TEXT]

Runs Sift as a Jupyter kernel (messaging protocol 5.3), started by Jupyter with the path of a
connection file; `install` registers the kernel (default --user) so JupyterLab, VS Code,
nbclient, `jupyter execute` and papermill can start it.
"""

let args = Array(CommandLine.arguments.dropFirst())
func fail(_ message: String, status: Int32 = 2) -> Never {
    fputs("sift kernel: \(message)\n", stderr)
    exit(status)
}

if args.isEmpty || args.first == "--help" || args.first == "-h" {
    print(usage)
    exit(args.isEmpty ? 2 : 0)
}

if args.first == "install" {
    var location = KernelSpec.Location.user
    var chosen = 0
    var name = "sift", display = "Sift"
    var i = 1
    func value(_ flag: String) -> String {
        guard i + 1 < args.count else { fail("\(flag) needs a value") }
        i += 1
        return args[i]
    }
    while i < args.count {
        switch args[i] {
        case "--user": location = .user; chosen += 1
        case "--sys-prefix": location = .sysPrefix; chosen += 1
        case "--prefix": location = .prefix(value("--prefix")); chosen += 1
        case "--name": name = value("--name")
        case "--display-name": display = value("--display-name")
        case "--help", "-h": print(usage); exit(0)
        default: fail("unknown option \(args[i])\n\(usage)")
        }
        i += 1
    }
    if chosen > 1 { fail("give only one of --user, --prefix P, --sys-prefix") }
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
        fail("--name may hold only letters, digits, '-', '_' and '.'")
    }
    do {
        let folder = try KernelSpec.install(location, kernelBinary: KernelSpec.commandPath(), name: name, displayName: display)
        print("installed the Sift kernel spec in \(folder)")
        exit(0)
    } catch {
        fail("\(error)", status: 1)
    }
}

guard args.count == 1, !args[0].hasPrefix("-") else { fail("expected one connection file\n\(usage)") }
do {
    let kernel = try Kernel(connection: try ConnectionInfo.read(path: args[0]))
    exit(kernel.run())
} catch {
    fail("\(error)", status: 1)
}
