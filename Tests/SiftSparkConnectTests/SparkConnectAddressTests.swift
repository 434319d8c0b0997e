import XCTest
import SiftSQL
@testable import SiftSparkConnect

/// `sc://` addresses: Spark's own syntax, options, and secrets kept out of display and errors.
final class SparkConnectAddressTests: XCTestCase {
    func testHostPortAndDefaults() throws {
        let a = try SparkConnectAddress(url: "sc://127.0.0.1:15002")
        XCTAssertEqual(a.host, "127.0.0.1")
        XCTAssertEqual(a.port, 15002)
        XCTAssertNil(a.token)
        XCTAssertFalse(a.useTLS)
        XCTAssertEqual(a.userID, "sift")
        XCTAssertEqual(try SparkConnectAddress(url: "sc://spark.example.com").port, SparkConnectAddress.defaultPort)
        XCTAssertEqual(try SparkConnectAddress(url: "sc://[::1]:15003/").host, "::1")
    }

    func testTokenTLSAndUser() throws {
        let a = try SparkConnectAddress(url: "sc://spark.example.com:443/;token=s3cret;user_id=ana")
        XCTAssertEqual(a.token, "s3cret")
        XCTAssertTrue(a.useTLS, "a token to a remote host turns TLS on, as pyspark does")
        XCTAssertEqual(a.userID, "ana")
        XCTAssertFalse(a.displayName.contains("s3cret"))
        let local = try SparkConnectAddress(url: "sc://localhost:15002/;token=t")
        XCTAssertFalse(local.useTLS, "loopback stays plaintext unless asked")
        let forced = try SparkConnectAddress(url: "sc://localhost:15002", options: ["token": "t", "use_ssl": "true"])
        XCTAssertTrue(forced.useTLS)
        XCTAssertEqual(forced.token, "t")
        XCTAssertEqual(try SparkConnectAddress(url: "sc://h:1", options: ["user": "bo", "tls": "false"]).userID, "bo", "connect(user:) names the user")
        let off = try SparkConnectAddress(url: "sc://h:1/;use_ssl=false;token=t")
        XCTAssertFalse(off.useTLS)
    }

    func testBadAddressesSayWhy() {
        for (url, word) in [("postgres://x", "sc://"), ("sc://:15002", "host"), ("sc://h:99999", "port"), ("sc://h:1/db", "path"),
                            ("sc://h:1/;use_ssl=maybe", "use_ssl"), ("sc://h:1/;colour=red", "colour"), ("sc://h:1/;token", "key=value")] {
            XCTAssertThrowsError(try SparkConnectAddress(url: url), url) { error in
                XCTAssertTrue(error is SQLEngineError)
                XCTAssertTrue("\(error)".contains(word), "\(url): \(error)")
            }
        }
        XCTAssertFalse(SparkConnectAddress.redacted("sc://h/;token=abc;use_ssl=true").contains("abc"))
    }

    /// Nothing listens on the port: the first call fails at once with a one-line error.
    func testUnreachableServerFailsFast() throws {
        SparkConnect.register()
        let engine = try SQLEngineRegistry.open("sc://127.0.0.1:1")
        let start = Date()
        XCTAssertThrowsError(try engine.query("SELECT 1", parameters: [])) { error in
            XCTAssertTrue("\(error)".contains("cannot reach"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        engine.close()
        XCTAssertThrowsError(try engine.query("SELECT 1", parameters: [])) { XCTAssertTrue("\($0)".contains("closed")) }
    }

    func testUploadsSplitIntoChunks() throws {
        let frame = try SparkEngineChecks.frameToUpload()
        XCTAssertEqual(try SparkConnectEngine.uploadChunks(frame).count, 1)
    }
}

/// The statement fallback that writes parameters into the text as typed literals.
final class SparkSQLInlinerTests: XCTestCase {
    func testMarkersOutsideQuotesAndComments() throws {
        let sql = "INSERT INTO `t?` VALUES (?, '?', \"?\", ?) -- ?\n/* ? */ ; SELECT ?"
        let out = try SparkSQLInliner.inline(sql, [.string("a'b\\c"), .int(-5), .float(.nan)])
        XCTAssertEqual(out, "INSERT INTO `t?` VALUES ('a\\'b\\\\c', '?', \"?\", (-5)) -- ?\n/* ? */ ; SELECT CAST('nan' AS DOUBLE)")
        XCTAssertEqual(try SparkSQLInliner.inline("x = ? - ?", [.int(1), .int(-1)]), "x = 1 - (-1)", "a sign never makes --")
        XCTAssertEqual(try SparkSQLInliner.inline("? ? ? ?", [.null, .bool(true), .date(0), .datetime(1_500_000)]),
                       "NULL TRUE DATE '1970-01-01' TIMESTAMP '1970-01-01 00:00:01.5'")
        XCTAssertEqual(try SparkSQLInliner.inline("'it\\'s ?' = ?", [.int(1)]), "'it\\'s ?' = 1")
    }

    func testMarkerCountMustMatch() {
        XCTAssertThrowsError(try SparkSQLInliner.inline("? ?", [.int(1)]))
        XCTAssertThrowsError(try SparkSQLInliner.inline("?", [.int(1), .int(2)]))
    }
}
