import SiftLanguage

/// `filter(a) |> filter(b)` becomes one `filter(a, b)`: one mask, one gather. Only when the upper
/// conditions are row-wise (an aggregate such as `x > mean(x)` must see the rows the first
/// filter kept) and the frame is not grouped (grouped filters run per group).
public struct MergeFilters: OptimizerRule {
    public let name = "merge_filters"
    public init() {}

    public func apply(_ plan: LogicalPlan, _ context: OptimizerContext) -> LogicalPlan {
        plan.transformUp { node in
            guard case .filter(let inner, let upper) = node, case .filter(let source, var lower) = inner,
                  let s = context.schema(of: source), !s.isGrouped,
                  upper.call.named.isEmpty, lower.call.named.isEmpty,
                  upper.predicates.allSatisfy({ ExpressionFacts.isRowwise($0, context.resolver) }) else { return node }
            context.note(name)
            lower.call.arguments += upper.call.arguments
            return .filter(source, lower)
        }
    }
}
