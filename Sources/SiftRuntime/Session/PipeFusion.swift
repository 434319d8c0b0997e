import SiftLanguage

/// Pipelines evaluated as one step when that saves work without changing the result:
/// `… |> sort(keys) |> head(n)` becomes `sort(keys, limit: n)`, so only n rows are gathered
/// instead of the whole sorted frame (the top-N plan of SQL engines).
enum PipeFusion {
    static func install(in interpreter: Interpreter) {
        interpreter.pipeFusion = { [unowned interpreter] lhs, rhs, scope in
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
            guard case .pipe(let source, let sortCall) = lhs.kind, case .call(let sortCallee, let sortArgs) = sortCall.kind,
                  case .name(let sortName) = sortCallee.kind, sortName == "sort" || sortName == "arrange",
                  scope.env.lookup(sortName) == nil, !sortArgs.contains(where: { $0.name == "limit" }),
                  let sort = interpreter.builtins[sortName] else { return nil }
            let input = try interpreter.eval(source, scope)
            var positional: [ArgumentValue] = [.value(input)]
            var named: [(String, ArgumentValue, SourceSpan)] = []
            for a in sortArgs {
                if let name = a.name { named.append((name, .expr(a.value), a.span)) } else { positional.append(.expr(a.value)) }
            }
            named.append(("limit", .value(.int(n)), rhs.span))
            return try interpreter.call((sort, sortCallee.span), positional: positional, named: named, scope: scope, span: sortCall.span)
        }
    }
}
