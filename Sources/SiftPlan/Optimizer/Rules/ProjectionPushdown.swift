import SiftLanguage

/// Reads only the columns a pipeline uses: walking from the result down, each node adds the
/// columns it reads to what its input must provide, and a scan whose reader takes `columns:`
/// is told to read just those (CSV parses, and Parquet decompresses, only them). Any node whose
/// needs are not known before running (a selector, a variable naming columns, a verb that reads
/// every column such as `distinct()` or `drop_null()`) needs everything below it.
public struct ProjectionPushdown: OptimizerRule {
    public let name = "projection_pushdown"
    public init() {}

    public func apply(_ plan: LogicalPlan, _ context: OptimizerContext) -> LogicalPlan {
        prune(plan, needed: nil, context)
    }

    /// `needed`: the columns of this node's output that are read above it (nil = all).
    func prune(_ plan: LogicalPlan, needed: Set<String>?, _ context: OptimizerContext) -> LogicalPlan {
        switch plan {
        case .source:
            return plan
        case .scan(var s):
            guard let needed, s.acceptsColumns, s.projected == nil, let file = s.fileColumns else { return plan }
            // Columns given types: must still be read (the reader checks they exist).
            var typed = Set<String>()
            if let t = s.call.argument("types") {
                guard case .record(let fields) = t.value.kind else { return plan }
                typed = Set(fields.map(\.0))
            }
            var keep = file.filter { needed.contains($0) || typed.contains($0) }
            // Zero columns would read zero rows; one column keeps the row count.
            if keep.isEmpty, let first = file.first { keep = [first] }
            guard keep.count < file.count else { return plan }
            context.note(name)
            s.call.injected.append((name: "columns", value: .names(keep)))
            return .scan(s)
        case .join(let l, let r, let j):
            guard let needed, let keys = j.onKeys, let how = j.how, let suffix = j.suffix,
                  let ls = context.schema(of: l), let rs = context.schema(of: r) else {
                return .join(prune(l, needed: nil, context), prune(r, needed: nil, context), j)
            }
            var left = Set(keys), right = Set(keys)
            for n in ls.names where needed.contains(n) { left.insert(n) }
            if how == "inner" || how == "left" {
                for n in rs.names where !keys.contains(n) && needed.contains(ls.has(n) ? n + suffix : n) { right.insert(n) }
                // A right column renamed with the suffix stays renamed only while the left has its name.
                for n in rs.names where ls.has(n) { left.insert(n) }
            }
            return .join(prune(l, needed: left, context), prune(r, needed: right, context), j)
        default:
            let input = plan.inputs[0]
            let schema = context.schema(of: input)
            let below = inputNeeds(plan, needed, schema, context)
            return plan.replacingInputs([prune(input, needed: below, context)])
        }
    }

    /// What a single-input node needs from its input to give `needed` of its output.
    func inputNeeds(_ plan: LogicalPlan, _ needed: Set<String>?, _ schema: Schema?, _ context: OptimizerContext) -> Set<String>? {
        guard let schema else { return nil }
        func reads(_ exprs: [Expr]) -> Set<String>? {
            if exprs.contains(where: { ExpressionFacts.readsColumnsIndirectly($0, context.resolver, schema: schema) }) { return nil }
            return exprs.reduce(into: Set<String>()) { $0.formUnion(ExpressionFacts.mentionedNames($1)) }
        }
        let keys = Set(schema.groupKeys ?? [])
        switch plan {
        case .filter(_, let f):
            guard let needed, let r = reads(f.predicates) else { return nil }
            return needed.union(r).union(keys)
        case .mutate(_, let m):
            guard let needed, let r = reads(m.assignments.map(\.expr)) else { return nil }
            return needed.union(r).union(keys)
        case .sort(_, let s):
            guard let needed, let r = reads(s.call.arguments.map(\.value)) else { return nil }
            return needed.union(r).union(keys)
        case .slice:
            return needed.map { $0.union(keys) }
        case .rowOperation(_, let call):
            switch call.name {
            case "sample", "ungroup": return needed.map { $0.union(keys) }
            case "drop_null" where !call.positional.isEmpty:
                guard let needed, let r = reads(call.arguments.map(\.value)) else { return nil }
                return needed.union(r).union(keys)
            default: return nil
            }
        case .groupBy(_, let g):
            guard let needed, let r = reads(g.call.arguments.map(\.value)) else { return nil }
            return needed.union(r)
        case .aggregate(_, let a):
            // The output is keys (provided by the group_by below) and aggregates of the input.
            var exprs = a.call.arguments.map(\.value)
            if let f = a.fusedFilter { exprs += f.predicates }
            guard let r = reads(exprs) else { return nil }
            return r.union(keys)
        case .project(_, let call):
            guard call.arguments.allSatisfy({ a in
                var e = a.value
                if case .unary(.negate, let inner) = e.kind { e = inner }
                return SchemaInference.plainName(e) != nil
            }) else { return nil }
            let written = Set(call.arguments.compactMap { a -> String? in
                var e = a.value
                if case .unary(.negate, let inner) = e.kind { e = inner }
                return SchemaInference.plainName(e)
            })
            switch call.name {
            case "select":
                // select keeps only the chosen columns (or all but the excluded ones).
                let excludesOnly = call.arguments.allSatisfy { a in if case .unary(.negate, _) = a.value.kind { return true }; return false }
                if excludesOnly { return needed.map { $0.union(written).union(keys) } }
                return written.union(keys)
            case "drop":
                return needed.map { $0.union(written).union(keys) }
            default: // rename new = old: the output's new names come from the old ones
                guard let needed else { return nil }
                var out = needed.union(keys)
                for a in call.arguments {
                    if let new = a.name, let old = SchemaInference.plainName(a.value) {
                        out.insert(old)
                        if needed.contains(new) { out.insert(old) }
                    }
                }
                return out
            }
        case .distinct(_, let call):
            guard !call.arguments.isEmpty, let r = reads(call.arguments.map(\.value)) else { return nil }
            return r
        case .source, .scan, .join:
            return nil
        }
    }
}
