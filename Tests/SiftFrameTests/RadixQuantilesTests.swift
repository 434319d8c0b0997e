import XCTest
@testable import SiftFrame

/// Radix selection must give the quantiles of a full sort (and so of quickselect) bit for bit.
final class RadixQuantilesTests: XCTestCase {
    func sortedReference(_ v: [Double], _ qs: [Double]) -> [Double] {
        let s = v.sorted()
        let n = s.count
        return qs.map { q in
            let pos = q * Double(n - 1)
            let lo = min(n - 1, Int(pos.rounded(.down)))
            let a = s[lo]
            guard pos > Double(lo), lo + 1 < n else { return a }
            let b = s[lo + 1], t = pos - Double(lo), gap = b - a
            return gap.isFinite ? a + gap * t : a * (1 - t) + b * t
        }
    }

    func testLargeColumnsMatchASort() {
        var r = TestRNG(4)
        let qs = [0.25, 0.5, 0.75, 0, 1, 0.1, 0.999]
        let makers: [(Int) -> Double] = [
            { _ in Double(r.int(1_000_000)) / 100 },
            { _ in Double(r.int(7)) },                                       // heavy ties
            { _ in Double(Int64(bitPattern: r.next()) >> 10) / 3 },          // wide range, negatives
            { i in i % 3 == 0 ? .infinity : -Double(r.int(50)) - 0.5 },      // infinities
            { _ in Double(bitPattern: r.next() & 0x7FEF_FFFF_FFFF_FFFF) },   // any finite positive
        ]
        for (k, make) in makers.enumerated() {
            for n in [RadixQuantiles.minimumCount, 100_003] {
                var v = (0..<n).map(make)
                let want = sortedReference(v, qs)
                let got = Selection.quantiles(&v, qs)
                XCTAssertEqual(got.map(\.bitPattern), want.map(\.bitPattern), "maker \(k) n=\(n)")
            }
        }
    }

    func testNaNAndNegativeZeroFallBack() {
        var v = (0..<20_000).map { Double($0 % 100) }
        v[5] = -0.0
        v.withUnsafeMutableBufferPointer { XCTAssertNil(RadixQuantiles.quantiles($0, [0.5])) }
        v[5] = .nan
        v.withUnsafeMutableBufferPointer { XCTAssertNil(RadixQuantiles.quantiles($0, [0.5])) }
        v[5] = 1
        v.withUnsafeMutableBufferPointer { XCTAssertNotNil(RadixQuantiles.quantiles($0, [0.5])) }
    }
}
