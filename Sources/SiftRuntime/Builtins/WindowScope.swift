import SiftFrame
import SiftLanguage

/// How window functions see the groups of a grouped `mutate` or `filter` without evaluating the
/// expression once per group.
///
/// The per-group way (`Grouped.mutate`) gathers each group into its own frame and evaluates the
/// expression there: right for anything (`x - mean(x)` means the group's mean), but a million
/// rows in ten thousand groups are ten thousand evaluations. When every call in the expression
/// is either element-wise (the same answer whichever rows are around it) or a window function,
/// the expression is evaluated once over the whole frame instead, and the window functions read
/// the groups from this scope: one kernel pass over all partitions. Aggregates, user functions
/// and anything unlisted keep the per-group way, so results never depend on which path ran.
final class WindowScope {
    /// Group id of each row (nil: the frame is one partition).
    let ids: [Int32]?
    let groupCount: Int
    let rowCount: Int
    /// Partitions already built for an `order_by` (by its program text), shared by the window
    /// calls of one expression: `cumsum(x, order_by: d)` and `lag(x, order_by: d)` sort once.
    private var partitions: [String: WindowPartition] = [:]

    init(ids: [Int32]?, groupCount: Int, rowCount: Int) {
        self.ids = ids
        self.groupCount = groupCount
        self.rowCount = rowCount
    }

    func partition(orderText: String, _ make: () throws -> [SortKey]) rethrows -> WindowPartition {
        if let p = partitions[orderText] { return p }
        let p = WindowPartition(ids: ids, groupCount: groupCount, orderBy: try make(), rowCount: rowCount)
        partitions[orderText] = p
        return p
    }

    /// Window functions: they read the partition from the scope.
    static let windowFunctions: Set<String> = [
        "lag", "lead", "shift", "diff", "pct_change", "cumsum", "cumprod", "cummax", "cummin",
        "row_number", "rank", "rolling", "fill_null",
    ]

    /// Functions whose value for a row depends on that row's values only (never on the other
    /// rows of the group), so evaluating them over the whole frame equals evaluating per group.
    /// Deliberately a list: a new function is per-group (always correct) until added here.
    static let elementwise: Set<String> = [
        "abs", "ceil", "floor", "exp", "log", "log10", "sqrt", "round", "greatest", "least", "cut",
        "coalesce", "if_else", "is_null", "cast", "lower", "upper", "strip", "contains", "starts_with",
        "ends_with", "replace", "split_part", "year", "month", "day", "weekday", "quarter", "hour",
        "minute", "second", "day_of_year", "days_between", "date", "datetime",
        // Dates, text and conditions of issue 12.
        "parse_date", "parse_datetime", "format_date", "date_trunc", "week", "month_name", "day_name",
        "add_days", "add_months", "matches", "extract", "replace_regex", "split", "substr", "pad_left",
        "pad_right", "concat_str", "case_when",
    ]

    /// True when `e` can be evaluated once over the whole grouped frame (see above).
    static func wholeFrameSafe(_ e: Expr, _ interpreter: Interpreter, _ scope: Scope) -> Bool {
        switch e.kind {
        case .null, .bool, .int, .float, .string, .name, .variable: return true
        case .list(let items): return items.allSatisfy { wholeFrameSafe($0, interpreter, scope) }
        case .unary(_, let x): return wholeFrameSafe(x, interpreter, scope)
        case .binary(let op, let a, let b):
            return op != .interaction && wholeFrameSafe(a, interpreter, scope) && wholeFrameSafe(b, interpreter, scope)
        case .formula(let lhs, let rhs):
            // case_when(cond ~ value, …)
            return (lhs.map { wholeFrameSafe($0, interpreter, scope) } ?? true) && wholeFrameSafe(rhs, interpreter, scope)
        case .call(let callee, let args):
            // desc(x) in an order_by: is read by the window function, never called.
            if case .name("desc") = callee.kind, args.count == 1 { return wholeFrameSafe(args[0].value, interpreter, scope) }
            guard case .name(let n) = callee.kind, scope.env.lookup(n) == nil,
                  let canonical = interpreter.builtins[n]?.name else { return false }
            guard windowFunctions.contains(canonical) || elementwise.contains(canonical) else { return false }
            return args.allSatisfy { wholeFrameSafe($0.value, interpreter, scope) }
        default: return false
        }
    }
}

extension Session {
    /// Evaluates `e` once over the whole frame `f` with its groups as window partitions, or nil
    /// when the expression needs the per-group way (see `WindowScope`).
    func evaluateWholeFrame(_ e: Expr, _ f: Frame, ids: [Int32]?, groupCount: Int, _ ctx: CallContext) throws -> Value? {
        guard WindowScope.wholeFrameSafe(e, interpreter, ctx.scope) else { return nil }
        let saved = windowScope
        windowScope = WindowScope(ids: ids, groupCount: groupCount, rowCount: f.rowCount)
        defer { windowScope = saved }
        return try ctx.evaluate(e, mask: f)
    }

    /// Grouped `mutate`: each `name = expr` over the whole frame when it is safe, else per group.
    func groupedMutate(_ f: Frame, keys: [String], _ ctx: CallContext) throws -> Frame {
        let grouping = Grouping(keys: try keys.map { try f.column($0) }, rowCount: f.rowCount)
        var out = f
        for (name, e, span) in try Across.mutateItems(ctx, frame: f) {
            let column: Column
            if let v = try evaluateWholeFrame(e, out, ids: grouping.ids, groupCount: grouping.groupCount, ctx) {
                column = try Verbs.columnValue(v, rows: out.rowCount, name: name, span: span)
            } else {
                column = try Grouped.mutateOne(out, members: grouping.members(), e, name: name, span: span, ctx)
            }
            out = try out.with(column)
        }
        return out
    }

    /// Grouped `filter`: conditions over the whole frame when safe, else per group.
    func groupedFilter(_ f: Frame, keys: [String], _ conditions: [Expr], _ ctx: CallContext) throws -> Frame {
        guard conditions.allSatisfy({ WindowScope.wholeFrameSafe($0, interpreter, ctx.scope) }) else {
            return try Grouped.filter(f, keys: keys, conditions, ctx)
        }
        let grouping = Grouping(keys: try keys.map { try f.column($0) }, rowCount: f.rowCount)
        let saved = windowScope
        windowScope = WindowScope(ids: grouping.ids, groupCount: grouping.groupCount, rowCount: f.rowCount)
        defer { windowScope = saved }
        guard let mask = try Verbs.filterMask(f, conditions, ctx) else { return f }
        return try f.filter(mask: mask)
    }

    /// Ungrouped `mutate` with window calls: one scope per expression, so calls sharing an
    /// `order_by` sort once.
    func ungroupedMutate(_ f: Frame, _ ctx: CallContext) throws -> Frame {
        var out = f
        for (name, e, span) in try Across.mutateItems(ctx, frame: f) {
            let v = try evaluateWholeFrame(e, out, ids: nil, groupCount: 1, ctx) ?? ctx.evaluate(e, mask: out)
            out = try out.with(try Verbs.columnValue(v, rows: out.rowCount, name: name, span: span))
        }
        return out
    }
}
