import SiftFrame
import SiftLanguage
import SiftModels

extension Session {
    /// Hypothesis tests: each returns a one-row frame (statistic, df, p_value, estimates, interval).
    func registerHypothesisTests() {
        let I = interpreter
        I.define("t_test", "t_test(x: column, y: column)",
                 "Welch's two-sample t-test (unequal variances, two-sided) of two columns or lists; nulls are skipped. A one-row frame: statistic, df, p_value, mean_x, mean_y, difference, conf_low, conf_high (95%).",
                 example: "t_test(filter(d, loyal).spend, filter(d, not loyal).spend)", category: "statistics") { ctx in
            guard ctx.count == 2 else { throw ctx.error("t_test() needs two groups of numbers") }
            let a = try TestArgs.numbers(try ctx.value(0), ctx), b = try TestArgs.numbers(try ctx.value(1), ctx)
            return .frame(try TestArgs.frame(try HypothesisTests.welch(a, b)))
        }
        I.define("proportions_ztest", "proportions_ztest(successes: list, trials: list)",
                 "Two-proportion z-test (pooled standard error, two-sided), e.g. A/B conversion rates. A one-row frame: statistic, p_value, proportion_1, proportion_2, difference, conf_low, conf_high (95%, unpooled).",
                 example: "proportions_ztest(successes: [120, 151], trials: [2400, 2380])", category: "statistics") { ctx in
            let s = try Args.doubles(try ctx.required("successes", position: 0), ctx, "successes")
            let n = try Args.doubles(try ctx.required("trials", position: 1), ctx, "trials")
            guard s.count == 2, n.count == 2 else { throw ctx.error("successes and trials must each list two counts (group 1, group 2)") }
            return .frame(try TestArgs.frame(try HypothesisTests.twoProportions(successes: (s[0], s[1]), trials: (n[0], n[1]))))
        }
        I.define("chisq_test", "chisq_test(x, y?)",
                 "Pearson's chi-square test of independence (no continuity correction): of two categorical columns, or of a frame of counts (its numeric columns). A one-row frame: statistic, df, p_value, n.",
                 example: "chisq_test(d.region, d.channel)", category: "statistics") { ctx in
            let table: [[Double]]
            switch ctx.count {
            case 1:
                let f = try ctx.frame(0)
                let cols = f.columns.filter { $0.type == .int || $0.type == .float }
                guard !cols.isEmpty else { throw ctx.error("chisq_test(table) needs a frame with numeric count columns") }
                table = (0..<f.rowCount).map { i in cols.map { $0[i].asDouble ?? 0 } }
            case 2:
                let a = try Args.column(try ctx.value(0), ctx), b = try Args.column(try ctx.value(1), ctx)
                guard a.count == b.count else { throw ctx.error("chisq_test() got columns of \(a.count) and \(b.count) values") }
                var rows: [String: Int] = [:], cols: [String: Int] = [:]
                var pairs: [(String, String)] = []
                for i in 0..<a.count where a.isValid(i) && b.isValid(i) {
                    pairs.append((ScalarFormat.plain(a[i]), ScalarFormat.plain(b[i])))
                }
                for (r, c) in pairs { rows[r] = 0; cols[c] = 0 }
                for (k, r) in rows.keys.sorted().enumerated() { rows[r] = k }
                for (k, c) in cols.keys.sorted().enumerated() { cols[c] = k }
                var t = [[Double]](repeating: [Double](repeating: 0, count: cols.count), count: rows.count)
                for (r, c) in pairs { t[rows[r]!][cols[c]!] += 1 }
                table = t
            default:
                throw ctx.error("chisq_test() takes two columns, or one frame of counts")
            }
            return .frame(try TestArgs.frame(try HypothesisTests.chiSquare(table: table)))
        }
    }
}

enum TestArgs {
    static func numbers(_ v: Value, _ ctx: CallContext) throws -> [Double] {
        let c = try Args.column(v, ctx, "a column or list of numbers")
        guard let d = c.doubles, c.type == .int || c.type == .float else {
            throw ctx.error("\(ctx.name)() needs numbers, got \(c.type.rawValue) values")
        }
        return (0..<c.count).filter { c.isValid($0) }.map { d[$0] }
    }

    static func frame(_ r: HypothesisTests.Result) throws -> Frame {
        var cols: [(String, Double)] = [("statistic", r.statistic)]
        if let df = r.df { cols.append(("df", df)) }
        cols.append(("p_value", r.pValue))
        cols += r.estimates
        if let lo = r.confLow, let hi = r.confHigh { cols += [("conf_low", lo), ("conf_high", hi)] }
        return try Frame(columns: cols.map { Column(name: $0.0, storage: .float([$0.1])) })
    }
}
