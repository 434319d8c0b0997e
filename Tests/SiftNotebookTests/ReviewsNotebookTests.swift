import Foundation
import XCTest

/// The bundled customer-reviews notebook (text analytics) runs end to end with the built binary.
final class ReviewsNotebookTests: SiftCLITestCase {
    func testReviewsNotebookRuns() throws {
        let path = NotebookTestPaths.repositoryRoot.appendingPathComponent("notebooks/reviews.md").path
        let r = try sift(["run", path, "-o", "reviews.md", "--quiet"])
        assertStatus(r, 0)
        let report = try read("reviews.md")
        XCTAssertTrue(report.contains("2000 reviews; 228 in Chinese"))
        XCTAssertTrue(report.contains("[电池, 很, 耐用]"), "Chinese reviews are segmented")
        XCTAssertTrue(report.contains("topic model (LDA, Gibbs sampling): 6 topics"))
        XCTAssertTrue(report.contains("| accuracy |"))
        XCTAssertEqual(files(in: "reviews_files").count, 1, "one chart")
    }
}
