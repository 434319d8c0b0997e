import ArgumentParser
import SiftRuntime

/// `sift`: argument parsing only; the work happens in the library targets.
struct SiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sift",
        abstract: "A data REPL and notebook runner: load CSV, transform, model, report.",
        discussion: """
        Run a script:      sift analysis.sift
        Run code:          sift -c 'read_csv("data.csv") |> head(3)'
        Pipe a script:     echo 'print(1 + 1)' | sift
        Render a notebook: sift run report.md -o out/report.md
        Check outputs:     sift test report.md
        Interactive shell: sift   (on a terminal)
        Jupyter kernel:    sift kernel install   (then choose "Sift" in JupyterLab)
        Exit status: 0 success, 1 an error in the Sift code or data, 2 a usage error.
        """,
        version: SiftVersion.current,
        subcommands: [ScriptCommand.self, RunCommand.self, TestCommand.self, KernelCommand.self],
        defaultSubcommand: ScriptCommand.self
    )
}

struct ScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script",
        abstract: "Run a Sift script from a file, from -c, or from standard input (the default command)."
    )

    @Argument(help: "A .sift script to run. Without it, code comes from -c or standard input.")
    var file: String?

    @Option(name: [.customShort("c"), .customLong("command")], help: "Run this code instead of a file.")
    var code: String?

    @Option(name: .customLong("max-rows"), help: "Rows shown when printing a frame.")
    var maxRows: Int = 20

    @Flag(name: .customLong("no-stdlib"), help: "Do not load the standard library.")
    var noStdlib = false

    func validate() throws {
        if file != nil && code != nil { throw ValidationError("give either a FILE or -c CODE, not both") }
        if maxRows < 1 { throw ValidationError("--max-rows must be at least 1") }
    }

    func run() throws {
        let status = ScriptRunner(maxRows: maxRows, loadStdlib: !noStdlib).run(file: file, code: code)
        if status != 0 { throw ExitCode(status) }
    }
}
