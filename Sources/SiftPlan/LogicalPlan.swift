import SiftLanguage

/// A verb as the user wrote it: the builtin's name, the callee (for its span) and the arguments
/// after the piped input. Executing a node calls the builtin with these arguments, so argument
/// checks, defaults and error locations stay the builtin's own; the plan decides what runs,
/// in which order and on which input.
public struct VerbCall {
    public let name: String
    public let callee: Expr
    /// Rules may rewrite them (constant folding, merged filters); spans stay the written ones.
    public var arguments: [Argument]
    /// The whole call `f(…)`, where errors about the call as a whole point.
    public let span: SourceSpan
    /// Arguments the optimizer added (e.g. `columns:` on a scan, `limit:` on a sort), passed
    /// after the written ones.
    public var injected: [(name: String, value: InjectedValue)] = []

    public init(name: String, callee: Expr, arguments: [Argument], span: SourceSpan) {
        self.name = name
        self.callee = callee
        self.arguments = arguments
        self.span = span
    }

    public var positional: [Argument] { arguments.filter { $0.name == nil } }
    public var named: [Argument] { arguments.filter { $0.name != nil } }
    public func argument(_ name: String) -> Argument? { arguments.first { $0.name == name } }

    /// Verbs whose named arguments are new columns, written `name = expr`.
    static let assignStyle: Set<String> = ["mutate", "summarize", "rename", "select", "group_by"]

    /// The call as it will run (after rewrites), for `explain`.
    public var text: String {
        var parts = ExpressionText.arguments(arguments, assignStyle: Self.assignStyle.contains(name))
        for (n, v) in injected { parts += (parts.isEmpty ? "" : ", ") + "\(n): \(v)" }
        return name + "(" + parts + ")"
    }
}

/// A value the optimizer passes to a builtin in place of a written argument.
public enum InjectedValue: CustomStringConvertible {
    case int(Int)
    case names([String])
    public var description: String {
        switch self {
        case .int(let n): return String(n)
        case .names(let n): return "[" + n.joined(separator: ", ") + "]"
        }
    }
}

/// A `|>` chain as a tree of typed operators, leaves first. Built from the syntax by the
/// runtime's planner, checked against schemas by `Binder` before anything runs, rewritten by the
/// optimizer's rules and run by the executor. Every node keeps the call it came from, so errors
/// still point at the character the user wrote.
public indirect enum LogicalPlan {
    /// A value computed by ordinary evaluation (a variable, a function call, a non-plannable
    /// pipe); its schema is known once evaluated.
    case source(SourceNode)
    /// A file read (`read_csv`, `read_parquet`, …) whose columns can be chosen before reading.
    case scan(ScanNode)
    case filter(LogicalPlan, FilterNode)
    case mutate(LogicalPlan, MutateNode)
    /// `select`, `drop` and `rename`: columns chosen, dropped or renamed; rows untouched.
    case project(LogicalPlan, VerbCall)
    case groupBy(LogicalPlan, GroupByNode)
    case aggregate(LogicalPlan, AggregateNode)
    case sort(LogicalPlan, SortNode)
    /// `head(n)` / `tail(n)`.
    case slice(LogicalPlan, SliceNode)
    case join(LogicalPlan, LogicalPlan, JoinNode)
    case distinct(LogicalPlan, VerbCall)
    /// Any other verb that keeps the columns (`drop_null`, `sample`, `ungroup`): runs as written.
    case rowOperation(LogicalPlan, VerbCall)

    /// The inputs of this node, leftmost first.
    public var inputs: [LogicalPlan] {
        switch self {
        case .source, .scan: return []
        case .filter(let i, _), .mutate(let i, _), .project(let i, _), .groupBy(let i, _), .aggregate(let i, _),
             .sort(let i, _), .slice(let i, _), .distinct(let i, _), .rowOperation(let i, _): return [i]
        case .join(let l, let r, _): return [l, r]
        }
    }

    /// The same node over new inputs (same count and order as `inputs`).
    public func replacingInputs(_ new: [LogicalPlan]) -> LogicalPlan {
        switch self {
        case .source, .scan: return self
        case .filter(_, let n): return .filter(new[0], n)
        case .mutate(_, let n): return .mutate(new[0], n)
        case .project(_, let n): return .project(new[0], n)
        case .groupBy(_, let n): return .groupBy(new[0], n)
        case .aggregate(_, let n): return .aggregate(new[0], n)
        case .sort(_, let n): return .sort(new[0], n)
        case .slice(_, let n): return .slice(new[0], n)
        case .distinct(_, let n): return .distinct(new[0], n)
        case .rowOperation(_, let n): return .rowOperation(new[0], n)
        case .join(_, _, let n): return .join(new[0], new[1], n)
        }
    }

    /// Applies `rewrite` to every node, inputs first (bottom-up).
    public func transformUp(_ rewrite: (LogicalPlan) -> LogicalPlan) -> LogicalPlan {
        let rebuilt = inputs.isEmpty ? self : replacingInputs(inputs.map { $0.transformUp(rewrite) })
        return rewrite(rebuilt)
    }

    /// Applies `rewrite` to every node, this one first (top-down); the rewritten node's inputs
    /// are visited next.
    public func transformDown(_ rewrite: (LogicalPlan) -> LogicalPlan) -> LogicalPlan {
        let top = rewrite(self)
        return top.inputs.isEmpty ? top : top.replacingInputs(top.inputs.map { $0.transformDown(rewrite) })
    }

    /// Number of nodes, for tests and explain's summary.
    public var nodeCount: Int { 1 + inputs.reduce(0) { $0 + $1.nodeCount } }
}

public struct SourceNode {
    public let expr: Expr
    /// Identifies the source's value in the executor (a chain with a join has two sources).
    public let id: Int
    public init(expr: Expr, id: Int) {
        self.expr = expr
        self.id = id
    }
}

public struct ScanNode {
    public var call: VerbCall
    /// The file's columns as its header or footer declares them, read before any data (nil when
    /// the place cannot be peeked: standard input, a URL, a compressed file).
    public var fileColumns: [String]?
    /// Whether the reader takes `columns:` (so a projection can be pushed into it).
    public var acceptsColumns: Bool
    public init(call: VerbCall, fileColumns: [String]?, acceptsColumns: Bool) {
        self.call = call
        self.fileColumns = fileColumns
        self.acceptsColumns = acceptsColumns
    }
    /// The columns the optimizer chose to read (nil = all).
    public var projected: [String]? {
        for (n, v) in call.injected where n == "columns" { if case .names(let c) = v { return c } }
        return nil
    }
}

public struct FilterNode {
    public var call: VerbCall
    /// The conditions, ANDed.
    public var predicates: [Expr] { call.positional.map(\.value) }
    public init(call: VerbCall) { self.call = call }
}

public struct MutateNode {
    public var call: VerbCall
    public var assignments: [(name: String, expr: Expr)] { call.named.map { ($0.name!, $0.value) } }
    public init(call: VerbCall) { self.call = call }
}

public struct GroupByNode {
    public var call: VerbCall
    public init(call: VerbCall) { self.call = call }
    /// Keys written as plain names or quoted names (nil when any key is computed or indirect).
    public var plainKeys: [String]? {
        guard call.named.isEmpty, !call.positional.isEmpty else { return nil }
        var keys: [String] = []
        for a in call.positional {
            switch a.value.kind {
            case .name(let n), .string(let n): keys.append(n)
            default: return nil
            }
        }
        return keys
    }
}

public struct AggregateNode {
    public var call: VerbCall
    /// Conditions of a filter fused into the aggregation: the kept rows are aggregated in place.
    public var fusedFilter: FilterNode?
    /// Set when the group keys and aggregates can be read through a join with a small dimension
    /// table instead of materialising the joined frame (decided finally at run time).
    public var throughJoin = false
    public init(call: VerbCall) { self.call = call }
}

public struct SortNode {
    public var call: VerbCall
    /// Only the first `limit` rows are wanted (a heap over one pass instead of a full sort).
    public var limit: Int?
    /// The `head(n)` the limit came from, for explain.
    public var limitFrom: VerbCall?
    public init(call: VerbCall) { self.call = call }
}

public struct SliceNode {
    public var call: VerbCall
    public var fromEnd: Bool { call.name == "tail" }
    /// The literal row count, when written as one (head(10), head(n: 10), head()).
    public var literalCount: Int? {
        let args = call.arguments
        if args.isEmpty { return 5 }
        guard args.count == 1, args[0].name == nil || args[0].name == "n", case .int(let v) = args[0].value.kind else { return nil }
        return Int(v)
    }
    public init(call: VerbCall) { self.call = call }
}

public struct JoinNode {
    /// The join call without its first argument (the right frame, a source of its own).
    public var call: VerbCall
    /// `on:` names a variable holding the key names: known only when run.
    public var indirectKeys = false
    public init(call: VerbCall) { self.call = call }
    /// The key names of `on: key` or `on: [a, b]` written out (nil otherwise).
    public var onKeys: [String]? {
        guard !indirectKeys, let on = call.argument("on") else { return nil }
        switch on.value.kind {
        case .name(let n), .string(let n): return [n]
        case .list(let items):
            var out: [String] = []
            for i in items {
                switch i.kind {
                case .name(let n), .string(let n): out.append(n)
                default: return nil
                }
            }
            return out
        default: return nil
        }
    }
    /// `how:` when written as a literal (inner when absent; nil when computed).
    public var how: String? {
        guard let h = call.argument("how") else { return "inner" }
        if case .string(let s) = h.value.kind { return s.lowercased() }
        return nil
    }
    public var suffix: String? {
        guard let s = call.argument("suffix") else { return "_right" }
        if case .string(let t) = s.value.kind { return t }
        return nil
    }
}
