import SiftIO
import SiftFrame
import SiftSQL

/// What crossed the wire for one call: the rows and Arrow bytes received.
///
/// Why it is kept: it is how a user (and the tests) can see that a pipeline ran remotely and
/// only its result came home, e.g. a group-by over 80 million rows returning 1,000 rows.
public struct SparkTransfer: Sendable, Equatable {
    public var rows: Int = 0
    public var arrowBytes: Int = 0
    public var batches: Int = 0
}

/// Gathers the Arrow batches of an `ExecutePlan` response stream into one frame as they arrive.
final class SparkResultCollector {
    let builder = ArrowFrameBuilder()
    var transfer = SparkTransfer()

    func consume(_ response: Spark_Connect_ExecutePlanResponse) throws {
        guard case .arrowBatch(let batch)? = response.responseType else { return }
        let before = builder.rowCount
        do {
            try batch.data.withUnsafeBytes { try builder.append(stream: $0) }
        } catch let e as ArrowError {
            throw SQLEngineError("spark: unreadable result: \(e)")
        }
        guard builder.rowCount - before == Int(batch.rowCount) else {
            throw SQLEngineError("spark: a result batch announced \(batch.rowCount) rows but held \(builder.rowCount - before)")
        }
        transfer.rows += Int(batch.rowCount)
        transfer.arrowBytes += batch.data.count
        transfer.batches += 1
    }

    func finish() throws -> (Frame, SparkTransfer) {
        do {
            return (try builder.finish(), transfer)
        } catch let e as FrameError {
            throw SQLEngineError("spark: the result cannot be a frame: \(e)")
        }
    }
}
