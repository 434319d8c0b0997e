@testable import SiftPostgres
import XCTest

/// The binary numeric decoder against values worked out by hand (base-10000 digits).
final class NumericDecodingTests: XCTestCase {
    private func numeric(_ digits: [Int16], weight: Int16, negative: Bool = false, special: UInt16? = nil) -> Double? {
        var bytes: [UInt8] = []
        func put(_ v: UInt16) { bytes.append(UInt8(v >> 8)); bytes.append(UInt8(v & 0xFF)) }
        put(UInt16(digits.count)); put(UInt16(bitPattern: weight)); put(special ?? (negative ? 0x4000 : 0)); put(0)
        digits.forEach { put(UInt16($0)) }
        return bytes.withUnsafeBytes { NumericDecoding.decode($0.baseAddress!, length: $0.count) }
    }

    func testIntegersFractionsAndSigns() {
        XCTAssertEqual(numeric([1, 2345], weight: 1), 12345)
        XCTAssertEqual(numeric([12, 3400], weight: 0), 12.34)
        XCTAssertEqual(numeric([5000], weight: -1, negative: true), -0.5)
        XCTAssertEqual(numeric([1], weight: -2), 1e-8)   // 0.0000 0001
        XCTAssertEqual(numeric([], weight: 0), 0)
    }

    func testLongValuesGoThroughText() {
        // 1234567890123456789.0123 has 6 base-10000 digits: beyond the fast path.
        XCTAssertEqual(numeric([123, 4567, 8901, 2345, 6789, 123], weight: 4), 1234567890123456789.0123)
        XCTAssertEqual(numeric([1], weight: 10), 1e40)
    }

    func testSpecialValues() {
        XCTAssertTrue(numeric([], weight: 0, special: 0xC000)?.isNaN ?? false)
        XCTAssertEqual(numeric([], weight: 0, special: 0xD000), .infinity)
        XCTAssertEqual(numeric([], weight: 0, special: 0xF000), -.infinity)
        XCTAssertNil(numeric([], weight: 0, special: 0x1234))
    }
}
