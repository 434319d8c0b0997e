import SiftFrame
import SiftPostgres
import SiftSQL
import XCTest

/// Bound parameters: every kind arrives with its value and type, and text stays data.
final class PostgresParameterTests: XCTestCase {
    func testEveryParameterKind() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let day = Temporal.days(year: 2023, month: 7, day: 1)
        let moment = Int64(day) * Temporal.microsPerDay + 1_500_000
        let f = try pg.query("select $1 as i, $2 as f, $3 as b, $4::text as s, $5 as d, $6 as t, $7::int8 as n, pg_typeof($1)::text as ti, pg_typeof($2)::text as tf",
                             parameters: [.int(Int64.max), .float(0.1), .bool(true), .string("x"), .date(day), .datetime(moment), .null])
        XCTAssertEqual(try f.column("i")[0], .int(Int64.max))
        XCTAssertEqual(try f.column("f")[0], .float(0.1))
        XCTAssertEqual(try f.column("b")[0], .bool(true))
        XCTAssertEqual(try f.column("s")[0], .string("x"))
        XCTAssertEqual(try f.column("d")[0], .date(day))
        XCTAssertEqual(try f.column("t")[0], .datetime(moment))
        XCTAssertEqual(try f.column("n")[0], .null)
        XCTAssertEqual(try f.column("ti")[0], .string("bigint"))
        XCTAssertEqual(try f.column("tf")[0], .string("double precision"))
    }

    func testStringParameterMatchesDateAndVarcharColumns() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let f = try pg.query("select count(*) as n from (values ('2024-01-02'::date, 'ab'::varchar)) t(d, v) where d = $1 and v = $2",
                             parameters: [.string("2024-01-02"), .string("ab")])
        XCTAssertEqual(f.columns[0][0], .int(1))
    }

    func testInjectionAttemptStaysData() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let table = TestServer.tableName("inject")
        try pg.execute("create table \(table) (name text)", parameters: [])
        defer { try? pg.execute("drop table if exists \(table)", parameters: []) }
        let attack = "x'); drop table \(table); --"
        try pg.execute("insert into \(table) values ($1)", parameters: [.string(attack)])
        let f = try pg.query("select name from \(table) where name = $1", parameters: [.string(attack)])
        XCTAssertEqual(f.rowCount, 1)
        XCTAssertEqual(f.columns[0][0], .string(attack))
        // Two statements in one call are refused outright by the extended protocol.
        XCTAssertThrowsError(try pg.execute("select 1; drop table \(table)", parameters: []))
        XCTAssertEqual(try pg.query("select count(*) from \(table)", parameters: []).columns[0][0], .int(1))
    }

    func testNulInStringIsATypedError() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        XCTAssertThrowsError(try pg.query("select $1::text", parameters: [.string("a\u{0}b")])) { error in
            XCTAssertTrue("\(error)".contains("NUL"), "\(error)")
        }
    }
}
