import Foundation
import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// k-means on text and true/false columns: one 0/1 indicator per level, levels kept for new data.
final class KMeansCategoricalTests: ModelTestCase {
    func testOneHotEqualsHandMadeIndicators() throws {
        try eval("""
        d = read_csv("marketing.csv")
        auto = kmeans(d, k: 3, columns: [spend, visits, region], seed: 4)
        manual = d |> mutate(e = if_else(region == "East", 1.0, 0.0), n = if_else(region == "North", 1.0, 0.0),
                             s = if_else(region == "South", 1.0, 0.0), w = if_else(region == "West", 1.0, 0.0))
        hand = kmeans(manual, k: 3, columns: [spend, visits, e, n, s, w], seed: 4)
        """)
        XCTAssertEqual(try double("auto.inertia"), try double("hand.inertia"))
        let centres = try frame("tidy(auto)")
        XCTAssertEqual(centres.names, ["cluster", "size", "spend", "visits", "region[East]", "region[North]", "region[South]", "region[West]"])
        let a = try column("assign(auto)"), b = try column("assign(hand)")
        for i in 0..<a.count { XCTAssertEqual(a[i], b[i]) }
        // New data is coded with the fitted levels, even when it lacks some of them.
        let p = try column("predict(auto, d |> filter(region == \"West\"))")
        let q = try column("assign(auto)")
        let west = try column("d.region")
        var k = 0
        for i in 0..<west.count where west[i] == .string("West") { XCTAssertEqual(p[k], q[i]); k += 1 }
        XCTAssertEqual(try frame("elbow(d, ks: [1, 2], columns: [spend, loyal])").rowCount, 2)
    }

    func testUnseenLevelAndRoundTrip() throws {
        try eval("d = read_csv(\"marketing.csv\")\nm = kmeans(d, k: 2, columns: [spend, channel], seed: 1)")
        assertFails("predict(m, d |> mutate(channel = \"fax\"))", ["fax", "did not see"])
        let path = NSTemporaryDirectory() + "sift-km-\(UUID().uuidString).model"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try eval("save_model(m, \"\(path)\")\nr = load_model(\"\(path)\")")
        let a = try column("predict(m, d)"), b = try column("predict(r, d)")
        for i in 0..<a.count { XCTAssertEqual(a[i], b[i]) }
    }
}
