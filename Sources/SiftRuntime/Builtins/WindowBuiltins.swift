import SiftFrame
import SiftLanguage

/// Window functions: one value per row computed from the rows around it in its partition (the
/// group after `group_by`, else the whole frame), in `order_by:` order when given, else row
/// order. Inside a grouped `mutate`/`filter` they read the groups from `WindowScope`; anywhere
/// else (per-group evaluation, a column outside a verb) the column is one partition.
extension Session {
    func registerWindows() {
        let I = interpreter
        let orderHelp = " order_by: a column (or [a, -b]) orders each partition first; rows stay where they are."
        for (name, n, summary, example) in [
            ("lag", 1, "The value n rows earlier in the partition (null, or default:, before the first).", "group_by(customer_id) |> mutate(previous = lag(amount, order_by: order_date))"),
            ("lead", -1, "The value n rows later in the partition (null, or default:, after the last).", "group_by(customer_id) |> mutate(next_order = lead(order_date, order_by: order_date))"),
            ("shift", 1, "pandas' shift: the value n rows earlier (negative n: later) in the partition.", "mutate(prev = shift(amount, 1))"),
        ] {
            I.define(name, "\(name)(x, n: int = 1, *, default?, order_by?)", summary + orderHelp, example: example, category: "windows", lazy: true) { ctx in
                let k = try ctx.int(ctx.optional("n", position: 1) ?? .int(1), "n")
                let fill = try ctx.optional("default").map { v -> Scalar in
                    guard let s = v.scalar else { throw ctx.error("default: must be a plain value") }
                    return s
                } ?? .null
                let (by, overflow) = n < 0 ? (0 as Int).subtractingReportingOverflow(k) : (k, false)
                guard !overflow else { throw ctx.error("n is too large") }
                return try self.window(ctx) { c, w in try Shift.shift(c, w, by: by, fill: fill) }
            }
        }
        I.define("diff", "diff(x, n: int = 1, *, order_by?)", "x minus its value n rows earlier in the partition (pandas' diff); dates give whole days, datetimes days with a fraction (as t - lag(t))." + orderHelp,
                 example: "group_by(customer_id) |> mutate(change = diff(amount, order_by: order_date))", category: "windows", lazy: true) { ctx in
            let k = try ctx.int(ctx.optional("n", position: 1) ?? .int(1), "n")
            return try self.window(ctx) { c, w in try Shift.diff(c, w, by: k) }
        }
        I.define("pct_change", "pct_change(x, n: int = 1, *, order_by?)", "The relative change from n rows earlier: x / lag(x, n) - 1 (pandas' pct_change without filling; null where the earlier value is 0 or null)." + orderHelp,
                 example: "group_by(customer_id) |> mutate(growth = pct_change(amount, order_by: order_date))", category: "windows", lazy: true) { ctx in
            let k = try ctx.int(ctx.optional("n", position: 1) ?? .int(1), "n")
            return try self.window(ctx) { c, w in try Shift.pctChange(c, w, by: k) }
        }
        for kind in [Cumulative.Kind.sum, .prod, .max, .min] {
            let what = ["cumsum": "running total", "cumprod": "running product", "cummax": "running maximum", "cummin": "running minimum"][kind.rawValue]!
            I.define(kind.rawValue, "\(kind.rawValue)(x, *, order_by?)", "The \(what) along the partition; nulls stay null and are skipped (as pandas)." + orderHelp,
                     example: "group_by(customer_id) |> mutate(to_date = \(kind.rawValue)(amount, order_by: order_date))", category: "windows", lazy: true) { ctx in
                try self.window(ctx) { c, w in try Cumulative.run(kind, c, w) }
            }
        }
        I.define("row_number", "row_number(*, order_by?)", "1, 2, 3, … along the partition (pandas' groupby().cumcount() + 1)." + orderHelp,
                 example: "group_by(customer_id) |> mutate(nth_order = row_number(order_by: order_date))", category: "windows", lazy: true) { ctx in
            guard let rows = ctx.scope.mask?.rowCount else {
                throw ctx.error("row_number() numbers the rows of a frame inside mutate or filter", hint: "df |> mutate(n = row_number())")
            }
            let w = try self.partition(ctx, rows: rows)
            return .column(Rank.rowNumber(w))
        }
        I.define("rank", "rank(x, *, method: string = \"average\", descending: bool = false)",
                 "The rank of each value in its partition, as pandas' rank: ties get the mean position (\"average\"), \"min\", \"max\", \"dense\" or \"first\" (order of appearance); nulls get no rank.",
                 example: "group_by(region) |> mutate(place = rank(amount, method: \"min\", descending: true))", category: "windows", lazy: true) { ctx in
            let methodText = try ctx.string(ctx.optional("method") ?? .string("average"), "method")
            guard let method = Rank.Method(rawValue: methodText) else {
                throw ctx.error("unknown rank method \"\(methodText)\"", hint: "method: average, min, max, dense or first", at: ctx.span(ofNamed: "method"))
            }
            let descending = try ctx.bool(ctx.optional("descending") ?? .bool(false), "descending")
            let (c, scalar) = try self.windowInput(ctx)
            let scope = self.windowScope.flatMap { $0.rowCount == c.count ? $0 : nil }
            let r = try ctx.at(ctx.span) { try Rank.rank(c, ids: scope?.ids, groupCount: scope?.groupCount ?? 1, method: method, descending: descending) }
            return scalar ? Value(r[0]) : .column(r)
        }
        I.define("rolling", "rolling(x, window: int, *, agg: string = \"mean\", min_periods?: int, order_by?)",
                 "A moving aggregate over the current row and the window - 1 rows before it in the partition, as pandas' rolling(window, min_periods).agg(): agg is mean, sum, min, max, std, var, median or count; nulls are skipped, and fewer than min_periods values (default: the window) give null." + orderHelp,
                 example: "group_by(customer_id) |> mutate(avg_7 = rolling(amount, 7, agg: \"mean\", min_periods: 1, order_by: order_date))", category: "windows", lazy: true) { ctx in
            let size = try ctx.int(ctx.required("window", position: 1), "window")
            let agg = try self.aggName(ctx)
            guard let fn = Rolling.Aggregate(rawValue: agg) else {
                throw ctx.error("rolling() cannot aggregate with \(agg)", hint: "agg: " + Rolling.Aggregate.allCases.map(\.rawValue).joined(separator: ", "), at: ctx.span(ofNamed: "agg"))
            }
            let minp = try ctx.optional("min_periods").map { try ctx.int($0, "min_periods") }
            return try self.window(ctx) { c, w in try Rolling.run(c, w, window: size, agg: fn, minPeriods: minp) }
        }
    }

    /// `agg: "mean"`, or a bare aggregate name `agg: mean`.
    func aggName(_ ctx: CallContext) throws -> String {
        if let e = ctx.namedExpr("agg"), let n = e.simpleName, e.isBareName, ctx.scope.mask?.hasColumn(n) != true,
           case .function(let f)? = ctx.scope.env.lookup(n) ?? interpreter.builtins[n].map({ Value.function($0) }) {
            return f.name
        }
        return try ctx.string(ctx.optional("agg") ?? .string("mean"), "agg", at: ctx.span(ofNamed: "agg"))
    }

    /// The first argument as a column (a plain value or list becomes a column; `scalar` says so).
    func windowInput(_ ctx: CallContext) throws -> (Column, scalar: Bool) {
        let v = try ctx.value(0)
        switch v {
        case .column(let c): return (c, false)
        case .list: return (try Args.column(v, ctx), false)
        default:
            guard let s = v.scalar else { throw ctx.error("\(ctx.name)() needs a column, got \(withArticle(v.typeName))", at: ctx.span(of: 0)) }
            return (Column.constant(s, count: 1), true)
        }
    }

    /// Runs a window kernel on the first argument over its partitions.
    func window(_ ctx: CallContext, _ kernel: (Column, WindowPartition) throws -> Column) throws -> Value {
        let (c, scalar) = try windowInput(ctx)
        let w = try partition(ctx, rows: c.count)
        let r = try ctx.at(ctx.span) { try kernel(c, w) }
        return scalar ? Value(r[0]) : .column(r)
    }

    /// The partitions for `rows` rows: the groups of the verb in hand when its scope covers these
    /// rows, else one partition; each ordered by `order_by:` when given.
    func partition(_ ctx: CallContext, rows: Int) throws -> WindowPartition {
        let orderExpr = ctx.namedExpr("order_by")
        let keys = { () throws -> [SortKey] in try orderExpr.map { try self.orderKeys($0, ctx, rows: rows) } ?? [] }
        if let scope = windowScope, scope.rowCount == rows {
            return try scope.partition(orderText: orderExpr?.sourceText ?? "", keys)
        }
        return WindowPartition(ids: nil, groupCount: 1, orderBy: try keys(), rowCount: rows)
    }

    /// `order_by: d`, `order_by: -d`, `order_by: desc(d)` or a list of these.
    func orderKeys(_ e: Expr, _ ctx: CallContext, rows: Int) throws -> [SortKey] {
        if case .list(let items) = e.kind { return try items.flatMap { try orderKeys($0, ctx, rows: rows) } }
        var e = e
        var descending = false
        if case .unary(.negate, let inner) = e.kind { e = inner; descending = true }
        if case .call(let callee, let args) = e.kind, callee.simpleName == "desc", args.count == 1 { e = args[0].value; descending.toggle() }
        let key = e
        let v = try ctx.evaluate(key)
        guard case .column(let c) = v else {
            throw SiftError(.runtime, "order_by: needs a column, got \(withArticle(v.typeName))", at: key.span)
        }
        guard c.count == rows else {
            throw SiftError(.runtime, "order_by: has \(c.count) rows but the values have \(rows)", at: key.span)
        }
        return [SortKey(c, descending: descending)]
    }

    /// The rows of each group's first (or last) n rows, in row order.
    static func groupSlice(_ f: Frame, keys: [String], n: Int, fromEnd: Bool) throws -> Frame {
        let g = Grouping(keys: try keys.map { try f.column($0) }, rowCount: f.rowCount)
        return f.take(GroupSlice.rows(ids: g.ids, groupCount: g.groupCount, n: n, fromEnd: fromEnd))
    }
}
