import SiftFrame
import SiftLanguage
import SiftPlan

/// `across(columns, fn)` inside `mutate` and `summarize` (dplyr's across; pandas'
/// `df[cols].apply(fn)` / `groupby().agg(fn)`): one `name = fn(column)` item per column, written
/// out before evaluation, so each runs exactly as if typed by hand (per group after `group_by`,
/// on the fast aggregate path when `fn` is an aggregate such as `mean`).
///
///     df |> mutate(across(of_type("numeric"), fn(x) = (x - mean(x)) / std(x)))
///     df |> group_by(region) |> summarize(across([spend, revenue], mean, names: "mean_{col}"))
enum Across {
    /// The call's items in the order written: `name = expr` as given, `across(…)` expanded.
    static func items(_ ctx: CallContext, frame f: Frame) throws -> [(name: String, expr: Expr, span: SourceSpan)] {
        var out: [(name: String, expr: Expr, span: SourceSpan)] = []
        for arg in ctx.arguments where arg.slot != .positional(0) {
            guard case .expr(let e) = arg.value else { continue }
            if let name = arg.name { out.append((name, e, arg.span)); continue }
            guard let expanded = try expand(e, ctx, f) else {
                // summarize(mean(x)) names itself; mutate needs a name.
                out.append((AggregateNames.autoName(e), e, arg.span))
                continue
            }
            out += expanded
        }
        return out
    }

    /// mutate's items: every positional argument must be an across(…).
    static func mutateItems(_ ctx: CallContext, frame f: Frame) throws -> [(name: String, expr: Expr, span: SourceSpan)] {
        for arg in ctx.arguments where arg.slot != .positional(0) && arg.name == nil {
            guard case .expr(let e) = arg.value, case .call(let callee, _) = e.kind, case .name("across") = callee.kind else {
                throw SiftError(.runtime, "mutate() needs name = expression pairs", at: arg.span, hint: "usage: \(ctx.builtin.signature)")
            }
        }
        return try items(ctx, frame: f)
    }

    /// `across(columns, fn, names: "{col}")` → one item per column; nil when `e` is not across.
    static func expand(_ e: Expr, _ ctx: CallContext, _ f: Frame) throws -> [(name: String, expr: Expr, span: SourceSpan)]? {
        guard case .call(let callee, let args) = e.kind, case .name("across") = callee.kind, ctx.scope.env.lookup("across") == nil else { return nil }
        let positional = args.filter { $0.name == nil }
        for a in args where a.name != nil && a.name != "names" {
            throw SiftError(.runtime, "across() has no argument named '\(a.name!)'", at: a.span, hint: "usage: across(columns, fn, names: \"{col}\")")
        }
        guard positional.count == 2 else {
            throw SiftError(.runtime, "across() takes the columns and a function: across([a, b], mean)", at: e.span, hint: "usage: across(columns, fn, names: \"{col}\")")
        }
        let columns = try Selectors.names(positional[0].value, in: f, ctx)
        let fn = positional[1].value
        var template = "{col}"
        if let n = args.first(where: { $0.name == "names" }) {
            guard case .string(let s) = n.value.kind else { throw SiftError(.runtime, "names: must be a quoted template such as \"{col}_mean\"", at: n.span) }
            template = s
        }
        let fnName = fn.simpleName ?? "fn"
        return columns.map { col in
            let call = Expr(.call(fn, [Argument(name: nil, value: Expr(.name(col), positional[0].value.span), span: positional[0].value.span)]), e.span)
            let name = template.replacingAll("{col}", with: col).replacingAll("{fn}", with: fnName)
            return (name, call, e.span)
        }
    }
}
