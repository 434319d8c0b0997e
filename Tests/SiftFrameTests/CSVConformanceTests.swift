import Foundation
import SiftFrame
import XCTest

/// Reads every case of the shared CSV suites (`../shared/csv-suites`, next to the repository) and
/// compares the result, cell by cell as text, with Python's `csv.reader` rows for the same file.
///
/// Every case has an explicit expected outcome in `Self.expectations`, so a change in behaviour
/// (a case that stops matching, or a refused file that starts being read) fails the test.
final class CSVConformanceTests: XCTestCase {
    /// A cell of Python's rows that Sift reads differently on purpose (row 0 is the first record).
    struct Patch {
        let row: Int
        let column: Int
        let value: String?
    }

    enum Outcome {
        /// Header and rows equal Python's (short rows padded with null, header names normalised).
        case matches
        /// Reading throws a `CSVError` whose description contains the text.
        case refuses(String)
        /// Reads without error, equal to Python's rows with these cells replaced.
        case readsAs([Patch], because: String)
    }

    struct Expectation {
        var outcome: Outcome
        /// false for files without a header row: every Python row is then a data row.
        var header = true
    }

    static let expectations: [String: Expectation] = [
        "spectrum_comma_in_quotes": .init(outcome: .matches),
        "spectrum_empty": .init(outcome: .matches),
        "spectrum_empty_crlf": .init(outcome: .matches),
        "spectrum_escaped_quotes": .init(outcome: .matches),
        "spectrum_json": .init(outcome: .matches),
        "spectrum_newlines": .init(outcome: .matches),
        "spectrum_newlines_crlf": .init(outcome: .matches),
        "spectrum_quotes_and_newlines": .init(outcome: .matches),
        "spectrum_simple": .init(outcome: .matches),
        "spectrum_simple_crlf": .init(outcome: .matches),
        "spectrum_utf8": .init(outcome: .matches),
        "csvw_test001": .init(outcome: .matches),
        "csvw_test002": .init(outcome: .matches),
        "csvw_test003": .init(outcome: .matches),
        "csvw_test005": .init(outcome: .matches),
        "csvw_test008": .init(outcome: .matches),
        "csvw_test009": .init(outcome: .matches),
        "csvw_test019": .init(outcome: .matches, header: false),
        "csvw_manifest_cr_only": .init(outcome: .matches),
        "commons_test": .init(outcome: .matches),
        "commons_bom": .init(outcome: .matches),
        "commons_emoji": .init(outcome: .matches),
        "commons_japanese": .init(outcome: .matches),
        "commons_psql": .init(outcome: .matches, header: false),
        // PostgreSQL's text format has no quoting (Python reads it with QUOTE_NONE); Sift always
        // treats a leading quote as RFC 4180 quoting, so `"quoted"` loses its quotes.
        "commons_psql_text": .init(outcome: .readsAs([Patch(row: 2, column: 3, value: "quoted")], because: "no QUOTE_NONE option"), header: false),
        "commons_trailing_empty": .init(outcome: .matches, header: false),
        "commons_semicolon": .init(outcome: .matches),
        "commons_no_final_newline": .init(outcome: .matches),
        "commons_empty_file": .init(outcome: .matches),
        // Backslash-escaped quotes: under RFC rules the third record swallows the fourth and the last
        // field never closes (Python, not strict, returns it anyway).
        "commons_backslash_quotes": .init(outcome: .refuses(":4: unterminated quoted field"), header: false),
        "jl_utf8_bom": .init(outcome: .matches),
        "jl_mac_line_endings": .init(outcome: .matches),
        "jl_missing_value": .init(outcome: .matches),
        "jl_missing_last_field": .init(outcome: .matches),
        "jl_not_enough_columns": .init(outcome: .matches),
        "jl_trailing_missings": .init(outcome: .matches),
        "jl_no_header": .init(outcome: .matches, header: false),
        "jl_quoted_multiline_escapechar": .init(outcome: .refuses(":4: quote escaped with a backslash")),
        "jl_tsv": .init(outcome: .matches),
        "jl_float_in_int_column": .init(outcome: .matches),
        "jl_int64_overflow": .init(outcome: .matches),
        "jl_utf16le_no_bom": .init(outcome: .refuses("NUL byte")),
    ]

    static var suiteDirectory: URL {
        // Tests/SiftFrameTests/<this file> → repository root → its parent holds shared/.
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("shared/csv-suites")
    }

    func loadIndex() throws -> [[String: Any]] {
        let dir = Self.suiteDirectory
        let indexURL = dir.appendingPathComponent("index.json")
        guard FileManager.default.fileExists(atPath: indexURL.path) else {
            throw XCTSkip("\(dir.path): shared/csv-suites not found")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: indexURL)) as? [String: Any]
        let cases = try XCTUnwrap(json?["cases"] as? [[String: Any]], "index.json has no cases array")
        if let count = json?["count"] as? Int { XCTAssertEqual(cases.count, count, "index.json count field") }
        return cases
    }

    func pythonRows(_ caseInfo: [String: Any]) throws -> [[String]] {
        let expected = try XCTUnwrap(caseInfo["expected"] as? [[String: Any]])
        let file = try XCTUnwrap(expected.compactMap { $0["file"] as? String }.first { $0.hasSuffix(".pycsv_rows.json") })
        let data = try Data(contentsOf: Self.suiteDirectory.appendingPathComponent(file))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertTrue(json["error"] is NSNull || json["error"] == nil, "\(file): Python itself failed")
        return try XCTUnwrap(json["rows"] as? [[String]], "\(file): rows")
    }

    /// The reader's documented header clean-up: names trimmed of spaces and tabs, empty names
    /// become `column_<position>`, repeats get `_2`, `_3`, …
    static func normalisedHeader(_ raw: [String]) -> [String] {
        var used = Set<String>()
        var out: [String] = []
        for (i, r) in raw.enumerated() {
            var name = r.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            if name.isEmpty { name = "column_\(i + 1)" }
            if used.contains(name) {
                var n = 2
                while used.contains("\(name)_\(n)") { n += 1 }
                name = "\(name)_\(n)"
            }
            used.insert(name)
            out.append(name)
        }
        return out
    }

    func testEveryCaseHasAnExpectation() throws {
        let ids = try loadIndex().compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.count, 42)
        XCTAssertEqual(Set(ids), Set(Self.expectations.keys), "the table and index.json list different cases")
    }

    func testAllCases() throws {
        let cases = try loadIndex()
        var tally: [String: Int] = [:]
        for info in cases {
            let id = try XCTUnwrap(info["id"] as? String)
            let input = try XCTUnwrap(info["input"] as? String)
            guard let exp = Self.expectations[id] else { XCTFail("\(id): no expectation in the table"); continue }
            let path = Self.suiteDirectory.appendingPathComponent(input).path
            var py = try pythonRows(info)
            py.removeAll { $0.isEmpty }  // Sift skips blank lines; Python reports them as []

            var options = CSVOptions()
            options.infer = false
            options.nulls = []
            options.quotedEmptyIsNull = false  // Python's csv module has no nulls: "" is text
            options.header = exp.header

            let result = Result { try CSVReader.read(path: path, options: options) }

            // .tsv files: auto-detection must agree with an explicit tab.
            if input.hasSuffix(".tsv"), case .success(let auto) = result {
                var tab = options
                tab.delimiter = UInt8(ascii: "\t")
                let explicit = try CSVReader.read(path: path, options: tab)
                XCTAssertEqual(explicit.names, auto.names, "\(id): tab vs auto-detected names")
                XCTAssertEqual(textRows(explicit), textRows(auto), "\(id): tab vs auto-detected rows")
            }

            switch exp.outcome {
            case .matches:
                tally["matches", default: 0] += 1
                try assertRows(id: id, result: result, expected: py, header: exp.header)
            case .readsAs(let patches, _):
                tally["readsAs", default: 0] += 1
                for p in patches {
                    XCTAssertNotEqual(py[p.row][p.column], p.value, "\(id): patch (\(p.row), \(p.column)) does not change anything")
                    py[p.row][p.column] = p.value ?? ""
                }
                var expected: [[String?]] = py
                for p in patches where p.value == nil { expected[p.row][p.column] = nil }
                try assertRows(id: id, result: result, expectedCells: expected, header: exp.header)
            case .refuses(let text):
                tally["refuses", default: 0] += 1
                switch result {
                case .success(let f):
                    XCTFail("\(id): expected an error containing \"\(text)\", read \(f.columnCount) columns × \(f.rowCount) rows: \(textRows(f).prefix(12))")
                case .failure(let error):
                    XCTAssertTrue(error is CSVError, "\(id): expected a CSVError, got \(type(of: error)): \(error)")
                    XCTAssertTrue(String(describing: error).contains(text), "\(id): error \"\(error)\" should contain \"\(text)\"")
                    XCTAssertTrue(String(describing: error).contains(input), "\(id): error \"\(error)\" should name the file")
                }
            }
        }
        XCTAssertEqual(tally.values.reduce(0, +), 42)
    }

    func assertRows(id: String, result: Result<Frame, Error>, expected: [[String]], header: Bool) throws {
        try assertRows(id: id, result: result, expectedCells: expected.map { $0.map(Optional.some) }, header: header)
    }

    func assertRows(id: String, result: Result<Frame, Error>, expectedCells py: [[String?]], header: Bool) throws {
        let frame: Frame
        switch result {
        case .success(let f): frame = f
        case .failure(let e):
            XCTFail("\(id): expected rows, got error \(e)")
            return
        }
        if py.isEmpty {
            XCTAssertEqual(frame.columnCount, 0, "\(id): empty input gives no columns")
            XCTAssertEqual(frame.rowCount, 0, "\(id): empty input gives no rows")
            return
        }
        let width = py[0].count  // the header, or the first record without one
        let names = header ? Self.normalisedHeader(py[0].map { $0 ?? "" }) : (1...width).map { "column_\($0)" }
        let body = header ? Array(py.dropFirst()) : py
        XCTAssertEqual(frame.names, names, "\(id): header")
        XCTAssertEqual(frame.rowCount, body.count, "\(id): row count")
        for c in frame.columns { XCTAssertEqual(c.type, .string, "\(id): infer = false reads '\(c.name)' as string") }
        let actual = textRows(frame)
        for (r, row) in body.enumerated() where r < actual.count {
            XCTAssertLessThanOrEqual(row.count, width, "\(id): Python row \(r) is longer than the header; this case should refuse")
            // Short rows are padded with null, as pandas does.
            let padded = row + [String?](repeating: nil, count: max(0, width - row.count))
            XCTAssertEqual(actual[r], padded, "\(id): data row \(r + 1)")
        }
    }
}
