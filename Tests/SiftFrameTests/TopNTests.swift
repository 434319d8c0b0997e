import XCTest
@testable import SiftFrame

/// Top-N must give exactly the first rows of the stable full sort: same keys, nulls last in both
/// directions, ties in row order.
final class TopNTests: XCTestCase {
    func fullSortPrefix(_ keys: [SortKey], _ n: Int, _ k: Int) -> [Int] {
        Array(Sorting.order(keys, rowCount: n).prefix(k))
    }

    func testEveryKeyTypeAndLimitAgainstTheFullSort() {
        for (seed, n) in [(1, 0), (2, 1), (3, 7), (4, 300), (5, 2_000)] {
            let f = randomFrame(n, seed: UInt64(seed), card: 4, nulls: 0.3)
            for name in f.names {
                for desc in [false, true] {
                    let keys = [SortKey(try! f.column(name), descending: desc)]
                    for k in [0, 1, 3, 10, n / 2, n, n + 5] {
                        XCTAssertEqual(TopN.order(keys, rowCount: n, limit: k), fullSortPrefix(keys, n, k), "\(name) desc=\(desc) n=\(n) k=\(k)")
                    }
                }
            }
        }
    }

    func testMultipleKeys() {
        let f = randomFrame(3_000, seed: 9, card: 3, nulls: 0.25)
        let combos: [[(String, Bool)]] = [[("k", false), ("x", true)], [("b", true), ("i", false), ("p", false)],
                                          [("d", true), ("k", true)], [("i", false), ("big", true)]]
        for combo in combos {
            let keys = combo.map { SortKey(try! f.column($0.0), descending: $0.1) }
            for k in [1, 10, 100, 2_999] {
                XCTAssertEqual(TopN.order(keys, rowCount: f.rowCount, limit: k), fullSortPrefix(keys, f.rowCount, k), "\(combo) k=\(k)")
            }
        }
    }

    func testAllTiesKeepRowOrderAndAllNullsComeLast() {
        let same = floatColumn("x", Array(repeating: 2.0, count: 50))
        XCTAssertEqual(TopN.order([SortKey(same, descending: true)], rowCount: 50, limit: 5), [0, 1, 2, 3, 4])
        let nulls = floatColumn("x", [nil, 3, nil, 1, nil])
        XCTAssertEqual(TopN.order([SortKey(nulls)], rowCount: 5, limit: 4), [3, 1, 0, 2])
        XCTAssertEqual(TopN.order([SortKey(nulls, descending: true)], rowCount: 5, limit: 4), [1, 3, 0, 2])
    }

    func testSortingOrderWithALimitUsesTheSameRows() {
        let f = randomFrame(5_000, seed: 11, nulls: 0.1)
        let keys = [SortKey(try! f.column("x"), descending: true)]
        for k in [0, 10, 700, 4_999, 5_000, 6_000] {
            XCTAssertEqual(Sorting.order(keys, rowCount: 5_000, limit: k), fullSortPrefix(keys, 5_000, k))
        }
        XCTAssertEqual(Sorting.order(keys, rowCount: 5_000, limit: nil), Sorting.order(keys, rowCount: 5_000))
    }
}
