import Foundation
import XCTest
import SiftSQL
@testable import SiftSparkConnect

/// The Spark Connect servers scripts/services starts (scripts/services.d: sail.sh, spark.sh,
/// spark-cluster.sh). A test whose server variable is unset skips with a message, or fails when
/// the environment variable CI is set, so CI cannot skip silently.
enum SparkTestServers {
    static let sail = "SIFT_TEST_SAIL_URL"
    static let spark = "SIFT_TEST_SPARK_URL"
    static let cluster = "SIFT_TEST_SPARK_CLUSTER_URL"

    static func url(_ variable: String) throws -> String {
        if let url = ProcessInfo.processInfo.environment[variable], !url.isEmpty { return url }
        let message = "\(variable) is unset: start the servers with `scripts/services start` (scripts/test does)"
        if ProcessInfo.processInfo.environment["CI"] != nil {
            XCTFail(message)
            throw SQLEngineError(message)
        }
        throw XCTSkip(message)
    }

    static func engine(_ variable: String) throws -> SparkConnectEngine {
        SparkConnect.register()
        guard let engine = try SQLEngineRegistry.open(try url(variable)) as? SparkConnectEngine else {
            throw SQLEngineError("the sc: scheme did not open a SparkConnectEngine")
        }
        return engine
    }

    /// A table name no other run uses (servers live across test runs).
    static func tableName(_ stem: String) -> String {
        "sift_\(stem)_" + UUID().uuidString.prefix(8).lowercased()
    }
}
