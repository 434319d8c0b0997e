/// `filter(c) |> group_by(k) |> summarize(…)` aggregates the rows the filter keeps in place,
/// through a selection vector, without materialising the filtered frame.
public struct FilterIntoAggregate: OptimizerRule {
    public let name = "filter_into_aggregate"
    public init() {}

    public func apply(_ plan: LogicalPlan, _ context: OptimizerContext) -> LogicalPlan {
        plan.transformUp { node in
            guard case .aggregate(let grouped, var a) = node, a.fusedFilter == nil,
                  case .groupBy(let filtered, let g) = grouped, let keys = g.plainKeys,
                  case .filter(let source, let f) = filtered, f.call.named.isEmpty,
                  let s = context.schema(of: source), !s.isGrouped, keys.allSatisfy({ s.has($0) }) else { return node }
            context.note(name)
            a.fusedFilter = f
            return .aggregate(.groupBy(source, g), a)
        }
    }
}
