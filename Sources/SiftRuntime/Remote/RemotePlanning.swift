import SiftFrame
import SiftLanguage
import SiftPlan
import SiftRender
import SiftSQL

/// Where verbs meet remote frames. A `|>` chain whose sources are remote frames of one
/// connection compiles, whole, to one SQL query and gives a new (lazy) remote frame; a verb
/// called directly (`filter(rf, x > 0)`) becomes the same one-step plan. A local function given a
/// remote frame collects it, up to `remote.collect_rows` rows.
enum RemotePlanning {
    /// The id of the source a directly called verb reads (PlanBuilder numbers its own from 1).
    static let directSource = -1

    static func install(in session: Session) {
        let interpreter = session.interpreter
        interpreter.callInterceptor = { [unowned session] b, ctx in
            try directVerb(b, ctx, session)
        }
        interpreter.frameAdapter = { [unowned session] o, span in
            guard let rf = o as? RemoteFrame else { return nil }
            let limit = session.limits.remoteCollectRows
            let rows = try RemotePlanning.engine { try rf.count() }
            guard rows <= limit else {
                throw SiftError(.runtime, "this remote frame has \(CellText.grouped(rows)) rows, more than the \(CellText.grouped(limit)) a local function collects by itself", at: span,
                                hint: "sample() it on the engine first (rf |> sample(100000)), collect() it explicitly, or raise set_option(\"remote.collect_rows\", n)")
            }
            return try RemotePlanning.engine { try rf.collect() }
        }
    }

    static func engine<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SQLEngineError { throw FrameError(e.message) }
    }

    /// `filter(rf, …)`, `join(rf, other, …)`: a plannable verb whose first argument is a
    /// remote frame (a value, or a variable holding one) runs as a one-step plan.
    static func directVerb(_ b: Builtin, _ ctx: CallContext, _ session: Session) throws -> Value? {
        guard b.evaluation == .lazy, let kind = PlanBuilder.verbs[b.name], let first = ctx.positional.first else { return nil }
        let input: Value
        switch first {
        case .value(let v): input = v
        case .expr(let e):
            guard let n = e.simpleName, let v = ctx.scope.env.lookup(n) else { return nil }
            input = v
        }
        guard case .object(let o) = input, o is RemoteFrame else { return nil }
        var arguments: [Argument] = []
        for a in ctx.arguments where a.slot != .positional(0) {
            guard case .expr(let e) = a.value else { return nil }
            arguments.append(Argument(name: a.name, value: e, span: a.span))
        }
        let call = VerbCall(name: b.name, callee: Expr(.name(b.name), ctx.span), arguments: arguments, span: ctx.span)
        var builder = PlanBuilder(session: session, scope: ctx.scope)
        let source = LogicalPlan.source(SourceNode(expr: ctx.expr(0) ?? Expr(.name(b.name), ctx.span), id: directSource))
        let plan = builder.node(kind, call, input: source)
        let executor = PlanExecutor(session: session, scope: ctx.scope)
        executor.preset(directSource, input)
        return try executor.run(plan)
    }

    /// The remote frame a plan's sources make it, compiled; nil when no source is remote.
    static func compile(_ plan: LogicalPlan, sources: [Int: Value], session: Session, scope: Scope) throws -> RemoteFrame? {
        var remote: [RemoteFrame] = []
        var local: [SourceSpan] = []
        func visit(_ p: LogicalPlan) {
            switch p {
            case .source(let s):
                if case .object(let rf as RemoteFrame)? = sources[s.id] { remote.append(rf) } else { local.append(s.expr.span) }
            case .scan(let s): local.append(s.call.span)
            default: for i in p.inputs { visit(i) }
            }
        }
        visit(plan)
        guard let first = remote.first else { return nil }
        if let span = local.first {
            throw SiftError(.runtime, "this pipeline mixes a remote frame with a local one", at: span,
                            hint: "write_table() the local frame to the connection first, or collect() the remote one")
        }
        for rf in remote where rf.connection !== first.connection {
            throw SiftError(.runtime, "this pipeline joins frames of two connections (\(first.engine.displayName) and \(rf.engine.displayName))", at: nil,
                            hint: "write_table() one side to the other connection, or collect() both")
        }
        let interpreter = session.interpreter
        let compiler = PlanCompiler(
            dialect: first.dialect,
            leaf: { node in
                guard case .object(let rf as RemoteFrame)? = sources[node.id] else {
                    throw SQLCompileError("this source is not a remote frame", at: node.expr.span)
                }
                return rf.relation
            },
            variable: { name in scope.env.lookup(name) },
            builtin: { name in scope.env.lookup(name) == nil ? interpreter.builtins[name]?.name : nil },
            constant: { e in try interpreter.eval(e, scope) })
        do {
            return RemoteFrame(connection: first.connection, relation: try compiler.compile(plan), session: session)
        } catch let e as SQLCompileError {
            throw e.siftError
        }
    }

    /// `explain` of a remote pipeline: the SQL sent and the engine's own plan.
    static func explain(_ rf: RemoteFrame) throws -> String {
        var out = "remote pipeline on \(rf.engine.displayName), compiled to \(rf.dialect.name) SQL:\n" + rf.sql + "\n"
        let plan = try engine { try rf.engine.explainQuery(rf.sql) }
        if !plan.isEmpty { out += "engine plan:\n" + plan + "\n" }
        return out
    }
}
