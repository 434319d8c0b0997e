import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// Fused pipelines (`filter |> group_by |> summarize` through a selection vector, `sort |> head`
/// through a heap, single-key joins) against the same steps run one statement at a time, which
/// never fuses: identical frames, cell for cell (floats by bit pattern), and identical errors.
final class FusionDifferentialTests: PlanTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        // The generated sales data under the names this corpus was written for, and a small
        // frame with nulls in every kind of column.
        try write("small.csv", "id,name,grp,x,y,d,flag\n1,Ann,a,2.5,10,2024-01-15,true\n2,Ben,b,,20,2024-02-29,false\n"
                  + "3,Cat,a,3.0,NA,2023-12-31,true\n4,Dan,b,4.5,40,,\n5,Eva,c,-2.0,50,2024-03-01,false\n")
        _ = try session.run(code: "big = sales |> rename(n = units)\ndim = dims\ndf = read_csv(\"small.csv\")")
    }

    @discardableResult
    func eval(_ code: String) throws -> Value { try session.evaluate(code) }

    func frame(_ code: String) throws -> Frame {
        guard let f = Self.frame(try eval(code)) else { throw SiftError(.runtime, "not a frame: \(code)") }
        return f
    }

    func assertSame(_ fused: String, _ steps: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        var stepResult: Result<Frame, Error>
        do {
            var last: Value = .null
            for (k, s) in steps.enumerated() { last = try eval(k == steps.count - 1 ? s : "t\(k) = " + s) }
            guard case .frame(let f) = last else { XCTFail("not a frame: \(steps)", file: file, line: line); return }
            stepResult = .success(f)
        } catch { stepResult = .failure(error) }
        var fusedResult: Result<Frame, Error>
        do { fusedResult = .success(try frame(fused)) } catch { fusedResult = .failure(error) }
        switch (fusedResult, stepResult) {
        case (.success(let a), .success(let b)):
            XCTAssertEqual(a.names, b.names, fused, file: file, line: line)
            XCTAssertEqual(a.rowCount, b.rowCount, fused, file: file, line: line)
            for (x, y) in zip(a.columns, b.columns) {
                for i in 0..<min(x.count, y.count) {
                    let u = x[i], v = y[i]
                    if case .float(let p) = u, case .float(let q) = v {
                        XCTAssertEqual(p.bitPattern, q.bitPattern, "\(fused): \(x.name)[\(i)] \(p) vs \(q)", file: file, line: line)
                    } else {
                        XCTAssertEqual(u, v, "\(fused): \(x.name)[\(i)]", file: file, line: line)
                    }
                }
            }
        case (.failure(let a), .failure(let b)):
            // The same message; the locations differ only because the texts differ.
            func message(_ e: Error) -> String {
                guard let s = e as? SiftError else { return "\(e)" }
                return s.message
            }
            XCTAssertEqual(message(a), message(b), fused, file: file, line: line)
        default:
            XCTFail("\(fused): fused \(fusedResult) vs steps \(stepResult)", file: file, line: line)
        }
    }

    func testFilterGroupSummarizeCorpus() throws {
        let filters = ["revenue > 500", "revenue > 1e12", "active", "spend < 100, n >= 0", "true", "is_null(revenue)",
                       "contains(comment, \"delivery\")", "region == \"North\" or n == 2", "id == 17"]
        let keys = ["region", "region, channel", "channel, n", "day", "active, region", "n", "revenue", "comment", "id"]
        let aggs = ["n = count(), s = sum(revenue), m = mean(spend)",
                    "lo = min(revenue), hi = max(n), sn = sum(n), mn = mean(n), c = count(spend), z = null_count(spend)",
                    "med = median(spend), sd = std(revenue), f = first(comment), nd = n_distinct(channel)",
                    "ratio = sum(revenue) / sum(spend), count()"]
        for fl in filters {
            for k in keys {
                for a in aggs {
                    try assertSame("big |> filter(\(fl)) |> group_by(\(k)) |> summarize(\(a))",
                                   ["big |> filter(\(fl))", "t0 |> group_by(\(k))", "t1 |> summarize(\(a))"])
                }
            }
        }
    }

    func testFusionOnSmallAndEmptyFramesAndErrors() throws {
        try assertSame("df |> filter(x > 100) |> group_by(grp) |> summarize(n = count(), s = sum(x))",
                       ["df |> filter(x > 100)", "t0 |> group_by(grp)", "t1 |> summarize(n = count(), s = sum(x))"])
        try assertSame("df |> filter(id == 5) |> group_by(grp, flag) |> summarize(n = count(), m = mean(y))",
                       ["df |> filter(id == 5)", "t0 |> group_by(grp, flag)", "t1 |> summarize(n = count(), m = mean(y))"])
        try assertSame("df |> filter(nope > 1) |> group_by(grp) |> summarize(n = count())",
                       ["df |> filter(nope > 1)", "t0 |> group_by(grp)", "t1 |> summarize(n = count())"])
        try assertSame("df |> filter(x > 1) |> group_by(grpp) |> summarize(n = count())",
                       ["df |> filter(x > 1)", "t0 |> group_by(grpp)", "t1 |> summarize(n = count())"])
        try assertSame("df |> filter(x > 1) |> group_by(grp) |> summarize(s = sum(name))",
                       ["df |> filter(x > 1)", "t0 |> group_by(grp)", "t1 |> summarize(s = sum(name))"])
        try assertSame("df |> filter(x) |> group_by(grp) |> summarize(n = count())",
                       ["df |> filter(x)", "t0 |> group_by(grp)", "t1 |> summarize(n = count())"])
        try assertSame("df |> group_by(grp) |> filter(x > 1) |> group_by(grp) |> summarize(n = count())",
                       ["df |> group_by(grp) |> filter(x > 1)", "t0 |> group_by(grp)", "t1 |> summarize(n = count())"])
    }

    func testSortHeadAndJoinCorpus() throws {
        for keys in ["-revenue", "revenue", "region, -spend", "-day", "comment", "active, -n, id"] {
            for n in [0, 1, 10, 1_999, 5_000] {
                try assertSame("big |> sort(\(keys)) |> head(\(n))", ["big |> sort(\(keys))", "t0 |> head(\(n))"])
            }
        }
        for how in ["inner", "left", "right", "outer", "semi", "anti"] {
            try assertSame("big |> join(dim, on: region, how: \"\(how)\")",
                           ["big |> join(dim, left_on: [region, region], right_on: [region, region], how: \"\(how)\")"])
        }
        for how in ["inner", "left", "INNER"] {
            for keys in ["region, manager, target", "manager", "channel, target", "target, active", "region"] {
                for aggs in ["n = count(), s = sum(revenue), m = mean(spend)", "t = sum(target), mx = max(revenue) / first(target), c = count(target)"] {
                    try assertSame("big |> join(dim, on: region, how: \"\(how)\") |> group_by(\(keys)) |> summarize(\(aggs))",
                                   ["big |> join(dim, left_on: [region, region], right_on: [region, region], how: \"\(how)\")",
                                    "t0 |> group_by(\(keys))", "t1 |> summarize(\(aggs))"])
                }
            }
        }
        try assertSame("big |> join(dim, on: region) |> group_by(managr) |> summarize(n = count())",
                       ["big |> join(dim, on: region)", "t0 |> group_by(managr)", "t1 |> summarize(n = count())"])
        try assertSame("df |> join(df, on: id) |> group_by(name_right) |> summarize(n = count(), s = sum(x))",
                       ["df |> join(df, left_on: [id, id], right_on: [id, id])", "t0 |> group_by(name_right)", "t1 |> summarize(n = count(), s = sum(x))"])
        try assertSame("big |> join(dim, on: region) |> group_by(region, manager, target) |> summarize(n = count(), s = sum(revenue))",
                       ["big |> join(dim, left_on: [region, region], right_on: [region, region])", "t0 |> group_by(region, manager, target)",
                        "t1 |> summarize(n = count(), s = sum(revenue))"])
    }
}
