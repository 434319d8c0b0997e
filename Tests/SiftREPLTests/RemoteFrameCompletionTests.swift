import XCTest
import SiftRuntime
@testable import SiftREPL

/// Tab completion offers a remote frame's columns from its schema alone: `table()` learned the
/// columns from the engine, and every verb derives its own, so no row is fetched to complete a
/// name. SQLite (a file in a temp folder) stands in for any engine; no server is needed.
final class RemoteFrameCompletionTests: XCTestCase {
    var session: Session!
    var completer: Completer!

    override func setUpWithError() throws {
        session = try REPLFixtures.sessionWithCustomers()
        completer = Completer(session: session)
        let db = try REPLFixtures.makeTempDir(self, "sift-remote-completion") + "/shop.db"
        _ = try session.evaluate("conn = connect(\"sqlite:\(db)\")")
        _ = try session.evaluate("write_table(c, conn, \"customers\")")
        _ = try session.evaluate("o = table(conn, \"customers\")")
    }

    private func candidates(_ context: String) -> [String] { completer.complete(context).candidates }

    func testTheVariableIsARemoteFrame() throws {
        XCTAssertEqual(try session.evaluate("o").typeName, "remote frame")
    }

    func testSchemaOfARemoteFrameNeedsNoQuery() throws {
        let meta = MetaCommands(session: session, protectedNames: [])
        _ = try session.evaluate("big = o |> mutate(margin = revenue - spend) |> select(customer_id, margin)")
        // The table behind the frame loses revenue and spend: a query would fail, the schema
        // must not need one.
        _ = try session.evaluate("write_table(c |> select(customer_id), conn, \"customers\", mode: \"replace\")")
        XCTAssertThrowsError(try session.evaluate("collect(big)"), "the stale frame's query must fail")
        guard case .output(let out) = try meta.run(":schema big", transcript: Transcript(), evaluate: { _, _ in "" }) else {
            return XCTFail(":schema gave no output")
        }
        XCTAssertTrue(out.contains("customer_id") && out.contains("margin"), out)
        XCTAssertTrue(out.contains("int") && out.contains("float"), out)
        XCTAssertFalse(out.contains("revenue"), "only the visible columns:\n\(out)")
        XCTAssertTrue(out.contains("remote frame"), out)
    }

    func testColumnsOfARemoteTableAtThePipelineHead() {
        let r = completer.complete("o |> filter(reve")
        XCTAssertEqual(r.word, "reve")
        XCTAssertEqual(r.candidates.first, "revenue", "columns come first: \(r.candidates)")
        XCTAssertEqual(candidates("o |> select(c").prefix(2), ["customer_id", "channel"], "in the table's column order")
    }

    func testColumnsWhenTheRemoteFrameIsTheFirstArgument() {
        XCTAssertTrue(candidates("filter(o, reve").contains("revenue"))
        XCTAssertTrue(candidates("top = o |> filter(sp").contains("spend"), "after an assignment")
    }

    func testColumnsCreatedLaterInARemotePipeline() {
        XCTAssertTrue(candidates("o |> mutate(margin = revenue - spend) |> filter(mar").contains("margin"))
        XCTAssertTrue(candidates("o |> group_by(region) |> summarize(total = sum(sp").contains("spend"))
    }

    /// A remote frame made by verbs has the columns those verbs produce, not the table's.
    func testColumnsOfADerivedRemoteFrame() throws {
        _ = try session.evaluate("by_region = o |> group_by(region) |> summarize(n = count(), total = sum(revenue))")
        XCTAssertEqual(try session.evaluate("by_region").typeName, "remote frame")
        XCTAssertEqual(candidates("by_region |> sort(-t").first, "total")
        XCTAssertEqual(candidates("by_region |> select(").prefix(3), ["region", "n", "total"])
        XCTAssertFalse(candidates("by_region |> filter(sp").contains("spend"), "spend was summarized away")
        _ = try session.evaluate("g = o |> group_by(region)")
        XCTAssertTrue(candidates("g |> summarize(m = mean(inc").contains("income"), "a grouped remote frame")
    }

    /// Completion does not ask the engine: once the table is replaced behind the remote frame's
    /// back, completion still offers the schema `table()` learned (a query would see the new one).
    func testNoQueryRunsToComplete() throws {
        _ = try session.evaluate("write_table(c |> select(customer_id), conn, \"customers\", mode: \"replace\")")
        XCTAssertTrue(candidates("o |> filter(reve").contains("revenue"))
        XCTAssertThrowsError(try session.evaluate("collect(o)"), "the engine's table really lost the columns (a query fails)")
    }
}
