/// `join(dim, on: key) |> group_by(k) |> summarize(…)` with a dimension table whose key is
/// unique: group keys and aggregates read the dimension's columns through the join's row map
/// instead of copying them onto every fact row, and simple aggregates of the fact table read it
/// in place. Whether the key is unique is known only when the tables are in hand, so the
/// executor checks and falls back to the plain join when it is not.
public struct AggregateThroughJoin: OptimizerRule {
    public let name = "aggregate_through_join"
    public init() {}

    public func apply(_ plan: LogicalPlan, _ context: OptimizerContext) -> LogicalPlan {
        plan.transformUp { node in
            guard case .aggregate(let grouped, var a) = node, !a.throughJoin, a.fusedFilter == nil,
                  case .groupBy(let joined, let g) = grouped, g.plainKeys != nil,
                  case .join(let l, let r, let j) = joined, let keys = j.onKeys, keys.count == 1,
                  let how = j.how, how == "inner" || how == "left",
                  j.call.named.allSatisfy({ $0.name == "on" || $0.name == "how" }),
                  let ls = context.schema(of: l), !ls.isGrouped, let rs = context.schema(of: r), !rs.isGrouped else { return node }
            context.note(name)
            a.throughJoin = true
            return .aggregate(.groupBy(.join(l, r, j), g), a)
        }
    }
}
