@testable import SiftPostgres
import XCTest

/// URL handling that needs no server: what is shown and what is scrubbed.
final class PostgresAddressTests: XCTestCase {
    func testDisplayDropsThePassword() throws {
        let a = try PostgresAddress("postgres://ana:s3cr%40t@db.example:5432/shop?sslmode=require&password=other")
        XCTAssertEqual(a.display, "postgres://ana@db.example:5432/shop?sslmode=require")
        XCTAssertTrue(a.secrets.contains("s3cr%40t"))
        XCTAssertTrue(a.secrets.contains("s3cr@t"))
        XCTAssertTrue(a.secrets.contains("other"))
    }

    func testPostgresqlSchemeAndNoUser() throws {
        XCTAssertEqual(try PostgresAddress("postgresql://127.0.0.1/db").display, "postgresql://127.0.0.1/db")
        XCTAssertEqual(try PostgresAddress("POSTGRES://u@h").display, "POSTGRES://u@h")
    }

    func testNotAPostgresURLHidesWhatCouldBeAPassword() {
        XCTAssertThrowsError(try PostgresAddress("mysql://root:hunter2@h/db")) { error in
            XCTAssertFalse("\(error)".contains("hunter2"), "\(error)")
            XCTAssertTrue("\(error)".contains("postgres://"), "\(error)")
        }
    }

    func testErrorTextIsOneLineWithoutSecrets() {
        let text = "connection to server at \"h\" failed: FATAL:  password authentication failed for hunter2\n\tIs the server running?\n"
        let line = SQLEngineErrorText.oneLine(text, secrets: ["hunter2"])
        XCTAssertFalse(line.contains("\n"))
        XCTAssertFalse(line.contains("hunter2"))
        XCTAssertTrue(line.contains("***; Is the server running?"), line)
    }
}
