import SiftLanguage
import SiftPlan

/// `sample(n)` / `sample(fraction:)` on the engine: a uniform random sample of exactly the
/// number of rows Sift would take (fraction × rows, rounded half up). It is the engine's random
/// choice, not Sift's seeded one, so `seed:` and `replace:` are refused rather than ignored.
/// The documented way to feed a model from a big table: sample on the engine, then collect.
struct SampleCompiler {
    let compiler: PlanCompiler
    func q(_ s: String) -> String { compiler.q(s) }

    func sample(_ input: SQLRelation, _ call: VerbCall) throws -> SQLRelation {
        try compiler.checkNamed(call, allowed: ["n", "fraction"])
        try compiler.requireUngrouped(input, call, "per-group samples")
        let positional = call.positional
        if positional.count > 1 { throw SQLCompileError("sample() takes one argument n by position", at: positional[1].span) }
        let nArg = positional.first ?? call.argument("n")
        let fracArg = call.argument("fraction")
        let dialect = compiler.dialect
        let alias = compiler.names.alias()
        var out = input
        let items = compiler.visibleItems(input, alias) + compiler.hiddenItems(input, alias)
        switch (nArg, fracArg) {
        case (let n?, nil):
            guard case .int(let k) = n.value.kind, k >= 0 else { throw SQLCompileError("sample(n) needs a whole number ≥ 0 written out", at: n.span) }
            out.sql = compiler.select(items, from: input, alias: alias, tail: "ORDER BY \(dialect.random) LIMIT \(k)")
        case (nil, let f?):
            let p: Double
            switch f.value.kind {
            case .float(let v): p = v
            case .int(let v): p = Double(v)
            default: throw SQLCompileError("sample(fraction:) needs a number written out", at: f.span)
            }
            guard p >= 0, p <= 1 else { throw SQLCompileError("fraction must be between 0 and 1", at: f.span) }
            let numbered = compiler.names.alias(), rn = compiler.names.hidden(), total = compiler.names.hidden()
            let inner = "SELECT \(numbered).*, ROW_NUMBER() OVER (ORDER BY \(dialect.random)) AS \(q(rn)), COUNT(*) OVER () AS \(q(total)) FROM (\(input.sql)) AS \(numbered)"
            let list: String = items.map { "\($0.0) AS \(q($0.1))" }.joined(separator: ", ")
            let fraction: String = dialect.literal(float: p)
            out.sql = "SELECT \(list) FROM (\(inner)) AS \(alias) WHERE \(alias).\(q(rn)) <= FLOOR(\(alias).\(q(total)) * \(fraction) + 0.5)"
        case (nil, nil):
            throw SQLCompileError("sample() needs n or fraction:", at: call.span)
        default:
            throw SQLCompileError("sample() takes n or fraction:, not both", at: call.span)
        }
        return out
    }
}
