import Foundation
import XCTest

/// The rendered marketing reports in notebooks/ are golden files: `sift test` re-runs each one
/// from its committed outputs and fails when any table, text or chart value changed. Every
/// notebooks/*.md that holds rendered outputs is checked, so a new rendered report is covered
/// by adding it.
final class MarketingNotebookTests: SiftCLITestCase {
    static let reports = ["segmentation.md", "cohorts.md", "campaigns.md", "churn.md", "recommendations.md", "ab-test.md"]

    func renderedNotebooks() throws -> [String] {
        let folder = NotebookTestPaths.repositoryRoot.appendingPathComponent("notebooks").path
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            .filter { $0.hasSuffix(".md") }
            .filter { (try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8))?.contains("<!-- sift:output -->") == true }
    }

    func testTheMarketingReportsAreRendered() throws {
        let rendered = try renderedNotebooks()
        for name in Self.reports { XCTAssertTrue(rendered.contains(name), "\(name) is committed with its outputs") }
    }

    func testEveryRenderedNotebookPassesSiftTest() throws {
        let folder = NotebookTestPaths.repositoryRoot.appendingPathComponent("notebooks").path
        for name in try renderedNotebooks() {
            let r = try sift(["test", folder + "/" + name, "--quiet"], timeout: 180)
            XCTAssertEqual(r.status, 0, "sift test notebooks/\(name):\n\(r.stdout)\n\(r.stderr)")
        }
    }

    /// The A/B readout is parameterised by the test's name: another test renders with its own
    /// verdict, and a name that is not in the data stops with an error naming it.
    func testABReadoutTakesTheTestName() throws {
        let source = NotebookTestPaths.repositoryRoot.appendingPathComponent("notebooks/ab-test.md").path
        let r = try sift(["run", source, "-o", "free.md", "-p", "test_name=free_shipping_banner", "--quiet"], timeout: 120)
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try read("free.md")
        XCTAssertTrue(report.contains("free_shipping_banner: "), "the verdict names the test")
        XCTAssertTrue(report.contains("\"test_name\":\"free_shipping_banner\""), "the parameter is recorded")
        let bad = try sift(["run", source, "-o", "bad.md", "-p", "test_name=nope", "--quiet"], timeout: 120)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("no test named nope"), bad.stderr)
    }
}

/// The README shows a table from the segmentation report: it must be the report's current one.
final class ReadmeReportExcerptTests: XCTestCase {
    func testTheReadmeTableIsTheReportsTable() throws {
        let root = NotebookTestPaths.repositoryRoot
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let report = try String(contentsOf: root.appendingPathComponent("notebooks/segmentation.md"), encoding: .utf8)
        let header = "| segment | customers | days_since_last_order"
        let start = try XCTUnwrap(readme.range(of: header), "the README shows the segment table")
        let table = readme[start.lowerBound...].prefix { _ in true }.components(separatedBy: "\n\n")[0]
        XCTAssertTrue(report.contains(table), "README's table differs from notebooks/segmentation.md: copy the new one")
        XCTAssertTrue(readme.contains("](notebooks/segmentation_files/cell4-1.svg)"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("notebooks/segmentation_files/cell4-1.svg").path))
    }
}
