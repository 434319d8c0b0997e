import Foundation
import XCTest

/// Issue 11: a copied binary has its stdlib, `scripts/install` installs it, and a report renders
/// once and tests anywhere (recorded folder and parameters, charts by data, .ipynb round trips).
final class InstallTests: XCTestCase {
    func testACopiedBinaryHasTheStdlibFromAnyFolder() throws {
        try requireBinary()
        let dir = try temporaryDirectory()
        let copy = dir + "/sift"
        try FileManager.default.copyItem(atPath: SiftBinary.path, toPath: copy)
        let r = try run(copy, ["-c", "print(clip(5, 1, 3), pct(0.1234))"], directory: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "3 12.3\n")
    }

    func testSiftStdlibOverridesTheBuiltInOne() throws {
        let dir = try temporaryDirectory()
        try "# Adds one.\nfn plus_one(x) = x + 1\n".write(toFile: dir + "/mine.sift", atomically: true, encoding: .utf8)
        let r = try sift(["-c", "print(plus_one(1))"], environment: ["SIFT_STDLIB": dir])
        XCTAssertEqual(r.stdout, "2\n", r.stderr)
        XCTAssertNotEqual(try sift(["-c", "clip(5, 1, 3)"], environment: ["SIFT_STDLIB": dir]).status, 0, "the override replaces the stdlib")
        let missing = try sift(["-c", "1"], environment: ["SIFT_STDLIB": dir + "/nope"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("SIFT_STDLIB is \(dir)/nope, which is not a folder"), missing.stderr)
    }

    func testInstallScriptInstallsTheBinaryAndCompletions() throws {
        try requireBinary()
        let dir = try temporaryDirectory()
        let script = SiftBinary.repositoryRoot.appendingPathComponent("scripts/install").path
        let r = try run("/bin/bash", [script, dir + "/bin"], environment: ["SIFT_BINARY": SiftBinary.path], timeout: 120)
        XCTAssertEqual(r.status, 0, r.stderr)
        for file in ["bin/sift", "share/bash-completion/completions/sift", "share/zsh/site-functions/_sift", "share/fish/vendor_completions.d/sift.fish"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + file), "missing \(file)")
        }
        let bash = try String(contentsOfFile: dir + "/share/bash-completion/completions/sift", encoding: .utf8)
        XCTAssertTrue(bash.contains("complete") && bash.contains("run"), "a bash completion script naming the subcommands")
        let installed = try run(dir + "/bin/sift", ["-c", "print(zero_null(null))"], directory: "/")
        XCTAssertEqual(installed.stdout, "0\n", installed.stderr)
    }
}

final class ReportRoundTripTests: XCTestCase {
    /// A notebook folder with data, and a separate folder to run commands from.
    func makeNotebook(_ body: String) throws -> (root: String, notebook: String) {
        let root = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/notebooks/data", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/elsewhere", withIntermediateDirectories: true)
        try "region,revenue\nNorth,10\nSouth,20\nNorth,5\n".write(toFile: root + "/notebooks/data/sales.csv", atomically: true, encoding: .utf8)
        try body.write(toFile: root + "/notebooks/report.md", atomically: true, encoding: .utf8)
        return (root, root + "/notebooks/report.md")
    }

    static let notebook = """
    # Sales

    ```sift params
    param region: string = "North"
    ```

    ```sift
    sales = read_csv("data/sales.csv") |> filter(region == $region)
    print("rows", nrow(sales))
    sales |> summarize(total = sum(revenue))
    ```

    ```sift
    read_csv("data/sales.csv") |> group_by(region) |> summarize(revenue = sum(revenue)) |> bar(x: region, y: revenue)
    ```

    """

    func testAReportWrittenElsewhereTestsFromAnyFolderWithItsParameters() throws {
        let (root, _) = try makeNotebook(Self.notebook)
        let r = try sift(["run", "notebooks/report.md", "-o", "out/report.md", "-p", "region=South"], directory: root)
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try String(contentsOfFile: root + "/out/report.md", encoding: .utf8)
        XCTAssertTrue(report.hasPrefix(#"<!-- sift:report {"parameters":{"region":"South"},"paths":"../notebooks","source":"../notebooks/report.md"} -->"#), report)
        XCTAssertTrue(report.contains("rows 1"), "rendered with region=South")

        // From another folder, with the recorded parameter.
        let t = try sift(["test", "../out/report.md"], directory: root + "/elsewhere")
        XCTAssertEqual(t.status, 0, t.stdout + t.stderr)
        XCTAssertTrue(t.stdout.contains("all outputs match"), t.stdout)
        // `-p` overrides the recorded value: now the outputs differ.
        let other = try sift(["test", root + "/out/report.md", "-p", "region=North"], directory: "/")
        XCTAssertEqual(other.status, 6, other.stdout + other.stderr)
        XCTAssertTrue(other.stdout.contains("rows 1") && other.stdout.contains("rows 2"), other.stdout)
        // Re-rendering the report in place keeps its folder: it still runs.
        let again = try sift(["run", "out/report.md", "-p", "region=South"], directory: root)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try String(contentsOfFile: root + "/out/report.md", encoding: .utf8), report, "re-rendering changes nothing")
    }

    func testANotebookRenderedInPlaceGetsNoOriginLine() throws {
        let (root, nb) = try makeNotebook(Self.notebook)
        XCTAssertEqual(try sift(["run", "report.md"], directory: root + "/notebooks").status, 0)
        XCTAssertTrue(try String(contentsOfFile: nb, encoding: .utf8).hasPrefix("# Sales"))
    }

    func testChartsAreComparedByTheirData() throws {
        let (root, _) = try makeNotebook(Self.notebook)
        XCTAssertEqual(try sift(["run", "notebooks/report.md", "-o", "out/report.md"], directory: root).status, 0)
        XCTAssertEqual(try sift(["test", "out/report.md"], directory: root).status, 0)
        // The data changes, the chart's file name does not: a failure that names the values.
        try "region,revenue\nNorth,10\nSouth,99\nNorth,5\n".write(toFile: root + "/notebooks/data/sales.csv", atomically: true, encoding: .utf8)
        let t = try sift(["test", "out/report.md"], directory: root)
        XCTAssertEqual(t.status, 6, t.stdout)
        XCTAssertTrue(t.stdout.contains("chart “") && t.stdout.contains("99"), t.stdout)
        // A stored chart file that is gone is a failure too, not a silent pass.
        try "region,revenue\nNorth,10\nSouth,20\nNorth,5\n".write(toFile: root + "/notebooks/data/sales.csv", atomically: true, encoding: .utf8)
        XCTAssertEqual(try sift(["test", "out/report.md"], directory: root).status, 0)
        try FileManager.default.removeItem(atPath: root + "/out/report_files")
        let gone = try sift(["test", "out/report.md"], directory: root)
        XCTAssertEqual(gone.status, 6, gone.stdout)
        XCTAssertTrue(gone.stdout.contains("missing"), gone.stdout)
    }

    func testRenderedIpynbTestsCleanAndAfterUpdate() throws {
        let (root, _) = try makeNotebook(Self.notebook)
        let r = try sift(["run", "notebooks/report.md", "-o", "out/report.ipynb", "-p", "region=South"], directory: root)
        XCTAssertEqual(r.status, 0, r.stderr)
        let t = try sift(["test", "out/report.ipynb"], directory: root + "/elsewhere/..")
        XCTAssertEqual(t.status, 0, t.stdout + t.stderr)
        let u = try sift(["test", "--update", root + "/out/report.ipynb"], directory: "/")
        XCTAssertEqual(u.status, 0, u.stdout + u.stderr)
        let again = try sift(["test", root + "/out/report.ipynb"], directory: "/")
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        // A changed result still fails: the stored outputs are really compared.
        try "region,revenue\nNorth,10\nSouth,21\nNorth,5\n".write(toFile: root + "/notebooks/data/sales.csv", atomically: true, encoding: .utf8)
        let changed = try sift(["test", root + "/out/report.ipynb"], directory: "/")
        XCTAssertEqual(changed.status, 6, changed.stdout)
        XCTAssertTrue(changed.stdout.contains("20 → 21"), changed.stdout)
    }

    func testMissingFileHintNamesTheFolderPathsStartFrom() throws {
        let (root, _) = try makeNotebook("```sift\nread_csv(\"data/nope.csv\")\n```\n")
        let r = try sift(["run", "notebooks/report.md", "-o", "out/r.md"], directory: root)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("relative paths start from the notebook's folder, \(root)/notebooks"), r.stderr)
        let t = try sift(["test", "out/r.md", "--quiet"], directory: root)
        XCTAssertTrue(t.stderr.contains("relative paths start from \(root)/notebooks, the folder recorded in the report's first line"), t.stderr)
    }

    func testTheExampleReportTestsFromAnotherFolder() throws {
        // What the README's quick start makes (scripts/example), then `sift test` elsewhere.
        try requireBinary()
        let repo = SiftBinary.repositoryRoot.path
        let out = try temporaryDirectory()
        let script = repo + "/scripts/example"
        let r = try run("/bin/bash", [script], environment: ["SIFT_BINARY": SiftBinary.path, "SIFT_EXAMPLE_OUTPUT": out + "/campaign.md"], timeout: 300)
        XCTAssertEqual(r.status, 0, r.stderr)
        let t = try sift(["test", out + "/campaign.md"], directory: try temporaryDirectory(), timeout: 300)
        XCTAssertEqual(t.status, 0, t.stdout + t.stderr)
    }
}
