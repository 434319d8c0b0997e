import SiftFrame
import SiftLanguage
import SiftPlan

/// `summarize`: one row per group. Simple aggregates of a column (`sum(revenue)`, `count()`)
/// run as one pass over group ids; any other expression is evaluated per group with the
/// group's rows as the mask, so `sum(revenue) / sum(visits)` also works.
enum Summarizer {
    /// - Parameter selection: the rows of `f` a fused filter kept (increasing), or nil for all.
    ///   Aggregates read them in place; only per-group expressions see a gathered frame.
    static func summarize(_ f: Frame, keys: [String], _ ctx: CallContext, selection: [Int32]? = nil) throws -> Frame {
        let items = try self.items(ctx)
        let index = GroupIndex(keys: try keys.map { try f.column($0) }, rowCount: f.rowCount, selection: selection)
        let keyColumns = try keys.map { try f.column($0).take(index.firstRow) }
        return try summarize(items, source: f, index: index, keyColumns: keyColumns, ctx) {
            selection.map { f.take(RowSelection.indices($0)) } ?? f
        }
    }

    /// The `name = expr` items of the call, in the order written (named and unnamed interleaved).
    static func items(_ ctx: CallContext) throws -> [(name: String, expr: Expr)] {
        // across(columns, fn) expands to one item per column (Across).
        let frame = try Args.input(ctx).frame
        let items: [(name: String, expr: Expr)] = try Across.items(ctx, frame: frame).map { ($0.name, $0.expr) }
        guard !items.isEmpty else { throw ctx.error("summarize() needs name = aggregate pairs, e.g. summarize(n = count())") }
        return items
    }

    /// Aggregates per group of `index`: simple aggregates of `source`'s columns read the
    /// selected rows in place; any other expression is evaluated per group against `rows()`,
    /// the frame whose rows are the index's positions (materialised only then).
    static func summarize(_ items: [(name: String, expr: Expr)], source f: Frame, index: GroupIndex, keyColumns: [Column],
                          _ ctx: CallContext, rows: () throws -> Frame) throws -> Frame {
        var columns = keyColumns
        var grouping: Grouping? = nil
        var members: [[Int]]? = nil
        var selected: Frame? = nil
        for (name, e) in items {
            try Interrupt.check()
            if let spec = try fastSpec(e, name: name, f, ctx) {
                let col: Column
                if let c = spec.column {
                    // An aggregate that fails (sum of text) points at itself, not at summarize().
                    col = try ctx.at(e.span) { () throws -> Column in
                        let source = try f.column(c)
                        if let fast = GroupAggregate.run(spec.function, source, index: index, name: name) { return fast }
                        let g = grouping ?? index.grouping
                        grouping = g
                        return try Aggregate.run(spec.function, index.gather(source), grouping: g, q: spec.q, name: name)
                    }
                } else {
                    col = Column(name: name, storage: .int(index.sizes))
                }
                columns.append(col)
                continue
            }
            let groups = members ?? (grouping ?? index.grouping).members()
            members = groups
            let rowsFrame = try selected ?? rows()
            selected = rowsFrame
            var cells: [Scalar] = []
            for rows in groups {
                try Interrupt.check()
                let v = try ctx.evaluate(e, mask: rowsFrame.take(rows))
                cells.append(try scalar(v, e))
            }
            columns.append(Column.from(scalars: cells, name: name))
        }
        return try Frame(columns: columns)
    }

    static func scalar(_ v: Value, _ e: Expr) throws -> Scalar {
        if case .column(let c) = v {
            if c.count == 1 { return c[0] }
            throw SiftError(.runtime, "summarize needs one value per group, but this gives \(c.count)", at: e.span, hint: "wrap it in an aggregate such as sum(), mean() or first()")
        }
        guard let s = v.scalar else { throw SiftError(.runtime, "summarize needs a plain value per group, got \(withArticle(v.typeName))", at: e.span) }
        return s
    }

    /// `fn(column)` or `count()` with a builtin aggregate that no user function shadows.
    static func fastSpec(_ e: Expr, name: String, _ f: Frame, _ ctx: CallContext) throws -> AggregateSpec? {
        guard case .call(let callee, let args) = e.kind, case .name(let fname) = callee.kind else { return nil }
        if ctx.scope.env.lookup(fname) != nil { return nil }
        // Aliases (avg, n, …) resolve through the catalogue, as they do everywhere else.
        guard let canonical = ctx.interpreter.builtins[fname]?.name, let fn = AggregateFunction(rawValue: canonical) else { return nil }
        if args.isEmpty { return fn == .count ? AggregateSpec(name: name, function: .count, column: nil) : nil }
        guard args[0].name == nil, case .name(let col) = args[0].value.kind, f.hasColumn(col) else { return nil }
        var q = 0.5
        if fn == .quantile {
            guard args.count == 2 else { return nil }
            switch args[1].value.kind {
            case .float(let v): q = v
            case .int(let v): q = Double(v)
            default: return nil
            }
        } else if args.count != 1 { return nil }
        return AggregateSpec(name: name, function: fn, column: col, q: q)
    }
}
