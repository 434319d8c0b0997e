import XCTest
@testable import SiftFrame

// Random frames for the kernel tests: every column type, nulls, repeats, dictionary and plain
// text, so each fast kernel can be compared with the slow path it replaces.

/// SplitMix64: a small seeded generator, so every failure reproduces.
struct TestRNG {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
}

/// A frame of `n` rows: k (dictionary text, `card` values), p (plain text), i (ints with a small
/// range), big (ints with a wide range), x (floats with repeats, -0.0 and ±inf), d (dates),
/// b (bools). `nulls` is the share of null cells in each column.
func randomFrame(_ n: Int, seed: UInt64, card: Int = 5, nulls: Double = 0.2) -> Frame {
    var r = TestRNG(seed)
    func maybe<T>(_ v: T) -> T? { r.chance(nulls) ? nil : v }
    let words = ["north", "south", "east", "west", "Ünïcode", "", "a", "b c", "zeta", "Alpha", "beta", "delivery late"]
    var k: [String?] = [], p: [String?] = [], i: [Int64?] = [], big: [Int64?] = [], x: [Double?] = [], d: [Int64?] = [], b: [Bool?] = []
    for _ in 0..<n {
        k.append(maybe(words[r.int(min(card, words.count))]))
        p.append(maybe(words[r.int(words.count)] + String(r.int(50))))
        i.append(maybe(Int64(r.int(7)) - 3))
        big.append(maybe(Int64(bitPattern: r.next()) >> Int64(r.int(60))))
        let specials: [Double] = [0.0, -0.0, .infinity, -.infinity, 1.5, 2.25]
        x.append(maybe(r.chance(0.2) ? specials[r.int(specials.count)] : Double(r.int(2000)) / 8 - 100))
        d.append(maybe(Int64(r.int(40))))
        b.append(maybe(r.chance(0.5)))
    }
    let dcol = Column(name: "d", storage: .date(d.map { Int32($0 ?? 0) }), validity: Bitmap(d.map { $0 != nil }))
    return try! Frame(columns: [dictColumn("k", k), plainColumn("p", p), intColumn("i", i), intColumn("big", big),
                                floatColumn("x", x), dcol, boolColumn("b", b)])
}

/// Cells compared exactly (floats by bit pattern, so -0.0, NaN and the last bit all count).
func assertSameCells(_ a: Column, _ b: Column, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.name, b.name, "\(what): names", file: file, line: line)
    XCTAssertEqual(a.type, b.type, "\(what): types of \(a.name)", file: file, line: line)
    XCTAssertEqual(a.count, b.count, "\(what): lengths of \(a.name)", file: file, line: line)
    guard a.count == b.count else { return }
    for i in 0..<a.count {
        let x = a[i], y = b[i]
        if case .float(let u) = x, case .float(let v) = y {
            if u.bitPattern != v.bitPattern { XCTFail("\(what): \(a.name)[\(i)] \(u) vs \(v)", file: file, line: line); return }
        } else if x != y {
            XCTFail("\(what): \(a.name)[\(i)] \(x) vs \(y)", file: file, line: line); return
        }
    }
}

func assertSameFrames(_ a: Frame, _ b: Frame, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.names, b.names, "\(what): columns", file: file, line: line)
    XCTAssertEqual(a.rowCount, b.rowCount, "\(what): rows", file: file, line: line)
    guard a.names == b.names, a.rowCount == b.rowCount else { return }
    for (x, y) in zip(a.columns, b.columns) { assertSameCells(x, y, what, file: file, line: line) }
}
