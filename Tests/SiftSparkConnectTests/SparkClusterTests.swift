import XCTest
import SiftFrame
@testable import SiftSparkConnect

/// A standalone cluster (master + 2 workers on loopback, scripts/services.d/spark-cluster.sh;
/// SIFT_TEST_SPARK_CLUSTER_URL) whose driver has 512 MiB: a table generated on the cluster,
/// larger than that, is grouped there and only the groups come home.
final class SparkClusterTests: XCTestCase {
    func testGroupByOverTableLargerThanDriverMemory() throws {
        let engine = try SparkTestServers.engine(SparkTestServers.cluster)
        defer { engine.close() }
        let rows = 48_000_000
        let name = SparkTestServers.tableName("big")
        defer { try? engine.execute("DROP TABLE IF EXISTS \(name)", parameters: []) }
        // Generated on the executors with range(); nothing of it passes through Sift.
        try engine.execute("CREATE TABLE \(name) USING parquet AS SELECT id, id % 1000 AS k, rand(7) AS v FROM range(0, \(rows), 1, 8)", parameters: [])
        try engine.execute("ANALYZE TABLE \(name) COMPUTE STATISTICS", parameters: [])
        let detail = try engine.query("DESCRIBE TABLE EXTENDED \(name)", parameters: [])
        let stats = (0..<detail.rowCount).compactMap { i -> String? in
            guard case .string(let key) = try? detail.column("col_name")[i], key == "Statistics",
                  case .string(let value) = try? detail.column("data_type")[i] else { return nil }
            return value
        }.first ?? ""
        let bytes = Int64(stats.split(separator: " ").first ?? "") ?? 0
        XCTAssertGreaterThan(bytes, 512 << 20, "the table (\(stats)) is bigger than the driver's 512 MiB")
        XCTAssertLessThan(engine.lastTransfer.rows, 100, "DESCRIBE brought home a few rows only")

        let sql = "SELECT k, COUNT(*) AS n, AVG(v) AS mean FROM \(name) GROUP BY k ORDER BY k"
        let plan = try engine.explainQuery(sql)
        XCTAssertTrue(plan.contains("HashAggregate"), plan)
        let f = try engine.query(sql, parameters: [])
        XCTAssertEqual(f.rowCount, 1000)
        XCTAssertEqual(engine.lastTransfer.rows, 1000, "only the 1,000 groups crossed the wire")
        guard case .int(let n) = try f.column("n").storage, case .float(let mean) = try f.column("mean").storage else { return XCTFail("types") }
        XCTAssertEqual(Set(n), [Int64(rows / 1000)])
        XCTAssertTrue(mean.allSatisfy { abs($0 - 0.5) < 0.01 }, "uniform values average 0.5 per group")
    }
}
