import Foundation
import XCTest
import SiftFrame
import SiftSQL
@testable import SiftSparkConnect

/// The engine checks every Spark Connect server must pass (Sail and Spark run them alike).
enum SparkEngineChecks {
    static func types(_ e: SparkConnectEngine) throws {
        let f = try e.query("""
            SELECT CAST(1 AS TINYINT) AS i8, CAST(-2 AS INT) AS i32, 9007199254740993 AS i64, 2.5D AS dbl,
                   CAST(0.25 AS FLOAT) AS f32, 1.5 AS dec, 'héllo' AS s, true AS b, DATE'2024-02-29' AS d,
                   TIMESTAMP'2024-01-02 03:04:05.123456' AS ts, CAST(NULL AS STRING) AS ns, CAST(NULL AS BIGINT) AS ni
            """, parameters: [])
        XCTAssertEqual(f.rowCount, 1)
        XCTAssertEqual(f.names, ["i8", "i32", "i64", "dbl", "f32", "dec", "s", "b", "d", "ts", "ns", "ni"])
        XCTAssertEqual(f.columns.map(\.type), [.int, .int, .int, .float, .float, .float, .string, .bool, .date, .datetime, .string, .int])
        XCTAssertEqual(try f.column("i8")[0], .int(1))
        XCTAssertEqual(try f.column("i32")[0], .int(-2))
        XCTAssertEqual(try f.column("i64")[0], .int(9007199254740993))
        XCTAssertEqual(try f.column("dbl")[0], .float(2.5))
        XCTAssertEqual(try f.column("f32")[0], .float(0.25))
        XCTAssertEqual(try f.column("dec")[0], .float(1.5), "decimals come home as floats")
        XCTAssertEqual(try f.column("s")[0], .string("héllo"))
        XCTAssertEqual(try f.column("b")[0], .bool(true))
        XCTAssertEqual(try f.column("d")[0], .date(Temporal.parseDate("2024-02-29") ?? 0))
        XCTAssertEqual(try f.column("ts")[0], .datetime(1_704_164_645_123_456), "a UTC session's timestamps are its wall times")
        XCTAssertEqual(try f.column("ns")[0], .null)
        XCTAssertEqual(try f.column("ni")[0], .null)
    }

    static func nullsAndEmpty(_ e: SparkConnectEngine) throws {
        let f = try e.query("SELECT id, IF(id % 3 = 0, NULL, id * 2) AS x, IF(id % 2 = 0, NULL, CAST(id AS STRING)) AS s FROM range(0, 200) ORDER BY id", parameters: [])
        XCTAssertEqual(f.rowCount, 200)
        let x = try f.column("x"), s = try f.column("s")
        for i in 0..<200 {
            XCTAssertEqual(x[i], i % 3 == 0 ? .null : .int(Int64(i * 2)), "x[\(i)]")
            XCTAssertEqual(s[i], i % 2 == 0 ? .null : .string(String(i)), "s[\(i)]")
        }
        let empty = try e.query("SELECT id, CAST(id AS STRING) AS s, id * 0.5D AS h FROM range(0, 10) WHERE id > 100", parameters: [])
        XCTAssertEqual(empty.rowCount, 0)
        XCTAssertEqual(empty.names, ["id", "s", "h"], "an empty result keeps its columns")
        XCTAssertEqual(empty.columns.map(\.type), [.int, .string, .float])
    }

    static func manyBatches(_ e: SparkConnectEngine) throws {
        let n = 250_000
        let f = try e.query("SELECT id, CONCAT('r', CAST(id AS STRING)) AS s, id * 0.5D AS h FROM range(0, \(n)) ORDER BY id", parameters: [])
        XCTAssertEqual(f.rowCount, n)
        XCTAssertGreaterThan(e.lastTransfer.batches, 1, "the result arrived in several Arrow batches")
        XCTAssertEqual(e.lastTransfer.rows, n)
        guard case .int(let ids) = try f.column("id").storage, case .float(let h) = try f.column("h").storage else { return XCTFail("types") }
        XCTAssertEqual(ids, (0..<Int64(n)).map { $0 })
        XCTAssertEqual(h.reduce(0, +), Double(n - 1) * Double(n) / 4)
        let s = try f.column("s")
        for i in [0, 9_999, 10_000, 10_001, 131_071, n - 1] { XCTAssertEqual(s[i], .string("r\(i)")) }
    }

    /// Parameters travel as literals beside the text; quotes and SQL in a value stay data.
    static func parameters(_ e: SparkConnectEngine) throws {
        let tricky = "O'Brien\"; DROP TABLE x; --"
        let f = try e.query("SELECT ? AS s, ? AS i, ? AS f, ? AS b, ? AS d, ? AS t, ? AS n",
                            parameters: [.string(tricky), .int(-42), .float(0.125), .bool(false), .date(19_000), .datetime(1_700_000_000_123_456), .null])
        XCTAssertEqual(f.rowCount, 1)
        XCTAssertEqual(try f.column("s")[0], .string(tricky))
        XCTAssertEqual(try f.column("i")[0], .int(-42))
        XCTAssertEqual(try f.column("f")[0], .float(0.125))
        XCTAssertEqual(try f.column("b")[0], .bool(false))
        XCTAssertEqual(try f.column("d")[0], .date(19_000))
        XCTAssertEqual(try f.column("t")[0], .datetime(1_700_000_000_123_456))
        XCTAssertTrue(try f.column("n")[0] == .null)
        let filtered = try e.query("SELECT id FROM range(0, 100) WHERE id >= ? AND id < ? ORDER BY id", parameters: [.int(10), .int(13)])
        XCTAssertEqual((0..<filtered.rowCount).map { try? filtered.column("id")[$0] }, [.int(10), .int(11), .int(12)])
    }

    static func frameToUpload() throws -> Frame {
        let n = 1000
        var valid = [Bool]()
        for i in 0..<n { valid.append(i % 11 != 5) }
        return try Frame(columns: [
            Column(name: "i", storage: .int((0..<n).map { Int64($0) })),
            Column(name: "f", storage: .float((0..<n).map { Double($0) / 8 }), validity: Bitmap(valid)),
            Column(name: "b", storage: .bool((0..<n).map { $0 % 2 == 0 })),
            Column(name: "s", storage: .string(.plain((0..<n).map { "v\($0 % 37)'" })), validity: Bitmap(valid)),
            Column(name: "region", storage: .string(.make((0..<n).map { ["north", "south", "east"][$0 % 3] }))),
            Column(name: "d", storage: .date((0..<n).map { Int32(18_000 + $0) })),
            Column(name: "t", storage: .datetime((0..<n).map { Int64($0) * 3_600_000_001 }), validity: Bitmap(valid)),
        ])
    }

    static func writeTable(_ e: SparkConnectEngine) throws {
        let frame = try frameToUpload()
        let name = SparkTestServers.tableName("upload")
        defer { try? e.execute("DROP TABLE IF EXISTS \(name)", parameters: []) }
        try e.writeTable(frame, name: name, mode: .create)
        let back = try e.query("SELECT * FROM \(name) ORDER BY i", parameters: [])
        XCTAssertEqual(back.names, frame.names)
        XCTAssertEqual(back.rowCount, frame.rowCount)
        for c in frame.columns {
            let b = try back.column(c.name)
            XCTAssertEqual(b.type, c.type, c.name)
            for i in 0..<frame.rowCount where b[i] != c[i] { XCTFail("\(c.name)[\(i)]: \(b[i]) ≠ \(c[i])"); break }
        }
        XCTAssertThrowsError(try e.writeTable(frame, name: name, mode: .create), "create refuses an existing table") { error in
            XCTAssertTrue("\(error)".contains(name), "\(error)")
        }
        try e.writeTable(frame, name: name, mode: .append)
        XCTAssertEqual(try e.query("SELECT COUNT(*) AS n FROM \(name)", parameters: []).column("n")[0], .int(2000))
        try e.writeTable(frame.head(10), name: name, mode: .replace)
        XCTAssertEqual(try e.query("SELECT COUNT(*) AS n FROM \(name)", parameters: []).column("n")[0], .int(10))
    }

    static func statements(_ e: SparkConnectEngine) throws {
        let name = SparkTestServers.tableName("stmt")
        defer { try? e.execute("DROP TABLE IF EXISTS \(name)", parameters: []) }
        try e.execute("CREATE TABLE \(name) (k STRING, v BIGINT) USING parquet", parameters: [])
        try e.execute("INSERT INTO \(name) VALUES (?, ?), (?, ?)", parameters: [.string("a'b"), .int(1), .string("c"), .null])
        let f = try e.query("SELECT k, v FROM \(name) ORDER BY k", parameters: [])
        XCTAssertEqual(f.rowCount, 2)
        XCTAssertEqual(try f.column("k")[0], .string("a'b"))
        XCTAssertEqual(try f.column("v")[1], .null)
    }

    /// The aggregation runs on the server: its plan shows it, and only the groups come home.
    static func remoteAggregation(_ e: SparkConnectEngine, planWord: String) throws {
        let sql = "SELECT id % 10 AS k, COUNT(*) AS n, SUM(id) AS s FROM range(0, 2000000) GROUP BY id % 10 ORDER BY k"
        let plan = try e.explainQuery(sql)
        XCTAssertTrue(plan.contains(planWord), "the engine's plan aggregates: \(plan.prefix(600))")
        let f = try e.query(sql, parameters: [])
        XCTAssertEqual(f.rowCount, 10)
        XCTAssertEqual(e.lastTransfer.rows, 10, "only the 10 aggregated rows crossed the wire, not 2,000,000")
        XCTAssertLessThan(e.lastTransfer.arrowBytes, 16_384)
        XCTAssertEqual(try f.column("n")[3], .int(200_000))
    }

    static func errors(_ e: SparkConnectEngine) throws {
        XCTAssertThrowsError(try e.query("SELECT * FROM sift_no_such_table_here", parameters: [])) { error in
            XCTAssertTrue(error is SQLEngineError)
            XCTAssertTrue("\(error)".lowercased().contains("sift_no_such_table_here"), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"), "one line")
        }
        XCTAssertThrowsError(try e.query("SELEC 1", parameters: []))
        // The connection still works after an error.
        XCTAssertEqual(try e.query("SELECT 1 AS one", parameters: []).column("one")[0], .int(1))
    }

    /// docs/scale-out.md: arrays, maps, structs and binary are not read; the error names the
    /// column and says to cast it, and the connection stays usable.
    static func unsupportedTypesNameTheColumn(_ e: SparkConnectEngine) throws {
        for (column, sql) in [("xs", "ARRAY(1, 2)"), ("m", "MAP('a', 1)"), ("st", "NAMED_STRUCT('a', 1)"), ("bin", "CAST('ab' AS BINARY)")] {
            XCTAssertThrowsError(try e.query("SELECT 1 AS id, \(sql) AS \(column)", parameters: []), sql) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("'\(column)'"), "\(sql): the error names the column: \(text)")
                XCTAssertTrue(text.contains("cast"), "\(sql): the error says to cast: \(text)")
                XCTAssertFalse(text.contains("\n"), "one line")
            }
        }
        XCTAssertEqual(try e.query("SELECT CAST(ARRAY(1, 2) AS STRING) AS xs", parameters: []).column("xs").type, .string, "cast in SQL, it reads")
    }
}
