import SiftFrame
import SiftLanguage

extension Session {
    func registerAggregates() {
        let docs: [(AggregateFunction, String, String)] = [
            (.sum, "Sum of the values (nulls skipped); null when there are none (SQL, DuckDB; pandas gives 0: write coalesce(sum(x), 0)).", "summarize(revenue = sum(revenue))"),
            (.mean, "Arithmetic mean (nulls skipped).", "summarize(avg_spend = mean(spend))"),
            (.median, "Median (nulls skipped).", "summarize(median(income))"),
            (.min, "Smallest value; works on numbers, text and dates.", "summarize(first_signup = min(signup_date))"),
            (.max, "Largest value; works on numbers, text and dates.", "summarize(max(revenue))"),
            (.std, "Sample standard deviation (n - 1).", "summarize(std(spend))"),
            (.var, "Sample variance (n - 1).", "summarize(var(spend))"),
            (.nDistinct, "Number of distinct non-null values.", "summarize(customers = n_distinct(customer_id))"),
            (.first, "First non-null value.", "summarize(first(channel))"),
            (.last, "Last non-null value.", "summarize(last(channel))"),
            (.nullCount, "Number of nulls.", "summarize(missing_age = null_count(age))"),
        ]
        let aliases: [AggregateFunction: [String]] = [.mean: ["avg", "average"], .std: ["stdev"], .var: ["variance"], .nDistinct: ["nunique", "n_unique"]]
        for (fn, summary, example) in docs {
            // min/max with more than one argument are row-wise (greatest/least), never the
            // aggregate of the first argument with the rest ignored.
            let rowwise = fn == .min || fn == .max
            let signature = rowwise ? "\(fn.rawValue)(x, others...)" : "\(fn.rawValue)(x)"
            let text = rowwise ? summary + " With several arguments, the row-wise \(fn == .max ? "greatest" : "least") value (as \(fn == .max ? "greatest" : "least")())." : summary
            interpreter.define(fn.rawValue, signature, text, example: example, category: "aggregates", aliases: aliases[fn] ?? []) { ctx in
                if rowwise && ctx.count > 1 { return try Self.rowwise(ctx, greatest: fn == .max) }
                return try Self.aggregate(fn, ctx.value(0), ctx)
            }
        }
        for (name, greatest) in [("greatest", true), ("least", false)] {
            interpreter.define(name, "\(name)(values...)", "Row-wise \(greatest ? "largest" : "smallest") of columns and values, skipping nulls (as SQL's \(name.uppercased())).",
                               example: "mutate(best = \(name)(q1_revenue, q2_revenue, 0))", category: "math") { ctx in
                try Self.rowwise(ctx, greatest: greatest)
            }
        }
        interpreter.define("quantile", "quantile(x: column, q: float)", "The q-th quantile (0 ≤ q ≤ 1), linear interpolation as in pandas.",
                           example: "summarize(p90 = quantile(revenue, 0.9))", category: "aggregates") { ctx in
            let q = try ctx.double(ctx.required("q", position: 1), "q")
            return try Self.aggregate(.quantile, ctx.value(0), ctx, q: q)
        }
        interpreter.define("count", "count(x?, keys...: names)",
                           "In summarize: rows per group. count(x): non-null values. count(frame, keys…): rows per key combination.",
                           example: "df |> group_by(region) |> summarize(n = count())", category: "aggregates", aliases: ["n"], lazy: true) { ctx in
            if ctx.count == 0 {
                guard let m = ctx.scope.mask else { throw ctx.error("count() without arguments counts rows inside summarize()", hint: "use nrow(df) elsewhere") }
                return .int(Int64(m.rowCount))
            }
            let v = try ctx.value(0)
            var input: (Frame, [String])? = nil
            if case .frame(let f) = v { input = (f, []) }
            if case .grouped(let g) = v { input = (g.frame, g.keys) }
            guard let (f, groupKeys) = input else { return try Self.aggregate(.count, v, ctx) }
            let keys = try groupKeys + ctx.positional.dropFirst().flatMap { try ctx.columnNames($0, in: f) }
            return .frame(try GroupBy.count(f, keys: keys))
        }
    }

    /// greatest/least over the arguments: columns row by row, plain values broadcast.
    static func rowwise(_ ctx: CallContext, greatest: Bool) throws -> Value {
        guard ctx.count > 0 else { throw ctx.error("\(ctx.name)() needs at least one value") }
        var columns: [Column] = []
        var anyColumn = false
        for i in 0..<ctx.count {
            let v = try ctx.value(i)
            switch v {
            case .column(let c): columns.append(c); anyColumn = true
            case .null: columns.append(Column.constant(.null, count: 1))
            default:
                guard let s = v.scalar else {
                    throw ctx.error("\(ctx.name)() compares columns and plain values, got \(withArticle(v.typeName))", at: ctx.span(of: i))
                }
                columns.append(Column.constant(s, count: 1))
            }
        }
        let out = try ctx.at(ctx.span) { try Extremes.rowwise(columns, greatest: greatest) }
        return anyColumn ? .column(out) : Value(out[0])
    }

    static func aggregate(_ fn: AggregateFunction, _ v: Value, _ ctx: CallContext, q: Double = 0.5) throws -> Value {
        switch v {
        case .column(let c): return Value(try Aggregate.scalar(fn, c, q: q))
        case .list(let l):
            let c = Column.from(scalars: try l.map { i in
                guard let s = i.scalar else { throw ctx.error("\(fn.rawValue)() needs a list of plain values") }
                return s
            }, name: "")
            return Value(try Aggregate.scalar(fn, c, q: q))
        case .null: return fn == .count ? .int(0) : .null
        default:
            if let s = v.scalar { return Value(try Aggregate.scalar(fn, Column.constant(s, count: 1), q: q)) }
            throw ctx.error("\(fn.rawValue)() needs a column or a list, got a \(v.typeName)")
        }
    }
}
