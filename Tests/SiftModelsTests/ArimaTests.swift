import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// forecast(method: "arima") against statsmodels' ARIMA (arima.json, from
/// scripts/make_model_fixtures_17.py). At given coefficients: log-likelihood, one-step fitted
/// values, forecasts and 95% intervals to 1e-6 (the same state space, initialisation and Kalman
/// filter). Estimated: the same optimum as statsmodels run to a tight tolerance (log-likelihood no
/// worse, parameters and forecasts to 1e-4).
final class ArimaTests: ModelTestCase {
    func call(_ c: [String: Any], given: [String: Any]?) -> String {
        let data = c["data"] as! String
        let order = (c["order"] as! [Any]).map { Int(number($0)) }
        var s = data == "co2" ? "forecast(read_csv(\"co2_monthly.csv\"), date: month, value: co2"
                              : "forecast(read_csv(\"nile.csv\"), date: year, value: volume"
        s += ", horizon: 12, method: \"arima\", order: [\(order[0]), \(order[1]), \(order[2])]"
        if let g = given {
            let names = c["param_names"] as! [String]
            let value = { (n: String) in number(g[n]) }
            if names.contains("const") { s += ", constant: \(value("const"))" }
            let ar = names.filter { $0.hasPrefix("ar.") }, ma = names.filter { $0.hasPrefix("ma.") }
            if !ar.isEmpty { s += ", ar: [" + ar.map { "\(value($0))" }.joined(separator: ", ") + "]" }
            if !ma.isEmpty { s += ", ma: [" + ma.map { "\(value($0))" }.joined(separator: ", ") + "]" }
            s += ", sigma2: \(value("sigma2"))"
        }
        return s + ")"
    }

    func close(_ a: [Double], _ e: [Any], _ rel: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, e.count, what, file: file, line: line)
        for (x, y) in zip(a, e) { assertRelative(x, number(y), rel, what, file: file, line: line) }
    }

    func testGivenCoefficientsMatchStatsmodels() throws {
        let ref = try fixture("arima.json")
        for case let c as [String: Any] in ref["cases"] as! [Any] {
            let name = c["name"] as! String, g = c["given"] as! [String: Any]
            try eval("m = " + call(c, given: g["params"] as? [String: Any]))
            assertRelative(try double("m.log_likelihood"), number(g["llf"]), 1e-8, "\(name): log-likelihood")
            let f = try frame("m.forecast")
            close(floatValues(f, "forecast"), g["forecast"] as! [Any], 1e-8, "\(name): forecast")
            close(floatValues(f, "lower_95"), g["lower"] as! [Any], 1e-6, "\(name): lower")
            close(floatValues(f, "upper_95"), g["upper"] as! [Any], 1e-6, "\(name): upper")
            // statsmodels' first d fitted values come from the diffuse start (0 for the first).
            let d = Int(number((c["order"] as! [Any])[1]))
            let fitted = floatValues(try frame("m.fitted"), "fitted"), expected = g["fitted"] as! [Any]
            close(Array(fitted.dropFirst(d)), Array(expected.dropFirst(d)), 1e-6, "\(name): fitted")
        }
    }

    func testEstimatesMatchStatsmodelsOptimum() throws {
        let ref = try fixture("arima.json")
        for case let c as [String: Any] in ref["cases"] as! [Any] {
            let name = c["name"] as! String, fit = c["fitted"] as! [String: Any]
            try eval("m = " + call(c, given: nil))
            let llf = try double("m.log_likelihood")
            XCTAssertGreaterThanOrEqual(llf, number(fit["llf"]) - 1e-7 * abs(number(fit["llf"])), "\(name): log-likelihood")
            let t = try frame("tidy(m)")
            let names = stringValues(t, "parameter"), values = floatValues(t, "value")
            let params = fit["params"] as! [String: Any]
            XCTAssertEqual(names, c["param_names"] as! [String], name)
            for (n, v) in zip(names, values) { assertRelative(v, number(params[n]), 1e-4, "\(name): \(n)") }
            let f = try frame("m.forecast")
            close(floatValues(f, "forecast"), fit["forecast"] as! [Any], 1e-4, "\(name): forecast")
            close(floatValues(f, "lower_95"), fit["lower"] as! [Any], 1e-4, "\(name): lower")
            close(floatValues(f, "upper_95"), fit["upper"] as! [Any], 1e-4, "\(name): upper")
        }
    }

    func testErrors() throws {
        try eval("nile = read_csv(\"nile.csv\")")
        let base = "forecast(nile, date: year, value: volume, horizon: 5, method: \"arima\""
        assertFails(base + ")", ["order: [p, d, q]"])
        assertFails(base + ", order: [1, 0])", ["three whole numbers"])
        assertFails(base + ", order: [1.5, 0, 0])", ["three whole numbers"])
        assertFails(base + ", order: [1, 3, 0])", ["d must be 0, 1 or 2"])
        assertFails(base + ", order: [11, 0, 0])", ["between 0 and 10"])
        assertFails(base + ", order: [1, 0, 0], trend: \"add\")", ["trend:", "arima"])
        assertFails(base + ", order: [1, 0, 0], ar: [0.5])", ["give all of them", "sigma2"])
        assertFails(base + ", order: [1, 0, 0], ar: [1.5], constant: 900, sigma2: 1)", ["not stationary"])
        assertFails(base + ", order: [1, 0, 0], ar: [0.5, 0.1], constant: 900, sigma2: 1)", ["ar must list 1"])
        assertFails(base + ", order: [0, 1, 0], constant: 900, sigma2: 1)", ["constant: applies to d = 0"])
        assertFails(base + ", order: [1, 0, 0], ar: [0.5], constant: 900, sigma2: 0)", ["sigma2 must be positive"])
        assertFails("forecast(nile |> head(4), date: year, value: volume, horizon: 5, method: \"arima\", order: [2, 0, 1])", ["at least 6 observations"])
        assertFails("forecast(nile, date: year, value: volume, horizon: 5, order: [1, 0, 0])", ["order:", "arima"])
        assertFails("forecast(nile |> mutate(volume = 5.0), date: year, value: volume, horizon: 5, method: \"arima\", order: [1, 0, 0])", ["constant"])
        assertFails("forecast(nile |> mutate(volume = year * 2.0), date: year, value: volume, horizon: 5, method: \"arima\", order: [0, 2, 1])",
                    ["constant after differencing 2 times"])
        // The model prints, charts and refuses to be saved like the other forecasts.
        try eval("m = " + base + ", order: [1, 0, 1])")
        XCTAssertTrue(session.display.render(try eval("m")).contains("ARIMA(1,0,1) with constant"))
        XCTAssertEqual(try frame("m.forecast").rowCount, 5)
        XCTAssertEqual(try frame("m.fitted").rowCount, 100)
        XCTAssertNotNil(try eval("m.chart"))
        assertFails("save_model(m, \"/tmp/sift-arima.model\")", ["forecast"])
    }
}
