import Foundation
import XCTest
import SiftLanguage
import SiftRuntime

/// docs/scale-out.md's "Refused everywhere" list, checked one by one on a remote frame: each
/// construct would give other rows than Sift gives locally, so the compiler must refuse it
/// before anything runs, with an error naming what was refused. The compiler is shared by every
/// dialect, so SQLite (no server) stands for all of them.
final class RemoteRefusalTests: XCTestCase {
    var session: Session!
    var dir: URL!

    override func setUpWithError() throws {
        session = try Session()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("sift-refusal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        _ = try session.run(code: """
            conn = connect("sqlite:\(dir.path)/shop.db")
            orders = frame(id: [1, 2, 3, 4], region: ["North", "South", "North", null], amount: [10.5, 20.0, null, 7.25], code: ["1", "2", "x", "4"])
            write_table(orders, conn, "orders")
            o = table(conn, "orders")
            """)
    }

    override func tearDownWithError() throws {
        session.close()
        try? FileManager.default.removeItem(at: dir)
    }

    /// The pipeline must fail and its message must contain `word`.
    private func assertRefused(_ code: String, naming word: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let v = try session.evaluate(code)
            XCTFail("\(code) was not refused; it gave \(v.typeName)", file: file, line: line)
        } catch let e as SiftError {
            XCTAssertTrue(e.message.contains(word), "\(code): the error does not name \(word): \(e.message)", file: file, line: line)
            XCTAssertFalse(e.message.contains("\n"), "one line: \(e.message)", file: file, line: line)
        } catch {
            XCTFail("\(code): not a Sift error: \(error)", file: file, line: line)
        }
    }

    func testStripAndRegularExpressions() {
        assertRefused("o |> mutate(t = strip(region))", naming: "strip")
        assertRefused("o |> filter(matches(region, \"^N\"))", naming: "matches")
        assertRefused("o |> mutate(t = extract(region, \"(N)\"))", naming: "extract")
    }

    func testCastsFromTextAndFromFloatToText() {
        assertRefused("o |> mutate(n = cast(code, \"int\"))", naming: "cast")
        assertRefused("o |> mutate(t = cast(amount, \"string\"))", naming: "cast")
    }

    func testFillNullWithAStrategy() {
        assertRefused("o |> mutate(a = fill_null(amount, strategy: \"forward\"))", naming: "fill_null")
    }

    func testWindowFunctions() {
        assertRefused("o |> mutate(c = cumsum(amount))", naming: "cumsum")
        assertRefused("o |> mutate(p = lag(amount))", naming: "lag")
        assertRefused("o |> mutate(r = row_number())", naming: "row_number")
    }

    func testSeededSample() {
        assertRefused("o |> sample(2, seed: 7)", naming: "seed")
    }

    func testGroupedMutateWithAnAggregateAndHeadPerGroup() {
        assertRefused("o |> group_by(region) |> mutate(share = amount / sum(amount))", naming: "sum()")
        assertRefused("o |> group_by(region) |> filter(amount > mean(amount))", naming: "mean()")
        assertRefused("o |> group_by(region) |> head(1)", naming: "head")
    }
}
