import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftModels
@testable import SiftRuntime

/// kmeans() against scikit-learn's KMeans (best of the same number of k-means++ starts;
/// Tests/fixtures/models/kmeans.json): inertia within 1%.
final class KMeansTests: ModelTestCase {
    func testInertiaWithinOnePercentOfScikitLearn() throws {
        let fits = try fixture("kmeans.json")["fits"] as! [[String: Any]]
        XCTAssertGreaterThanOrEqual(fits.count, 7)
        for ref in fits {
            let data = ref["data"] as! String, k = ref["k"] as! Int
            let columns = (ref["columns"] as! [String]).joined(separator: ", ")
            let scale = (ref["scale"] as! Bool) ? "true" : "false"
            try eval("d = read_csv(\"\(data)\")\nm = kmeans(d, k: \(k), columns: [\(columns)], scale: \(scale), seed: 3, n_init: \(ref["n_init"] as! Int))")
            let g = glanceRow(try frame("glance(m)"))
            let expected = number(ref["inertia"])
            XCTAssertLessThanOrEqual(abs(g["inertia"]! - expected) / expected, 0.01, "\(data) k = \(k): inertia \(g["inertia"]!) vs scikit-learn \(expected)")
            XCTAssertEqual(g["n"]!, number(ref["rows"]), "\(data) k = \(k)")
            XCTAssertEqual(g["k"]!, Double(k))
            let sizes = floatValues(try frame("tidy(m)"), "size").map { Int($0) }.sorted()
            XCTAssertEqual(sizes.reduce(0, +), ref["rows"] as! Int)
            if abs(g["inertia"]! - expected) / expected < 1e-9 {
                XCTAssertEqual(sizes, ref["sizes"] as! [Int], "same optimum, same cluster sizes")
            }
        }
    }

    func testElbowMatchesSeparateFits() throws {
        let fits = (try fixture("kmeans.json")["fits"] as! [[String: Any]]).filter { ($0["data"] as! String) == "marketing.csv" }
        try eval("d = read_csv(\"marketing.csv\")")
        let e = try frame("elbow(d, ks: [2, 3, 4, 5, 6], columns: [age, spend, visits, revenue], seed: 3)")
        XCTAssertEqual(floatValues(e, "k"), [2, 3, 4, 5, 6])
        for (inertia, ref) in zip(floatValues(e, "inertia"), fits) {
            XCTAssertLessThanOrEqual(abs(inertia - number(ref["inertia"])) / number(ref["inertia"]), 0.01)
        }
        let values = floatValues(e, "inertia")
        XCTAssertEqual(values, values.sorted(by: >), "inertia falls as k grows")
    }

    func testAssignLinesUpWithRowsAndNulls() throws {
        try eval("d = read_csv(\"marketing.csv\")\nm = kmeans(d, k: 3, columns: [age, spend], seed: 7)")
        let out = try frame("d |> mutate(segment = assign(m))")
        let seg = try out.column("segment"), age = try out.column("age")
        XCTAssertEqual(seg.count, 1500)
        for i in 0..<1500 { XCTAssertEqual(seg.isValid(i), age.isValid(i), "row \(i): null age ⇔ null segment") }
        let ids = Set((0..<seg.count).compactMap { seg[$0].asDouble.map { Int($0) } })
        XCTAssertEqual(ids, [1, 2, 3])
        // predict on the same frame gives the same clusters; on other data the nearest centre.
        let p = try column("predict(m, d)")
        for i in 0..<1500 { XCTAssertEqual(p[i], seg[i]) }
        let sizes = floatValues(try frame("tidy(m)"), "size").map { Int($0) }
        XCTAssertEqual(sizes.reduce(0, +), 1500 - age.nullCount)
    }

    func testDeterministicForASeed() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        let a = try frame("tidy(kmeans(d, k: 5, columns: [spend, revenue, visits], seed: 11))")
        let b = try frame("tidy(kmeans(d, k: 5, columns: [spend, revenue, visits], seed: 11))")
        XCTAssertEqual(floatValues(a, "spend"), floatValues(b, "spend"))
        XCTAssertEqual(floatValues(a, "size"), floatValues(b, "size"))
    }

    func testCentresAreInOriginalUnits() throws {
        // Two obvious groups: centres come back unscaled.
        let x: [Double] = [1, 1.2, 0.8, 1.1, 10, 10.5, 9.5, 10.2]
        let y: [Double] = [100, 110, 90, 105, 500, 510, 490, 505]
        let f = try Frame(columns: [Column(name: "x", storage: .float(x)), Column(name: "y", storage: .float(y))])
        let fit = try KMeansFit.fit(f, columns: ["x", "y"], options: KMeansFit.Options(k: 2))
        let centres = fit.centers.sorted { $0[0] < $1[0] }
        XCTAssertEqual(centres[0][0], 1.025, accuracy: 1e-12)
        XCTAssertEqual(centres[1][1], 501.25, accuracy: 1e-9)
        XCTAssertEqual(fit.sizes.sorted(), [4, 4])
    }

    /// Large inputs take the chunked, eight-points-at-a-time path (and its scalar tail): every
    /// point must still end at its nearest centre, and the inertia must be the sum of those
    /// distances, checked here with plain scalar arithmetic.
    func testLargeInputAssignsEveryPointToItsNearestCentre() throws {
        var g = SplitMix64(seed: 5)
        let n = 70_003 // more than one chunk, not a multiple of eight
        let x = (0..<n).map { i in Double(i % 3) * 4 + g.nextDouble() }
        let y = (0..<n).map { _ in g.nextDouble() * 2 }
        let f = try Frame(columns: [Column(name: "x", storage: .float(x)), Column(name: "y", storage: .float(y))])
        var o = KMeansFit.Options(k: 7)
        o.scale = false
        o.nInit = 2
        let fit = try KMeansFit.fit(f, columns: ["x", "y"], options: o)
        var inertia = 0.0
        for i in 0..<n {
            let d = fit.centers.map { c in (x[i] - c[0]) * (x[i] - c[0]) + (y[i] - c[1]) * (y[i] - c[1]) }
            let nearest = d.indices.min { d[$0] < d[$1] }!
            XCTAssertEqual(fit.labels[i], nearest, "point \(i)")
            inertia += d[nearest]
            if fit.labels[i] != nearest { break }
        }
        XCTAssertEqual(fit.inertia, inertia, accuracy: 1e-9 * inertia)
        let again = try KMeansFit.fit(f, columns: ["x", "y"], options: o)
        XCTAssertEqual(again.labels, fit.labels, "deterministic")
        XCTAssertEqual(again.inertia, fit.inertia)
    }

    func testLeavesOutInfiniteValuesAndRefusesRunawayOptions() throws {
        let f = try Frame(columns: [Column(name: "x", storage: .float([1, 2, .infinity, 4]))])
        XCTAssertEqual(try KMeansFit.fit(f, columns: ["x"], options: KMeansFit.Options(k: 2)).droppedRows, 1,
                       "non-finite values are left out like nulls")
        let ok = try Frame(columns: [Column(name: "x", storage: .float([1, 2, 3, 4]))])
        var o = KMeansFit.Options(k: 2)
        o.nInit = Int.max
        XCTAssertThrowsError(try KMeansFit.fit(ok, columns: ["x"], options: o)) { e in
            XCTAssertTrue("\(e)".contains("n_init"), "\(e)")
        }
        o.nInit = 1
        o.maxIter = Int.max
        XCTAssertThrowsError(try KMeansFit.fit(ok, columns: ["x"], options: o))
    }

    func testAFitStopsWhenCancelled() throws {
        let f = try Frame(columns: [Column(name: "x", storage: .float((0..<1000).map(Double.init)))])
        Cancellation.request(reason: "stop")
        defer { Cancellation.reset() }
        XCTAssertThrowsError(try KMeansFit.fit(f, columns: ["x"], options: KMeansFit.Options(k: 3))) { e in
            XCTAssertTrue(e is Cancelled, "\(e)")
        }
        XCTAssertFalse(Cancellation.isRequested, "the request is consumed")
    }
}

final class SplitTests: ModelTestCase {
    func testSplitSizesOrderAndSeed() throws {
        try eval("d = read_csv(\"marketing.csv\")\ntrain, test = split(d, 0.8, seed: 42)")
        let train = try frame("train"), test = try frame("test")
        XCTAssertEqual(train.rowCount, 1200)
        XCTAssertEqual(test.rowCount, 300)
        let a = floatValues(train, "customer_id"), b = floatValues(test, "customer_id")
        XCTAssertEqual(a, a.sorted(), "rows keep their order")
        XCTAssertEqual(Set(a).intersection(b).count, 0)
        XCTAssertEqual(Set(a + b).count, 1500)
        let again = try frame("split(d, 0.8, seed: 42)[1]")
        XCTAssertEqual(floatValues(again, "customer_id"), b, "same seed, same rows")
        let other = try frame("split(d, 0.8, seed: 43)[1]")
        XCTAssertNotEqual(floatValues(other, "customer_id"), b)
    }

    func testStratifiedSplitKeepsShares() throws {
        try eval("d = read_csv(\"marketing.csv\")\ntrain, test = split(d, 0.7, seed: 1, stratify: region)")
        let all = try frame("count(d, region) |> sort(region)"), test = try frame("count(test, region) |> sort(region)")
        for (n, t) in zip(floatValues(all, "n"), floatValues(test, "n")) {
            XCTAssertEqual(t, (0.3 * n).rounded(), accuracy: 1)
        }
    }

    func testTrainEvaluateWorkflow() throws {
        try eval("""
        d = read_csv("marketing.csv")
        train, test = split(d, 0.8, seed: 42)
        churn = logit(churned ~ spend + visits + age + region, data: train)
        scores = evaluate(churn, test)
        r = lm(revenue ~ spend + visits + region, data: train)
        rs = evaluate(r, test)
        """)
        let s = try frame("scores")
        XCTAssertEqual(stringValues(s, "metric"), ["accuracy", "precision", "recall", "f1", "roc_auc", "log_loss", "n"])
        let values = floatValues(s, "value")
        XCTAssertGreaterThan(values[4], 0.6)
        let rs = try frame("rs")
        XCTAssertEqual(stringValues(rs, "metric"), ["rmse", "mae", "r_squared", "mape", "n"])
        XCTAssertGreaterThan(floatValues(rs, "value")[2], 0.8)
        // evaluate()'s rmse equals the standalone metric on the same predictions.
        try eval("t2 = test |> mutate(p = predict(r, test))")
        XCTAssertEqual(try double("rmse(t2.revenue, t2.p)"), floatValues(rs, "value")[0], accuracy: 1e-9)
    }

    func testCrossValidate() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        let cv = try frame("cross_validate(logit(churned ~ spend + visits + age, data: d), folds: 5, seed: 1)")
        XCTAssertEqual(cv.names, ["fold", "n_train", "accuracy", "precision", "recall", "f1", "roc_auc", "log_loss", "n_test"])
        XCTAssertEqual(floatValues(cv, "n_train"), [1200, 1200, 1200, 1200, 1200])
        XCTAssertEqual(floatValues(cv, "n_test").reduce(0, +), 1446, "every complete row is tested once")
        XCTAssertEqual(floatValues(try frame("cross_validate(logit(churned ~ spend + visits + age, data: d), folds: 5, seed: 1)"), "roc_auc"),
                       floatValues(cv, "roc_auc"), "same seed, same folds")
        // Positional data and a regression: each fold's score equals evaluate() on that fold's rows.
        let r = try frame("cross_validate(lm(revenue ~ spend + region, d), folds: 3)")
        XCTAssertEqual(stringValues(r, "fold"), ["1", "2", "3"])
        XCTAssertTrue(floatValues(r, "r_squared").allSatisfy { $0 > 0.8 })
        assertFails("cross_validate(kmeans(d, k: 3), folds: 4)", ["model with an outcome"])
        assertFails("cross_validate(lm(revenue ~ spend, data: d), folds: 1)", ["folds must be between 2"])
        assertFails("cross_validate(42)", ["needs a model call"])
    }

    func testRegressionMetricsAgainstScikitLearn() throws {
        let ref = try fixture("regression_metrics.json")
        try eval("d = read_csv(\"marketing.csv\")\nm = lm(revenue ~ spend + visits, data: d)")
        let e = try frame("evaluate(m, d)")
        var v: [String: Double] = [:]
        for (k, x) in zip(stringValues(e, "metric"), floatValues(e, "value")) { v[k] = x }
        for key in ["rmse", "mae", "r_squared", "mape"] { assertRelative(v[key]!, number(ref[key]), 1e-9, key) }
        try eval("d2 = d |> mutate(p = fitted(m))")
        assertRelative(try double("mae(d2.revenue, d2.p)"), number(ref["mae"]), 1e-9, "mae()")
        assertRelative(try double("mape(d2.revenue, d2.p)"), number(ref["mape"]), 1e-9, "mape()")
        assertRelative(try double("r_squared(d2.revenue, d2.p)"), number(ref["r_squared"]), 1e-9, "r_squared()")
    }
}
