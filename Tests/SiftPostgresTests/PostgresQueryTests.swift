import SiftFrame
import SiftPostgres
import SiftSQL
import XCTest

/// Results decoded from PostgreSQL's binary format into Sift columns, type by type, with nulls.
final class PostgresQueryTests: XCTestCase {
    func testEveryTypeWithNulls() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let f = try pg.query("""
            select * from (values
              (1::int2, 2::int4, 3::int8, 1.5::float4, 2.25::float8, 123.456::numeric, true, 'a'::text, 'b'::varchar(5), 'c'::char(3),
               '2024-02-29'::date, '2024-02-29 13:14:15.123456'::timestamp, '2024-02-29 13:14:15+02'::timestamptz),
              (null, null, null, null, null, null, null, null, null, null, null, null, null),
              ((-32768)::int2, (-2147483648)::int4, (-9223372036854775808)::int8, (-0.0)::float4, 'NaN'::float8, (-0.001)::numeric, false, '', '', '',
               '1969-12-31'::date, '1900-01-01 00:00:00'::timestamp, '1970-01-01 00:00:00+00'::timestamptz)
            ) as t(i2, i4, i8, f4, f8, num, b, t, vc, bp, d, ts, tz)
            """, parameters: [])
        XCTAssertEqual(f.rowCount, 3)
        XCTAssertEqual(f.columns.map(\.type), [.int, .int, .int, .float, .float, .float, .bool, .string, .string, .string, .date, .datetime, .datetime])
        for c in f.columns { XCTAssertEqual(c.nullCount, 1, c.name); XCTAssertFalse(c.isValid(1), c.name) }
        XCTAssertEqual(try f.column("i2")[0], .int(1))
        XCTAssertEqual(try f.column("i2")[2], .int(-32768))
        XCTAssertEqual(try f.column("i4")[2], .int(-2_147_483_648))
        XCTAssertEqual(try f.column("i8")[2], .int(Int64.min))
        XCTAssertEqual(try f.column("f4")[0], .float(1.5))
        XCTAssertEqual(try f.column("f8")[0], .float(2.25))
        if case .float(let v) = try f.column("f8")[2] { XCTAssertTrue(v.isNaN) } else { XCTFail("NaN expected") }
        XCTAssertEqual(try f.column("num")[0], .float(123.456))
        XCTAssertEqual(try f.column("num")[2], .float(-0.001))
        XCTAssertEqual(try f.column("b")[0], .bool(true))
        XCTAssertEqual(try f.column("b")[2], .bool(false))
        XCTAssertEqual(try f.column("t")[0], .string("a"))
        XCTAssertEqual(try f.column("t")[2], .string(""))
        XCTAssertEqual(try f.column("vc")[0], .string("b"))
        XCTAssertEqual(try f.column("bp")[0], .string("c  "))   // char(3) pads, as PostgreSQL stores it
        XCTAssertEqual(try f.column("d")[0], .date(Temporal.days(year: 2024, month: 2, day: 29)))
        XCTAssertEqual(try f.column("d")[2], .date(-1))
        XCTAssertEqual(try f.column("ts")[0], .datetime(Int64(Temporal.days(year: 2024, month: 2, day: 29)) * Temporal.microsPerDay + (13 * 3600 + 14 * 60 + 15) * 1_000_000 + 123_456))
        XCTAssertEqual(try f.column("ts")[2], .datetime(Int64(Temporal.days(year: 1900, month: 1, day: 1)) * Temporal.microsPerDay))
        // timestamptz arrives as UTC: 13:14:15+02 is 11:14:15Z.
        XCTAssertEqual(try f.column("tz")[0], .datetime(Int64(Temporal.days(year: 2024, month: 2, day: 29)) * Temporal.microsPerDay + (11 * 3600 + 14 * 60 + 15) * 1_000_000))
        XCTAssertEqual(try f.column("tz")[2], .datetime(0))
    }

    func testEmptyResultKeepsColumnsAndTypes() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let f = try pg.query("select 1::int8 as a, 'x'::text as b, now()::date as c where false", parameters: [])
        XCTAssertEqual(f.rowCount, 0)
        XCTAssertEqual(f.names, ["a", "b", "c"])
        XCTAssertEqual(f.columns.map(\.type), [.int, .string, .date])
    }

    func testUnicodeRoundTrip() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let text = "Grüße, 北京, emoji 🧪, combining é, RTL שלום"
        let f = try pg.query("select $1::text as s, length($1::text) as n", parameters: [.string(text)])
        XCTAssertEqual(try f.column("s")[0], .string(text))
        XCTAssertEqual(try f.column("n")[0], .int(Int64(text.unicodeScalars.count)))
    }

    func testDuplicateColumnNamesBecomeUnique() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let f = try pg.query("select 1, 2, 3 as \"?column?_2\"", parameters: [])
        XCTAssertEqual(Set(f.names).count, 3, "\(f.names)")
    }

    func testUuidAndJson() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let f = try pg.query("select 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid as u, '{\"a\": 1}'::jsonb as j, '[1]'::json as k", parameters: [])
        XCTAssertEqual(try f.column("u")[0], .string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
        XCTAssertEqual(try f.column("j")[0], .string("{\"a\": 1}"))
        XCTAssertEqual(try f.column("k")[0], .string("[1]"))
    }

    func testUnsupportedTypeNamesTheColumnAndTheCast() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        XCTAssertThrowsError(try pg.query("select interval '1 day' as span", parameters: [])) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("'span'") && text.contains("interval") && text.contains("span::text"), text)
        }
        // The connection is still usable after the refusal.
        XCTAssertEqual(try pg.query("select 7::int4 as x", parameters: []).columns[0][0], .int(7))
    }

    func testInfinityDatesAreRefusedNotGuessed() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        XCTAssertThrowsError(try pg.query("select 'infinity'::date as d", parameters: [])) { error in
            XCTAssertTrue("\(error)".contains("infinity"), "\(error)")
        }
    }

    func testExecuteAndExplain() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let table = TestServer.tableName("exec")
        try pg.execute("create table \(table) (k int, v float8)", parameters: [])
        defer { try? pg.execute("drop table if exists \(table)", parameters: []) }
        try pg.execute("insert into \(table) select g % 3, g from generate_series(1, 30) g", parameters: [])
        let plan = try pg.explainQuery("select k, sum(v) from \(table) group by k")
        XCTAssertTrue(plan.contains("Aggregate"), plan)
        XCTAssertTrue(plan.contains(table), plan)
    }

    func testManyRowsStreamInOrder() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let n = 200_000
        let f = try pg.query("select g::int8 as g, g::text as s, (g % 7 = 0) as b from generate_series(1, $1) g", parameters: [.int(Int64(n))])
        XCTAssertEqual(f.rowCount, n)
        guard case .int(let g) = try f.column("g").storage else { return XCTFail("int expected") }
        XCTAssertEqual(g, (1...Int64(n)).map { $0 })
        XCTAssertEqual(try f.column("s")[n - 1], .string(String(n)))
        XCTAssertEqual(pg.traffic.rows, n)
    }
}
