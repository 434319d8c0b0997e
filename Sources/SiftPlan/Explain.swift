/// The plan as an indented tree, one node per line, the data source last: what `explain(…)` and
/// `:explain` print. Each line names the operator and the call it runs; what the optimizer
/// changed is said on the node (a fused filter, a limit, the columns a scan reads).
public enum Explain {
    public static func text(_ plan: LogicalPlan, fired: [String]? = nil, schema: Schema? = nil) -> String {
        var lines: [String] = []
        render(plan, prefix: "", childPrefix: "", into: &lines)
        if let schema { lines.append("output columns: " + schema.names.joined(separator: ", ")) }
        if let fired { lines.append("optimizer rules applied: " + (fired.isEmpty ? "none" : fired.joined(separator: ", "))) }
        return lines.joined(separator: "\n")
    }

    static func render(_ plan: LogicalPlan, prefix: String, childPrefix: String, into lines: inout [String]) {
        lines.append(prefix + label(plan))
        let inputs = plan.inputs
        for (i, input) in inputs.enumerated() {
            let last = i == inputs.count - 1
            render(input, prefix: childPrefix + (last ? "└─ " : "├─ "), childPrefix: childPrefix + (last ? "   " : "│  "), into: &lines)
        }
    }

    static func label(_ plan: LogicalPlan) -> String {
        func line(_ text: String, _ notes: [String]) -> String { notes.isEmpty ? text : text + "   [" + notes.joined(separator: "; ") + "]" }
        switch plan {
        case .source(let s): return line(s.expr.sourceText, ["source"])
        case .scan(let s):
            var notes = ["scan"]
            if let p = s.projected, let all = s.fileColumns { notes.append("reads \(p.count) of \(all.count) columns") }
            return line(s.call.text, notes)
        case .filter(_, let f): return line(f.call.text, [])
        case .mutate(_, let m): return line(m.call.text, [])
        case .project(_, let c): return line(c.text, [])
        case .groupBy(_, let g): return line(g.call.text, [])
        case .aggregate(_, let a):
            var notes: [String] = []
            if let f = a.fusedFilter { notes.append("filter fused: " + f.predicates.map(ExpressionText.text).joined(separator: ", ")) }
            if a.throughJoin { notes.append("reads through the join") }
            return line(a.call.text, notes)
        case .sort(_, let s):
            return line(s.call.text, s.limit.map { ["top \($0): one pass with a heap"] } ?? [])
        case .slice(_, let s): return line(s.call.text, [])
        case .join(_, _, let j): return line(j.call.text, ["right side below"])
        case .distinct(_, let c): return line(c.text, [])
        case .rowOperation(_, let c): return line(c.text, [])
        }
    }
}
