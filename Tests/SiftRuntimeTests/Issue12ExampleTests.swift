import Foundation
import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// The `orders` frame issue 12's tests run on: six rows, customer 3 alone in its group, nulls
/// in dates, amounts and notes.
let issue12Orders = """
orders = frame(customer_id: [1, 2, 1, 2, 1, 3], region: ["North", "South", "North", "South", "North", "East"],
               order_date: [date("2024-01-05"), date("2024-01-07"), date("2024-02-01"), null, date("2024-03-10"), date("2024-03-11")],
               amount: [120.5, 80, null, 42, 99.9, 10],
               note: ["Order #1001 via email", "Order #1002", "refund", "Order #1004 via web", null, "Order #1006"],
               email: ["ann@example.com", "bo@test.org", "ann@example.com", "bo@test.org", "ann@example.com", "cy@x.net"],
               day_text: ["05/01/2024", "07/01/2024", "01/02/2024", null, "10/03/2024", "11/03/2024"],
               stamp: ["05/01/2024 10:00", "07/01/2024 11:30", "01/02/2024 09:15", null, "10/03/2024 18:00", "11/03/2024 08:00"],
               tags: [["a", "b"], ["c"], [], ["a"], ["b", "c"], ["d"]])
"""

/// The examples of issue 12's functions run: every catalogue example of these functions (the
/// ones docs/functions.md shows) and every `sift` block of docs/language.md's sections on
/// windows, dates, text, reshaping and building frames, against a small `orders` frame.
final class Issue12ExampleTests: SessionTestCase {
    static let functions: Set<String> = [
        "lag", "lead", "shift", "diff", "pct_change", "cumsum", "cumprod", "cummax", "cummin", "row_number", "rank", "rolling",
        "parse_date", "parse_datetime", "format_date", "date_trunc", "week", "month_name", "day_name", "add_days", "add_months",
        "date_range", "frame", "as_frame",
        "matches", "extract", "replace_regex", "substr", "pad_left", "pad_right", "concat_str",
        "case_when", "qcut", "melt", "transpose", "crosstab", "explode", "across", "unique", "n_unique", "nlargest", "nsmallest",
        "map", "reduce", "fill_forward",
    ]

    override func setUpWithError() throws {
        try super.setUpWithError()
        _ = try session.run(code: issue12Orders)
    }

    func run(_ code: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        do { _ = try session.run(code: code) } catch let e as SiftError {
            XCTFail("\(what) fails: \(code)\n\(e.render(color: false))", file: file, line: line)
        } catch { XCTFail("\(what) fails: \(code): \(error)", file: file, line: line) }
    }

    func testCatalogueExamplesRun() throws {
        let verbs = ["mutate", "group_by", "filter", "summarize", "select", "sort"]
        var ran = 0
        for b in session.interpreter.builtinList where Self.functions.contains(b.name) {
            XCTAssertFalse(b.example.isEmpty, "\(b.name) has no example")
            let code = verbs.contains { b.example.hasPrefix($0 + "(") } ? "orders |> " + b.example : b.example
            run(code, "the example of \(b.name)")
            ran += 1
        }
        XCTAssertGreaterThanOrEqual(ran, 24)
    }

    func testLanguageDocBlocksRun() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/language.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let start = text.range(of: "## Window functions"), let end = text.range(of: "## Files") else {
            return XCTFail("docs/language.md lost its window functions section")
        }
        let section = text[start.lowerBound..<end.lowerBound]
        var blocks = 0
        var rest = section[...]
        while let open = rest.range(of: "```sift\n") {
            guard let close = rest[open.upperBound...].range(of: "```") else { break }
            run(String(rest[open.upperBound..<close.lowerBound]), "a docs/language.md block")
            blocks += 1
            rest = rest[close.upperBound...]
        }
        XCTAssertGreaterThanOrEqual(blocks, 2)
    }
}
