import XCTest
@testable import SiftFrame

/// The CSV number parsers against the standard library's correctly rounded conversions.
final class NumberParsingTests: XCTestCase {
    private func parse(_ s: String) -> Double? {
        var s = s
        return s.withUTF8 { NumberParsing.parseDouble($0.baseAddress!, $0.count) }
    }

    /// The plain-decimal fast path and the general parser must give the same bits as `Double(_:)`
    /// (strtod) on every spelling either takes: up to 15 digits and past it, signs, leading and
    /// trailing zeros, a bare point on either side.
    func testPlainDecimalsRoundLikeStrtod() {
        var rng = SystemRandomNumberGenerator()
        var cases = ["0", "-0", "0.0", "-0.0", "5.", ".5", "-.5", "007.250", "123456789012345",
                     "1234567890.12345", "0.000000000000001", "9007199254740993", "1234567890123456.7",
                     "99999999999999.99", "+1.5", " 2.5", "3.5 ", "1e5", "-2.5E-3"]
        for _ in 0..<20_000 {
            let intDigits = Int.random(in: 0...12, using: &rng)
            let fracDigits = Int.random(in: 0...(16 - intDigits), using: &rng)
            var s = Bool.random(using: &rng) ? "-" : ""
            for _ in 0..<intDigits { s += String(Int.random(in: 0...9, using: &rng)) }
            if fracDigits > 0 || intDigits == 0 {
                s += "."
                for _ in 0..<max(1, fracDigits) { s += String(Int.random(in: 0...9, using: &rng)) }
            }
            cases.append(s)
        }
        for s in cases {
            let expected = Double(s.trimmingCharacters(in: .whitespaces))
            let got = parse(s)
            XCTAssertEqual(got?.bitPattern, expected?.bitPattern, s)
        }
    }

    func testNotNumbers() {
        for s in ["", "-", ".", "-.", "1.2.3", "12a", "--1", "1-", "0x10", "1,5"] {
            XCTAssertNil(parse(s), s)
        }
    }
}
