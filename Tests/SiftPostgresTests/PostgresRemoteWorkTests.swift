import SiftFrame
import SiftLanguage
import SiftPostgres
@testable import SiftRuntime
import XCTest

/// Proof that a pipeline on a remote frame runs in PostgreSQL: the SQL the compiler wrote for a
/// group-by is planned by PostgreSQL with an aggregate node over the table, and the connection's
/// traffic counter shows that only one row per group crossed the wire, not the table.
final class PostgresRemoteWorkTests: XCTestCase {
    func testGroupByRunsInPostgresAndOnlyTheGroupsComeHome() throws {
        let url = try TestServer.url()
        let pg = try TestServer.engine()
        defer { pg.close() }
        let table = TestServer.tableName("remote")
        try pg.execute("create table \(table) as select (g % 7)::int8 as k, g::float8 as v from generate_series(1, 50000) g", parameters: [])
        defer { try? pg.execute("drop table if exists \(table)", parameters: []) }

        let session = try Session()
        defer { session.close() }
        _ = try session.run(code: """
            conn = connect("\(url)")
            g = table(conn, "\(table)") |> group_by(k) |> summarize(n = count(), total = sum(v))
            """)
        guard case .object(let object) = try session.evaluate("conn"), let connection = object as? RemoteConnection,
              let engine = connection.engine as? PostgresEngine else {
            return XCTFail("connect() did not open a PostgresEngine")
        }
        guard case .string(let sql) = try session.evaluate("g.sql") else { return XCTFail("no SQL for the remote frame") }
        // PostgreSQL's own plan for the compiler's SQL aggregates over a scan of the table.
        let plan = try pg.explainQuery(sql)
        XCTAssertTrue(plan.contains("Aggregate"), plan)
        XCTAssertTrue(plan.contains("Scan on \(table)"), plan)

        let before = engine.traffic
        guard case .frame(let result) = try session.evaluate("collect(g)") else { return XCTFail("collect did not give a frame") }
        let after = engine.traffic
        XCTAssertEqual(result.rowCount, 7)
        XCTAssertEqual(after.rows - before.rows, 7, "only the 7 groups may cross the wire, not the 50 000 rows")
        XCTAssertLessThan(after.bytes - before.bytes, 1_000)
        XCTAssertEqual(after.queries - before.queries, 1)
        // And the answer is the one the data gives.
        let n = try result.column("n"), total = try result.column("total"), k = try result.column("k")
        var byKey: [Int64: (Scalar, Scalar)] = [:]
        for i in 0..<result.rowCount { if case .int(let key) = k[i] { byKey[key] = (n[i], total[i]) } }
        for key in Int64(0)..<7 {
            let members = (1...50_000).filter { Int64($0) % 7 == key }
            XCTAssertEqual(byKey[key]?.0, .int(Int64(members.count)), "n for k = \(key)")
            XCTAssertEqual(byKey[key]?.1, .float(Double(members.reduce(0, +))), "total for k = \(key)")
        }
    }
}
