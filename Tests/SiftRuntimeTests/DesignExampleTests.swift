import Foundation
import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// The first two parts of DESIGN.md's "language by example" (load and look; transform, group,
/// join, pivot, corr) on the bundled data, checked against numbers computed independently:
/// each expected value below was obtained once with Python's `csv` module over
/// notebooks/data/customers.csv (nulls = "", NA, N/A, NULL, null, NaN, nan; `active` = rows with
/// visits > 0 and a non-null age; sums and means in plain float arithmetic), then hard-coded.
///
/// Two lines are adapted: `write_csv` writes into a temporary folder instead of `out/`, and the
/// `read_csv("export.csv", …)` example reads a small file the test writes there.
final class DesignExampleTests: XCTestCase {
    var session: Session!
    var output = ""
    var tmp: String!

    override func setUpWithError() throws {
        try super.setUpWithError()
        let data = repositoryRoot + "/notebooks/data/customers.csv"
        guard FileManager.default.fileExists(atPath: data) else {
            throw XCTSkip("\(data) is missing")
        }
        session = try Session(loadStdlib: false)
        session.baseDirectory = repositoryRoot
        session.interpreter.write = { [unowned self] in self.output += $0 }
        tmp = NSTemporaryDirectory() + "sift-design-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        try "name;age;city\nAda;36;London\nBob;NA;\n".write(toFile: tmp + "/export.csv", atomically: true, encoding: .utf8)

        _ = try session.run(code: """
        # Load and look.
        customers = read_csv("notebooks/data/customers.csv")
        first5 = customers |> head(5)
        summary = describe(customers)
        types = schema(customers)
        print("Loaded", nrow(customers), "customers")

        # Inside a verb, bare names are columns (data masking, as in dplyr); other names are variables.
        active = customers
          |> filter(visits > 0 and not is_null(age))
          |> mutate(revenue_per_visit = revenue / visits,
                    age_band = cut(age, [18, 25, 35, 50, 65]),
                    signup_year = year(signup_date))

        # Group, summarize, sort, join, pivot.
        by_region = active
          |> group_by(region, channel)
          |> summarize(customers = count(), revenue = sum(revenue), avg_spend = mean(spend))
          |> sort(-revenue)
        joined = by_region |> join(read_csv("notebooks/data/regions.csv"), on: region, how: "left")
        wide = active |> pivot(rows: region, columns: channel, values: revenue, agg: sum)
        correlations = corr(active, [spend, visits, income, revenue])
        write_csv(by_region, "\(tmp!)/by_region.csv")
        exported = read_csv("\(tmp!)/export.csv", delimiter: ";", nulls: ["", "NA"], types: {age: "int"}, infer: true)
        """)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(atPath: tmp) }
        try super.tearDownWithError()
    }

    func frame(_ name: String) throws -> Frame {
        switch session.interpreter.globals.lookup(name) {
        case .frame(let f)?: return f
        default: throw SiftError(.runtime, "\(name) is not a frame")
        }
    }

    func testLoadAndLook() throws {
        XCTAssertEqual(output, "Loaded 10000 customers\n")
        let customers = try frame("customers")
        XCTAssertEqual(customers.rowCount, 10_000)
        XCTAssertEqual(customers.names, ["customer_id", "signup_date", "region", "channel", "age", "income", "visits", "spend", "revenue", "churned", "comment"])
        XCTAssertEqual(customers.columns.map(\.type), [.int, .date, .string, .string, .int, .float, .int, .float, .float, .bool, .string])
        XCTAssertEqual(ints(try frame("first5"), "customer_id"), [1, 2, 3, 4, 5])

        let types = try frame("types")
        XCTAssertEqual(ints(types, "nulls"), [0, 0, 0, 0, 489, 444, 0, 0, 0, 0, 3727])

        let summary = try frame("summary")
        let age = summary.take([4])
        XCTAssertEqual(strings(summary, "column")[4], "age")
        XCTAssertEqual(ints(age, "count"), [9511])
        assertClose(floats(age, "mean"), [46.247818315634525], accuracy: 1e-9)
        assertClose(floats(age, "min"), [18])
        assertClose(floats(age, "max"), [75])
    }

    func testTransform() throws {
        let active = try frame("active")
        XCTAssertEqual(active.rowCount, 9199)
        XCTAssertEqual(active.names.suffix(3), ["revenue_per_visit", "age_band", "signup_year"])
        XCTAssertEqual(floats(active, "revenue_per_visit").first!!, 616.02 / 11, accuracy: 1e-12)
        var years: [Int64: Int] = [:]
        for y in ints(active, "signup_year") { years[y!, default: 0] += 1 }
        XCTAssertEqual(years, [2021: 3065, 2022: 3114, 2023: 3020])
        var bands: [String: Int] = [:]
        for b in strings(active, "age_band") { bands[b ?? "null", default: 0] += 1 }
        XCTAssertEqual(bands, ["(18, 25]": 1146, "(25, 35]": 1597, "(35, 50]": 2358, "(50, 65]": 2354, "null": 1744])
    }

    func testGroupSummarizeSort() throws {
        let by = try frame("by_region")
        XCTAssertEqual(by.names, ["region", "channel", "customers", "revenue", "avg_spend"])
        XCTAssertEqual(by.rowCount, 20)
        XCTAssertEqual(strings(by, "region").prefix(3), ["North", "West", "East"])
        XCTAssertEqual(strings(by, "channel").prefix(3), ["search", "search", "search"])
        XCTAssertEqual(ints(by, "customers").prefix(3), [749, 760, 737])
        assertClose(Array(floats(by, "revenue").prefix(3)), [395173.64, 378282.85, 376312.57], accuracy: 1e-6)
        assertClose(Array(floats(by, "avg_spend").prefix(2)), [198.97691588785042, 202.4129605263158], accuracy: 1e-9)
        XCTAssertEqual(strings(by, "region").last, "South")
        XCTAssertEqual(strings(by, "channel").last, "display")
        assertClose([floats(by, "revenue").last!], [81372.69], accuracy: 1e-6)
        XCTAssertEqual(ints(by, "customers").reduce(0) { $0 + $1! }, 9199)
        let revenues = floats(by, "revenue").map { $0! }
        XCTAssertEqual(revenues, revenues.sorted(by: >), "sorted by -revenue")
        XCTAssertEqual(revenues.reduce(0, +), 4564830.82, accuracy: 1e-4)
    }

    func testJoin() throws {
        let joined = try frame("joined")
        XCTAssertEqual(joined.names, ["region", "channel", "customers", "revenue", "avg_spend", "manager", "target"])
        XCTAssertEqual(joined.rowCount, 20)
        XCTAssertEqual(strings(joined, "manager").first, "Ada Lovelace")
        XCTAssertEqual(ints(joined, "target").first, 1_400_000)
        let managers = Dictionary(zip(strings(joined, "region").map { $0! }, strings(joined, "manager").map { $0! }), uniquingKeysWith: { a, b in
            XCTAssertEqual(a, b)
            return a
        })
        XCTAssertEqual(managers, ["North": "Ada Lovelace", "South": "Grace Hopper", "East": "Alan Turing", "West": "Edsger Dijkstra", "Central": "Barbara Liskov"])
    }

    func testPivot() throws {
        let wide = try frame("wide")
        XCTAssertEqual(wide.names, ["region", "display", "email", "search", "social"])
        XCTAssertEqual(strings(wide, "region"), ["Central", "East", "North", "South", "West"])
        assertClose([floats(wide, "display")[0]!], [92724.36], accuracy: 1e-6)
        assertClose([floats(wide, "search")[2]!], [395173.64], accuracy: 1e-6)
        let total = wide.columns.dropFirst().flatMap { cells($0).compactMap(asDouble) }.reduce(0, +)
        XCTAssertEqual(total, 4564830.82, accuracy: 1e-4)
    }

    func testCorr() throws {
        let c = try frame("correlations")
        XCTAssertEqual(c.names, ["column", "spend", "visits", "income", "revenue"])
        XCTAssertEqual(strings(c, "column"), ["spend", "visits", "income", "revenue"])
        let revenue = floats(c, "revenue")
        XCTAssertEqual(revenue[0]!, 0.8909871570933237, accuracy: 1e-9, "spend and revenue")
        XCTAssertEqual(revenue[2]!, -0.0046649934968329915, accuracy: 1e-9, "income and revenue, pairwise complete")
        XCTAssertEqual(revenue[3]!, 1, accuracy: 1e-12)
        XCTAssertEqual(floats(c, "visits")[0]!, 0.009389740342111165, accuracy: 1e-9, "spend and visits")
        for (i, name) in ["spend", "visits", "income", "revenue"].enumerated() {
            for (j, other) in ["spend", "visits", "income", "revenue"].enumerated() {
                XCTAssertEqual(floats(c, name)[j]!, floats(c, other)[i]!, accuracy: 1e-12, "symmetric")
            }
        }
    }

    func testWriteAndReadWithOptions() throws {
        let text = try String(contentsOfFile: tmp + "/by_region.csv", encoding: .utf8)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 21)
        XCTAssertEqual(lines[0], "region,channel,customers,revenue,avg_spend")
        XCTAssertTrue(lines[1].hasPrefix("North,search,749,395173.64"), String(lines[1]))
        let exported = try frame("exported")
        XCTAssertEqual(exported.columns.map(\.type), [.string, .int, .string])
        XCTAssertEqual(cells(exported, "age"), [.int(36), .null])
        XCTAssertEqual(cells(exported, "city"), [.string("London"), .null])
    }
}
