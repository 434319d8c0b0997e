import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// The same pipelines run on a local frame and, after write_table, in every available engine:
/// identical columns, types and values (floats to 1e-9 relative). A pipeline an engine cannot
/// run exactly must fail there with an error naming the function, never give other rows.
final class DifferentialCorpusTests: XCTestCase {
    /// A pipeline over `T` (the table) and `D` (a small dimension table). `ordered`: Sift
    /// promises the row order (it ends in a sort or a summarize), so rows compare in order.
    /// `refusedBy`: dialects that must refuse it, with a word the error must contain.
    struct Case {
        let code: String
        var ordered = false
        var refusedBy: [String: String] = [:]
    }

    static let data = """
    T = frame(id: [1, 2, 3, 4, 5, 6, 7, 8],
              g: ["a", "b", "a", null, "b", "a", "c", "b"],
              x: [10, -3, null, 7, 0, 4, 4, 12],
              y: [1.5, null, 2.25, -0.5, 0.0, 3.0, 0.001, 100.0],
              s: ["apple", "Banana", null, "Straße pie", "", "O'Neil", "été", "back\\\\slash"],
              b: [true, false, null, true, true, false, null, false],
              d: [date("2024-01-31"), date("2024-02-29"), null, date("2023-12-31"), date("2024-03-01"), date("2024-01-01"), date("2024-06-15"), date("2025-01-01")])
    D = frame(g: ["a", "b", "d", null], label: ["Alpha", "Beta", "Delta", "Nothing"], x: [100, 200, 300, 400])
    """

    static let corpus: [Case] = [
        // filter: comparisons, Kleene logic, nulls, membership, text order, dates
        Case(code: "T |> filter(x > 3)"),
        Case(code: "T |> filter(x > 3 and y > 0)"),
        Case(code: "T |> filter(not (x > 3) or is_null(y))"),
        Case(code: "T |> filter(b)"),
        Case(code: "T |> filter(not b)"),
        Case(code: "T |> filter(x in [4, 10, null])"),
        Case(code: "T |> filter(x not in [4, 10])"),
        Case(code: "T |> filter(s > \"b\")"),
        Case(code: "T |> filter(s == \"O'Neil\" or s == \"back\\\\slash\")"),
        Case(code: "T |> filter(d >= date(\"2024-02-01\"))"),
        Case(code: "T |> filter(x > 1000)"),
        Case(code: "T |> filter(x > 3, y < 50)"),
        // mutate: arithmetic (int vs float, division by zero, floor modulo, powers)
        Case(code: "T |> mutate(r = x / y, z = x / 0, h = x / 2, m = x % 3, n = -x % 3, p = x ^ 2, s2 = x * 2 + 1, t = y - x)"),
        Case(code: "T |> mutate(f = y % 1.5)", refusedBy: ["postgres": "%"]),
        Case(code: "T |> mutate(z = x + 1, w = z * 2, x = x * 10)"),
        Case(code: "T |> mutate(c = if_else(x > 3, \"big\", \"small\"), k = case_when(y > 1 ~ 1, y > 0 ~ 2, default: 3), f = fill_null(x, 0), co = coalesce(y, x, 0))"),
        Case(code: "T |> mutate(n = is_null(s), t = s + \"!\", e = x == 4, ne = g != \"a\")"),
        Case(code: "T |> mutate(l = len(s), c = contains(s, \"an\"), st = starts_with(s, \"b\"), en = ends_with(s, \"e\"), r = replace(s, \"a\", \"A\"), sub = substr(s, 2, 3), sub2 = substr(s, 3))"),
        Case(code: "T |> mutate(u = upper(s), l = lower(s))", refusedBy: ["sqlite": "upper", "postgres": "upper"]),
        Case(code: "T |> mutate(a = abs(x), r = round(y, 1), r2 = round(x / 3, 2), r0 = round(y), fl = floor(y), ce = ceil(y), sq = sqrt(y), lg = log(y), l10 = log10(y), e = exp(y / 100))"),
        Case(code: "T |> mutate(yr = year(d), mo = month(d), dy = day(d), q = quarter(d), wd = weekday(d), doy = day_of_year(d), nd = d + 30, pd = d - 1, ad = add_days(d, 7), db = days_between(d, date(\"2024-12-31\")))"),
        Case(code: "T |> mutate(f = cast(x, \"float\"), i = cast(y, \"int\"), t = cast(x, \"string\"), bi = cast(b, \"int\"))"),
        Case(code: "T |> mutate(m = max(x, y), n = min(x, 0))", refusedBy: ["sqlite": "greatest"]),
        // select, drop, rename
        Case(code: "T |> select(id, name = s, g)"),
        Case(code: "T |> select(-s, -d)"),
        Case(code: "T |> drop(s, d)"),
        Case(code: "T |> rename(key = id, text = s)"),
        // group_by + summarize: key order, nulls last, empty groups, every aggregate
        Case(code: "T |> group_by(g) |> summarize(n = count(), cx = count(x), sx = sum(x), sy = sum(y), my = mean(y), mn = min(s), mx = max(d), lo = min(x), nd = n_distinct(x), nc = null_count(y))", ordered: true),
        Case(code: "T |> group_by(g) |> summarize(sd = std(y), v = var(x), sdx = std(x))", ordered: true),
        Case(code: "T |> group_by(g) |> summarize(md = median(y), q = quantile(x, 0.25), q9 = quantile(y, 0.9))", ordered: true, refusedBy: ["sqlite": "quantile"]),
        Case(code: "T |> group_by(g, b) |> summarize(n = count(), avg = sum(x) / count(), spread = max(x) - min(x))", ordered: true),
        Case(code: "T |> group_by(big = x > 3) |> summarize(n = count(), total = sum(y))", ordered: true),
        Case(code: "T |> summarize(n = count(), s = sum(y), m = mean(x), sd = std(y))", ordered: true),
        Case(code: "T |> filter(x > 1000) |> summarize(n = count(), s = sum(x), m = mean(y))", ordered: true),
        Case(code: "T |> filter(x > 1000) |> group_by(g) |> summarize(n = count())", ordered: true),
        Case(code: "T |> filter(x > 0) |> group_by(g) |> summarize(n = count(), s = sum(y))", ordered: true),
        Case(code: "T |> group_by(g) |> summarize(n = count()) |> sort(-n, g)", ordered: true),
        Case(code: "T |> group_by(g) |> summarize(f = first(x))", refusedBy: ["sqlite": "row order", "postgres": "row order", "spark": "row order", "sail": "row order"]),
        // sort: nulls last both ways, text by code point, stable ties, head and tail
        Case(code: "T |> sort(s, id)", ordered: true),
        Case(code: "T |> sort(-s, id)", ordered: true),
        Case(code: "T |> sort(-y, id)", ordered: true),
        Case(code: "T |> sort(g, -x, id)", ordered: true),
        Case(code: "T |> sort(d, descending: true) |> sort(g)", ordered: true),
        Case(code: "T |> sort(b, id)", ordered: true),
        Case(code: "T |> sort(y) |> head(3)", ordered: true),
        Case(code: "T |> sort(-x, id) |> tail(2)", ordered: true),
        Case(code: "T |> sort(id) |> mutate(z = x * 2) |> select(id, z) |> head(5)", ordered: true),
        Case(code: "T |> sort(x / y, id)", ordered: true),
        Case(code: "T |> tail(2)", refusedBy: ["sqlite": "row order", "postgres": "row order", "spark": "row order", "sail": "row order"]),
        // distinct
        Case(code: "T |> distinct(g)"),
        Case(code: "T |> distinct(g, b)"),
        Case(code: "T |> sort(-id) |> distinct(g)", ordered: true),
        Case(code: "T |> drop_null(x, y)"),
        Case(code: "T |> drop_null()"),
        // joins: every kind, null keys never match, suffixes
        Case(code: "T |> join(D, on: g)"),
        Case(code: "T |> join(D, on: g, how: \"left\")"),
        Case(code: "T |> join(D, on: g, how: \"right\")"),
        Case(code: "T |> join(D, on: g, how: \"outer\")"),
        Case(code: "T |> join(D, on: g, how: \"semi\")"),
        Case(code: "T |> join(D, on: g, how: \"anti\")"),
        Case(code: "T |> join(D, on: g, how: \"left\", suffix: \"_dim\") |> select(id, x, x_dim, label)"),
        Case(code: "T |> join(D |> filter(x > 100), on: g) |> group_by(label) |> summarize(n = count(), s = sum(x))", ordered: true),
        Case(code: "T |> sort(id) |> join(D, on: g, how: \"left\")", ordered: true),
    ]

    func testSQLite() throws { try run("sqlite") }
    func testPostgres() throws { try run("postgres") }
    func testSpark() throws { try run("spark") }
    func testSail() throws { try run("sail") }

    func run(_ engine: String) throws {
        // The session registers the drivers the runtime links, so ask for the URL after it.
        let session = try Session()
        defer { session.close() }
        let url = try TestEngines.url(engine)
        _ = try session.run(code: Self.data)
        _ = try session.run(code: """
            conn = connect("\(url)")
            write_table(T, conn, "sift_corpus_t", mode: "replace")
            write_table(D, conn, "sift_corpus_d", mode: "replace")
            RT = table(conn, "sift_corpus_t")
            RD = table(conn, "sift_corpus_d")
            """)
        let dialect: String
        if case .object(let c) = try session.evaluate("conn"), case .string(let d)? = c.member("dialect") { dialect = d } else { dialect = engine }
        var failures: [String] = []
        for c in Self.corpus {
            let local = c.code
            let remote = "collect(" + c.code.replacingOccurrences(of: "T |>", with: "RT |>").replacingOccurrences(of: "join(D", with: "join(RD") + ")"
            let refusal = c.refusedBy[engine] ?? c.refusedBy[dialect]
            let remoteResult: Result<Value, Error> = Result { try session.evaluate(remote) }
            if let word = refusal {
                switch remoteResult {
                case .success: failures.append("\(c.code): \(engine) should refuse it (\(word)) but ran")
                case .failure(let e):
                    if !"\(e)".lowercased().contains(word.lowercased()) { failures.append("\(c.code): \(engine) refused with '\(e)', which does not mention \(word)") }
                }
                continue
            }
            let localValue: Value
            do { localValue = try session.evaluate(local) } catch {
                failures.append("\(c.code): fails locally: \(error)")
                continue
            }
            switch remoteResult {
            case .failure(let e): failures.append("\(c.code): fails on \(engine): \(e)")
            case .success(let v):
                guard let l = Self.frame(localValue), let r = Self.frame(v) else { failures.append("\(c.code): not frames"); continue }
                if let d = FrameComparison.difference(l, r, ordered: c.ordered) { failures.append("\(c.code): \(d)") }
            }
        }
        XCTAssert(failures.isEmpty, "\(engine): \(failures.count) of \(Self.corpus.count) pipelines differ:\n" + failures.joined(separator: "\n"))
    }

    static func frame(_ v: Value) -> Frame? {
        switch v {
        case .frame(let f): return f
        case .grouped(let g): return g.frame
        default: return nil
        }
    }
}
