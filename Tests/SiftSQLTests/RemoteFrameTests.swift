import Foundation
import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime
import SiftSQL
import SiftSQLite

/// connect / table / collect / sql / write_table on SQLite, and every error path: refused
/// functions and verbs name themselves at the user's span, surplus arguments are errors,
/// parameters are bound (never pasted into SQL), passwords never print.
final class RemoteFrameTests: XCTestCase {
    var session: Session!
    var dir: URL!

    override func setUpWithError() throws {
        session = try Session()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("sift-sql-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        _ = try session.run(code: """
            conn = connect("sqlite:\(dir.path)/shop.db")
            orders = frame(id: [1, 2, 3, 4], region: ["North", "South", "North", null], amount: [10.5, 20.0, null, 7.25], day: [date("2024-01-02"), date("2024-01-03"), null, date("2024-02-01")])
            write_table(orders, conn, "orders")
            o = table(conn, "orders")
            """)
    }

    override func tearDownWithError() throws {
        session.close()
        try? FileManager.default.removeItem(at: dir)
    }

    func eval(_ code: String) throws -> Value { try session.evaluate(code) }

    func error(_ code: String) -> SiftError? {
        do { _ = try eval(code); return nil } catch let e as SiftError { return e } catch { return SiftError(.runtime, "\(error)") }
    }

    func testJoinKeyArgumentsThatWouldGoUnusedAreErrorsInTheEngineToo() throws {
        let e = error("o |> join(o, on: id, left_on: id, right_on: id) |> collect()")
        XCTAssertEqual(e?.message, "join() takes on: or left_on: with right_on:, not both")
        XCTAssertEqual(error("o |> join(o, left_on: id) |> collect()")?.message, "join() needs left_on: and right_on: together")
    }

    func testAColumnDroppedBehindARemoteFrameIsAnErrorNotItsName() throws {
        // SQLite by default reads "amount" as the text 'amount' once no such column exists;
        // the connection turns that off, so the stale frame fails instead of answering 0.
        _ = try eval("stale = o |> mutate(twice = amount * 2) |> select(id, twice)")
        _ = try eval("write_table(orders |> select(id), conn, \"orders\", mode: \"replace\")")
        let e = error("collect(stale)")
        XCTAssertNotNil(e, "a query over a dropped column answered")
        XCTAssertTrue(e?.message.contains("no such column") ?? false, e?.message ?? "")
    }

    func testTableRoundTripKeepsTypesAndNulls() throws {
        guard case .frame(let f) = try eval("collect(o)") else { return XCTFail("not a frame") }
        XCTAssertEqual(f.names, ["id", "region", "amount", "day"])
        XCTAssertEqual(f.columns.map(\.type), [.int, .string, .float, .date])
        XCTAssertEqual(f.columns[1][3], .null)
        XCTAssertEqual(f.columns[3][0], .date(Temporal.days(year: 2024, month: 1, day: 2)))
    }

    func testVerbsBuildRemoteFramesAndDirectCallsToo() throws {
        guard case .object(let rf) = try eval("o |> filter(amount > 8)") else { return XCTFail("not remote") }
        XCTAssertEqual(rf.typeName, "remote frame")
        guard case .object = try eval("filter(o, amount > 8)") else { return XCTFail("a direct call is not remote") }
        guard case .frame(let f) = try eval("collect(filter(o, amount > 8) |> sort(-amount))") else { return XCTFail() }
        XCTAssertEqual(f.columns[0][0], .int(2))
        XCTAssertEqual(f.rowCount, 2)
    }

    func testPrintingShowsRowsAndTheCount() throws {
        let text = session.display.render(try eval("o |> sort(id)"))
        XCTAssertTrue(text.contains("North"), text)
        XCTAssertTrue(text.contains("4 rows"), text)
    }

    func testExplainShowsTheSQLAndTheEnginePlan() throws {
        let program = try Parser.parse(Source(name: "<test>", text: "o |> filter(amount > 1) |> group_by(region) |> summarize(n = count())"))
        guard case .expression(let e)? = program.first?.kind else { return XCTFail("not an expression") }
        let text = try session.explain(e)
        XCTAssertTrue(text.contains("GROUP BY"), text)
        XCTAssertTrue(text.contains("engine plan"), text)
    }

    func testRawSQLBindsParametersAndNeverInterpolates() throws {
        guard case .frame(let f) = try eval("sql(conn, \"select id from orders where region = ? order by id\", params: [\"North\"])") else { return XCTFail() }
        XCTAssertEqual(f.rowCount, 2)
        // A hostile value is just a value: no rows match and the table survives.
        guard case .frame(let g) = try eval("sql(conn, \"select id from orders where region = ?\", params: [\"'; drop table orders; --\"])") else { return XCTFail() }
        XCTAssertEqual(g.rowCount, 0)
        guard case .frame(let h) = try eval("collect(o)") else { return XCTFail() }
        XCTAssertEqual(h.rowCount, 4)
        XCTAssertNotNil(error("sql(conn, \"select ?\", params: [1, 2])"))
    }

    func testLiteralsAreEscapedInCompiledSQL() throws {
        _ = try eval("write_table(frame(s: [\"a'b\", \"x\"]), conn, \"quotes\")")
        guard case .frame(let f) = try eval("collect(table(conn, \"quotes\") |> filter(s == \"a'b\"))") else { return XCTFail() }
        XCTAssertEqual(f.rowCount, 1)
        guard case .frame(let g) = try eval("collect(table(conn, \"quotes\") |> filter(s == \"'; drop table quotes; --\"))") else { return XCTFail() }
        XCTAssertEqual(g.rowCount, 0)
    }

    func testWriteModes() throws {
        XCTAssertTrue(error("write_table(orders, conn, \"orders\")")?.message.contains("already exists") ?? false)
        _ = try eval("write_table(orders, conn, \"orders\", mode: \"append\")")
        XCTAssertEqual(try rows("o"), 8)
        _ = try eval("write_table(orders, conn, \"orders\", mode: \"replace\")")
        XCTAssertEqual(try rows("o"), 4)
        XCTAssertTrue(error("write_table(orders, conn, \"orders\", mode: \"upsert\")")?.message.contains("unknown mode") ?? false)
    }

    func rows(_ code: String) throws -> Int {
        guard case .frame(let f) = try eval("collect(\(code))") else { return -1 }
        return f.rowCount
    }

    func testRefusalsNameTheFunctionAtItsSpan() throws {
        let e = error("o |> group_by(region) |> summarize(m = median(amount))")
        XCTAssertTrue(e?.message.contains("median") ?? false, "\(String(describing: e))")
        XCTAssertTrue(e?.message.contains("sqlite") ?? false)
        XCTAssertEqual(e?.span?.text, "median(amount)")
        let u = error("o |> mutate(t = strip(region))")
        XCTAssertTrue(u?.message.contains("strip") ?? false, "\(String(describing: u))")
        let f = error("fn twice(v) = v * 2\no |> mutate(t = twice(amount))")
        XCTAssertTrue(f?.message.contains("twice") ?? false, "\(String(describing: f))")
        let t = error("o |> tail(2)")
        XCTAssertTrue(t?.message.contains("row order") ?? false)
        // A verb that does not compile runs locally on the collected rows (under the threshold).
        guard case .frame(let p) = try eval("o |> pivot(rows: region, columns: id, values: amount, agg: sum)") else { return XCTFail("pivot") }
        XCTAssertEqual(p.rowCount, 3)
    }

    func testSurplusAndUnknownArgumentsAreErrors() throws {
        XCTAssertNotNil(error("o |> mutate(l = len(region, 2))"))
        XCTAssertNotNil(error("o |> mutate(c = contains(region, \"N\", case: true))"))
        XCTAssertNotNil(error("o |> sort(id, stable: true)"))
        XCTAssertNotNil(error("o |> summarize(s = sum(amount, 1))"))
        XCTAssertNotNil(error("table(conn, \"orders\", 1)"))
        XCTAssertNotNil(error("connect(\"sqlite::memory:\", bogus: 1)"))
    }

    func testMisspelledColumnFailsBeforeRunning() throws {
        let e = error("o |> filter(amout > 1)")
        XCTAssertTrue(e?.message.contains("amout") ?? false)
    }

    func testModelsCollectUpToTheThreshold() throws {
        guard case .int(let n) = try eval("nrow(o)") else { return XCTFail() }
        XCTAssertEqual(n, 4)
        _ = try eval("set_option(\"remote.collect_rows\", 2)")
        let e = error("nrow(o)")
        XCTAssertTrue(e?.message.contains("remote.collect_rows") ?? false || e?.hint?.contains("sample()") ?? false, "\(String(describing: e))")
        guard case .int(let m) = try eval("nrow(o |> sample(2) |> collect())") else { return XCTFail() }
        XCTAssertEqual(m, 2)
    }

    func testMixingLocalAndRemoteIsRefused() throws {
        let e = error("o |> join(orders, on: id)")
        XCTAssertTrue(e?.message.contains("remote frame with a local one") ?? false, "\(String(describing: e))")
    }

    func testConnectionPrintsNoPassword() throws {
        let c = try eval("conn")
        XCTAssertTrue(session.display.render(c).contains("sqlite:"))
        // A URL with a password never shows it, even in the error for a missing driver.
        let e = error("connect(\"nosuch://ana:secret@host/db\")")
        XCTAssertNotNil(e)
        XCTAssertFalse(e?.message.contains("secret") ?? true, "\(String(describing: e?.message))")
        XCTAssertFalse(e?.hint?.contains("secret") ?? false)
    }

    func testSQLiteExplainAndTypes() throws {
        let engine = try SQLiteEngine(path: ":memory:")
        try engine.execute("create table t (a integer, b real, c text, d date, e datetime, f boolean)", parameters: [])
        try engine.execute("insert into t values (?, ?, ?, ?, ?, ?)", parameters: [.int(1), .float(2.5), .string("x"), .date(19_000), .datetime(1_700_000_000_000_000), .bool(true)])
        let f = try engine.query("select * from t", parameters: [])
        XCTAssertEqual(f.columns.map(\.type), [.int, .float, .string, .date, .datetime, .bool])
        XCTAssertEqual(f.columns[4][0], .datetime(1_700_000_000_000_000))
        XCTAssertFalse(try engine.explainQuery("select * from t where a = 1").isEmpty)
        engine.close()
        XCTAssertThrowsError(try engine.query("select 1", parameters: []))
    }
}
