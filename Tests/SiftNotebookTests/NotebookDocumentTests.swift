import XCTest
import SiftLanguage
@testable import SiftNotebook

/// Parsing and rendering Markdown notebooks, output regions, and `sift test`'s comparison.
final class NotebookDocumentTests: XCTestCase {
    func parse(_ text: String, path: String = "nb.md") throws -> NotebookDocument {
        try NotebookDocument.parse(text, path: path)
    }

    /// The prose blocks, in order.
    func prose(_ doc: NotebookDocument) -> [String] {
        doc.blocks.compactMap { if case .prose(let p) = $0 { return p } else { return nil } }
    }

    /// The document's blocks written back exactly as parsed (fences, code and prose).
    func reassembled(_ doc: NotebookDocument) -> String {
        doc.blocks.map { b -> String in
            switch b {
            case .prose(let p): return p
            case .cell(let c): return c.openingFence + c.code + c.closingFence
            }
        }.joined()
    }

    func assertSameBytes(_ a: String, _ b: String, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Array(a.utf8), Array(b.utf8), message + "\n--- got\n\(a.debugDescription)\n--- expected\n\(b.debugDescription)", file: file, line: line)
    }

    // MARK: - Parsing keeps prose byte for byte

    func testProseWithOtherFencesIsKeptByteForByte() throws {
        let text = """
        # Title with trailing spaces   \n\
        \n\
        Some *prose*, `inline code`, and a tab\there.\n\
        \n\
        ```python\n\
        print("not sift")\n\
        ```\n\
        \n\
        ~~~\n\
        ```sift\n\
        inside a tilde fence: not a cell\n\
        ```\n\
        ~~~\n\
        \n\
        ````markdown\n\
        ```sift\n\
        x = 1\n\
        ```\n\
        ````\n\
        \n\
            ```sift\n\
            four spaces: an indented code block, not a fence\n\
        \n\
          ~~~~ js\n\
          let a = 1\n\
          ~~~~\n\
        \n\
        ```siftx\n\
        a different language\n\
        ```\n\
        \n\
        <!-- sift:output -->\n\
        a stray marker in prose\n\
        <!-- /sift:output -->\n\
        \n\
        Last line without a newline
        """
        let doc = try parse(text)
        XCTAssertTrue(doc.cells.isEmpty, "no block here is a sift cell")
        XCTAssertEqual(prose(doc), [text])
        assertSameBytes(doc.rendered(outputs: []), text)
    }

    func testCellsAreFoundAmongProseAndEverythingElseIsKept() throws {
        let lines = [
            "# T",                    // 1
            "",                       // 2
            "Intro",                  // 3
            "",                       // 4
            "```sift",                // 5
            "x = 1",                  // 6
            "```",                    // 7
            "",                       // 8
            "```python",              // 9
            "print(1)",               // 10
            "```",                    // 11
            "",                       // 12
            "~~~sift",                // 13
            "y = 2",                  // 14
            "~~~",                    // 15
            "",                       // 16
            "   ```sift timeout=5",   // 17
            "z = 3",                  // 18
            "w = 4",                  // 19
            "   ```",                 // 20
            "",                       // 21
            "````sift",               // 22
            "s = \"```\"",            // 23
            "```",                    // 24: too short to close a four-backtick fence
            "````",                   // 25
            "End",                    // 26
        ]
        let text = lines.joined(separator: "\n") + "\n"
        let doc = try parse(text)
        let cells = doc.cells
        XCTAssertEqual(cells.count, 4)
        XCTAssertEqual(cells.map(\.firstLine), [6, 14, 18, 23])
        XCTAssertEqual(cells.map(\.code), ["x = 1\n", "y = 2\n", "z = 3\nw = 4\n", "s = \"```\"\n```\n"])
        XCTAssertEqual(cells.map(\.openingFence), ["```sift\n", "~~~sift\n", "   ```sift timeout=5\n", "````sift\n"])
        XCTAssertEqual(cells.map(\.closingFence), ["```\n", "~~~\n", "   ```\n", "````\n"])
        XCTAssertTrue(cells.allSatisfy { $0.previousOutput == nil && !$0.isParameters })
        XCTAssertTrue(prose(doc).joined().contains("```python\nprint(1)\n```\n"))
        assertSameBytes(reassembled(doc), text)
        assertSameBytes(doc.rendered(outputs: [nil, nil, nil, nil]), text, "rendering with no new outputs changes nothing")
        assertSameBytes(doc.rendered(outputs: []), text)
    }

    func testCRLFFilesKeepTheirBytes() throws {
        let text = "# T\r\n\r\nProse.\r\n\r\n```python\r\nx\r\n```\r\n\r\n```sift\r\nx = 1\r\ny = 2\r\n```\r\n\r\n~~~\r\n```sift\r\n~~~\r\nEnd\r\n"
        let doc = try parse(text)
        XCTAssertEqual(doc.cells.count, 1)
        XCTAssertEqual(doc.cells[0].code, "x = 1\r\ny = 2\r\n")
        XCTAssertEqual(doc.cells[0].firstLine, 10)
        assertSameBytes(reassembled(doc), text)
        assertSameBytes(doc.rendered(outputs: [nil]), text, "a CRLF notebook without outputs is unchanged")
        // A fresh region, then a re-parse and a re-render that keeps it: identical.
        let once = doc.rendered(outputs: ["```output\n3\n```"])
        XCTAssertTrue(once.hasPrefix("# T\r\n\r\nProse.\r\n"))
        XCTAssertTrue(once.contains("```\r\n\n<!-- sift:output -->\n```output\n3\n```\n<!-- /sift:output -->\n\r\n~~~"),
                      "one blank line before the region: \(once.debugDescription)")
        let again = try parse(once)
        XCTAssertEqual(again.cells[0].previousOutput, "```output\n3\n```\n")
        assertSameBytes(again.rendered(outputs: [nil]), once)
    }

    func testCRLFOutputRegionIsKeptWhenTheCellDoesNotRun() throws {
        // A rendered notebook whose every line ends in CRLF (as an editor or git may leave it).
        let text = "```sift\r\nx\r\n```\r\n\r\n<!-- sift:output -->\r\n```output\r\n1\r\n```\r\n<!-- /sift:output -->\r\n\r\nEnd\r\n"
        let doc = try parse(text)
        XCTAssertEqual(doc.cells[0].previousOutput, "```output\r\n1\r\n```\r\n")
        let once = doc.rendered(outputs: [nil])
        let twice = try parse(once).rendered(outputs: [nil])
        assertSameBytes(twice, once, "re-rendering a CRLF region must not grow it")
        XCTAssertEqual(OutputRegion.parse(doc.cells[0].previousOutput!), [.text("1")])
    }

    // MARK: - Info strings

    func testParamsCellsAndTimeoutOptions() throws {
        let text = """
        ```sift params
        param region: string = "EMEA"
        param k: int = 4

        # a comment
        param start: date = "2024-01-01"
        ```

        ```sift timeout=30
        a = 1
        ```

        ```sift timeout=2 label=x
        b = 2
        ```

        ```sift\ttimeout=7
        c = 3
        ```

        ```sift
        d = 4
        ```

        """
        let doc = try parse(text)
        let cells = doc.cells
        XCTAssertEqual(cells.count, 5)
        XCTAssertEqual(cells.map(\.isParameters), [true, false, false, false, false])
        XCTAssertEqual(cells[1].options, ["timeout": "30"])
        XCTAssertEqual(cells[2].options, ["timeout": "2", "label": "x"])
        XCTAssertEqual(cells[3].options["timeout"], "7", "a tab separates info-string words too")
        XCTAssertEqual(cells[4].options, [:])

        let decls = try Parameters.declarations(in: cells[0], path: "nb.md")
        XCTAssertEqual(decls.map(\.name), ["region", "k", "start"])
        XCTAssertEqual(decls.map(\.kind), [.string, .int, .date])
        XCTAssertEqual(decls.map(\.defaultSource), ["\"EMEA\"", "4", "\"2024-01-01\""])
        XCTAssertEqual(decls.map(\.line), [2, 3, 6])
    }

    func testBadParameterDeclarationsNameTheirLine() throws {
        let notParam = try parse("# P\n\n```sift params\nparam a: int = 1\nregion = 2\n```\n").cells[0]
        XCTAssertThrowsError(try Parameters.declarations(in: notParam, path: "p.md")) { error in
            XCTAssertTrue("\(error)".hasPrefix("p.md:5:"), "\(error)")
        }
        let badType = try parse("```sift params\nparam a: integer = 1\n```\n").cells[0]
        XCTAssertThrowsError(try Parameters.declarations(in: badType, path: "p.md")) { error in
            XCTAssertTrue("\(error)".contains("p.md:2"), "\(error)")
            XCTAssertTrue("\(error)".contains("integer"), "\(error)")
        }
    }

    func testParameterConversion() throws {
        guard case .int(5) = try Parameters.convert("5", to: .int, name: "k") else { return XCTFail("int") }
        guard case .float(let f) = try Parameters.convert("1e3", to: .float, name: "r"), f == 1000 else { return XCTFail("float") }
        guard case .bool(true) = try Parameters.convert("yes", to: .bool, name: "b") else { return XCTFail("bool") }
        guard case .string("a b") = try Parameters.convert("a b", to: .string, name: "s") else { return XCTFail("string") }
        guard case .date = try Parameters.convert("2024-02-29", to: .date, name: "d") else { return XCTFail("date") }
        XCTAssertThrowsError(try Parameters.convert("abc", to: .int, name: "k")) { error in
            XCTAssertEqual("\(error)", "parameter k must be an int, got \"abc\"")
        }
        XCTAssertThrowsError(try Parameters.convert("2023-02-30", to: .date, name: "d"))
        XCTAssertThrowsError(try Parameters.convert("nan", to: .float, name: "r"))
        XCTAssertThrowsError(try Parameters.convert("maybe", to: .bool, name: "b"))
    }

    // MARK: - Unterminated fences

    func assertUnterminated(_ text: String, line expected: Int, output: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(text, path: "dir/nb.md"), file: file, line: line) { error in
            guard let e = error as? NotebookError else { return XCTFail("not a NotebookError: \(error)", file: file, line: line) }
            switch (e, output) {
            case (.unterminatedFence(let p, let l), false), (.unterminatedOutput(let p, let l), true):
                XCTAssertEqual(p, "dir/nb.md", file: file, line: line)
                XCTAssertEqual(l, expected, file: file, line: line)
                XCTAssertTrue(e.description.hasPrefix("dir/nb.md:\(expected): "), e.description, file: file, line: line)
            default:
                XCTFail("unexpected error \(e)", file: file, line: line)
            }
        }
    }

    func testUnterminatedFenceIsAnErrorNamingItsLine() {
        assertUnterminated("# T\n\nText\n\n```sift\nx = 1\n", line: 5)
        assertUnterminated("```sift\nx = 1\n```\n\n```python\nprint(1)\n", line: 5)
        assertUnterminated("~~~sift\nx = 1\n```\n", line: 1)        // ``` does not close ~~~
        assertUnterminated("````sift\nx = 1\n```\n", line: 1)       // nor a shorter fence
        assertUnterminated("a\r\nb\r\n```sift\r\nx\r\n", line: 3)   // CRLF lines count the same
        assertUnterminated("```sift\nx\n```\n\n<!-- sift:output -->\n```output\n1\n```\n", line: 5, output: true)
    }

    // MARK: - Rendering is idempotent

    func testRenderReparseRenderIsIdempotent() throws {
        let text = "# Report\n\n```sift\na = 1\n```\n\nText.\n\n```sift\nprint(a)\n```\n\n```sift\nb = 2\n```\nTrailing prose\n\n```sift\nlast\n```"
        let doc = try parse(text)
        XCTAssertEqual(doc.cells.count, 4)
        XCTAssertFalse(doc.cells[3].closingFence.hasSuffix("\n"), "the last fence ends the file")
        let table = "| a |\n| ---: |\n| 1 |\n\n*1 row × 1 column*"
        let outputs: [String?] = ["```output\n1\n```", nil, "", table]
        let first = doc.rendered(outputs: outputs)
        XCTAssertTrue(first.hasSuffix("```sift\nlast\n```\n\n<!-- sift:output -->\n" + table + "\n<!-- /sift:output -->\n"), first)
        XCTAssertEqual(occurrences(of: NotebookDocument.outputStart, in: first), 2, "cells without output get no region")
        XCTAssertTrue(first.contains("```sift\nb = 2\n```\nTrailing prose\n"))

        let reparsed = try parse(first)
        XCTAssertEqual(reparsed.cells.map(\.previousOutput), ["```output\n1\n```\n", nil, nil, table + "\n"])
        XCTAssertEqual(prose(reparsed), prose(doc), "the prose is untouched by rendering")
        assertSameBytes(reparsed.rendered(outputs: [nil, nil, nil, nil]), first, "keeping every region")
        assertSameBytes(reparsed.rendered(outputs: outputs), first, "the same outputs again")
        let third = try parse(reparsed.rendered(outputs: outputs)).rendered(outputs: outputs)
        assertSameBytes(third, first)
    }

    func testNewOutputsReplaceOldRegionsAndEmptyOutputRemovesThem() throws {
        let text = "```sift\nx\n```\n\n<!-- sift:output -->\n```output\nold\n```\n<!-- /sift:output -->\n\n```sift\ny\n```\n\n\n<!-- sift:output -->\n```output\nold y\n```\n<!-- /sift:output -->\nEnd\n"
        let doc = try parse(text)
        XCTAssertEqual(doc.cells.map(\.previousOutput), ["```output\nold\n```\n", "```output\nold y\n```\n"])
        XCTAssertEqual(prose(doc), ["\n", "End\n"])
        let replaced = doc.rendered(outputs: ["```output\nnew\n```", ""])
        XCTAssertEqual(replaced, "```sift\nx\n```\n\n<!-- sift:output -->\n```output\nnew\n```\n<!-- /sift:output -->\n\n```sift\ny\n```\nEnd\n")
        assertSameBytes(try parse(replaced).rendered(outputs: []), replaced)
    }

    func testOutputThatPrintsTheEndMarkerStaysInsideItsRegion() throws {
        let text = "```sift\nprint(marker)\n```\n\nEnd\n"
        let region = OutputRegion.markdown([.text("<!-- /sift:output -->\nafter the marker"), .error("``` <!-- /sift:output -->")])
        let first = try parse(text).rendered(outputs: [region])
        let doc = try parse(first)
        XCTAssertEqual(doc.cells[0].previousOutput, region + "\n")
        XCTAssertEqual(prose(doc), ["\nEnd\n"])
        assertSameBytes(doc.rendered(outputs: [nil]), first)
        XCTAssertEqual(OutputRegion.parse(doc.cells[0].previousOutput!),
                       [.text("<!-- /sift:output -->\nafter the marker"), .error("``` <!-- /sift:output -->")])
    }

    func testCellWithoutOutputAtEndOfFileWithoutNewline() throws {
        let text = "Intro\n\n```sift\nx = 1\n```"
        let doc = try parse(text)
        let rendered = doc.rendered(outputs: [""])
        XCTAssertEqual(rendered, text + "\n", "the only change is a final newline")
        assertSameBytes(try parse(rendered).rendered(outputs: [""]), rendered)
        assertSameBytes(try parse(rendered).rendered(outputs: [nil]), rendered)
    }

    // MARK: - Output regions

    func testOutputRegionRoundTrip() {
        let parts: [OutputPart] = [
            .text("Loaded 3 rows\nwith two lines"),
            .table("| a | b |\n| --- | ---: |\n| x | 1.5 |\n| y\\|z | 2.0 |\n\n*2 rows × 2 columns*"),
            .table("| n |\n| ---: |\n| 1 |\n| … |\n| 99 |"),
            .image(alt: "Revenue by channel", path: "report_files/cell2-1.svg"),
            .error("nb.md:3:1: error: unknown name 'q'\n 3 | q\n   | ^"),
            .text("| looks | like a table |\n![not](an image)"),
            .image(alt: "Sales [2024] (USD)", path: "r_files/cell3-2.svg"),
        ]
        let md = OutputRegion.markdown(parts)
        XCTAssertTrue(md.hasPrefix("```output\nLoaded 3 rows\nwith two lines\n```\n\n| a | b |"), md)
        XCTAssertTrue(md.contains("\n\n![Revenue by channel](report_files/cell2-1.svg)\n\n```error\nnb.md:3:1:"), md)
        XCTAssertEqual(OutputRegion.parse(md), parts)
        XCTAssertEqual(OutputRegion.markdown(OutputRegion.parse(md)), md)
    }

    func testImageLinksAreValidCommonMark() {
        // Spaces and parentheses can't stand in a link destination; brackets in the alt text are escaped.
        let image = OutputPart.image(alt: "Sales [2024] \\ (USD)", path: "my report (v2)_files/cell1-1.svg")
        let md = OutputRegion.markdown([image])
        XCTAssertEqual(md, "![Sales \\[2024\\] \\\\ (USD)](my%20report%20%28v2%29_files/cell1-1.svg)")
        XCTAssertEqual(OutputRegion.parse(md), [image])
        XCTAssertEqual(OutputRegion.parse("![100% done](a%25b/c.svg)"), [.image(alt: "100% done", path: "a%b/c.svg")])
        XCTAssertEqual(OutputRegion.markdown([.image(alt: "x", path: "a%b/c.svg")]), "![x](a%25b/c.svg)")
        // A region written before links were encoded still reads.
        XCTAssertEqual(OutputRegion.parse("![chart](plain_files/cell1-1.svg)"), [.image(alt: "chart", path: "plain_files/cell1-1.svg")])
    }

    func testTextWithBackticksUsesALongerFence() {
        let text = "a ``` b\n```\nc ```` d"
        let md = OutputRegion.markdown([.text(text)])
        XCTAssertTrue(md.hasPrefix("`````output\n"), md)
        XCTAssertTrue(md.hasSuffix("\n`````"), md)
        XCTAssertEqual(OutputRegion.parse(md), [.text(text)])
        let err = OutputRegion.markdown([.error("x ``` y")])
        XCTAssertTrue(err.hasPrefix("````error\n"), err)
        XCTAssertEqual(OutputRegion.parse(err), [.error("x ``` y")])
        // A rendered notebook holding such a region parses and re-renders unchanged.
        let nb = NotebookDocument(blocks: [.cell(.init(openingFence: "```sift\n", code: "print(s)\n", closingFence: "```\n", firstLine: 2,
                                                       isParameters: false, options: [:], previousOutput: nil))], path: "nb.md")
        let rendered = nb.rendered(outputs: [md])
        XCTAssertEqual(try NotebookDocument.parse(rendered, path: "nb.md").cells[0].previousOutput, md + "\n")
    }

    func testOutputRegionEdges() {
        XCTAssertEqual(OutputRegion.markdown([]), "")
        XCTAssertEqual(OutputRegion.parse(""), [])
        XCTAssertEqual(OutputRegion.parse(OutputRegion.markdown([.text("hi\n")])), [.text("hi")], "one final newline is dropped")
        XCTAssertEqual(OutputRegion.parse(OutputRegion.markdown([.text("")])), [.text("")])
        XCTAssertEqual(OutputRegion.parse("```output\r\nhello\r\n```\r\n\r\n| a |\r\n| --- |\r\n| 1 |\r\n"),
                       [.text("hello"), .table("| a |\n| --- |\n| 1 |")], "CRLF regions")
        // Two tables in a row stay two tables; the caption belongs to the second one.
        XCTAssertEqual(OutputRegion.parse("| a |\n| --- |\n| 1 |\n\n| b |\n| --- |\n| 2 |\n\n*1 row × 1 column*"),
                       [.table("| a |\n| --- |\n| 1 |"), .table("| b |\n| --- |\n| 2 |\n\n*1 row × 1 column*")])
    }

    // MARK: - OutputComparison

    let stored = "```output\nsum is 6.875\nok\n```\n\n| region | revenue |\n| --- | ---: |\n| North | 100.0 |\n| South | 250.125 |\n\n*2 rows × 2 columns*"

    func testEqualOutputsHaveNoDifferences() {
        XCTAssertEqual(OutputComparison(rtol: 0).differences(expected: stored, actual: stored), [])
        XCTAssertEqual(OutputComparison(rtol: 1e-6).differences(expected: "", actual: ""), [])
        let reformatted = stored.replacingOccurrences(of: "100.0 ", with: "100.000 ")
        XCTAssertEqual(OutputComparison(rtol: 1e-6).differences(expected: stored, actual: reformatted), [],
                       "the same number written differently is equal")
    }

    func testNumbersWithinToleranceMatchAndBeyondItFail() {
        let noisy = stored.replacingOccurrences(of: "250.125", with: "250.12500001")
        XCTAssertEqual(OutputComparison(rtol: 1e-6).differences(expected: stored, actual: noisy), [])
        let beyond = OutputComparison(rtol: 1e-12).differences(expected: stored, actual: noisy)
        XCTAssertEqual(beyond, ["part 2: row 2, column revenue: 250.125 → 250.12500001"])

        let changed = stored.replacingOccurrences(of: "| North | 100.0 |", with: "| North | 100.5 |")
        let d = OutputComparison(rtol: 1e-6).differences(expected: stored, actual: changed)
        XCTAssertEqual(d.count, 1, "\(d)")
        XCTAssertTrue(d.first?.contains("row 1") == true && d.first?.contains("column revenue") == true, "\(d)")
        XCTAssertTrue(d.first?.contains("100.0 → 100.5") == true, "\(d)")
        XCTAssertEqual(OutputComparison(rtol: 0.01).differences(expected: stored, actual: changed), [], "a large rtol accepts it")

        let textNoise = stored.replacingOccurrences(of: "6.875", with: "6.8750000001")
        XCTAssertEqual(OutputComparison(rtol: 1e-6).differences(expected: stored, actual: textNoise), [], "numbers in text too")
    }

    func testTextLineChangeIsReported() {
        let changed = stored.replacingOccurrences(of: "sum is 6.875", with: "sum is 6.9")
        XCTAssertEqual(OutputComparison(rtol: 1e-6).differences(expected: stored, actual: changed),
                       ["part 1, line 1:\n  - sum is 6.875\n  + sum is 6.9"])
        let word = stored.replacingOccurrences(of: "\nok\n", with: "\nokay\n")
        XCTAssertEqual(OutputComparison(rtol: 1).differences(expected: stored, actual: word), ["part 1, line 2:\n  - ok\n  + okay"])
        let extraLine = stored.replacingOccurrences(of: "\nok\n", with: "\nok\nmore\n")
        XCTAssertEqual(OutputComparison(rtol: 1e-6).differences(expected: stored, actual: extraLine), ["part 1, line 3:\n  - \n  + more"])
    }

    func testPartCountAndKindChanges() {
        let onlyText = "```output\nsum is 6.875\nok\n```"
        let more = OutputComparison(rtol: 1e-6).differences(expected: onlyText, actual: stored)
        XCTAssertEqual(more, ["expected 1 output part, got 2", "new a table: | region | revenue |"])
        let fewer = OutputComparison(rtol: 1e-6).differences(expected: stored, actual: onlyText)
        XCTAssertEqual(fewer.first, "expected 2 output parts, got 1")
        XCTAssertTrue(fewer.contains { $0.hasPrefix("missing a table") }, "\(fewer)")
        let error = "```error\nnb.md:1:1: error: boom\n```"
        XCTAssertEqual(OutputComparison(rtol: 1e-6).differences(expected: onlyText, actual: error), ["part 1: expected text, got an error"])
        let chart = OutputComparison().differences(expected: "![c](a_files/cell1-1.svg)", actual: "![c](a_files/cell1-2.svg)")
        XCTAssertEqual(chart, ["part 1: chart a_files/cell1-1.svg is now a_files/cell1-2.svg"])
    }

    func testTableShapeChanges() {
        let renamed = stored.replacingOccurrences(of: "| region | revenue |", with: "| region | income |")
        XCTAssertEqual(OutputComparison().differences(expected: stored, actual: renamed),
                       ["part 2: columns changed from [region, revenue] to [region, income]"])
        let extraRow = stored.replacingOccurrences(of: "| South | 250.125 |\n\n*2 rows", with: "| South | 250.125 |\n| West | 1 |\n\n*3 rows")
        XCTAssertEqual(OutputComparison().differences(expected: stored, actual: extraRow),
                       ["part 2: table had 2 rows shown, now 3", "part 2: *2 rows × 2 columns* → *3 rows × 2 columns*"])
    }

    func testTableCellsWithPipesAndDashes() {
        // Cells holding an escaped pipe or a run of dashes are data, not structure.
        let a = "| name | v |\n| --- | ---: |\n| a\\|b | 1 |\n| x---y | 3 |\n| --- | 4 |"
        XCTAssertEqual(OutputComparison().differences(expected: a, actual: a), [])
        let b = a.replacingOccurrences(of: "| a\\|b | 1 |", with: "| a\\|b | 5 |").replacingOccurrences(of: "| x---y | 3 |", with: "| x---y | 9 |")
            .replacingOccurrences(of: "| --- | 4 |", with: "| --- | 8 |")
        XCTAssertEqual(OutputComparison().differences(expected: a, actual: b),
                       ["part 1: row 1, column v: 1 → 5", "part 1: row 2, column v: 3 → 9", "part 1: row 3, column v: 4 → 8"])
        let c = a.replacingOccurrences(of: "| a\\|b | 1 |", with: "| a\\|c | 1 |")
        XCTAssertEqual(OutputComparison().differences(expected: a, actual: c), ["part 1: row 1, column name: a|b → a|c"])
    }
}
