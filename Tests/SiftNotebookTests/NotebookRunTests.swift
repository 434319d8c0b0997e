import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `sift run` and `sift test` as a user runs them: the built binary in a fresh folder per test.
final class NotebookRunTests: SiftCLITestCase {
    static let smallCSV = "a,b\n1,1.5\n2,2.25\n3,3.125\n"

    static let passing = """
    # Pass

    Intro prose with `code`.

    ```sift
    df = read_csv("small.csv")
    print("rows:", nrow(df))
    df
    ```

    ```python
    print("not sift")
    ```

    ```sift
    total = sum(df.b)
    print("total is", total)
    ```

    ```sift
    df |> bar(x: a, y: b, title: "B by A")
    ```

    Closing prose.

    """

    static let failing = """
    # Failing

    ```sift
    x = 1
    print("first", x)
    ```

    ```sift
    y = x + 1
    z = undefined_thing + 1
    ```

    ```sift
    print("third")
    ```

    """

    static let parameterized = """
    # Params

    ```sift params
    param region: string = "EMEA"
    param k: int = 4
    param rate: float = 0.5
    ```

    ```sift
    print(region, k * 2, rate)
    ```

    """

    // MARK: - Passing runs

    func testPassingNotebookWritesAReportDeterministically() throws {
        try write("small.csv", Self.smallCSV)
        let source = try write("pass.md", Self.passing)
        let r = try sift(["run", "pass.md", "-o", "out/report.md"])
        assertStatus(r, 0)
        XCTAssertEqual(r.stdout, "", "stdout carries no progress")
        XCTAssertTrue(r.stderr.contains("wrote out/report.md (3 of 3 cells run)"), r.stderr)
        XCTAssertEqual(try read(source), Self.passing, "-o leaves the notebook alone")

        // Written elsewhere, the report's first line records its source and where paths start.
        let withOrigin = try read("out/report.md")
        XCTAssertTrue(withOrigin.hasPrefix("<!-- sift:report {\"paths\":\"..\",\"source\":\"../pass.md\"} -->\n"), withOrigin)
        let report = String(withOrigin.drop { $0 != "\n" }.dropFirst())
        XCTAssertTrue(report.hasPrefix("# Pass\n\nIntro prose with `code`.\n\n```sift\ndf = read_csv(\"small.csv\")\n"), report)
        XCTAssertTrue(report.contains("```python\nprint(\"not sift\")\n```\n"), "other blocks are kept")
        XCTAssertTrue(report.hasSuffix("<!-- /sift:output -->\n\nClosing prose.\n"), report)
        let regions = outputRegions(of: report)
        XCTAssertEqual(regions.count, 3, report)
        XCTAssertEqual(regions.first, """
        ```output
        rows: 3
        ```

        | a | b |
        | ---: | ---: |
        | 1 | 1.500 |
        | 2 | 2.250 |
        | 3 | 3.125 |

        *3 rows × 2 columns*

        """)
        XCTAssertEqual(regions.dropFirst().first, "```output\ntotal is 6.875\n```\n")
        XCTAssertEqual(regions.last, "![B by A](report_files/cell3-1.svg)\n")
        XCTAssertTrue(exists("out/report_files/cell3-1.svg"))

        // A second run elsewhere writes the same bytes, charts included.
        assertStatus(try sift(["run", "pass.md", "-o", "again/report.md"]), 0)
        XCTAssertEqual(try readData("again/report.md"), try readData("out/report.md"))
        XCTAssertEqual(try readData("again/report_files/cell3-1.svg"), try readData("out/report_files/cell3-1.svg"))

        // Rendering in place, then again: the second run changes nothing.
        assertStatus(try sift(["run", "pass.md"]), 0)
        let inPlace = try readData("pass.md")
        XCTAssertEqual(outputRegions(of: try read("pass.md")), regions.map { $0.replacingOccurrences(of: "report_files", with: "pass_files") })
        assertStatus(try sift(["run", "pass.md", "--quiet"]), 0)
        XCTAssertEqual(try readData("pass.md"), inPlace, "re-rendering a rendered notebook is a no-op")
    }

    func testChartsAreWellFormedSVG() throws {
        // The bundled campaign notebook, read where it lives, rendered into the test folder.
        let before = try Data(contentsOf: URL(fileURLWithPath: NotebookTestPaths.campaign))
        let r = try sift(["run", NotebookTestPaths.campaign, "-o", "campaign.md", "--quiet"])
        assertStatus(r, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: NotebookTestPaths.campaign)), before)
        let report = try read("campaign.md")
        XCTAssertTrue(report.contains("Loaded 10000 customers with 11 columns"), "data/… resolves from the notebook's folder")
        let svgs = files(in: "campaign_files")
        XCTAssertEqual(svgs, ["cell8-1.svg", "cell8-2.svg", "cell8-3.svg", "cell8-4.svg"])
        for name in svgs {
            XCTAssertTrue(report.contains("](campaign_files/\(name))"), name)
            let data = try readData("campaign_files/" + name)
            let parser = XMLParser(data: data)
            let root = RootElement()
            parser.delegate = root
            XCTAssertTrue(parser.parse(), "\(name) is not well-formed XML: \(String(describing: parser.parserError))")
            XCTAssertEqual(root.name, "svg", name)
            XCTAssertGreaterThan(root.elements, 10, "\(name) draws something")
        }
    }

    // MARK: - Failures

    func testFailingCellStopsTheRunAndTheReportShowsTheError() throws {
        try write("fail.md", Self.failing)
        let r = try sift(["run", "fail.md", "-o", "out.md"])
        assertStatus(r, 1)
        XCTAssertTrue(r.stderr.contains("fail.md:10:5: error: unknown name 'undefined_thing'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("2 of 3 cells run"), r.stderr)
        let report = try read("out.md")
        let regions = outputRegions(of: report)
        XCTAssertEqual(regions.count, 2, report)
        XCTAssertEqual(regions[0], "```output\nfirst 1\n```\n")
        XCTAssertEqual(regions[1], """
        ```error
        fail.md:10:5: error: unknown name 'undefined_thing'
         10 | z = undefined_thing + 1
            |     ^^^^^^^^^^^^^^^
        ```

        """)
        XCTAssertFalse(report.contains("third\n```\n<!--"), "the cell after the failure did not run")
        XCTAssertTrue(report.hasSuffix("```sift\nprint(\"third\")\n```\n"), report)
    }

    func testCellsAfterAFailureKeepTheirPreviousOutputs() throws {
        try write("nb.md", Self.failing.replacingOccurrences(of: "z = undefined_thing + 1\n", with: "print(\"second\", y)\n"))
        assertStatus(try sift(["run", "nb.md"]), 0)
        let good = try read("nb.md")
        XCTAssertEqual(outputRegions(of: good).count, 3)
        // Break the second cell of the rendered notebook and run it again in place.
        try write("nb.md", good.replacingOccurrences(of: "y = x + 1\n", with: "y = x + nope\n"))
        let lines = try read("nb.md").components(separatedBy: "\n")
        let errorLine = (lines.firstIndex(of: "y = x + nope") ?? -1) + 1
        let r = try sift(["run", "nb.md"])
        assertStatus(r, 1)
        let regions = outputRegions(of: try read("nb.md"))
        XCTAssertEqual(regions.count, 3)
        XCTAssertEqual(regions[0], "```output\nfirst 1\n```\n")
        XCTAssertTrue(regions[1].hasPrefix("```error\nnb.md:\(errorLine):9: error: unknown name 'nope'\n"), regions[1])
        XCTAssertEqual(regions[2], "```output\nthird\n```\n", "the cell that did not run keeps its old output")
    }

    func testACellPrintingTheRegionMarkerRoundTrips() throws {
        try write("m.md", "```sift\nprint(\"<!-- /sift:output -->\")\nprint(\"tail\")\n```\n\nEnd\n")
        assertStatus(try sift(["run", "m.md"]), 0)
        let once = try readData("m.md")
        assertStatus(try sift(["run", "m.md"]), 0, "a rendered notebook reads back")
        XCTAssertEqual(try readData("m.md"), once)
        assertStatus(try sift(["test", "m.md"]), 0)
        XCTAssertEqual(outputRegions(of: try read("m.md")).count, 1)
        XCTAssertTrue(try read("m.md").hasSuffix("tail\n```\n<!-- /sift:output -->\n\nEnd\n"))
    }

    func testSyntaxErrorExitsWith3() throws {
        try write("syn.md", "# S\n\n```sift\nok = 1\n```\n\n```sift\nx = (1 +\ny = 2\n```\n\n```sift\nprint(\"later\")\n```\n")
        let r = try sift(["run", "syn.md", "-o", "out.md"])
        assertStatus(r, 3)
        XCTAssertTrue(r.stderr.contains("syn.md:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("syntax error"), r.stderr)
        let regions = outputRegions(of: try read("out.md"))
        XCTAssertEqual(regions.count, 1)
        XCTAssertTrue(regions[0].hasPrefix("```error\nsyn.md:"), regions[0])
        XCTAssertTrue(regions[0].contains("syntax error"), regions[0])
        XCTAssertFalse(try read("out.md").contains("```output\nlater"))
    }

    func testAllowErrorsRunsEveryCellAndExits0() throws {
        try write("fail.md", Self.failing)
        let r = try sift(["run", "fail.md", "-o", "out.md", "--allow-errors"])
        assertStatus(r, 0)
        XCTAssertTrue(r.stderr.contains("fail.md:10:5: error: unknown name 'undefined_thing'"), "the error is still reported: \(r.stderr)")
        let regions = outputRegions(of: try read("out.md"))
        XCTAssertEqual(regions.count, 3)
        XCTAssertTrue(regions[1].hasPrefix("```error\nfail.md:10:5:"))
        XCTAssertEqual(regions[2], "```output\nthird\n```\n")
    }

    func testTimeoutStopsARunawayCell() throws {
        let runaway = """
        ```sift
        fn f(n) = if n == 0 then 0 else f(n - 1) + f(n - 1)
        ```

        ```sift
        f(40)
        ```

        ```sift
        print("after")
        ```

        """
        try write("slow.md", runaway)
        let r = try sift(["run", "slow.md", "-o", "out.md", "--timeout", "1"], timeout: 30)
        assertStatus(r, 4)
        XCTAssertLessThan(r.seconds, 10, "the watchdog stops the cell")
        XCTAssertTrue(r.stderr.contains("timed out"), r.stderr)
        let regions = outputRegions(of: try read("out.md"))
        XCTAssertEqual(regions.count, 1, "the definition prints nothing, the runaway cell fails, the last one does not run")
        XCTAssertTrue(regions[0].hasPrefix("```error\n") && regions[0].contains("timed out after 1"), regions[0])

        // A cell's own timeout= wins over --timeout.
        try write("own.md", runaway.replacingOccurrences(of: "```sift\nf(40)", with: "```sift timeout=1\nf(40)"))
        let own = try sift(["run", "own.md", "-o", "own_out.md", "--timeout", "600"], timeout: 30)
        assertStatus(own, 4)
        XCTAssertLessThan(own.seconds, 10)
    }

    // MARK: - Parameters

    func testParameterDefaultsAndOverrides() throws {
        try write("p.md", Self.parameterized)
        assertStatus(try sift(["run", "p.md", "-o", "default.md"]), 0)
        let defaults = outputRegions(of: try read("default.md"))
        XCTAssertEqual(defaults, ["```output\nregion = \"EMEA\"\nk = 4\nrate = 0.5\n```\n", "```output\nEMEA 8 0.5\n```\n"])

        assertStatus(try sift(["run", "p.md", "-o", "apac.md", "-p", "region=APAC", "--param", "k=5"]), 0)
        let apac = outputRegions(of: try read("apac.md"))
        XCTAssertEqual(apac, ["```output\nregion = \"APAC\"  (set with -p)\nk = 5  (set with -p)\nrate = 0.5\n```\n",
                              "```output\nAPAC 10 0.5\n```\n"])
    }

    func testBadParametersExitWith5() throws {
        try write("p.md", Self.parameterized)
        let unknown = try sift(["run", "p.md", "-o", "out.md", "-p", "regoin=APAC"])
        assertStatus(unknown, 5)
        XCTAssertTrue(unknown.stderr.contains("unknown parameter 'regoin'"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("region (string), k (int), rate (float)"), "lists what exists: \(unknown.stderr)")
        XCTAssertFalse(exists("out.md"), "no cell ran, no report")

        let illTyped = try sift(["run", "p.md", "-o", "out.md", "-p", "k=four"])
        assertStatus(illTyped, 5)
        XCTAssertTrue(illTyped.stderr.contains("parameter k must be an int, got \"four\""), illTyped.stderr)
        assertStatus(try sift(["run", "p.md", "-o", "out.md", "-p", "rate=fast"]), 5)
        XCTAssertFalse(exists("out.md"))

        assertStatus(try sift(["run", "p.md", "-o", "out.md", "-p", "k"]), 2, "-p without = is a usage error")
        try write("none.md", "```sift\n1\n```\n")
        let none = try sift(["run", "none.md", "-p", "k=1"])
        assertStatus(none, 5)
        XCTAssertTrue(none.stderr.contains("declares no parameters"), none.stderr)
    }

    func testRunHelpListsTheNotebooksParameters() throws {
        try write("p.md", Self.parameterized)
        let r = try sift(["run", "p.md", "--help"])
        assertStatus(r, 0)
        XCTAssertTrue(r.stdout.contains("USAGE"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PARAMETERS of p.md (set with -p name=value):\n  region: string = \"EMEA\"\n  k: int = 4\n  rate: float = 0.5"),
                      r.stdout)
        XCTAssertFalse(exists("p_files"))
        XCTAssertEqual(try read("p.md"), Self.parameterized, "--help runs nothing")
    }

    // MARK: - sift test

    func testSiftTestComparesUpdatesAndToleratesNoise() throws {
        try write("small.csv", Self.smallCSV)
        try write("t.md", Self.passing)
        assertStatus(try sift(["run", "t.md"]), 0)
        let rendered = try read("t.md")

        try FileManager.default.createDirectory(atPath: dir + "/tmp", withIntermediateDirectories: true)
        let ok = try sift(["test", "t.md"], environment: ["TMPDIR": dir + "/tmp"])
        assertStatus(ok, 0)
        XCTAssertEqual(files(in: "tmp"), [], "sift test leaves no scratch charts behind")
        XCTAssertTrue(ok.stdout.contains("t.md: 3 cells, all outputs match"), ok.stdout)
        XCTAssertEqual(try read("t.md"), rendered, "sift test does not write")

        // A stored number changed beyond the tolerance.
        XCTAssertTrue(rendered.contains("| 2 | 2.250 |"))
        try write("t.md", rendered.replacingOccurrences(of: "| 2 | 2.250 |", with: "| 2 | 2.750 |"))
        let changed = try sift(["test", "t.md"])
        assertStatus(changed, 6)
        XCTAssertTrue(changed.stdout.contains("t.md:6: cell 1 output changed\n  part 2: row 2, column b: 2.750 → 2.250\n"), changed.stdout)
        XCTAssertTrue(changed.stdout.contains("1 of 3 cells changed (accept with sift test --update)"), changed.stdout)
        assertStatus(try sift(["test", "t.md", "--rtol", "0.5"]), 0, "within a large tolerance")
        assertStatus(try sift(["test", "t.md", "--rtol", "0.1"]), 6, "0.5 off 2.75 is more than 10 %")

        // Text, token by token.
        try write("t.md", rendered.replacingOccurrences(of: "total is 6.875", with: "total is 6.9"))
        let text = try sift(["test", "t.md"])
        assertStatus(text, 6)
        XCTAssertTrue(text.stdout.contains("cell 2 output changed\n  part 1, line 1:\n    - total is 6.9\n    + total is 6.875"), text.stdout)

        // --update accepts the fresh outputs.
        let update = try sift(["test", "t.md", "--update"])
        assertStatus(update, 0)
        XCTAssertTrue(update.stdout.contains("t.md: outputs updated"), update.stdout)
        XCTAssertEqual(try read("t.md"), rendered)
        assertStatus(try sift(["test", "t.md"]), 0)
    }

    // MARK: - Several notebooks, CI annotations

    func testJobsRunSeveralNotebooksAndPrintASummary() throws {
        try write("small.csv", Self.smallCSV)
        try write("one.md", Self.passing)
        try write("two.md", Self.parameterized)
        try write("bad.md", Self.failing)
        let r = try sift(["run", "one.md", "bad.md", "two.md", "--jobs", "2"])
        XCTAssertNotEqual(r.status, 0, r.stdout + r.stderr)
        assertStatus(r, 1)
        let lines = r.stdout.components(separatedBy: "\n")
        XCTAssertEqual(Array(lines.prefix(2)), ["| notebook | result | time |", "|---|---|---:|"], r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("| one.md | ok | ") }, r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("| bad.md | failed (exit 1) | ") }, r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("| two.md | ok | ") }, r.stdout)
        XCTAssertTrue(r.stderr.contains("bad.md:10:5: error: unknown name 'undefined_thing'"), r.stderr)
        for nb in ["one.md", "two.md", "bad.md"] {
            XCTAssertFalse(outputRegions(of: try read(nb)).isEmpty, "\(nb) was rendered in place")
        }
        assertStatus(try sift(["run", "one.md", "two.md", "-o", "x.md"]), 2, "-o takes one notebook")
    }

    func testGitHubActionsAnnotations() throws {
        try write("fail.md", Self.failing)
        let plain = try sift(["run", "fail.md", "-o", "out.md"])
        assertStatus(plain, 1)
        XCTAssertFalse(plain.stdout.contains("::error"), "no annotations outside Actions")

        let gh = try sift(["run", "fail.md", "-o", "out.md"], environment: ["GITHUB_ACTIONS": "true"])
        assertStatus(gh, 1)
        XCTAssertTrue(gh.stdout.contains("::error file=fail.md,line=10,col=5::unknown name 'undefined_thing'"), gh.stdout)

        // Under --jobs the children's annotations still reach the log.
        try write("ok.md", "```sift\nprint(1)\n```\n")
        let jobs = try sift(["run", "ok.md", "fail.md", "--jobs", "2"], environment: ["GITHUB_ACTIONS": "true"])
        assertStatus(jobs, 1)
        XCTAssertTrue(jobs.stdout.contains("::error file=fail.md,line="), jobs.stdout)

        // sift test annotates the changed cell.
        try write("t.md", "```sift\nprint(1 + 1)\n```\n")
        assertStatus(try sift(["run", "t.md"]), 0)
        try write("t.md", try read("t.md").replacingOccurrences(of: "```output\n2\n```", with: "```output\n3\n```"))
        let test = try sift(["test", "t.md"], environment: ["GITHUB_ACTIONS": "true"])
        assertStatus(test, 6)
        XCTAssertTrue(test.stdout.contains("::error file=t.md,line=2::cell 1 output changed"), test.stdout)
    }

    // MARK: - Paths and formats

    func testRelativePathsResolveFromTheNotebooksFolder() throws {
        try write("project/data/small.csv", Self.smallCSV)
        try write("project/reports/nb.md", "```sift\ndf = read_csv(\"../data/small.csv\")\nprint(nrow(df))\ndf |> bar(x: a, y: b)\n```\n")
        try FileManager.default.createDirectory(atPath: dir + "/elsewhere", withIntermediateDirectories: true)
        // From another folder, with a relative notebook path and a report in a third folder.
        let r = try sift(["run", "../project/reports/nb.md", "-o", "../out/deep/report.md"], in: dir + "/elsewhere")
        assertStatus(r, 0)
        let regions = outputRegions(of: try read("out/deep/report.md"))
        XCTAssertEqual(regions, ["```output\n3\n```\n\n![chart](report_files/cell1-2.svg)\n"])
        XCTAssertTrue(exists("out/deep/report_files/cell1-2.svg"), "the chart link resolves from the report's folder")
        // From / with an absolute path, rendering in place.
        assertStatus(try sift(["run", dir + "/project/reports/nb.md"], in: "/"), 0)
        XCTAssertEqual(outputRegions(of: try read("project/reports/nb.md")), ["```output\n3\n```\n\n![chart](nb_files/cell1-2.svg)\n"])
        XCTAssertTrue(exists("project/reports/nb_files/cell1-2.svg"))
    }

    func testHTMLFormatWritesOnePageWithInlineSVG() throws {
        try write("small.csv", Self.smallCSV)
        try write("chart.md", "# Chart report\n\n```sift\ndf = read_csv(\"small.csv\")\ndf\ndf |> bar(x: a, y: b)\n```\n")
        let r = try sift(["run", "chart.md", "--format", "html"])
        assertStatus(r, 0)
        XCTAssertEqual(files(in: ".").filter { $0.hasSuffix(".html") }, ["chart.html"])
        let html = try read("chart.html")
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), String(html.prefix(100)))
        XCTAssertTrue(html.contains("<title>Chart report</title>"))
        XCTAssertTrue(html.contains("<svg"), "the chart is inlined")
        XCTAssertTrue(html.contains("</svg>"))
        XCTAssertFalse(html.contains("<img"), "no external image")
        XCTAssertFalse(html.contains("<?xml"), "the SVG's XML declaration is dropped inside HTML")
        XCTAssertTrue(html.contains("<table>"), "frames are tables")
        XCTAssertEqual(try read("chart.md"), "# Chart report\n\n```sift\ndf = read_csv(\"small.csv\")\ndf\ndf |> bar(x: a, y: b)\n```\n",
                       "--format html leaves the notebook alone")
        assertStatus(try sift(["run", "chart.md", "--format", "pdf"]), 2)

        // A report name with a space: the Markdown link is percent-encoded, the HTML still inlines the chart.
        try write("my report.md", "```sift\nread_csv(\"small.csv\") |> bar(x: a, y: b, title: \"Sales [2024]\")\n```\n")
        assertStatus(try sift(["run", "my report.md", "-o", "my report.out.md"]), 0)
        XCTAssertEqual(outputRegions(of: try read("my report.out.md")), ["![Sales \\[2024\\]](my%20report.out_files/cell1-1.svg)\n"])
        XCTAssertTrue(exists("my report.out_files/cell1-1.svg"))
        assertStatus(try sift(["run", "my report.md", "--format", "html"]), 0)
        let spaced = try read("my report.html")
        XCTAssertTrue(spaced.contains("<svg") && !spaced.contains("<img"), "inlined: \(spaced.suffix(300))")
    }

    func testIpynbChartsAreEmbeddedWhereverTheReportGoes() throws {
        try write("small.csv", Self.smallCSV)
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": ["kernelspec": ["name": "sift", "display_name": "Sift", "language": "sift"]],
            "cells": [
                ["cell_type": "markdown", "id": "m1", "metadata": [String: Any](), "source": "# Hi"],
                ["cell_type": "code", "id": "c1", "metadata": [String: Any](), "execution_count": NSNull(), "outputs": [Any](),
                 "source": ["df = read_csv(\"small.csv\")\n", "print(\"hi\", nrow(df))\n", "df |> bar(x: a, y: b)"]],
            ],
        ]
        try JSONSerialization.data(withJSONObject: notebook).write(to: URL(fileURLWithPath: dir + "/x.ipynb"))
        for target in ["x.ipynb", "sub/y.ipynb"] {
            let r = try sift(target == "x.ipynb" ? ["run", "x.ipynb"] : ["run", "x.ipynb", "-o", target])
            assertStatus(r, 0, target)
            let json = try JSONSerialization.jsonObject(with: try readData(target)) as? [String: Any]
            let cells = json?["cells"] as? [[String: Any]] ?? []
            XCTAssertEqual(cells.count, 2, target)
            let outputs = cells.last?["outputs"] as? [[String: Any]] ?? []
            XCTAssertEqual(outputs.map { $0["output_type"] as? String }, ["stream", "display_data"], target)
            XCTAssertEqual(outputs.first?["text"] as? String, "hi 3\n", target)
            let data = outputs.last?["data"] as? [String: Any]
            XCTAssertTrue((data?["image/svg+xml"] as? String)?.contains("<svg") == true, "\(target): the chart is embedded")
        }
    }

    func testUnreadableNotebooksExitWith7() throws {
        let missing = try sift(["run", "missing.md"])
        assertStatus(missing, 7)
        XCTAssertTrue(missing.stderr.contains("missing.md"), missing.stderr)
        try write("open.md", "# T\n\n```sift\nx = 1\n")
        let open = try sift(["run", "open.md"])
        assertStatus(open, 7)
        XCTAssertTrue(open.stderr.contains("open.md:3: a code block opened here is never closed"), open.stderr)
        XCTAssertEqual(try read("open.md"), "# T\n\n```sift\nx = 1\n", "nothing is written")
        try write("old.ipynb", "{\"nbformat\": 3, \"cells\": []}")
        assertStatus(try sift(["run", "old.ipynb"]), 7)
        try write("py.ipynb", "{\"nbformat\": 4, \"cells\": [], \"metadata\": {\"kernelspec\": {\"language\": \"python\"}}}")
        let py = try sift(["run", "py.ipynb"])
        assertStatus(py, 7)
        XCTAssertTrue(py.stderr.contains("python"), py.stderr)
    }
}

/// Records the root element's name and counts elements.
final class RootElement: NSObject, XMLParserDelegate {
    var name: String?
    var elements = 0
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        if name == nil { name = elementName }
        elements += 1
    }
}
