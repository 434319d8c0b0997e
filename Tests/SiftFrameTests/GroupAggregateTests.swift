import XCTest
@testable import SiftFrame

/// The fused group-by (selection vector + group index + in-place aggregates) against the slow
/// path it replaces: materialise the filter, `Grouping`, `Aggregate.run` per column.
final class GroupAggregateTests: XCTestCase {
    /// The slow path: gather, group, aggregate column by column.
    func reference(_ f: Frame, keys: [String], specs: [AggregateSpec], selection: [Int32]?) throws -> Frame {
        let sub = selection.map { f.take(RowSelection.indices($0)) } ?? f
        let grouping = Grouping(keys: try keys.map { try sub.column($0) }, rowCount: sub.rowCount)
        var columns = try keys.map { try sub.column($0).take(grouping.firstRow) }
        for s in specs {
            if let c = s.column {
                columns.append(try Aggregate.run(s.function, sub.column(c), grouping: grouping, q: s.q, name: s.name))
            } else {
                columns.append(Column(name: s.name, storage: .int(GroupBy.rowsPerGroup(grouping))))
            }
        }
        return try Frame(columns: columns)
    }

    func allSpecs(_ f: Frame) -> [AggregateSpec] {
        var specs = [AggregateSpec(name: "n", function: .count, column: nil)]
        for c in f.names {
            for fn in [AggregateFunction.count, .nullCount, .sum, .mean, .min, .max, .first, .nDistinct] {
                if [.sum, .mean].contains(fn), ["k", "p", "d"].contains(c) { continue }
                specs.append(AggregateSpec(name: "\(fn.rawValue)_\(c)", function: fn, column: c))
            }
        }
        specs.append(AggregateSpec(name: "q", function: .quantile, column: "x", q: 0.3))
        specs.append(AggregateSpec(name: "sd", function: .std, column: "x"))
        return specs
    }

    func testEveryKeyCombinationWithAndWithoutASelection() throws {
        let keySets: [[String]] = [[], ["k"], ["k", "b"], ["i"], ["d", "k"], ["x"], ["p"], ["big"], ["b", "i", "k", "d"], ["p", "x", "k"]]
        for (seed, n) in [(1, 0), (2, 1), (3, 2), (4, 50), (5, 3_000)] {
            let f = randomFrame(n, seed: UInt64(seed), card: 6, nulls: 0.25)
            var r = TestRNG(UInt64(seed) * 77)
            let selections: [[Int32]?] = [nil, [], (0..<n).filter { _ in r.chance(0.4) }.map { Int32($0) }, n > 0 ? [Int32(n - 1)] : []]
            for keys in keySets {
                for sel in selections {
                    let specs = allSpecs(f)
                    let fast = try GroupAggregate.summarize(f, keys: keys, specs: specs, selection: sel)
                    let slow = try reference(f, keys: keys, specs: specs, selection: sel)
                    assertSameFrames(fast, slow, "n=\(n) keys=\(keys) selected=\(sel?.count ?? -1)")
                }
            }
        }
    }

    /// Enough rows for several chunks, so the per-chunk accumulators and their fixed merge order
    /// are exercised; the sums must equal the per-column path bit for bit.
    func testManyChunksMatchTheSerialPathExactly() throws {
        let n = 300_000
        let f = randomFrame(n, seed: 42, card: 8, nulls: 0.1)
        var r = TestRNG(5)
        let sel = (0..<n).filter { _ in r.chance(0.6) }.map { Int32($0) }
        let specs = [AggregateSpec(name: "n", function: .count, column: nil),
                     AggregateSpec(name: "s", function: .sum, column: "x"),
                     AggregateSpec(name: "m", function: .mean, column: "x"),
                     AggregateSpec(name: "si", function: .sum, column: "i"),
                     AggregateSpec(name: "mi", function: .mean, column: "big")]
        for keys in [["k"], ["k", "b"], ["p"], []] {
            for s in [nil, sel] {
                assertSameFrames(try GroupAggregate.summarize(f, keys: keys, specs: specs, selection: s),
                                 try reference(f, keys: keys, specs: specs, selection: s), "keys=\(keys)")
            }
        }
    }

    func testSelectionFromMaskMatchesFrameFilter() throws {
        for n in [0, 1, 63, 64, 65, 1_000, 300_001] {
            var r = TestRNG(UInt64(n))
            let flags = (0..<n).map { _ in r.chance(0.5) }
            let valid = (0..<n).map { _ in r.chance(0.8) }
            let mask = Column(name: "m", storage: .bool(flags), validity: Bitmap(valid))
            let expected = (0..<n).filter { flags[$0] && valid[$0] }.map { Int32($0) }
            XCTAssertEqual(try RowSelection.rows(mask: mask), expected, "n=\(n)")
            XCTAssertEqual(RowSelection.rows(flags: flags, validity: nil), (0..<n).filter { flags[$0] }.map { Int32($0) })
        }
    }

    func testHashSlotsNumberKeysInFirstSeenOrder() {
        var t = HashSlots()
        var r = TestRNG(3)
        var seen: [UInt64: Int32] = [:]
        for _ in 0..<50_000 {
            let k = r.next() % 7_000
            let s = t.slot(k)
            if let e = seen[k] { XCTAssertEqual(s, e) } else { XCTAssertEqual(Int(s), seen.count); seen[k] = s }
        }
        XCTAssertEqual(t.count, seen.count)
        XCTAssertEqual(t.find(123_456_789), -1)
    }
}
