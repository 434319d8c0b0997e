import XCTest
@testable import SiftSparkConnect

/// The Spark Connect engine against Apache Spark in local mode (scripts/services.d/spark.sh;
/// SIFT_TEST_SPARK_URL).
final class SparkLocalEngineTests: XCTestCase {
    private var engine: SparkConnectEngine!

    override func setUpWithError() throws {
        engine = try SparkTestServers.engine(SparkTestServers.spark)
    }

    override func tearDown() { engine?.close() }

    func testTypes() throws { try SparkEngineChecks.types(engine) }
    func testNullsAndEmptyResults() throws { try SparkEngineChecks.nullsAndEmpty(engine) }
    func testManyBatchesConcatenate() throws { try SparkEngineChecks.manyBatches(engine) }
    func testParametersAreBoundNotSpliced() throws { try SparkEngineChecks.parameters(engine) }
    func testWriteTableModes() throws { try SparkEngineChecks.writeTable(engine) }
    func testStatements() throws { try SparkEngineChecks.statements(engine) }
    func testAggregationRunsRemotely() throws { try SparkEngineChecks.remoteAggregation(engine, planWord: "HashAggregate") }
    func testErrorsAreOneLine() throws { try SparkEngineChecks.errors(engine) }
    func testUnsupportedTypesNameTheColumn() throws { try SparkEngineChecks.unsupportedTypesNameTheColumn(engine) }
}
