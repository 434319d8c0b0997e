import Foundation
import XCTest

/// End-to-end tests of the `sift` command line: the built binary, run as a user would.
final class CLITests: XCTestCase {
    // MARK: running code

    func testCommandOption() throws {
        let r = try sift(["-c", "1 + 2 * 3"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "7\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(try sift(["--command", "7 / 2"]).stdout, "3.5\n")
        XCTAssertEqual(try sift(["--command=\"a\" + \"b\""]).stdout, "\"ab\"\n", "a bare text value is shown quoted")
    }

    func testBareExpressionsArePrintedAndAssignmentsAreNot() throws {
        let r = try sift(["-c", "x = 40\nx + 2\nnull\ny = 1\n[1, \"a\"]\n{k: true}\nprint(\"plain\")\n\"quoted\""])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "42\n[1, \"a\"]\n{k: true}\nplain\n\"quoted\"\n", "null and assignments show nothing; print's own null is not echoed")
    }

    func testFramesPrintAsTables() throws {
        let r = try sift(["-c", "read_csv(\"notebooks/data/regions.csv\") |> sort(region) |> head(2)"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.lines
        XCTAssertTrue(lines[0].contains("region") && lines[0].contains("manager") && lines[0].contains("target"), r.stdout)
        XCTAssertTrue(lines[1].contains("string") && lines[1].contains("int"), r.stdout)
        XCTAssertTrue(lines[3].hasPrefix("Central") && lines[3].contains("Barbara Liskov") && lines[3].contains("1300000"), r.stdout)
        XCTAssertTrue(lines[4].hasPrefix("East"), r.stdout)
        XCTAssertEqual(lines[5], "2 rows × 3 columns")
    }

    func testMaxRowsLimitsPrintedTables() throws {
        let r = try sift(["--max-rows", "3", "-c", "read_csv(\"notebooks/data/customers.csv\") |> select(customer_id)"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("10,000 rows"), r.stdout)
        XCTAssertLessThan(r.stdout.lines.count, 12, r.stdout)
    }

    func testScriptFile() throws {
        let dir = try temporaryDirectory()
        let script = dir + "/analysis.sift"
        try """
        # A small analysis.
        regions = read_csv("\(SiftBinary.repositoryRoot.path)/notebooks/data/regions.csv")
        print("regions:", nrow(regions))
        regions
          |> filter(target >= 1250000)
          |> summarize(n = count(), total = sum(target))
          |> nrow()
        fn double(x) = x * 2
        double(21)
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let r = try sift([script])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "regions: 5\n1\n42\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(try sift(["script", script]).stdout, "regions: 5\n1\n42\n", "the explicit subcommand does the same")
    }

    func testRelativeScriptPathAndDataPathsFromTheWorkingDirectory() throws {
        let dir = try temporaryDirectory()
        try "a,b\n1,2\n3,4\n".write(toFile: dir + "/data.csv", atomically: true, encoding: .utf8)
        try "d = read_csv(\"data.csv\")\nsum(d.b)\n".write(toFile: dir + "/s.sift", atomically: true, encoding: .utf8)
        let r = try sift(["s.sift"], directory: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "6\n")
    }

    func testScriptOnStandardInput() throws {
        let r = try sift([], stdin: "print(1 + 1)\nx = 3\nx * 2\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "2\n6\n")
        let e = try sift([], stdin: "x = 1\ny = x + nope\n")
        XCTAssertEqual(e.status, 1)
        XCTAssertTrue(e.stderr.hasPrefix("<stdin>:2:9: error: unknown name 'nope'"), e.stderr)
    }

    func testEmptyProgram() throws {
        let r = try sift(["-c", ""])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(try sift(["-c", "# only a comment\n\n"]).status, 0)
    }

    // MARK: help and version

    func testHelp() throws {
        let r = try sift(["--help"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.lowercased().contains("usage"), r.stdout)
        XCTAssertTrue(r.stdout.contains("sift"), r.stdout)
        XCTAssertTrue(r.stdout.contains("-c"), "mentions running code with -c: \(r.stdout)")
        XCTAssertTrue(r.stdout.contains("Exit status"), r.stdout)
        XCTAssertEqual(try sift(["-h"]).status, 0)
        let script = try sift(["script", "--help"])
        XCTAssertEqual(script.status, 0)
        XCTAssertTrue(script.stdout.contains("--command"), script.stdout)
        XCTAssertTrue(script.stdout.contains("--max-rows"), script.stdout)
    }

    func testVersion() throws {
        let r = try sift(["--version"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let version = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertNotNil(version.range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression), "a semantic version, got \(version)")
    }

    // MARK: errors and exit status

    func testEvaluationErrorExitsWithOneAndShowsTheSpot() throws {
        let r = try sift(["-c", "x = 1\ny = x + nope"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        let lines = r.stderr.lines
        XCTAssertEqual(lines[0], "<command>:2:9: error: unknown name 'nope'")
        XCTAssertEqual(lines[1], " 2 | y = x + nope")
        XCTAssertEqual(lines[2], "   |         ^^^^", "the caret sits under the name, with nothing after it")
    }

    func testErrorOnTheFirstLine() throws {
        let r = try sift(["-c", "read_csv(\"notebooks/data/regions.csv\") |> filter(targte > 1)"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("<command>:1:50: error: no column or variable named 'targte'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("\n   |" + String(repeating: " ", count: 50) + "^^^^^^\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("hint: did you mean 'target'?"), r.stderr)
    }

    func testSyntaxErrorExitsWithOne() throws {
        let r = try sift(["-c", "x = (1 + 2"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("<command>:1:11: syntax error: expected ')' to close '(', found end of input"), r.stderr)
        XCTAssertTrue(r.stderr.contains("^"), r.stderr)
    }

    func testDataErrorExitsWithOne() throws {
        let r = try sift(["-c", "read_csv(\"no/such/file.csv\")"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("file not found"), r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("<command>:1:1:"), r.stderr)
    }

    func testErrorInAScriptFileNamesTheFile() throws {
        let dir = try temporaryDirectory()
        let script = dir + "/broken.sift"
        try "a = 1\n\nb = a +\n  \"text\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        let r = try sift([script])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("\(script):3:5: error: cannot apply + to int and string"), r.stderr)
        XCTAssertTrue(r.stderr.contains(" 3 | b = a +\n"), r.stderr)
    }

    func testOutputBeforeAnErrorIsKeptAndComesFirst() throws {
        let code = "print(\"one\")\n\"two\"\nx = nope\nprint(\"three\")"
        let r = try sift(["-c", code])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "one\n\"two\"\n", "statements before the error ran; the ones after did not")
        XCTAssertTrue(r.stderr.hasPrefix("<command>:3:5: error: unknown name 'nope'"), r.stderr)
        let merged = try sift(["-c", code], mergeOutput: true)
        XCTAssertTrue(merged.combined.hasPrefix("one\n\"two\"\n<command>:3:5: error"), "stdout is flushed before the error: \(merged.combined)")
        XCTAssertFalse(merged.combined.contains("three"))
    }

    func testLongOutputBeforeAnErrorIsComplete() throws {
        let r = try sift(["-c", "print(range(2000))\nnope"], mergeOutput: true)
        XCTAssertEqual(r.status, 1)
        let error = try XCTUnwrap(r.combined.range(of: "<command>:2:1: error"))
        XCTAssertTrue(r.combined[..<error.lowerBound].hasSuffix(", … (2000 items)]\n"), String(r.combined.prefix(200)))
    }

    func testUsageErrorsExitWithTwo() throws {
        let unknown = try sift(["--bogus"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("--bogus"), unknown.stderr)
        XCTAssertEqual(unknown.stdout, "")

        let both = try sift(["script.sift", "-c", "1"])
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.contains("give either a FILE or -c CODE, not both"), both.stderr)

        let missingValue = try sift(["-c"])
        XCTAssertEqual(missingValue.status, 2)
        XCTAssertTrue(missingValue.stderr.contains("-c"), missingValue.stderr)

        let badRows = try sift(["--max-rows", "0", "-c", "1"])
        XCTAssertEqual(badRows.status, 2)
        XCTAssertTrue(badRows.stderr.contains("--max-rows must be at least 1"), badRows.stderr)

        let notANumber = try sift(["--max-rows", "many", "-c", "1"])
        XCTAssertEqual(notANumber.status, 2, notANumber.stderr)
    }

    func testMissingScriptFile() throws {
        let dir = try temporaryDirectory()
        let r = try sift([dir + "/nope.sift"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.hasPrefix("error: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("file not found: \(dir)/nope.sift"), r.stderr)
        XCTAssertEqual(r.stderr.lines.filter { !$0.isEmpty }.count, 1, "one clear line: \(r.stderr)")
    }

    func testIntegerOverflowIsAnErrorNotACrash() throws {
        let r = try sift(["-c", "9223372036854775807 + 1"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("<command>:1:1: error: integer overflow in +"), r.stderr)
    }

    func testHostileInputGivesErrorsNotCrashes() throws {
        let nested = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        let deep = try sift([], stdin: nested)
        XCTAssertEqual(deep.status, 1, deep.stderr)
        XCTAssertTrue(deep.stderr.contains("nested too deeply"), String(deep.stderr.prefix(300)))

        let chain = "x = 1" + String(repeating: " + 1", count: 100_000)
        let long = try sift([], stdin: chain)
        XCTAssertEqual(long.status, 1, String(long.stderr.prefix(300)))
        XCTAssertTrue(long.stderr.contains("expression too long"), String(long.stderr.prefix(300)))

        let recursion = try sift(["-c", "fn f(n) = f(n + 1)\nf(0)"])
        XCTAssertEqual(recursion.status, 1, recursion.stderr)
        XCTAssertTrue(recursion.stderr.contains("too many nested calls (more than 2000)"), recursion.stderr)
    }

    // MARK: colour

    func testNoEscapeCodesWhenOutputIsNotATerminal() throws {
        let r = try sift(["-c", "print(1)\nread_csv(\"notebooks/data/regions.csv\") |> head(1)\nnope"])
        XCTAssertEqual(r.status, 1)
        XCTAssertFalse(r.stdout.containsEscapeCodes, r.stdout)
        XCTAssertFalse(r.stderr.containsEscapeCodes, r.stderr)
    }

    func testNoColorOnATerminal() throws {
        // `script` gives the child a pseudo-terminal, where colour is on unless NO_COLOR is set.
        let scriptTool = "/usr/bin/script"
        guard FileManager.default.isExecutableFile(atPath: scriptTool) else { throw XCTSkip("util-linux script(1) is not installed") }
        try requireBinary()
        let command = "'\(SiftBinary.path)' -c 'x = nope'"
        let colored = try run(scriptTool, ["-qec", command, "/dev/null"])
        guard colored.stdout.contains("unknown name") else { throw XCTSkip("no pseudo-terminal available: \(colored.stdout) \(colored.stderr)") }
        XCTAssertEqual(colored.status, 1)
        XCTAssertTrue(colored.stdout.containsEscapeCodes, "colour on a terminal: \(colored.stdout.debugDescription)")

        let plain = try run(scriptTool, ["-qec", command, "/dev/null"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(plain.status, 1)
        XCTAssertTrue(plain.stdout.contains("<command>:1:5: error: unknown name 'nope'"), plain.stdout)
        XCTAssertFalse(plain.stdout.containsEscapeCodes, "NO_COLOR must turn colour off: \(plain.stdout.debugDescription)")
    }
}
