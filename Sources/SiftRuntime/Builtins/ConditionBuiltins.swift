import SiftFrame
import SiftLanguage

/// Choosing and binning per row (`case_when`, `qcut`) and iterating over lists (`map`, `reduce`)
/// without recursion, within the session's step limit.
extension Session {
    func registerConditions() {
        let I = interpreter
        I.define("case_when", "case_when(cases...: expr, default?)",
                 "Per row, the value of the first case whose condition is true (cond ~ value, …); rows where no condition is true (null counts as false) get default: (null when absent). As SQL's CASE WHEN and numpy.select.",
                 example: "mutate(size = case_when(amount >= 100 ~ \"large\", amount >= 50 ~ \"medium\", default: \"small\"))", category: "nulls", lazy: true) { ctx in
            var cases: [(Value, Value, SourceSpan)] = []
            for i in 0..<ctx.count {
                guard case .expr(let e) = ctx.positional[i], case .formula(let lhs?, let rhs) = e.kind else {
                    throw ctx.error("case_when() takes cases written condition ~ value", hint: "e.g. case_when(x > 10 ~ \"high\", default: \"low\")", at: ctx.span(of: i))
                }
                cases.append((try ctx.evaluate(lhs), try ctx.evaluate(rhs), lhs.span))
            }
            guard !cases.isEmpty else { throw ctx.error("case_when() needs at least one condition ~ value") }
            let fallback = try ctx.optional("default") ?? .null
            var rows: Int? = nil
            for (c, v, _) in cases {
                if case .column(let col) = c { rows = rows ?? col.count }
                if case .column(let col) = v { rows = rows ?? col.count }
            }
            if case .column(let col) = fallback { rows = rows ?? col.count }
            guard let n = rows else {
                // All plain values: the first true condition's value.
                for (c, v, span) in cases {
                    switch c {
                    case .bool(true): return v
                    case .bool(false), .null: continue
                    default: throw ctx.error("a case_when condition must be true or false, got \(withArticle(c.typeName))", at: span)
                    }
                }
                return fallback
            }
            // From the last case to the first, so the first true condition wins.
            var result = try Operators.asColumn(fallback, count: n, like: try? Operators.asColumn(cases[0].1, count: n))
            for (c, v, span) in cases.reversed() {
                var cond = try Operators.asColumn(c, count: n)
                guard cond.type == .bool || cond.nullCount == cond.count else {
                    throw ctx.error("a case_when condition must be true or false for each row; this gives \(cond.type.rawValue) values", at: span)
                }
                if cond.type != .bool { cond = Column.constant(.bool(false), count: n) }
                cond = try NullFunctions.coalesce([cond, Column.constant(.bool(false), count: n)])
                let value = try Operators.asColumn(v, count: n, like: result)
                result = try ctx.at(span) { try Conditional.ifElse(cond, value, result) }
            }
            return .column(result.renamed(""))
        }
        I.define("qcut", "qcut(x, q, *, labels?: list)",
                 "Quantile bins (pandas' qcut): q equal-frequency bins, or bins between the given fractions ([0, 0.5, 0.9, 1]); labels are the intervals (the first closed, \"[a, b]\"), sorting in bin order, or labels:.",
                 example: "mutate(spend_quartile = qcut(amount, 4, labels: [\"Q1\", \"Q2\", \"Q3\", \"Q4\"]))", category: "math") { ctx in
            let q = try ctx.value(1)
            let fractions: [Double]
            switch q {
            case .int(let k):
                guard k >= 1, k <= 10_000 else { throw ctx.error("qcut() needs between 1 and 10,000 bins, got \(k)", at: ctx.span(of: 1)) }
                fractions = (0...Int(k)).map { Double($0) / Double(k) }
            case .list: fractions = try Args.doubles(q, ctx, "the fractions")
            default: throw ctx.error("q must be a number of bins or a list of fractions, got \(withArticle(q.typeName))", at: ctx.span(of: 1))
            }
            let labels = try ctx.optional("labels").map { try Args.scalarList($0, ctx, "labels").map { ScalarFormat.plain($0) } }
            let x = try ctx.value(0)
            let column: Column
            switch x {
            case .column(let c): column = c
            case .list: column = try Args.column(x, ctx)
            default: throw ctx.error("qcut() bins a column of numbers, got \(withArticle(x.typeName))", at: ctx.span(of: 0))
            }
            return .column(try ctx.at(ctx.span) { try Binning.qcut(column, fractions: fractions, labels: labels) })
        }
        I.define("map", "map(x: list, f: function)", "Calls f on each item of a list (or range) and returns the results as a list; runs at most max_steps items (set_option(\"max_steps\", n)).",
                 example: "map(range(1, 4), fn(k) = k * k)", category: "general") { [unowned self] ctx in
            guard case .list(let items) = try ctx.value(0), case .function(let f) = try ctx.value(1) else { throw ctx.error("map(list, function)") }
            try self.checkSteps(items.count, ctx)
            return .list(try items.map { item in
                try Interrupt.check()
                return try ctx.interpreter.apply(f, [item], span: ctx.span)
            })
        }
        I.define("reduce", "reduce(x: list, f: function, initial)", "Folds a list from the left: acc = f(acc, item) for each item, starting from initial (an iterative algorithm without recursion); at most max_steps items.",
                 example: "reduce(range(1, 101), fn(acc, k) = acc + k, 0)", category: "general") { [unowned self] ctx in
            guard case .list(let items) = try ctx.value(0), case .function(let f) = try ctx.value(1) else { throw ctx.error("reduce(list, function, initial)") }
            try self.checkSteps(items.count, ctx)
            var acc = try ctx.value(2)
            for item in items {
                try Interrupt.check()
                acc = try ctx.interpreter.apply(f, [acc, item], span: ctx.span)
            }
            return acc
        }
    }

    func checkSteps(_ n: Int, _ ctx: CallContext) throws {
        guard n <= limits.maxSteps else {
            throw ctx.error("\(ctx.name)() over \(n) items is more than the step limit of \(limits.maxSteps)", hint: "raise it with set_option(\"max_steps\", n)")
        }
    }
}

extension Session {
    /// fill_null(x, strategy: "forward" | "backward"): on a column along its window partitions
    /// (the groups of a grouped mutate); on a frame every column, per group when grouped.
    func fillStrategy(_ v: Value, _ strategy: String, _ ctx: CallContext) throws -> Value {
        guard strategy == "forward" || strategy == "backward" else {
            throw ctx.error("strategy: must be \"forward\" or \"backward\", got \"\(strategy)\"", at: ctx.span(ofNamed: "strategy"))
        }
        let forward = strategy == "forward"
        switch v {
        case .column(let c):
            let w = try partition(ctx, rows: c.count)
            return .column(try ctx.at(ctx.span) { try Fill.fill(c, w, forward: forward) })
        case .frame, .grouped:
            let (f, keys) = try Args.input(ctx)
            var w = WindowPartition.whole(f.rowCount)
            if let keys, !keys.isEmpty {
                let g = Grouping(keys: try keys.map { try f.column($0) }, rowCount: f.rowCount)
                w = WindowPartition(ids: g.ids, groupCount: g.groupCount, orderBy: [], rowCount: f.rowCount)
            }
            let filled = try Frame(columns: try f.columns.map { c in keys?.contains(c.name) == true ? c : try Fill.fill(c, w, forward: forward) })
            return Args.output(filled, keys: keys)
        case .null: return .null
        default:
            guard v.scalar != nil else { throw ctx.error("fill_null() needs a column or a frame, got \(withArticle(v.typeName))") }
            return v
        }
    }
}
