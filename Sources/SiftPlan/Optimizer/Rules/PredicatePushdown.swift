import SiftLanguage

/// Moves row-wise filters towards the data, so later work sees fewer rows: below a sort without
/// a limit, below a row-wise `mutate` whose new columns the filter does not read, below a
/// `select`/`drop` that keeps what it reads, and into the side of an inner or left join that
/// owns every column it reads (either side for inner joins, the left for left joins). Grouped
/// frames are left alone: their filters run per group.
public struct PredicatePushdown: OptimizerRule {
    public let name = "predicate_pushdown"
    public init() {}

    public func apply(_ plan: LogicalPlan, _ context: OptimizerContext) -> LogicalPlan {
        plan.transformDown { node in
            guard case .filter(let child, let f) = node else { return node }
            return push(f, into: child, context) ?? node
        }
    }

    /// The filter placed below `child`, as deep as it can go; nil when it cannot move.
    func push(_ f: FilterNode, into child: LogicalPlan, _ context: OptimizerContext) -> LogicalPlan? {
        guard f.call.named.isEmpty, f.predicates.allSatisfy({ ExpressionFacts.isRowwise($0, context.resolver) }),
              let out = context.schema(of: child), !out.isGrouped else { return nil }
        let names = Set(f.predicates.flatMap { ExpressionFacts.valueNames($0, context.resolver).map(\.0) })
        if f.predicates.contains(where: { ExpressionFacts.readsColumnsIndirectly($0, context.resolver, schema: out) }) { return nil }
        func below(_ input: LogicalPlan) -> LogicalPlan {
            push(f, into: input, context) ?? .filter(input, f)
        }
        switch child {
        case .sort(let input, let s) where s.limit == nil:
            guard let si = context.schema(of: input), !si.isGrouped else { return nil }
            context.note(name)
            return .sort(below(input), s)
        case .mutate(let input, let m):
            guard let si = context.schema(of: input), !si.isGrouped else { return nil }
            let made = Set(m.assignments.map(\.name))
            guard names.isDisjoint(with: made),
                  m.assignments.allSatisfy({ a in
                      if case .list = a.expr.kind { return false }   // a literal list is one value per row of this frame
                      return ExpressionFacts.isRowwise(a.expr, context.resolver)
                  }) else { return nil }
            context.note(name)
            return .mutate(below(input), m)
        case .project(let input, let call) where call.name != "rename":
            // A name the projection removed may be a variable above it and a column below.
            // Each name must mean the same below: the same column (not one a rename made), or
            // no column at all (a variable stays a variable).
            let renamed = Set(call.named.compactMap(\.name))
            guard let si = context.schema(of: input), !si.isGrouped,
                  names.allSatisfy({ out.has($0) ? si.has($0) && !renamed.contains($0) : !si.has($0) }) else { return nil }
            context.note(name)
            return .project(below(input), call)
        case .join(let l, let r, let j):
            guard let how = j.how, how == "inner" || how == "left", let keys = j.onKeys,
                  j.call.argument("left_on") == nil,
                  let ls = context.schema(of: l), let rs = context.schema(of: r), !ls.isGrouped, !rs.isGrouped else { return nil }
            let columns = names.filter { out.has($0) }
            if columns.allSatisfy({ ls.has($0) }) {
                context.note(name)
                return .join(below(l), r, j)
            }
            if how == "inner", columns.allSatisfy({ rs.has($0) && !ls.has($0) && !keys.contains($0) }),
               names.allSatisfy({ out.has($0) || !rs.has($0) }) {
                context.note(name)
                return .join(l, below(r), j)
            }
            return nil
        default:
            return nil
        }
    }
}
