import SiftFrame
import SiftIO
import SiftLanguage
import SiftPlan

/// Turns a `|>` chain of verbs into a logical plan. The chain is read from its last verb back
/// to the first one that is not a plannable verb (or is shadowed by a user definition); what
/// lies left of that is the plan's source: a file read becomes a scan, anything else is
/// evaluated as usual (and may itself be a planned chain).
struct PlanBuilder {
    let session: Session
    let scope: Scope
    var interpreter: Interpreter { session.interpreter }

    /// The node kind each plannable verb becomes (by canonical name).
    enum Kind { case filter, mutate, project, groupBy, aggregate, sort, slice, join, distinct, rows }
    static let verbs: [String: Kind] = [
        "filter": .filter, "mutate": .mutate, "select": .project, "drop": .project, "rename": .project,
        "group_by": .groupBy, "summarize": .aggregate, "sort": .sort, "head": .slice, "tail": .slice,
        "join": .join, "distinct": .distinct, "drop_null": .rows, "sample": .rows, "ungroup": .rows,
    ]
    /// Readers that become scans, and whether they take `columns:` (so a projection can be pushed in).
    static let readers: [String: Bool] = ["read_csv": true, "read_parquet": true, "read_excel": false, "read_json": false]

    private var nextSource = 0

    init(session: Session, scope: Scope) {
        self.session = session
        self.scope = scope
    }

    /// The builtin a call names, when it is one and no variable shadows it.
    func builtin(_ e: Expr) -> (Builtin, Expr, [Argument])? {
        guard case .call(let callee, let args) = e.kind, case .name(let name) = callee.kind,
              scope.env.lookup(name) == nil, let b = interpreter.builtins[name] else { return nil }
        return (b, callee, args)
    }

    func verbCall(_ e: Expr) -> (Kind, VerbCall)? {
        guard let (b, callee, args) = builtin(e), let kind = Self.verbs[b.name] else { return nil }
        return (kind, VerbCall(name: b.name, callee: callee, arguments: args, span: e.span))
    }

    /// The plan of `lhs |> rhs`, or nil when `rhs` is not a plannable verb.
    mutating func plan(_ lhs: Expr, _ rhs: Expr) -> LogicalPlan? {
        guard verbCall(rhs) != nil else { return nil }
        var steps: [Expr] = [rhs]
        var left = lhs
        while case .pipe(let a, let b) = left.kind, verbCall(b) != nil {
            steps.append(b)
            left = a
        }
        var plan = leaf(left)
        for step in steps.reversed() {
            guard let (kind, call) = verbCall(step) else { continue }
            plan = node(kind, call, input: plan)
        }
        return plan
    }

    mutating func leaf(_ e: Expr) -> LogicalPlan {
        if let (b, callee, args) = builtin(e), let takesColumns = Self.readers[b.name] {
            let call = VerbCall(name: b.name, callee: callee, arguments: args, span: e.span)
            return .scan(ScanNode(call: call, fileColumns: peekColumns(call), acceptsColumns: takesColumns && call.argument("columns") == nil))
        }
        nextSource += 1
        return .source(SourceNode(expr: e, id: nextSource))
    }

    mutating func node(_ kind: Kind, _ call: VerbCall, input: LogicalPlan) -> LogicalPlan {
        switch kind {
        case .filter: return .filter(input, FilterNode(call: call))
        case .mutate: return .mutate(input, MutateNode(call: call))
        case .project: return .project(input, call)
        case .groupBy: return .groupBy(input, GroupByNode(call: call))
        case .aggregate: return .aggregate(input, AggregateNode(call: call))
        case .sort: return .sort(input, SortNode(call: call))
        case .slice: return .slice(input, SliceNode(call: call))
        case .distinct: return .distinct(input, call)
        case .rows: return .rowOperation(input, call)
        case .join:
            // join(right, …): the right frame is a source of its own; the call keeps the rest.
            guard let right = call.positional.first else { return .rowOperation(input, call) }
            var rest = call
            var dropped = false
            rest.arguments = call.arguments.filter { a in
                if !dropped, a.name == nil { dropped = true; return false }
                return true
            }
            var node = JoinNode(call: rest)
            // on: a variable holding names is resolved when run.
            if let on = call.argument("on"), ExpressionFacts.valueNames(on.value, ScopeNameResolver(interpreter: interpreter, scope: scope)).contains(where: { scope.env.lookup($0.0) != nil }) {
                node.indirectKeys = true
            }
            // The right side is planned too: a file read becomes a scan, a chain a sub-plan.
            var rightPlan: LogicalPlan
            if case .pipe(let a, let b) = right.value.kind, let sub = plan(a, b) { rightPlan = sub } else { rightPlan = leaf(right.value) }
            return .join(input, rightPlan, node)
        }
    }

    /// The columns a file read will produce, from the file's first bytes (CSV header) or footer
    /// (Parquet), when the path and the options that shape the header are literals.
    func peekColumns(_ call: VerbCall) -> [String]? {
        guard let first = call.positional.first, case .string(let path) = first.value.kind,
              path != "-", !HTTPFetch.isURL(path) else { return nil }
        switch call.name {
        case "read_csv":
            var options = CSVOptions()
            for a in call.named {
                switch (a.name!, a.value.kind) {
                case ("header", .bool(let b)): options.header = b
                case ("skip", .int(let n)): options.skip = Int(n)
                case ("delimiter", .string(let d)):
                    let named = ["tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"]
                    guard let byte = (named[d] ?? d).utf8.first, (named[d] ?? d).utf8.count == 1 else { return nil }
                    options.delimiter = byte
                case ("header", _), ("skip", _), ("delimiter", _), ("max_columns", _): return nil
                default: break
                }
            }
            return try? session.withResolvedPath(path) { p -> [String]? in
                guard !Input.isCompressedLocalFile(p) else { return nil }
                return CSVReader.columnNames(path: p, options: options)
            }
        case "read_parquet":
            return try? session.withResolvedPath(path) { p -> [String]? in
                guard !Input.isCompressedLocalFile(p), let source = try? ParquetSource(path: p, display: path) else { return nil }
                return try? source.schema().map(\.name)
            }
        default:
            return nil
        }
    }
}
