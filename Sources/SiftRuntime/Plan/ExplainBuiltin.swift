import SiftLanguage
import SiftPlan

extension Session {
    /// The optimised plan of a pipeline as text, without running it (sources that are plain
    /// names are looked up for their columns; files are only peeked at for their header).
    public func explain(_ e: Expr, scope: Scope? = nil) throws -> String {
        let scope = scope ?? Scope(env: interpreter.globals)
        guard case .pipe(let lhs, let rhs) = e.kind else {
            throw SiftError(.runtime, "explain() shows the plan of a pipeline such as df |> filter(x > 0) |> summarize(n = count())", at: e.span)
        }
        var builder = PlanBuilder(session: self, scope: scope)
        guard let plan = builder.plan(lhs, rhs) else {
            throw SiftError(.runtime, "the last step of this pipeline is not a verb the planner knows, so it runs as written", at: rhs.span,
                            hint: "plannable verbs: " + PlanBuilder.verbs.keys.sorted().joined(separator: ", "))
        }
        let executor = PlanExecutor(session: self, scope: scope)
        let (optimised, context) = try executor.prepare(plan, evaluateSources: false)
        if let remote = try executor.remote(optimised) { return try RemotePlanning.explain(remote) }
        return Explain.text(optimised, fired: context.fired, schema: context.schema(of: optimised))
    }

    func registerExplain() {
        interpreter.define("explain", "explain(pipeline: expr)",
                           "Prints the optimised plan of a pipeline without running it: one line per step, the data source last, with what the optimizer changed (columns a scan reads, fused filters, top-N) and the rules applied.",
                           example: "explain(read_csv(\"data.csv\") |> filter(spend > 0) |> group_by(region) |> summarize(n = count()))",
                           category: "general", lazy: true) { [unowned self] ctx in
            guard case .expr(let e) = ctx.positional[0] else { throw ctx.error("explain() needs a pipeline written out") }
            ctx.interpreter.write(try self.explain(e, scope: ctx.scope) + "\n")
            return .null
        }
    }
}
