@testable import SiftPostgres
import XCTest

/// `connect(...)`'s engine-neutral options become libpq keywords; passwords only as secrets.
final class ConnectOptionsTests: XCTestCase {
    func testTranslation() throws {
        let (settings, secrets) = try ConnectOptions.keywords(["tls": "true", "user": "ana", "password_env": "SHOP_PW", "sslrootcert": "/ca.pem"],
                                                              environment: ["SHOP_PW": "hunter2"])
        XCTAssertEqual(settings["sslmode"], "require")
        XCTAssertEqual(settings["user"], "ana")
        XCTAssertEqual(settings["password"], "hunter2")
        XCTAssertEqual(settings["sslrootcert"], "/ca.pem")
        XCTAssertEqual(settings["client_encoding"], "UTF8")
        XCTAssertNil(settings["tls"])
        XCTAssertNil(settings["password_env"])
        XCTAssertEqual(secrets, ["hunter2"])
        XCTAssertEqual(try ConnectOptions.keywords(["tls": "false"], environment: [:]).settings["sslmode"], "disable")
    }

    func testMissingPasswordVariableAndTokenAreErrors() {
        XCTAssertThrowsError(try ConnectOptions.keywords(["password_env": "NOPE"], environment: [:])) { error in
            XCTAssertTrue("\(error)".contains("NOPE"), "\(error)")
        }
        XCTAssertThrowsError(try ConnectOptions.keywords(["token": "abc"], environment: [:])) { error in
            XCTAssertTrue("\(error)".contains("Spark Connect"), "\(error)")
            XCTAssertFalse("\(error)".contains("abc"), "\(error)")
        }
    }

    func testPGPASSWORDIsScrubbed() throws {
        XCTAssertEqual(try ConnectOptions.keywords([:], environment: ["PGPASSWORD": "s3cret"]).secrets, ["s3cret"])
    }
}
