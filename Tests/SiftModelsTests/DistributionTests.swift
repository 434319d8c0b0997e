import XCTest
@testable import SiftModels

/// Distribution functions against scipy (Tests/fixtures/models/distributions.json).
final class DistributionTests: XCTestCase {
    /// Degrees of freedom above 10,000 put the continued fraction near its switching point, where
    /// about 1e-11 is what it keeps; everything else is held to 1e-12.
    func check(_ key: String, rel: Double, largeDF: Double = 1e-10, _ f: ([Double]) -> Double) throws {
        let rows = try fixture("distributions.json")[key] as! [[Any]]
        XCTAssertFalse(rows.isEmpty)
        var worst = 0.0
        for row in rows {
            let args = row.dropLast().map(number)
            let expected = number(row.last!)
            let actual = f(Array(args))
            if expected == 0 || expected < 1e-300 { XCTAssertLessThan(actual, 1e-290, "\(key)\(args)"); continue }
            let err = abs(actual - expected) / abs(expected)
            worst = max(worst, err)
            let tolerance = args.dropFirst().contains { $0 > 10_000 } ? largeDF : rel
            XCTAssertLessThanOrEqual(err, tolerance, "\(key)\(args): got \(actual), scipy \(expected)")
        }
        print("\(key): worst relative error \(worst) over \(rows.count) points")
    }

    func testStudentT() throws {
        try check("t_sf", rel: 1e-12) { StudentT(df: $0[1]).sf($0[0]) }
        try check("t_ppf", rel: 1e-12) { StudentT(df: $0[1]).quantile($0[0]) }
    }

    func testNormal() throws {
        try check("norm_sf", rel: 1e-12) { Normal.sf($0[0]) }
        try check("norm_cdf", rel: 1e-12) { Normal.cdf($0[0]) }
        try check("norm_ppf", rel: 1e-12) { Normal.quantile($0[0]) }
        XCTAssertEqual(Normal.quantile(0.975), 1.959963984540054, accuracy: 1e-15)
    }

    func testF() throws {
        try check("f_sf", rel: 1e-12) { FDistribution(d1: $0[1], d2: $0[2]).sf($0[0]) }
        try check("f_cdf", rel: 1e-12) { FDistribution(d1: $0[1], d2: $0[2]).cdf($0[0]) }
    }

    func testChiSquare() throws {
        try check("chi2_sf", rel: 1e-12) { ChiSquare(df: $0[1]).sf($0[0]) }
        try check("chi2_cdf", rel: 1e-12) { ChiSquare(df: $0[1]).cdf($0[0]) }
    }

    func testEdgesAndIdentities() {
        XCTAssertEqual(StudentT(df: 5).sf(0), 0.5, accuracy: 1e-16)
        XCTAssertEqual(StudentT(df: 7).twoSided(2.0), 2 * StudentT(df: 7).sf(2.0), accuracy: 1e-16)
        XCTAssertEqual(FDistribution(d1: 3, d2: 10).sf(0), 1)
        XCTAssertEqual(ChiSquare(df: 2).sf(4), exp(-2), accuracy: 1e-16)   // χ²₂ is exponential
        XCTAssertEqual(StudentT(df: 1).sf(1), 0.25, accuracy: 1e-16)          // Cauchy
        let (p, q) = SpecialFunctions.incompleteBeta(2, 3, x: 0.4)
        XCTAssertEqual(p + q, 1, accuracy: 1e-15)
        XCTAssertEqual(p, 0.5248, accuracy: 1e-13)                            // 1 − (1−x)^4 − 4x(1−x)^3 for I(2,3)
        XCTAssertTrue(StudentT(df: 3).sf(.nan).isNaN)
        XCTAssertEqual(SpecialFunctions.logBeta(30, 40), lgamma(30) + lgamma(40) - lgamma(70), accuracy: 1e-11)
        XCTAssertEqual(SpecialFunctions.logBeta(0.5, 400), lgamma(0.5) + lgamma(400) - lgamma(400.5), accuracy: 1e-11)
    }
}
