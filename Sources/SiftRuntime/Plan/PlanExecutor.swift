import SiftFrame
import SiftLanguage
import SiftPlan

/// Runs a `|>` chain through the plan: sources are evaluated, the binder checks every name
/// against the schemas (so a misspelled column fails before a file is read), the optimizer
/// rewrites, and each node runs through its builtin, so argument checks and error locations are
/// the builtin's own. Fused nodes run the engine's one-pass kernels (SiftFrame/Execute).
final class PlanExecutor {
    let session: Session
    let scope: Scope
    var interpreter: Interpreter { session.interpreter }
    private var sources: [Int: Value] = [:]

    init(session: Session, scope: Scope) {
        self.session = session
        self.scope = scope
    }

    /// Rules switched off for this session (`set_option("optimizer", 0)` switches all off; the
    /// differential tests compare results with and without each rule).
    static func optimizer(for session: Session) -> Optimizer {
        session.optimizerEnabled ? Optimizer(disabled: session.disabledRules) : Optimizer(disabled: Set(Optimizer.ruleNames))
    }

    /// Installs the planner as the interpreter's handler for `|>`.
    static func install(in session: Session) {
        session.interpreter.pipeFusion = { [unowned session] lhs, rhs, scope in
            var builder = PlanBuilder(session: session, scope: scope)
            guard let plan = builder.plan(lhs, rhs) else { return nil }
            return try PlanExecutor(session: session, scope: scope).run(plan)
        }
    }

    /// The checked, optimised plan and the rules that fired.
    func prepare(_ plan: LogicalPlan, evaluateSources: Bool = true) throws -> (LogicalPlan, OptimizerContext) {
        try evaluate(plan, all: evaluateSources)
        let resolver = ScopeNameResolver(interpreter: interpreter, scope: scope)
        let inference = SchemaInference { [sources] node in sources[node.id].flatMap(Self.schema) }
        try Binder(resolver: resolver, inference: inference).check(plan)
        let context = OptimizerContext(resolver: resolver, inference: inference)
        return (Self.optimizer(for: session).optimize(plan, context), context)
    }

    func run(_ plan: LogicalPlan) throws -> Value {
        let (optimised, _) = try prepare(plan)
        // A chain over remote frames runs in their engine, as one query.
        if let remote = try RemotePlanning.compile(optimised, sources: sources, session: session, scope: scope) { return .object(remote) }
        return try execute(optimised)
    }

    /// A source already evaluated (a verb called directly on a remote frame).
    func preset(_ id: Int, _ value: Value) { sources[id] = value }

    /// The remote frame an optimised plan compiles to, when its sources are remote (explain).
    func remote(_ optimised: LogicalPlan) throws -> RemoteFrame? {
        try RemotePlanning.compile(optimised, sources: sources, session: session, scope: scope)
    }

    /// Evaluates the plan's sources (left to right). With `all: false` (explain), only sources
    /// that are plain names, so explaining never runs a computation.
    func evaluate(_ plan: LogicalPlan, all: Bool) throws {
        for input in plan.inputs { try evaluate(input, all: all) }
        guard case .source(let s) = plan, sources[s.id] == nil else { return }
        if !all && s.expr.simpleName == nil && !Self.isTableCall(s.expr) { return }
        sources[s.id] = try interpreter.eval(s.expr, scope)
    }

    /// `table(conn, "name")` only asks the engine for the columns, so explain may run it.
    static func isTableCall(_ e: Expr) -> Bool {
        if case .call(let callee, _) = e.kind, callee.simpleName == "table" { return true }
        return false
    }

    static func schema(_ v: Value) -> Schema? {
        switch v {
        case .object(let rf as RemoteFrame): return Schema(names: rf.relation.names, groupKeys: rf.relation.groupKeys)
        case .frame(let f): return Schema(names: f.names)
        case .grouped(let g): return Schema(names: g.frame.names, groupKeys: g.keys)
        default: return nil
        }
    }

    // MARK: running nodes

    func execute(_ plan: LogicalPlan) throws -> Value {
        switch plan {
        case .source(let s):
            guard let v = sources[s.id] else { return try interpreter.eval(s.expr, scope) }
            return v
        case .scan(let s):
            return try call(s.call, input: nil)
        case .filter(let i, let f): return try call(f.call, input: execute(i))
        case .mutate(let i, let m): return try call(m.call, input: execute(i))
        case .project(let i, let c): return try call(c, input: execute(i))
        case .groupBy(let i, let g): return try call(g.call, input: execute(i))
        case .sort(let i, let s): return try call(s.call, input: execute(i))
        case .slice(let i, let s): return try call(s.call, input: execute(i))
        case .distinct(let i, let c): return try call(c, input: execute(i))
        case .rowOperation(let i, let c): return try call(c, input: execute(i))
        case .join(let l, let r, let j):
            let left = try execute(l)
            return try call(j.call, input: left, extra: [try execute(r)])
        case .aggregate(let i, let a):
            if let f = a.fusedFilter, case .groupBy(let filtered, let g) = i {
                return try aggregateFiltered(source: filtered, filter: f, group: g, aggregate: a)
            }
            if a.throughJoin, case .groupBy(let joined, let g) = i, case .join(let l, let r, let j) = joined {
                return try aggregateThroughJoin(l, r, j, group: g, aggregate: a)
            }
            return try call(a.call, input: execute(i))
        }
    }

    /// Calls the verb's builtin with `input` piped in (nil for a reader), then the written
    /// arguments, then those the optimizer added.
    func call(_ c: VerbCall, input: Value?, extra: [Value] = [], builtin: Builtin? = nil) throws -> Value {
        guard let b = builtin ?? interpreter.builtins[c.name] else {
            throw SiftError(.runtime, "unknown function '\(c.name)'", at: c.callee.span)
        }
        var positional: [ArgumentValue] = ((input.map { [$0] } ?? []) + extra).map { ArgumentValue.value($0) }
        var order: [ArgumentSlot] = positional.indices.map { .positional($0) }
        var named: [(String, ArgumentValue, SourceSpan)] = []
        for a in c.arguments {
            if let n = a.name {
                order.append(.named(named.count))
                named.append((n, .expr(a.value), a.span))
            } else {
                order.append(.positional(positional.count))
                positional.append(.expr(a.value))
            }
        }
        for (n, v) in c.injected {
            order.append(.named(named.count))
            named.append((n, .value(Self.value(v)), c.span))
        }
        return try interpreter.call((b, c.callee.span), positional: positional, named: named, scope: scope, span: c.span, order: order)
    }

    static func value(_ v: InjectedValue) -> Value {
        switch v {
        case .int(let n): return .int(Int64(n))
        case .names(let names): return .list(names.map { .string($0) })
        }
    }

    /// filter → group_by → summarize with the filter's kept rows aggregated in place.
    func aggregateFiltered(source: LogicalPlan, filter: FilterNode, group: GroupByNode, aggregate: AggregateNode) throws -> Value {
        let input = try execute(source)
        guard case .frame(let f) = input, f.rowCount <= RowSelection.maxRows,
              let keys = group.plainKeys, keys.allSatisfy({ f.hasColumn($0) }),
              let summarize = interpreter.builtins[aggregate.call.name] else {
            let filtered = try call(filter.call, input: input)
            return try call(aggregate.call, input: try call(group.call, input: filtered))
        }
        try Interrupt.check()
        let mask = try interpreter.at(filter.call.span) {
            try Verbs.filterMask(f, filter.predicates) { try self.interpreter.eval($0, Scope(env: self.scope.env, mask: f)) }
        }
        let selection = try mask.map { m in try interpreter.at(filter.call.span) { try RowSelection.rows(mask: m) } }
        // The summarize builtin's own argument handling, reading the kept rows in place.
        let fused = summarize.rebound { ctx in .frame(try Summarizer.summarize(f, keys: keys, ctx, selection: selection)) }
        return try call(aggregate.call, input: .grouped(GroupedFrame(frame: f, keys: keys)), builtin: fused)
    }

    /// join(dim, on: key) → group_by → summarize reading the dimension through the join's row
    /// map when its key is unique; else the plain join.
    func aggregateThroughJoin(_ l: LogicalPlan, _ r: LogicalPlan, _ j: JoinNode, group: GroupByNode, aggregate: AggregateNode) throws -> Value {
        let input = try execute(l)
        let dimension = try execute(r)
        func plain() throws -> Value {
            let joined = try call(j.call, input: input, extra: [dimension])
            return try call(aggregate.call, input: try call(group.call, input: joined))
        }
        guard let key = j.onKeys?.first, let groupNames = group.plainKeys, let how = j.how.flatMap(JoinKind.init(rawValue:)),
              case .frame(let left) = input, case .frame(let right) = dimension, left.hasColumn(key), right.hasColumn(key),
              let summarize = interpreter.builtins[aggregate.call.name],
              let dj = DimensionJoin(left: left, right: right, on: (key, key), how: how) else { return try plain() }
        // The joined frame's column names: the left's as they are, the right's (but the key)
        // with "_right" where the left has the name.
        var columns: [String: (column: Column, fromRight: Bool)] = [:]
        var unique = true
        for c in left.columns { columns[c.name] = (c, false) }
        for c in right.columns where c.name != key {
            let name = left.hasColumn(c.name) ? c.name + "_right" : c.name
            if columns[name] != nil { unique = false }
            columns[name] = (c, true)
        }
        var keys: [(column: Column, fromRight: Bool)] = []
        for n in groupNames {
            guard let s = columns[n] else { unique = false; break }
            keys.append(s)
        }
        guard unique, let index = dj.groupIndex(keys) else { return try plain() }
        try Interrupt.check()
        let keyColumns = zip(keys, groupNames).map { dj.keyValues($0.0, index: index).renamed($0.1) }
        let fused = summarize.rebound { ctx in
            let items = try Summarizer.items(ctx)
            // Simple aggregates of left columns read the left table in place; anything else sees
            // the materialised join.
            return .frame(try Summarizer.summarize(items, source: dj.left, index: index, keyColumns: keyColumns, ctx) {
                try Joining.join(dj.left, dj.right, on: [(key, key)], how: how)
            })
        }
        return try call(aggregate.call, input: .grouped(GroupedFrame(frame: dj.left, keys: groupNames)), builtin: fused)
    }
}
