import SiftFrame
import SiftLanguage

/// Pipelines evaluated as one step when that saves work without changing the result:
/// - `… |> sort(keys) |> head(n)` becomes `sort(keys, limit: n)`: a heap finds the first n rows
///   in one pass and only they are gathered (the top-N plan of SQL engines);
/// - `… |> filter(conds) |> group_by(keys) |> summarize(aggs)` aggregates the rows the filter
///   keeps in place through a selection vector, without materialising the filtered frame;
/// - `… |> join(dim, on: key) |> group_by(keys) |> summarize(aggs)` with a small, unique-keyed
///   `dim` reads the dimension's columns through the join (`DimensionJoin`) instead of copying
///   them onto every row.
enum PipeFusion {
    static func install(in interpreter: Interpreter) {
        interpreter.pipeFusion = { [unowned interpreter] lhs, rhs, scope in
            if let v = try sortHead(interpreter, lhs, rhs, scope) { return v }
            if let v = try joinSummarize(interpreter, lhs, rhs, scope) { return v }
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
        // After group_by, head(n) is per group: sort, then the first n rows of every group.
        if case .grouped = input {
            return try callPiped(interpreter, rhs, try callPiped(interpreter, sortCall, input, scope), scope)
        }
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
        let fused = summarize.rebound { ctx in .frame(try Summarizer.summarize(f, keys: keys, ctx, selection: selection)) }
        let input2: Value = .grouped(GroupedFrame(frame: f, keys: keys))
        return try interpreter.call((fused, sumCallee.span), positional: [.value(input2)] + sumArgs.filter { $0.name == nil }.map { .expr($0.value) },
                                    named: sumArgs.compactMap { a in a.name.map { ($0, ArgumentValue.expr(a.value), a.span) } },
                                    scope: scope, span: rhs.span, order: writtenOrder(sumArgs))
    }

    static func joinSummarize(_ interpreter: Interpreter, _ lhs: Expr, _ rhs: Expr, _ scope: Scope) throws -> Value? {
        guard let (summarize, sumCallee, sumArgs) = builtin(interpreter, rhs, ["summarize", "summarise"], scope),
              case .pipe(let middle, let groupCall) = lhs.kind,
              let (_, _, groupArgs) = builtin(interpreter, groupCall, ["group_by"], scope),
              !groupArgs.isEmpty, groupArgs.allSatisfy({ $0.name == nil }),
              case .pipe(let source, let joinCall) = middle.kind,
              let (_, _, joinArgs) = builtin(interpreter, joinCall, ["join"], scope) else { return nil }
        // join(dim, on: key) or join(dim, on: key, how: "inner" | "left"), dim a variable.
        let positional = joinArgs.filter { $0.name == nil }
        guard positional.count == 1, case .name = positional[0].value.kind,
              joinArgs.allSatisfy({ $0.name == nil || $0.name == "on" || $0.name == "how" }),
              let onArg = joinArgs.first(where: { $0.name == "on" }), case .name(let key) = onArg.value.kind,
              scope.env.lookup(key) == nil else { return nil }
        var how = JoinKind.inner
        if let h = joinArgs.first(where: { $0.name == "how" }) {
            guard case .string(let text) = h.value.kind, let k = JoinKind(rawValue: text.lowercased()), k == .inner || k == .left else { return nil }
            how = k
        }
        let input = try interpreter.eval(source, scope)
        let dimension = try interpreter.eval(positional[0].value, scope)
        var plan: (DimensionJoin, [(column: Column, fromRight: Bool)], [String])? = nil
        if case .frame(let l) = input, case .frame(let r) = dimension, l.hasColumn(key), r.hasColumn(key),
           let dj = DimensionJoin(left: l, right: r, on: (key, key), how: how) {
            // The joined frame's column names: the left's as they are, the right's (but the key)
            // with "_right" where the left has the name.
            var sources: [String: (column: Column, fromRight: Bool)] = [:]
            var unique = true
            for c in l.columns { sources[c.name] = (c, false) }
            for c in r.columns where c.name != key {
                let name = l.hasColumn(c.name) ? c.name + "_right" : c.name
                if sources[name] != nil { unique = false }
                sources[name] = (c, true)
            }
            var keys: [(column: Column, fromRight: Bool)] = []
            var names: [String] = []
            for a in groupArgs {
                guard case .name(let n) = a.value.kind, let s = sources[n] else { unique = false; break }
                keys.append(s)
                names.append(n)
            }
            if unique { plan = (dj, keys, names) }
        }
        guard let (dj, keys, names) = plan, let index = dj.groupIndex(keys) else {
            let joined = try callPiped(interpreter, joinCall, input, scope)
            let grouped = try callPiped(interpreter, groupCall, joined, scope)
            return try callPiped(interpreter, rhs, grouped, scope)
        }
        try Interrupt.check()
        let keyColumns = zip(keys, names).map { dj.keyValues($0.0, index: index).renamed($0.1) }
        let fused = summarize.rebound { ctx in
            let items = try Summarizer.items(ctx)
            // Simple aggregates of left columns read the left table in place; anything else sees
            // the materialised join.
            return .frame(try Summarizer.summarize(items, source: dj.left, index: index, keyColumns: keyColumns, ctx) {
                try Joining.join(dj.left, dj.right, on: [(key, key)], how: how)
            })
        }
        let groupedInput: Value = .grouped(GroupedFrame(frame: dj.left, keys: names))
        return try interpreter.call((fused, sumCallee.span), positional: [.value(groupedInput)] + sumArgs.filter { $0.name == nil }.map { .expr($0.value) },
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
