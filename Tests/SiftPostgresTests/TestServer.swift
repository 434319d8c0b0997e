import Foundation
import SiftPostgres
import XCTest

/// The PostgreSQL server the tests use: `SIFT_TEST_POSTGRES_URL`, set by scripts/services
/// (scripts/services.d/postgres.sh). Without it the tests skip with a message, except under CI
/// (`CI` set), where a missing server is a failure, so CI cannot pass by skipping.
enum TestServer {
    static func url(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        if let url = ProcessInfo.processInfo.environment["SIFT_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        let message = "SIFT_TEST_POSTGRES_URL is not set: start a server with `scripts/services start postgres` (scripts/test does)"
        if ProcessInfo.processInfo.environment["CI"] != nil {
            XCTFail(message, file: file, line: line)
            throw XCTSkip("failed: " + message)
        }
        throw XCTSkip(message)
    }

    static func engine(file: StaticString = #filePath, line: UInt = #line) throws -> PostgresEngine {
        try PostgresEngine(url: try url(file: file, line: line))
    }

    /// A table name no other test (or concurrent run) uses.
    static func tableName(_ stem: String) -> String {
        "sift_\(stem)_\(ProcessInfo.processInfo.processIdentifier)_\(UInt32.random(in: 0...UInt32.max))"
    }
}
