import Dispatch

/// Splits `0..<count` into a fixed number of contiguous chunks for data-parallel passes.
/// The number of chunks depends only on `count` (never on the number of cores), so work that
/// combines per-chunk partial results in chunk order gives the same floating-point answer on
/// every machine; small inputs get a single chunk and run on the calling thread.
public struct ChunkPlan: Sendable {
    public let total: Int
    public let count: Int

    /// - Parameter minimum: the fewest items worth a chunk of their own.
    public init(count total: Int, minimum: Int = 32_768, maxChunks: Int = 16) {
        self.total = max(0, total)
        self.count = max(1, min(maxChunks, self.total / max(1, minimum)))
    }

    public func range(_ chunk: Int) -> Range<Int> {
        let lo = total / count * chunk + min(chunk, total % count)
        let hi = lo + total / count + (chunk < total % count ? 1 : 0)
        return lo..<hi
    }

    /// Runs `body` once per chunk, on all cores when there is more than one chunk.
    public func run(_ body: (Int) -> Void) {
        if count == 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
}
