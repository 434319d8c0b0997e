import Dispatch

/// Splits `0..<count` into a fixed number of contiguous chunks for data-parallel passes.
/// The number of chunks depends only on `count` (never on the number of cores), so work that
/// combines per-chunk partial results in chunk order gives the same floating-point answer on
/// every machine; small inputs get a single chunk and run on the calling thread.
public struct ChunkPlan: Sendable {
    public let total: Int
    public let count: Int
    /// Set for plans of fixed-size chunks (the last one shorter).
    private let size: Int?

    /// - Parameter minimum: the fewest items worth a chunk of their own.
    public init(count total: Int, minimum: Int = 32_768, maxChunks: Int = 16) {
        self.total = max(0, total)
        self.count = max(1, min(maxChunks, self.total / max(1, minimum)))
        self.size = nil
    }

    /// Chunks of exactly `chunkSize` items, as many as it takes: for passes over many short
    /// rounds (boosting iterations) where even chunks are the cheapest way to balance the cores.
    public init(count total: Int, chunkSize: Int) {
        self.total = max(0, total)
        let size = max(1, chunkSize)
        self.count = max(1, (self.total + size - 1) / size)
        self.size = size
    }

    public func range(_ chunk: Int) -> Range<Int> {
        if let size { return min(total, chunk * size)..<min(total, (chunk + 1) * size) }
        let lo = total / count * chunk + min(chunk, total % count)
        let hi = lo + total / count + (chunk < total % count ? 1 : 0)
        return lo..<hi
    }

    /// Runs `body` once per chunk, on all cores when there is more than one chunk.
    public func run(_ body: (Int) -> Void) {
        if count == 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }

    /// Runs `body` once per chunk's range of items; nothing when there are no items.
    public func forEachRange(_ body: (Range<Int>) -> Void) {
        guard total > 0 else { return }
        run { body(range($0)) }
    }
}
