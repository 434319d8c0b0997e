import Foundation
import XCTest
@testable import SiftNotebook

/// The HTML report (issue 11): GFM prose through cmark-gfm, tables from the frames, cell
/// options for managers' reports, failed cells marked, number formats.
final class GFMTests: XCTestCase {
    func testIntrawordUnderscoresStayLiteral() {
        let html = GFM.html("The avg_order_value column, *emphasis* and __strong__.\n")
        XCTAssertEqual(html, "<p>The avg_order_value column, <em>emphasis</em> and <strong>strong</strong>.</p>\n")
    }

    func testGFMTablesStrikethroughAndAutolinks() {
        let html = GFM.html("| a | b |\n|---|--:|\n| x | 1 |\n\n~~old~~ https://example.org\n")
        XCTAssertTrue(html.contains("<table>") && html.contains("<th>a</th>") && html.contains("<td align=\"right\">1</td>"), html)
        XCTAssertTrue(html.contains("<del>old</del>"), html)
        XCTAssertTrue(html.contains("<a href=\"https://example.org\">"), html)
    }

    func testScriptTagsAreFiltered() {
        XCTAssertFalse(GFM.html("<script>alert(1)</script>\n").contains("<script>"))
    }
}

final class HTMLReportTests: SiftCLITestCase {
    static let csv = "region,revenue,share\nNorth,1032469.02,0.2091\nSouth,890089.05,0.1802\nEast,-1500.5,0.0007\n"

    func testReportOptionsFailedCellsTablesAndFormats() throws {
        try write("data.csv", Self.csv)
        try write("r.md", """
        # Sales for avg_order_value

        ```sift
        df = read_csv("data.csv")
        print("total", sum(df.revenue) + 0.1 + 0.2)
        df |> format(revenue: "money", share: "percent")
        ```

        ```sift echo=false
        print("only the output")
        ```

        ```sift output=false
        print("only the code")
        ```

        ```sift
        df |> mutate(c1 = 1, c2 = 2, c3 = 3, c4 = 4, c5 = 5, c6 = 6, c7 = 7, c8 = 8, c9 = 9, c10 = 10, c11 = 11, c12 = 12)
        ```

        ```sift
        read_csv("nope.csv")
        ```

        """)
        let r = try sift(["run", "r.md", "--format", "html", "--allow-errors"])
        assertStatus(r, 0)
        let html = try read("r.html")
        XCTAssertTrue(html.contains("<h1>Sales for avg_order_value</h1>"), "no <em> from intraword underscores")
        // Tables from the frame: formatted numbers, right-aligned, in a scrolling box.
        XCTAssertTrue(html.contains("<td class=\"num\">1,032,469.02</td>"), html)
        XCTAssertTrue(html.contains("<td class=\"num\">-1,500.50</td>"), html)
        XCTAssertTrue(html.contains("<td class=\"num\">20.9%</td>") && html.contains("<td class=\"num\">0.1%</td>"), html)
        XCTAssertTrue(html.contains("<div class=\"table-scroll\">") && html.contains(".table-scroll { overflow-x: auto"), "wide tables scroll")
        // A single float without binary noise (1921057.57 + 0.1 + 0.2 = 1921057.8700000003).
        XCTAssertTrue(html.contains("total 1921057.87<"), html)
        // echo=false hides the code, output=false the output.
        XCTAssertTrue(html.contains("only the output") && !html.contains("print(&quot;only the output&quot;)"), "echo=false")
        XCTAssertTrue(html.contains("print(&quot;only the code&quot;)") && !html.contains("<pre class=\"text\">only the code"), "output=false")
        // The failing cell is marked, with its error.
        XCTAssertTrue(html.contains("<section class=\"cell failed\">") && html.contains("✗ This cell failed"), html)
        XCTAssertTrue(html.contains("<pre class=\"error\">") && html.contains("file not found"), html)
        XCTAssertEqual(html.components(separatedBy: "class=\"cell failed\"").count, 2, "only one cell failed")
    }
}
