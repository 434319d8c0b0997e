import SiftLanguage

/// Facts about an expression evaluated against a frame that the binder and the rules need:
/// which bare names it reads as values, whether it is row-wise, whether it is a constant.
public enum ExpressionFacts {
    /// Every bare name and quoted text anywhere in `e` (lambda bodies and lazy arguments
    /// included): a superset of the columns `e` can read, for projection pushdown.
    public static func mentionedNames(_ e: Expr) -> Set<String> {
        var out = Set<String>()
        visitAll(e) { x in
            switch x.kind {
            case .name(let n), .string(let n): out.insert(n)
            default: break
            }
        }
        return out
    }

    /// True when `e` names a column only through a variable (`$cols`, or a bare name bound to a
    /// text or list): then which columns it reads is not known before running.
    public static func readsColumnsIndirectly(_ e: Expr, _ resolver: NameResolver, schema: Schema) -> Bool {
        var indirect = false
        visitAll(e) { x in
            switch x.kind {
            case .variable: indirect = true
            case .name(let n) where !schema.has(n) && resolver.variableMayNameColumns(n): indirect = true
            default: break
            }
        }
        return indirect
    }

    /// The bare names `e` evaluates as values (not callees, not record keys, not member names,
    /// not inside lambdas or inside builtins that evaluate their arguments themselves), each with
    /// its span: the names that must resolve to a column, a variable or a function.
    public static func valueNames(_ e: Expr, _ resolver: NameResolver) -> [(String, SourceSpan)] {
        var out: [(String, SourceSpan)] = []
        func walk(_ x: Expr) {
            switch x.kind {
            case .name(let n): out.append((n, x.span))
            case .null, .bool, .int, .float, .string, .variable, .dot, .lambda, .formula: break
            case .list(let items): items.forEach(walk)
            case .record(let fields): fields.forEach { walk($0.1) }
            case .unary(_, let a): walk(a)
            case .binary(_, let a, let b), .index(let a, let b): walk(a); walk(b)
            case .member(let a, _): walk(a)
            case .conditional(let c, let a, let b): walk(c); walk(a); walk(b)
            case .pipe: break
            case .call(let callee, let args):
                if case .name(let f) = callee.kind {
                    if resolver.evaluatesArgumentsItself(f) && !resolver.isVariable(f) { return }
                } else {
                    walk(callee)
                }
                args.forEach { walk($0.value) }
            }
        }
        walk(e)
        return out
    }

    /// True when every function `e` calls is row-wise, so the value on a row depends on that row
    /// alone: moving a filter across it, or merging it into another filter, keeps the result.
    public static func isRowwise(_ e: Expr, _ resolver: NameResolver) -> Bool {
        var ok = true
        visitAll(e) { x in
            switch x.kind {
            case .call(let callee, _):
                guard case .name(let f) = callee.kind, !resolver.isVariable(f), resolver.isRowwise(f) else { ok = false; return }
            case .pipe, .lambda, .variable, .index, .formula: ok = false
            default: break
            }
        }
        return ok
    }

    /// Every node of `e`, outermost first.
    static func visitAll(_ e: Expr, _ body: (Expr) -> Void) {
        body(e)
        switch e.kind {
        case .null, .bool, .int, .float, .string, .name, .variable, .dot: break
        case .list(let items): items.forEach { visitAll($0, body) }
        case .record(let fields): fields.forEach { visitAll($0.1, body) }
        case .unary(_, let a), .member(let a, _): visitAll(a, body)
        case .binary(_, let a, let b), .pipe(let a, let b), .index(let a, let b): visitAll(a, body); visitAll(b, body)
        case .call(let f, let args): visitAll(f, body); args.forEach { visitAll($0.value, body) }
        case .conditional(let c, let a, let b): visitAll(c, body); visitAll(a, body); visitAll(b, body)
        case .formula(let l, let r): if let l { visitAll(l, body) }; visitAll(r, body)
        case .lambda(let params, let b): params.forEach { p in p.defaultValue.map { visitAll($0, body) } }; visitAll(b, body)
        }
    }
}
