import SiftFrame
import SiftPostgres
import SiftSQL
import XCTest

/// `writeTable` through COPY: what goes up comes back identical, and the modes behave.
final class PostgresUploadTests: XCTestCase {
    /// 100 000 rows of every uploadable type, with nulls and text that needs COPY escapes.
    private func sample(_ n: Int) throws -> Frame {
        var valid = Bitmap(count: n, allValid: true)
        for i in stride(from: 0, to: n, by: 13) { valid[i] = false }
        let awkward = ["plain", "tab\there", "new\nline", "back\\slash", "\\N", "cr\rhere", "ünï 北京 🧪", "", "\\.", "quote'\""]
        let ints = (0..<n).map { Int64($0) * 7_919 - 300_000 }
        let floats: [Double] = (0..<n).map { i in
            let third: Double = Double(i) / 3.0
            let tiny: Double = Double(i % 5) * 1e-9
            return third - 1e6 + tiny
        }
        let texts = (0..<n).map { awkward[$0 % awkward.count] + String($0) }
        return try Frame(columns: [
            Column(name: "id", storage: .int((0..<n).map(Int64.init))),
            Column(name: "i", storage: .int(ints), validity: valid),
            Column(name: "f", storage: .float(floats), validity: valid),
            Column(name: "b", storage: .bool((0..<n).map { $0 % 3 == 0 }), validity: valid),
            Column(name: "s", storage: .string(.plain(texts)), validity: valid),
            Column(name: "cat", storage: .string(.make((0..<n).map { ["north", "south", "east"][$0 % 3] }))),
            Column(name: "d", storage: .date((0..<n).map { Int32($0 % 40_000) - 10_000 }), validity: valid),
            Column(name: "t", storage: .datetime((0..<n).map { Int64($0) * 1_000_003_001 - 5_000_000_000_000 }), validity: valid),
            Column(name: "odd name \"q\"", storage: .float((0..<n).map { $0 % 2 == 0 ? .infinity : -0.5 })),
        ])
    }

    private func assertIdentical(_ a: Frame, _ b: Frame, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.names, b.names, file: file, line: line)
        XCTAssertEqual(a.rowCount, b.rowCount, file: file, line: line)
        for (x, y) in zip(a.columns, b.columns) {
            XCTAssertEqual(x.type, y.type, x.name, file: file, line: line)
            var mismatches = 0
            for i in 0..<a.rowCount where x[i] != y[i] {
                mismatches += 1
                if mismatches <= 3 { XCTFail("\(x.name) row \(i): \(x[i]) vs \(y[i])", file: file, line: line) }
            }
        }
    }

    func testHundredThousandRowsComeBackIdentical() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let table = TestServer.tableName("upload")
        defer { try? pg.execute("drop table if exists \(table)", parameters: []) }
        let frame = try sample(100_000)
        try pg.writeTable(frame, name: table, mode: .create)
        let back = try pg.query("select * from \(table) order by id", parameters: [])
        assertIdentical(frame, back)
    }

    func testModes() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let table = TestServer.tableName("modes")
        defer { try? pg.execute("drop table if exists \(table)", parameters: []) }
        let small = try sample(10)
        try pg.writeTable(small, name: table, mode: .create)
        XCTAssertThrowsError(try pg.writeTable(small, name: table, mode: .create)) { error in
            XCTAssertTrue("\(error)".contains("already exists") && "\(error)".contains("replace"), "\(error)")
        }
        try pg.writeTable(small, name: table, mode: .append)
        XCTAssertEqual(try pg.query("select count(*) from \(table)", parameters: []).columns[0][0], .int(20))
        try pg.writeTable(small.head(3), name: table, mode: .replace)
        XCTAssertEqual(try pg.query("select count(*) from \(table)", parameters: []).columns[0][0], .int(3))
    }

    func testAppendIntoNarrowerExistingColumnsConverts() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let table = TestServer.tableName("narrow")
        try pg.execute("create table \(table) (id integer, s varchar(20))", parameters: [])
        defer { try? pg.execute("drop table if exists \(table)", parameters: []) }
        let f = try Frame(columns: [Column(name: "id", storage: .int([1, 2])), Column(name: "s", storage: .string(.plain(["a", "b"])))])
        try pg.writeTable(f, name: table, mode: .append)
        XCTAssertEqual(try pg.query("select sum(id)::int8 from \(table)", parameters: []).columns[0][0], .int(3))
    }

    func testFailedUploadLeavesTheTableAsItWas() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let table = TestServer.tableName("atomic")
        try pg.execute("create table \(table) (id int2)", parameters: [])
        defer { try? pg.execute("drop table if exists \(table)", parameters: []) }
        try pg.execute("insert into \(table) values (1)", parameters: [])
        // 40 000 does not fit int2: the COPY fails on the last row and nothing is kept.
        let f = try Frame(columns: [Column(name: "id", storage: .int([2, 3, 40_000]))])
        XCTAssertThrowsError(try pg.writeTable(f, name: table, mode: .append)) { error in
            XCTAssertFalse("\(error)".contains("\n"))
        }
        XCTAssertEqual(try pg.query("select count(*) from \(table)", parameters: []).columns[0][0], .int(1))
    }

    func testListColumnsAndNulCharactersAreRefused() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        let lists = try Frame(columns: [Column(name: "tokens", storage: .list([["a"]]))])
        XCTAssertThrowsError(try pg.writeTable(lists, name: TestServer.tableName("list"), mode: .create)) { error in
            XCTAssertTrue("\(error)".contains("tokens"), "\(error)")
        }
        let table = TestServer.tableName("nul")
        defer { try? pg.execute("drop table if exists \(table)", parameters: []) }
        let nul = try Frame(columns: [Column(name: "s", storage: .string(.plain(["a\u{0}b"])))])
        XCTAssertThrowsError(try pg.writeTable(nul, name: table, mode: .create)) { error in
            XCTAssertTrue("\(error)".contains("NUL"), "\(error)")
        }
        // The transaction rolled back: the table was not created.
        XCTAssertEqual(try pg.query("select count(*) from pg_tables where tablename = $1", parameters: [.string(table)]).columns[0][0], .int(0))
    }
}
