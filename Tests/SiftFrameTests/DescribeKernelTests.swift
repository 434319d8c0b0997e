import XCTest
@testable import SiftFrame

/// `describe` on long free text counts distinct values and the most frequent one in two hash
/// partitions; the answers must be those of one pass over the rows.
final class DescribeKernelTests: XCTestCase {
    func testPartitionedDistinctAndTopMatchOnePass() {
        var r = TestRNG(21)
        let n = Statistics.partitionedTextRows + 17
        var cells: [String?] = []
        for _ in 0..<n {
            let v: String? = r.chance(0.1) ? nil : "comment \(r.int(40_000)) \(r.chance(0.01) ? "e\u{301}" : "é")"
            cells.append(v)
        }
        // A clear winner appears late, and a tie between two values decided by first row.
        for i in stride(from: n - 500, to: n, by: 2) { cells[i] = "late winner" }
        let c = plainColumn("t", cells)
        var freq: [[UInt8]: (count: Int, first: Int)] = [:]
        for (i, s) in cells.enumerated() {
            guard let s else { continue }
            let key = Array(s.utf8)
            freq[key, default: (0, i)].count += 1
        }
        let best = freq.max { a, b in a.value.count != b.value.count ? a.value.count < b.value.count : a.value.first > b.value.first }!
        let summary = Statistics.summarizeColumn(c)
        XCTAssertEqual(summary.distinct, .int(Int64(freq.count)))
        XCTAssertEqual(summary.top, .string(String(decoding: best.key, as: UTF8.self)))
        XCTAssertEqual(summary.count, Int64(cells.compactMap { $0 }.count))
    }
}
