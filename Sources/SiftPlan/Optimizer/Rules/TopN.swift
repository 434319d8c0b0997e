/// `sort(keys) |> head(n)` becomes a sort with a limit: a heap keeps the first n rows in one
/// pass and only they are gathered, instead of ordering every row (SQL engines' top-N).
/// Not after `group_by`, where `head` means per group.
public struct TopN: OptimizerRule {
    public let name = "top_n"
    public init() {}

    public func apply(_ plan: LogicalPlan, _ context: OptimizerContext) -> LogicalPlan {
        plan.transformUp { node in
            guard case .slice(let child, let h) = node, !h.fromEnd, let n = h.literalCount, n >= 0,
                  case .sort(let input, var s) = child, s.limit == nil, s.call.argument("limit") == nil,
                  let schema = context.schema(of: input), !schema.isGrouped else { return node }
            context.note(name)
            s.limit = n
            s.limitFrom = h.call
            s.call.injected.append((name: "limit", value: .int(n)))
            return .sort(input, s)
        }
    }
}
