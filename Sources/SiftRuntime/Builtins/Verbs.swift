import SiftFrame
import SiftLanguage

/// The parts of `filter` and `mutate` that evaluate expressions against a frame.
enum Verbs {
    /// All conditions ANDed into one bool column; nil when the conditions are constant true.
    static func filterMask(_ f: Frame, _ conditions: [Expr], _ ctx: CallContext) throws -> Column? {
        try filterMask(f, conditions) { try ctx.evaluate($0, mask: f) }
    }

    /// The same, with conditions evaluated by `evaluate` against `f` (for fused pipelines that
    /// have no call context of their own).
    static func filterMask(_ f: Frame, _ conditions: [Expr], evaluate: (Expr) throws -> Value) throws -> Column? {
        var mask: Column? = nil
        for e in conditions {
            let v = try evaluate(e)
            let c: Column
            switch v {
            case .column(let col):
                guard col.type == .bool else {
                    throw SiftError(.runtime, "a filter condition must be true or false for each row; this gives \(col.type.rawValue) values", at: e.span, hint: "compare it, e.g. \(col.name.isEmpty ? "x" : col.name) > 0")
                }
                c = col
            case .bool(let b): c = Column.constant(.bool(b), count: f.rowCount)
            case .null: c = Column.constant(.null, count: f.rowCount, type: .bool)
            default:
                throw SiftError(.runtime, "a filter condition must be true or false, got \(withArticle(v.typeName))", at: e.span, hint: "did you mean == instead of = ?")
            }
            mask = try mask.map { try ColumnCompare.and($0, c) } ?? c
        }
        return mask
    }

    /// Evaluates `name = expr` pairs in order, each seeing the columns made before it.
    static func mutate(_ f: Frame, _ ctx: CallContext) throws -> Frame {
        var out = f
        for (name, a, span) in ctx.named {
            guard case .expr(let e) = a else { continue }
            let v = try ctx.evaluate(e, mask: out)
            out = try out.with(try columnValue(v, rows: out.rowCount, name: name, span: span))
        }
        return out
    }

    /// A mutate result as a full column: columns must match the frame, scalars are repeated.
    static func columnValue(_ v: Value, rows: Int, name: String, span: SourceSpan) throws -> Column {
        switch v {
        case .column(let c):
            guard c.count == rows else {
                throw SiftError(.runtime, "the new column '\(name)' has \(c.count) values but the frame has \(rows) rows", at: span)
            }
            return c.renamed(name)
        case .list(let l) where l.count == rows:
            return Column.from(scalars: l.compactMap(\.scalar), name: name)
        default:
            guard let s = v.scalar else {
                throw SiftError(.runtime, "a column cannot hold \(withArticle(v.typeName))", at: span, hint: "mutate expressions give one value per row, or one value for all rows")
            }
            return Column.constant(s, count: rows, name: name)
        }
    }
}

/// Per-group evaluation for grouped `filter` and `mutate`: each group is evaluated as its own
/// frame (so `mean(x)` means the group's mean) and results go back to the original row order.
enum Grouped {
    static func groups(_ f: Frame, keys: [String]) throws -> [[Int]] {
        Grouping(keys: try keys.map { try f.column($0) }, rowCount: f.rowCount).members()
    }

    static func filter(_ f: Frame, keys: [String], _ conditions: [Expr], _ ctx: CallContext) throws -> Frame {
        var keep: [Int] = []
        for rows in try groups(f, keys: keys) {
            try Interrupt.check()
            let sub = f.take(rows)
            guard let mask = try Verbs.filterMask(sub, conditions, ctx), case .bool(let flags) = mask.storage else {
                keep += rows
                continue
            }
            for (k, r) in rows.enumerated() where flags[k] && mask.isValid(k) { keep.append(r) }
        }
        keep.sort()
        return f.take(keep)
    }

    static func mutate(_ f: Frame, keys: [String], _ ctx: CallContext) throws -> Frame {
        let members = try groups(f, keys: keys)
        var out = f
        for (name, a, span) in ctx.named {
            guard case .expr(let e) = a else { continue }
            out = try out.with(try mutateOne(out, members: members, e, name: name, span: span, ctx))
        }
        return out
    }

    /// One `name = expr` of a grouped mutate, evaluated group by group and put back in row order.
    static func mutateOne(_ out: Frame, members: [[Int]], _ e: Expr, name: String, span: SourceSpan, _ ctx: CallContext) throws -> Column {
        let order = members.flatMap { $0 }
        var inverse = [Int](repeating: 0, count: out.rowCount)
        for (k, r) in order.enumerated() { inverse[r] = k }
        var parts: [Frame] = []
        for rows in members {
            try Interrupt.check()
            let sub = out.take(rows)
            let v = try ctx.evaluate(e, mask: sub)
            parts.append(try Frame(columns: [try Verbs.columnValue(v, rows: rows.count, name: name, span: span)]))
        }
        let stacked = try Concat.rows(parts)
        let column = stacked.columnCount > 0 ? stacked.columns[0].take(inverse) : Column.constant(.null, count: 0, name: name)
        return column.renamed(name)
    }
}

/// `select` helpers: `range(a, b)`, `of_type("float")`, `starts_with("x")`, `ends_with`, `contains`.
enum Selectors {
    static func names(_ e: Expr, in f: Frame, _ ctx: CallContext) throws -> [String] {
        guard case .call(let callee, let args) = e.kind, let fn = callee.simpleName else {
            return try ctx.columnNames(e, in: f)
        }
        func text(_ i: Int) throws -> String {
            guard i < args.count, case .string(let s) = args[i].value.kind else {
                throw SiftError(.runtime, "\(fn)() in select needs a quoted text", at: e.span)
            }
            return s
        }
        switch fn {
        case "range":
            guard args.count == 2 else { throw SiftError(.runtime, "range(first, last) selects the columns from first to last", at: e.span) }
            guard let a = try ctx.columnNames(args[0].value, in: f).first, let b = try ctx.columnNames(args[1].value, in: f).first,
                  let i = f.index(of: a), let j = f.index(of: b) else {
                throw SiftError(.runtime, "range(first, last) needs two column names", at: e.span)
            }
            return Array(f.names[min(i, j)...max(i, j)])
        case "of_type":
            let t = try text(0)
            if t == "numeric" || t == "number" { return f.columns.filter { $0.type == .int || $0.type == .float }.map(\.name) }
            guard let type = DataType(userName: t) else { throw SiftError(.runtime, "unknown type \"\(t)\"", at: e.span, hint: "int, float, bool, string, date, datetime or numeric") }
            return f.columns.filter { $0.type == type }.map(\.name)
        case "starts_with" where args.count == 1: let p = try text(0); return f.names.filter { $0.hasPrefix(p) }
        case "ends_with" where args.count == 1: let p = try text(0); return f.names.filter { $0.hasSuffix(p) }
        case "contains" where args.count == 1: let p = try text(0); return f.names.filter { $0.contains(p) }
        default:
            throw SiftError(.runtime, "select() takes column names and selectors, not \(fn)()", at: e.span, hint: "to compute a column, use mutate()")
        }
    }
}
