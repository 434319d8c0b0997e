import XCTest
@testable import SiftFrame

/// Single-key join codes, text predicates and gathers against the general paths they shortcut.
final class JoinAndTextKernelTests: XCTestCase {
    /// The general path: the same key listed twice makes `Joining` code the keys jointly.
    func generalJoin(_ l: Frame, _ r: Frame, _ key: String, _ how: JoinKind) throws -> Frame {
        try Joining.join(l, r, on: [(key, key), (key, key)], how: how)
    }

    func testSingleKeyJoinsMatchTheGeneralPath() throws {
        for (seed, n, m) in [(1, 0, 3), (2, 5, 0), (3, 40, 6), (4, 2_000, 9), (5, 500, 300)] {
            let l = randomFrame(n, seed: UInt64(seed), card: 7, nulls: 0.2)
            var rf = randomFrame(m, seed: UInt64(seed) + 100, card: 9, nulls: 0.2)
            rf = try rf.rename([(old: "x", new: "rx"), (old: "b", new: "rb")])
            for key in ["k", "i", "d", "p", "big"] {
                for how in JoinKind.allCases {
                    let fast = try Joining.join(l, rf, on: [(key, key)], how: how)
                    assertSameFrames(fast, try generalJoin(l, rf, key, how), "seed=\(seed) key=\(key) how=\(how)")
                }
            }
        }
    }

    func testDimensionJoinReusesLeftRowsAndGathersTextAsCodes() throws {
        let l = try Frame(columns: [dictColumn("region", ["N", "S", "N", "E", "S"]), floatColumn("v", [1, 2, 3, 4, 5])])
        let r = try Frame(columns: [plainColumn("region", ["S", "N", "E"]), plainColumn("manager", ["Ana", "Bo", nil])])
        let j = try Joining.join(l, r, on: [("region", "region")], how: .inner)
        assertSameFrames(j, try generalJoin(l, r, "region", .inner), "dimension")
        XCTAssertEqual(cells(j.columns[2]), [.string("Bo"), .string("Ana"), .string("Bo"), .null, .string("Ana")])
    }

    func testTextPredicatesMatchStringMethods() throws {
        let rows: [String?] = ["delivery late", "no delivery", "Delivery", "", nil, "del", "e\u{301}x", "café delivery",
                               "\u{212A}elvin", "Kelvin", "a\r\nb", "deliverydelivery", "xdelivery\u{301}", "ab", "b"]
        let needles = ["delivery", "del", "e", "K", "ab", "b", "", "é", "\r\n", "y"]
        for col in [plainColumn("t", rows), dictColumn("t", rows)] {
            for needle in needles {
                // The slow path as SiftFrame compiles it (the test target imports Foundation,
                // whose String.contains differs, e.g. for an empty needle).
                for kind in [TextPredicates.Kind.contains, .startsWith, .endsWith] {
                    let f = TextPredicates.slowTest(kind, needle)
                    let got = try TextPredicates.evaluate(col, kind, needle, function: "t")
                    let want = rows.map { $0.map { Scalar.bool(f($0)) } ?? .null }
                    XCTAssertEqual(cells(got), want, "\(kind) \(needle.debugDescription)")
                }
            }
        }
    }

    func testContainsOnLargeRandomPlainText() throws {
        let f = randomFrame(20_000, seed: 8, nulls: 0.3)
        let c = try f.column("p")
        for needle in ["delivery", "a", "Ünï", "3", "zeta1"] {
            let got = try TextPredicates.evaluate(c, .contains, needle, function: "contains")
            let slow = (0..<c.count).map { i -> Scalar in
                guard case .string(let s) = c[i] else { return .null }
                return .bool(TextPredicates.slowTest(.contains, needle)(s))
            }
            XCTAssertEqual(cells(got), slow, needle)
        }
    }

    func testGatherAndParallelFilterMatchTake() throws {
        let f = randomFrame(70_000, seed: 12, nulls: 0.3)
        var r = TestRNG(1)
        let flags = (0..<f.rowCount).map { _ in r.chance(0.5) }
        let mask = Column(name: "m", storage: .bool(flags), validity: Bitmap((0..<f.rowCount).map { _ in r.chance(0.9) }))
        let keep = (0..<f.rowCount).filter { flags[$0] && mask.isValid($0) }
        let filtered = try f.filter(mask: mask)
        XCTAssertEqual(filtered.rowCount, keep.count)
        for (a, b) in zip(filtered.columns, f.columns) { assertSameCells(a, b.take(keep), "filter") }
        assertSameFrames(f.gather([]), f.take([]), "empty gather")
    }
}

/// Plain text `==`/`!=` against a constant, byte-level for ASCII rows, against the general path.
final class PlainTextEqualityTests: XCTestCase {
    func testEqualityWithAConstantMatchesTheGeneralPath() throws {
        let rows: [String?] = ["K", "\u{212A}", "Kelvin", "", nil, "é", "e\u{301}", "k", "K ", "a\r\nb", "delivery", "K"]
        let col = plainColumn("t", rows)
        for constant in ["K", "", "é", "delivery", "a\r\nb", "zz"] {
            for op in [ComparisonOp.equal, .notEqual] {
                let general = try ColumnCompare.compare(op, col, Column.constant(.string(constant), count: rows.count))
                let fast = ColumnCompare.compare(op, col, constant: .string(constant))
                if constant.utf8.allSatisfy({ $0 < 0x80 }) {
                    XCTAssertEqual(fast.map(cells), cells(general), "\(op) \(constant.debugDescription)")
                } else {
                    XCTAssertNil(fast, "non-ASCII constants take the general path")
                }
            }
        }
        let big = try randomFrame(30_000, seed: 3, nulls: 0.2).column("p")
        for constant in ["a1", "zeta17", "Ünïcode3", "b c9"] {
            let general = try ColumnCompare.compare(.equal, big, Column.constant(.string(constant), count: big.count))
            let fast = ColumnCompare.compare(.equal, big, constant: .string(constant))
            if let fast { XCTAssertEqual(cells(fast), cells(general), constant) }
        }
    }
}
