import XCTest
@testable import SiftSparkConnect

/// The Spark Connect engine against Sail (scripts/services.d/sail.sh; SIFT_TEST_SAIL_URL).
final class SailEngineTests: XCTestCase {
    private var engine: SparkConnectEngine!

    override func setUpWithError() throws {
        engine = try SparkTestServers.engine(SparkTestServers.sail)
    }

    override func tearDown() { engine?.close() }

    func testTypes() throws { try SparkEngineChecks.types(engine) }
    func testNullsAndEmptyResults() throws { try SparkEngineChecks.nullsAndEmpty(engine) }
    func testManyBatchesConcatenate() throws { try SparkEngineChecks.manyBatches(engine) }
    func testParametersAreBoundNotSpliced() throws { try SparkEngineChecks.parameters(engine) }
    func testWriteTableModes() throws { try SparkEngineChecks.writeTable(engine) }
    func testStatements() throws { try SparkEngineChecks.statements(engine) }
    func testAggregationRunsRemotely() throws { try SparkEngineChecks.remoteAggregation(engine, planWord: "Aggregate") }
    func testErrorsAreOneLine() throws { try SparkEngineChecks.errors(engine) }
    func testUnsupportedTypesNameTheColumn() throws { try SparkEngineChecks.unsupportedTypesNameTheColumn(engine) }
}
