#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import SiftNotebook
import SiftSparkConnect

// Spark Connect (`connect("sc://host:port")`) pulls in gRPC, so only the executables register it.
SparkConnect.register()

// `sift run NOTEBOOK --help` also lists the notebook's parameters.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "run", arguments.contains("--help") || arguments.contains("-h"),
   let notebook = arguments.dropFirst().first(where: { $0.hasSuffix(".md") || $0.hasSuffix(".ipynb") }) {
    print(RunCommand.helpMessage())
    print(NotebookHelp.parameters(of: notebook))
    exit(0)
}

// Parse by hand so usage errors exit with 2 (ArgumentParser's default is 64), as documented.
do {
    var command = try SiftCommand.parseAsRoot()
    try command.run()
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    let code = SiftCommand.exitCode(for: error)
    let message = SiftCommand.fullMessage(for: error)
    if code == .success {
        print(message)
        exit(0)
    }
    fputs(message + "\n", stderr)
    exit(code == .validationFailure ? 2 : code.rawValue)
}
