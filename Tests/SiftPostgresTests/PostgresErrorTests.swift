import Foundation
import SiftFrame
import SiftPostgres
import SiftSQL
import XCTest

/// Failures are one line, name the server without its password, and leave the connection usable.
final class PostgresErrorTests: XCTestCase {
    func testConnectionRefusedIsOneLineWithoutPassword() {
        // Port 1 on loopback: nothing listens there.
        XCTAssertThrowsError(try PostgresEngine(url: "postgres://ana:hunter2@127.0.0.1:1/db?connect_timeout=3")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("connect: postgres://ana@127.0.0.1:1/db"), text)
            XCTAssertTrue(text.contains("refused"), text)
            XCTAssertFalse(text.contains("hunter2"), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
    }

    func testWrongDatabaseNamesItWithoutPassword() throws {
        let url = try TestServer.url()
        // Put a password into the URL (the server trusts the role, so it is never checked).
        let withPassword = url.replacingOccurrences(of: "://sift@", with: "://sift:hunter2@")
            .replacingOccurrences(of: "/sift_test", with: "/no_such_db")
        XCTAssertThrowsError(try PostgresEngine(url: withPassword)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("no_such_db"), text)
            XCTAssertFalse(text.contains("hunter2"), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
    }

    func testSyntaxErrorIsOneLineAndTheConnectionRecovers() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        XCTAssertThrowsError(try pg.query("selec 1", parameters: [])) { error in
            XCTAssertTrue(error is SQLEngineError)
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("postgres: syntax error"), text)
            XCTAssertTrue(text.contains("[42601]"), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
        XCTAssertThrowsError(try pg.query("select * from no_such_table_here", parameters: [])) { error in
            XCTAssertTrue("\(error)".contains("no_such_table_here"), "\(error)")
        }
        XCTAssertEqual(try pg.query("select 1::int8", parameters: []).columns[0][0], .int(1))
    }

    func testDisplayNameAndClosedConnection() throws {
        let pg = try TestServer.engine()
        XCTAssertEqual(pg.displayName, try TestServer.url())
        XCTAssertEqual(pg.dialect.name, "postgres")
        pg.close()
        XCTAssertThrowsError(try pg.query("select 1", parameters: [])) { error in
            XCTAssertTrue("\(error)".contains("closed"), "\(error)")
        }
    }

    func testRegistryOpensBothSchemes() throws {
        let url = try TestServer.url()
        PostgresEngine.register()
        let a = try SQLEngineRegistry.open(url)
        defer { a.close() }
        let b = try SQLEngineRegistry.open(url.replacingOccurrences(of: "postgres://", with: "postgresql://"))
        defer { b.close() }
        XCTAssertEqual(try a.query("select 2::int8", parameters: []).columns[0][0], .int(2))
        XCTAssertEqual(try b.query("select 3::int8", parameters: []).columns[0][0], .int(3))
    }

    func testCancellationStopsALongQuery() throws {
        let pg = try TestServer.engine()
        defer { pg.close() }
        Cancellation.reset()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { Cancellation.request(reason: "interrupted") }
        let start = Date()
        XCTAssertThrowsError(try pg.query("select pg_sleep(20)", parameters: [])) { error in
            XCTAssertTrue(error is Cancelled, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertFalse(Cancellation.isRequested)
        XCTAssertEqual(try pg.query("select 4::int8", parameters: []).columns[0][0], .int(4))
    }
}
