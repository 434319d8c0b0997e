import SiftLanguage

/// Names of `summarize` outputs written without one: `mean(spend)` → `mean_spend`,
/// `count()` → `count`. One rule for the planner (schemas before running) and the executor.
public enum AggregateNames {
    public static func autoName(_ e: Expr) -> String {
        if case .call(let callee, let args) = e.kind, let f = callee.simpleName {
            if let a = args.first, let col = a.value.simpleName { return "\(f)_\(col)" }
            return f
        }
        return e.simpleName ?? "value"
    }

    /// The output names of a summarize call's items, in the order written.
    public static func items(_ call: VerbCall) -> [(name: String, expr: Expr)] {
        call.arguments.map { ($0.name ?? autoName($0.value), $0.value) }
    }
}
