import Foundation
import XCTest
@testable import SiftFrame

/// Chunk plans must cover every item exactly once, in order, whatever the sizes: kernels that
/// combine per-chunk results in chunk order rely on it for answers independent of the cores.
final class ChunkPlanTests: XCTestCase {
    private func ranges(_ plan: ChunkPlan) -> [Range<Int>] { (0..<plan.count).map(plan.range) }

    private func assertCoversInOrder(_ plan: ChunkPlan, _ total: Int, file: StaticString = #filePath, line: UInt = #line) {
        var next = 0
        for r in ranges(plan) {
            XCTAssertEqual(r.lowerBound, next, "gap or overlap at \(next)", file: file, line: line)
            next = r.upperBound
        }
        XCTAssertEqual(next, total, file: file, line: line)
    }

    func testEvenPlansCoverEveryItemOnce() {
        for total in [0, 1, 32_767, 32_768, 100_000, 1_000_003] {
            let plan = ChunkPlan(count: total)
            XCTAssertLessThanOrEqual(plan.count, 16)
            assertCoversInOrder(plan, total)
        }
    }

    func testFixedSizePlansUseExactChunks() {
        let plan = ChunkPlan(count: 20_000, chunkSize: 8192)
        XCTAssertEqual(ranges(plan), [0..<8192, 8192..<16384, 16384..<20_000])
        for total in [0, 1, 8191, 8192, 8193, 100_000] { assertCoversInOrder(ChunkPlan(count: total, chunkSize: 8192), total) }
        XCTAssertEqual(ChunkPlan(count: 0, chunkSize: 8192).count, 1)
    }

    func testForEachRangeVisitsEveryChunkOnceAndNothingWhenEmpty() {
        let seen = Counter()
        ChunkPlan(count: 50_000, chunkSize: 8192).forEachRange { r in seen.add(r.count) }
        XCTAssertEqual(seen.total, 50_000)
        let none = Counter()
        ChunkPlan(count: 0, chunkSize: 8192).forEachRange { _ in none.add(1) }
        XCTAssertEqual(none.total, 0)
    }
}

/// A sum safe to add to from concurrent chunks.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var total: Int { lock.lock(); defer { lock.unlock() }; return value }
    func add(_ n: Int) { lock.lock(); value += n; lock.unlock() }
}
