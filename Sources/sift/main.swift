#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser

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
