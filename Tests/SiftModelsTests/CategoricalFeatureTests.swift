import Foundation
import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// k-NN, SVM and SVR take text and true/false terms through one-hot coding (one 0/1 indicator per
/// level, no reference level dropped), with the levels kept in the model for new data: the same
/// fit as hand-made indicators, an unseen level an error, and the coding surviving save/load.
final class CategoricalFeatureTests: ModelTestCase {
    let manual = """
    d = read_csv("marketing.csv") |> filter(not is_null(age))
    train = d |> head(600)
    test = d |> tail(300)
    mtrain = train |> mutate(e = if_else(region == "East", 1.0, 0.0), n = if_else(region == "North", 1.0, 0.0),
                             s = if_else(region == "South", 1.0, 0.0), w = if_else(region == "West", 1.0, 0.0),
                             l0 = if_else(loyal, 0.0, 1.0), l1 = if_else(loyal, 1.0, 0.0))
    mtest = test |> mutate(e = if_else(region == "East", 1.0, 0.0), n = if_else(region == "North", 1.0, 0.0),
                           s = if_else(region == "South", 1.0, 0.0), w = if_else(region == "West", 1.0, 0.0),
                           l0 = if_else(loyal, 0.0, 1.0), l1 = if_else(loyal, 1.0, 0.0))
    """

    /// The same predictions, null in the same rows (a null term gives a null prediction). `rel`
    /// allows for a different summation order (the indicators sit elsewhere among the columns).
    func assertSame(_ a: String, _ b: String, _ what: String, rel: Double = 1e-9, file: StaticString = #filePath, line: UInt = #line) throws {
        let x = try column(a), y = try column(b)
        XCTAssertEqual(x.count, y.count, what, file: file, line: line)
        var compared = 0
        for i in 0..<x.count {
            guard let u = x[i].asDouble, let v = y[i].asDouble else {
                XCTAssertEqual(x.isValid(i), y.isValid(i), "\(what): row \(i) null on one side only", file: file, line: line)
                continue
            }
            XCTAssertEqual(u, v, accuracy: rel * max(1, abs(v)), "\(what): row \(i)", file: file, line: line)
            compared += 1
        }
        XCTAssertGreaterThan(compared, x.count / 2, what, file: file, line: line)
    }

    func testOneHotEqualsHandMadeIndicators() throws {
        try eval(manual)
        try eval("""
        k1 = knn(churned ~ spend + visits + region + loyal, data: train, k: 7)
        k2 = knn(churned ~ spend + visits + e + n + s + w + l0 + l1, data: mtrain, k: 7)
        s1 = svm(churned ~ spend + age + region + loyal, data: train, seed: 3)
        s2 = svm(churned ~ spend + age + e + n + s + w + l0 + l1, data: mtrain, seed: 3)
        r1 = svr(revenue ~ spend + visits + region, data: train, C: 50, epsilon: 5, tol: 1e-6)
        r2 = svr(revenue ~ spend + visits + e + n + s + w, data: mtrain, C: 50, epsilon: 5, tol: 1e-6)
        """)
        try assertSame("predict(k1, test)", "predict(k2, mtest)", "knn")
        try assertSame("predict(s1, test)", "predict(s2, mtest)", "svm")
        try assertSame("predict(r1, test)", "predict(r2, mtest)", "svr", rel: 1e-7)
        // The indicator columns are named by level, in sorted order (categorical terms first, as patsy).
        XCTAssertEqual(stringValues(try frame("tidy(k1)"), "term"),
                       ["region[East]", "region[North]", "region[South]", "region[West]", "loyal[false]", "loyal[true]", "spend", "visits"])
    }

    func testUnseenLevelsAndRoundTrip() throws {
        try eval(manual)
        try eval("""
        k = knn(churned ~ spend + region, data: train, k: 5)
        s = svm(churned ~ spend + channel, data: train, kernel: "rbf")
        r = svr(revenue ~ spend + channel, data: train)
        """)
        for m in ["k", "s", "r"] {
            assertFails("predict(\(m), test |> mutate(region = \"Mars\", channel = \"fax\"))", ["did not see"])
            // New data lacking some levels is coded with the fitted levels.
            let p = try column("predict(\(m), test |> filter(region == \"West\" and channel == \"email\"))")
            XCTAssertGreaterThan(p.count, 0)
            let path = NSTemporaryDirectory() + "sift-cat-\(UUID().uuidString).model"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try eval("save_model(\(m), \"\(path)\")\nloaded = load_model(\"\(path)\")")
            let a = try column("predict(\(m), test)"), b = try column("predict(loaded, test)")
            for i in 0..<a.count { XCTAssertEqual(a[i], b[i], "\(m) row \(i)") }
        }
    }
}
