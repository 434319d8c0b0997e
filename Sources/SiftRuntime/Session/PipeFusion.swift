import SiftFrame
import SiftLanguage

/// Pipelines evaluated as one step when that saves work without changing the result:
/// - `… |> sort(keys) |> head(n)` becomes `sort(keys, limit: n)`: a heap finds the first n rows
///   in one pass and only they are gathered (the top-N plan of SQL engines);
/// - `… |> filter(conds) |> group_by(keys) |> summarize(aggs)` aggregates the rows the filter
///   keeps in place through a selection vector, without materialising the filtered frame.
enum PipeFusion {
    static func install(in interpreter: Interpreter) {
        interpreter.pipeFusion = { [unowned interpreter] lhs, rhs, scope in
            if let v = try sortHead(interpreter, lhs, rhs, scope) { return v }
            return try filterSummarize(interpreter, lhs, rhs, scope)
        }
    }

    /// The builtin called, when it is one of `names` and no user definition shadows it.
    static func builtin(_ interpreter: Interpreter, _ call: Expr, _ names: Set<String>, _ scope: Scope) -> (Builtin, Expr, [Argument])? {
        guard case .call(let callee, let args) = call.kind, case .name(let name) = callee.kind, names.contains(name),
              scope.env.lookup(name) == nil, let b = interpreter.builtins[name] else { return nil }
        return (b, callee, args)
    }

    static func sortHead(_ interpreter: Interpreter, _ lhs: Expr, _ rhs: Expr, _ scope: Scope) throws -> Value? {
        guard case .call(let headCallee, let headArgs) = rhs.kind, case .name("head") = headCallee.kind,
              scope.env.lookup("head") == nil else { return nil }
        var n: Int64 = 5
        switch headArgs.count {
        case 0: break
        case 1:
            guard headArgs[0].name == nil || headArgs[0].name == "n", case .int(let v) = headArgs[0].value.kind, v >= 0 else { return nil }
            n = v
        default: return nil
        }
        guard case .pipe(let source, let sortCall) = lhs.kind,
              let (sort, sortCallee, sortArgs) = builtin(interpreter, sortCall, ["sort", "arrange"], scope),
              !sortArgs.contains(where: { $0.name == "limit" }) else { return nil }
        let input = try interpreter.eval(source, scope)
        var positional: [ArgumentValue] = [.value(input)]
        var named: [(String, ArgumentValue, SourceSpan)] = []
        for a in sortArgs {
            if let name = a.name { named.append((name, .expr(a.value), a.span)) } else { positional.append(.expr(a.value)) }
        }
        named.append(("limit", .value(.int(n)), rhs.span))
        return try interpreter.call((sort, sortCallee.span), positional: positional, named: named, scope: scope, span: sortCall.span)
    }

    static func filterSummarize(_ interpreter: Interpreter, _ lhs: Expr, _ rhs: Expr, _ scope: Scope) throws -> Value? {
        guard let (summarize, sumCallee, sumArgs) = builtin(interpreter, rhs, ["summarize", "summarise"], scope),
              case .pipe(let middle, let groupCall) = lhs.kind,
              let (_, _, groupArgs) = builtin(interpreter, groupCall, ["group_by"], scope),
              !groupArgs.isEmpty, groupArgs.allSatisfy({ $0.name == nil }),
              case .pipe(let source, let filterCall) = middle.kind,
              let (_, _, filterArgs) = builtin(interpreter, filterCall, ["filter"], scope),
              !filterArgs.isEmpty, filterArgs.allSatisfy({ $0.name == nil }) else { return nil }
        let input = try interpreter.eval(source, scope)
        // Only plain frames and key columns named outright; anything else runs as written.
        var keys: [String] = []
        var fusable = false
        if case .frame(let f) = input, f.rowCount <= RowSelection.maxRows {
            fusable = true
            for a in groupArgs {
                switch a.value.kind {
                case .name(let n) where f.hasColumn(n): keys.append(n)
                case .string(let s) where f.hasColumn(s): keys.append(s)
                default: fusable = false
                }
            }
        }
        guard fusable, case .frame(let f) = input else {
            let filtered = try callPiped(interpreter, filterCall, input, scope)
            let grouped = try callPiped(interpreter, groupCall, filtered, scope)
            return try callPiped(interpreter, rhs, grouped, scope)
        }
        try Interrupt.check()
        let mask = try interpreter.at(filterCall.span) {
            try Verbs.filterMask(f, filterArgs.map(\.value)) { try interpreter.eval($0, Scope(env: scope.env, mask: f)) }
        }
        let selection = try mask.map { m in try interpreter.at(filterCall.span) { try RowSelection.rows(mask: m) } }
        // The summarize builtin's own argument handling, reading the kept rows in place.
        let fused = Builtin(name: summarize.name, signature: summarize.signature, summary: summarize.summary, example: summarize.example,
                            category: summarize.category, parameters: summarize.parameters, evaluation: summarize.evaluation) { ctx in
            .frame(try Summarizer.summarize(f, keys: keys, ctx, selection: selection))
        }
        let input2: Value = .grouped(GroupedFrame(frame: f, keys: keys))
        return try interpreter.call((fused, sumCallee.span), positional: [.value(input2)] + sumArgs.filter { $0.name == nil }.map { .expr($0.value) },
                                    named: sumArgs.compactMap { a in a.name.map { ($0, ArgumentValue.expr(a.value), a.span) } },
                                    scope: scope, span: rhs.span, order: writtenOrder(sumArgs))
    }

    /// `input |> call(args)` with the input already evaluated, as the interpreter runs a pipe.
    static func callPiped(_ interpreter: Interpreter, _ call: Expr, _ input: Value, _ scope: Scope) throws -> Value {
        guard case .call(let calleeExpr, let args) = call.kind, case .name(let name) = calleeExpr.kind,
              let b = interpreter.builtins[name] else {
            throw SiftError(.runtime, "cannot call this", at: call.span)
        }
        return try interpreter.call((b, calleeExpr.span), positional: [.value(input)] + args.filter { $0.name == nil }.map { .expr($0.value) },
                                    named: args.compactMap { a in a.name.map { ($0, ArgumentValue.expr(a.value), a.span) } },
                                    scope: scope, span: call.span, order: writtenOrder(args))
    }

    /// Argument slots in the order written, the piped value first (as the interpreter records them).
    static func writtenOrder(_ args: [Argument]) -> [ArgumentSlot] {
        var order: [ArgumentSlot] = [.positional(0)]
        var p = 1, n = 0
        for a in args {
            if a.name == nil { order.append(.positional(p)); p += 1 } else { order.append(.named(n)); n += 1 }
        }
        return order
    }
}
