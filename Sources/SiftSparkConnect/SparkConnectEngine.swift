import Foundation
import SiftFrame
import SiftIO
import SiftSQL

/// `SQLEngine` over Spark Connect (`sc://host:port`): Apache Spark 3.5+/4.x servers, Sail, and
/// managed Spark Connect services.
///
/// What runs where: every query is sent as Spark SQL text (`Relation.sql`) and runs entirely on
/// the server; only its result rows come back, as Arrow IPC streams (one per batch), which are
/// appended column-wise into one frame as they arrive. Statements run as `Command.sql_command`,
/// uploads as an Arrow local relation written with `saveAsTable`, explains through
/// `AnalyzePlan`. Calls block the caller; the gRPC client runs on its own tasks.
public final class SparkConnectEngine: SQLEngine {
    public let dialect: any SQLDialect = SparkDialect()
    public let address: SparkConnectAddress
    private var client: SparkConnectClient?
    private let lock = NSLock()
    /// What the last `query` received (rows, Arrow bytes, batches).
    public private(set) var lastTransfer = SparkTransfer()

    /// Uploads larger than this many Arrow bytes go in several appends (Spark's server accepts
    /// 128 MiB messages by default).
    static let uploadChunkBytes = 64 << 20

    public var displayName: String { address.displayName }

    public init(url: String, options: [String: String] = [:]) throws {
        address = try SparkConnectAddress(url: url, options: options)
        do {
            client = try SparkConnectClient(address: address)
        } catch {
            throw SQLEngineError("connect: cannot open \(address.displayName): \(error)")
        }
    }

    private func live() throws -> SparkConnectClient {
        lock.lock(); defer { lock.unlock() }
        guard let client else { throw SQLEngineError("spark: the connection to \(address.displayName) is closed") }
        return client
    }

    private static func sqlPlan(_ sql: String, _ parameters: [SQLParameter]) -> Spark_Connect_Plan {
        var relation = Spark_Connect_Relation()
        var s = Spark_Connect_SQL()
        s.query = sql
        s.posArgs = parameters.map(SparkLiteral.make)
        relation.sql = s
        var plan = Spark_Connect_Plan()
        plan.root = relation
        return plan
    }

    public func query(_ sql: String, parameters: [SQLParameter]) throws -> Frame {
        let (frame, transfer) = try live().execute(
            Self.sqlPlan(sql, parameters),
            consumer: { SparkResultCollector() },
            consume: { collector, response in try collector.consume(response) },
            finish: { collector in try collector.finish() }
        )
        lock.lock(); lastTransfer = transfer; lock.unlock()
        return frame
    }

    /// Statements run as `Command.sql_command` with their parameters as protocol literals. Sail
    /// refuses parameters on statements ("command with parameters"); for it the statement is
    /// sent again with the values written in as typed literals (`SparkSQLInliner`).
    public func execute(_ sql: String, parameters: [SQLParameter]) throws {
        do {
            try run(Self.commandPlan(sql, parameters))
        } catch let e as SQLEngineError where !parameters.isEmpty && e.message.contains("with parameters") {
            try run(Self.commandPlan(try SparkSQLInliner.inline(sql, parameters), []))
        }
    }

    private static func commandPlan(_ sql: String, _ parameters: [SQLParameter]) -> Spark_Connect_Plan {
        var command = Spark_Connect_SqlCommand()
        command.sql = sql
        command.posArgs = parameters.map(SparkLiteral.make)
        var plan = Spark_Connect_Plan()
        plan.command.sqlCommand = command
        return plan
    }

    /// Runs a command plan to the end of its response stream (errors arrive as the stream's status).
    private func run(_ plan: Spark_Connect_Plan) throws {
        _ = try live().execute(plan, consumer: { SparkResultCollector() }, consume: { _, _ in }, finish: { _ in 0 })
    }

    public func writeTable(_ frame: Frame, name: String, mode: WriteMode) throws {
        guard frame.columnCount > 0 else { throw SQLEngineError("write_table: the frame has no columns") }
        guard !name.isEmpty else { throw SQLEngineError("write_table: the table name is empty") }
        let chunks = try Self.uploadChunks(frame)
        for (i, chunk) in chunks.enumerated() {
            var relation = Spark_Connect_Relation()
            relation.localRelation.data = Data(chunk)
            var write = Spark_Connect_WriteOperation()
            write.input = relation
            write.table.tableName = name
            write.table.saveMethod = .saveAsTable
            switch (mode, i) {
            case (_, 1...): write.mode = .append
            case (.create, _): write.mode = .errorIfExists
            case (.append, _): write.mode = .append
            case (.replace, _): write.mode = .overwrite
            }
            var plan = Spark_Connect_Plan()
            plan.command.writeOperation = write
            do {
                try run(plan)
            } catch let e as SQLEngineError where mode == .create && i == 0 && e.message.contains("already exists") {
                throw SQLEngineError("write_table: table '\(name)' already exists on \(displayName); use mode: \"append\" or \"replace\"")
            }
        }
    }

    /// The frame as Arrow IPC streams of at most about `uploadChunkBytes` each.
    static func uploadChunks(_ frame: Frame) throws -> [[UInt8]] {
        let whole = try ArrowStreamWriter.write(frame)
        guard whole.count > uploadChunkBytes, frame.rowCount > 1 else { return [whole] }
        let parts = min(frame.rowCount, whole.count / uploadChunkBytes + 1)
        let step = (frame.rowCount + parts - 1) / parts
        return try stride(from: 0, to: frame.rowCount, by: step).map { start in
            try ArrowStreamWriter.write(frame.take(Array(start..<min(frame.rowCount, start + step))))
        }
    }

    public func explainQuery(_ sql: String) throws -> String {
        try live().explain(Self.sqlPlan(sql, []), mode: .simple)
    }

    public func close() {
        lock.lock()
        let c = client
        client = nil
        lock.unlock()
        c?.close()
    }

    deinit { client?.close() }
}

/// Registers the `sc` scheme with `SQLEngineRegistry`. Called by the executables (`sift`,
/// `sift-kernel`) at start and by the tests that use Spark, never by the core library, so that
/// the core builds without gRPC.
public enum SparkConnect {
    public static func register() {
        SQLEngineRegistry.register(scheme: "sc") { url, options in
            try SparkConnectEngine(url: url, options: options)
        }
    }
}
