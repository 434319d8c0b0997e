import SiftFrame

/// A tree-walking interpreter. Expressions evaluate to values; inside verbs they evaluate
/// against a frame, where operators work column-at-a-time on typed arrays rather than per row.
public final class Interpreter {
    public let globals: Environment
    public private(set) var builtins: [String: Builtin] = [:]
    /// Where `print` and friends write; notebooks capture it per cell.
    public var write: (String) -> Void = { print($0, terminator: "") }
    public var maxCallDepth = 2_000
    /// Lets the runtime evaluate some two-step pipelines as one step (e.g. `sort |> head(n)`
    /// gathers only n rows). Returns nil to evaluate normally.
    public var pipeFusion: ((Expr, Expr, Scope) throws -> Value?)?
    /// Lets the runtime run a builtin call elsewhere (a verb whose input is a remote frame runs
    /// in its database). Returns nil to run the builtin's body as usual.
    public var callInterceptor: ((Builtin, CallContext) throws -> Value?)?
    /// Turns a library object into a frame where a frame is expected (a remote frame is
    /// collected); nil when the object is not frame-like.
    public var frameAdapter: ((SiftObject, SourceSpan) throws -> Value?)?
    var callDepth = 0

    public init() {
        globals = Environment()
    }

    /// Adds a builtin under its name and every alias, so an alias works wherever the name does.
    public func register(_ b: Builtin) {
        builtins[b.name] = b
        for a in b.aliases { builtins[a] = b }
    }

    /// Removes a builtin (the fuzzer drops the debug-only ones that block on purpose).
    public func unregister(_ name: String) { builtins[name] = nil }

    /// Forgets every global and builtin. Functions hold the environment they were defined in
    /// (which holds them), and some builtins hold their host: clearing both breaks those cycles,
    /// so a process that makes many interpreters does not keep every one of them alive.
    public func tearDown() {
        globals.removeAll()
        builtins.removeAll()
        write = { _ in }
    }

    /// Every builtin once (aliases not repeated), by name.
    public var builtinList: [Builtin] { builtins.filter { $0.key == $0.value.name }.values.sorted { $0.name < $1.name } }

    // MARK: running programs

    /// Parses and runs every statement, returning what each produced.
    @discardableResult
    public func run(_ source: Source) throws -> [Outcome] {
        let program = try Parser.parse(source)
        return try program.map { try execute($0) }
    }

    public func execute(_ s: Statement) throws -> Outcome {
        let scope = Scope(env: globals)
        switch s.kind {
        case .expression(let e):
            return .value(try eval(e, scope))
        case .assign(let names, let e):
            let v = try eval(e, scope)
            if names.count == 1 {
                globals.set(names[0], v)
            } else {
                guard case .list(let items) = v, items.count == names.count else {
                    throw SiftError(.runtime, "cannot unpack \(v.typeName) into \(names.count) names", at: s.span,
                                    hint: "the right side must give a list of exactly \(names.count) values")
                }
                for (n, item) in zip(names, items) { globals.set(n, item) }
            }
            return .assigned(names, v)
        case .function(let name, let params, let body):
            globals.set(name, .function(UserFunction(name: name, parameters: params, body: body, closure: globals, span: s.span)))
            return .defined(name)
        }
    }

    // MARK: evaluation

    public func eval(_ e: Expr, _ scope: Scope) throws -> Value {
        switch e.kind {
        case .null: return .null
        case .bool(let v): return .bool(v)
        case .int(let v): return .int(v)
        case .float(let v): return .float(v)
        case .string(let v): return .string(v)
        case .name(let n): return try lookup(n, scope, e.span, maskFirst: true)
        case .variable(let n): return try lookup(n, scope, e.span, maskFirst: false)
        case .dot: throw SiftError(.runtime, "'.' means 'all other columns' and only works in a model formula", at: e.span)
        case .list(let items): return .list(try items.map { try eval($0, scope) })
        case .record(let fields): return .record(Record(try fields.map { ($0.0, try eval($0.1, scope)) }))
        case .unary(let op, let x):
            let v = try eval(x, scope)
            return try at(e.span) { try Operators.unary(op, v) }
        case .binary(let op, let l, let r):
            if op == .and || op == .or {
                let lv = try eval(l, scope)
                // Short-circuit on scalars, as users expect from `and`/`or`.
                if case .bool(let b) = lv, b == (op == .or) { return lv }
                let rv = try eval(r, scope)
                return try at(e.span) { try Operators.binary(op, lv, rv) }
            }
            if op == .interaction {
                throw SiftError(.runtime, "':' joins terms only inside a model formula (y ~ a:b)", at: e.span)
            }
            let lv = try eval(l, scope)
            let rv = try eval(r, scope)
            return try at(e.span) { try Operators.binary(op, lv, rv) }
        case .call(let calleeExpr, let args):
            let callee = try resolveCallee(calleeExpr, scope)
            return try call(callee, positional: args.filter { $0.name == nil }.map { .expr($0.value) },
                            named: args.compactMap { a in a.name.map { ($0, ArgumentValue.expr(a.value), a.span) } },
                            scope: scope, span: e.span, order: Self.writtenOrder(args, piped: false))
        case .pipe(let lhs, let rhs):
            if let fused = try pipeFusion?(lhs, rhs, scope) { return fused }
            let input = try eval(lhs, scope)
            switch rhs.kind {
            case .call(let calleeExpr, let args):
                let callee = try resolveCallee(calleeExpr, scope)
                return try call(callee, positional: [.value(input)] + args.filter { $0.name == nil }.map { .expr($0.value) },
                                named: args.compactMap { a in a.name.map { ($0, ArgumentValue.expr(a.value), a.span) } },
                                scope: scope, span: rhs.span, order: Self.writtenOrder(args, piped: true))
            default:
                let callee = try resolveCallee(rhs, scope)
                return try call(callee, positional: [.value(input)], named: [], scope: scope, span: rhs.span)
            }
        case .index(let target, let idx):
            let t = try eval(target, scope)
            let i = try eval(idx, scope)
            return try at(e.span) { try Operators.index(t, i) }
        case .member(let target, let name):
            let t = try eval(target, scope)
            return try at(e.span) { try Operators.member(t, name) }
        case .conditional(let c, let a, let b):
            let cv = try eval(c, scope)
            switch cv {
            case .bool(let flag): return try eval(flag ? a : b, scope)
            case .null: return try eval(b, scope)
            case .column:
                throw SiftError(.runtime, "if … then … else needs a single true/false, got a column", at: c.span, hint: "use if_else(condition, a, b) to choose per row")
            default:
                throw SiftError(.runtime, "if needs a true/false condition, got \(cv.typeName)", at: c.span)
            }
        case .formula(let lhs, let rhs):
            return .formula(Formula(lhs: lhs, rhs: rhs, span: e.span))
        case .lambda(let params, let body):
            return .function(UserFunction(name: "fn", parameters: params, body: body, closure: scope.env, span: e.span))
        }
    }

    /// Runs `body`, converting engine errors into located language errors. Errors that already
    /// carry a span keep it; the others get `span`.
    public func at<T>(_ span: SourceSpan, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SiftError {
            var e = e
            if e.span == nil { e.span = span }
            throw e
        } catch let e as FrameError {
            throw SiftError(e.isIO ? .io : .runtime, e.message, at: span, hint: e.hint)
        } catch let e as CSVError {
            throw SiftError(.io, e.description, at: span)
        } catch let c as Cancelled {
            throw SiftError(.cancelled, c.reason, at: span)
        }
    }

    func lookup(_ name: String, _ scope: Scope, _ span: SourceSpan, maskFirst: Bool) throws -> Value {
        if maskFirst, let m = scope.mask, let i = m.index(of: name) { return .column(m.columns[i]) }
        if let v = scope.env.lookup(name) { return v }
        if let b = builtins[name] { return .function(b) }
        throw unknownName(name, scope, span)
    }

    func unknownName(_ name: String, _ scope: Scope, _ span: SourceSpan) -> SiftError {
        let candidates = (scope.mask?.names ?? []) + scope.env.allNames + builtins.keys.sorted()
        let close = Suggest.closest(name, in: candidates)
        var hint = close.map { "did you mean '\($0)'?" }
        if hint == nil, let m = scope.mask { hint = "columns here: " + m.names.prefix(10).joined(separator: ", ") + (m.names.count > 10 ? ", …" : "") }
        let what = scope.mask != nil ? "no column or variable named '\(name)'" : "unknown name '\(name)'"
        return SiftError(.runtime, what, at: span, hint: hint)
    }

    func resolveCallee(_ e: Expr, _ scope: Scope) throws -> (Callable, SourceSpan) {
        if case .name(let n) = e.kind {
            // A function name is never masked by a column of the same name.
            if case .function(let f)? = scope.env.lookup(n) { return (f, e.span) }
            if let b = builtins[n] { return (b, e.span) }
            if scope.env.lookup(n) != nil {
                throw SiftError(.runtime, "'\(n)' is \(withArticle(scope.env.lookup(n)!.typeName)), not a function", at: e.span)
            }
            let candidates = scope.env.allNames.filter { if case .function = scope.env.lookup($0)! { return true }; return false } + builtins.keys.sorted()
            throw SiftError(.runtime, "unknown function '\(n)'", at: e.span, hint: Suggest.closest(n, in: candidates).map { "did you mean '\($0)'?" } ?? "see :help for the list of functions")
        }
        let v = try eval(e, scope)
        guard case .function(let f) = v else { throw SiftError(.runtime, "\(withArticle(v.typeName)) cannot be called", at: e.span) }
        return (f, e.span)
    }

    // MARK: calls

    /// Where each argument of a call was written: positional and named arguments in source
    /// order, the piped value (when there is one) first.
    static func writtenOrder(_ args: [Argument], piped: Bool) -> [ArgumentSlot] {
        var order: [ArgumentSlot] = piped ? [.positional(0)] : []
        var p = piped ? 1 : 0, n = 0
        for a in args {
            if a.name == nil { order.append(.positional(p)); p += 1 } else { order.append(.named(n)); n += 1 }
        }
        return order
    }

    public func call(_ callee: (Callable, SourceSpan), positional: [ArgumentValue], named: [(String, ArgumentValue, SourceSpan)], scope: Scope, span: SourceSpan, order: [ArgumentSlot]? = nil) throws -> Value {
        try Interrupt.check()
        let (f, _) = callee
        callDepth += 1
        defer { callDepth -= 1 }
        guard callDepth <= maxCallDepth else {
            throw SiftError(.limit, "too many nested calls (more than \(maxCallDepth)); is a function calling itself without end?", at: span, hint: "check the stopping condition of recursive functions")
        }
        if let b = f as? Builtin {
            let spans = positional.map { a -> SourceSpan in
                if case .expr(let e) = a { return e.span }
                return span
            }
            var bound = try ArgumentBinder.bind(b.declaration, positional: positional, named: named, positionalSpans: spans,
                                                order: order ?? (positional.indices.map { .positional($0) } + named.indices.map { .named($0) }),
                                                span: span)
            if b.evaluation == .eager {
                bound.positional = try bound.positional.map { .value(try value(of: $0, scope)) }
                bound.named = try bound.named.map { ($0.0, .value(try value(of: $0.1, scope)), $0.2) }
                if let frameAdapter { try ArgumentBinder.adaptFrames(b.declaration, &bound, frameAdapter) }
                try ArgumentBinder.checkTypes(b.declaration, bound)
            }
            let ctx = CallContext(interpreter: self, builtin: b, positional: bound.positional, named: bound.named, scope: scope, span: span,
                                  order: bound.order, positionalSpans: bound.positionalSpans)
            if let callInterceptor, let v = try at(span, { try callInterceptor(b, ctx) }) { return v }
            let result = try at(span) { try b.body(ctx) }
            // Long engine and model work that sees a stop request returns early with partial
            // results; raising the cancellation here means nobody ever sees them.
            try at(span) { try Cancellation.check() }
            return result
        }
        guard let u = f as? UserFunction else { throw SiftError(.runtime, "cannot call \(f.name)", at: span) }
        let env = Environment(parent: u.closure)
        guard positional.count <= u.parameters.count else {
            throw SiftError(.runtime, "\(u.name)() takes \(u.parameters.count) argument\(u.parameters.count == 1 ? "" : "s") but got \(positional.count)", at: span, hint: "usage: \(u.signature)")
        }
        for (p, a) in zip(u.parameters, positional) { env.set(p.name, try value(of: a, scope)) }
        for (n, a, s) in named {
            guard u.parameters.contains(where: { $0.name == n }) else {
                throw SiftError(.runtime, "\(u.name)() has no parameter named '\(n)'", at: s, hint: "usage: \(u.signature)")
            }
            guard env.values[n] == nil else {
                throw SiftError(.runtime, "\(u.name)() got two values for '\(n)'", at: s, hint: "usage: \(u.signature)")
            }
            env.set(n, try value(of: a, scope))
        }
        for p in u.parameters where env.values[p.name] == nil {
            guard let d = p.defaultValue else {
                throw SiftError(.runtime, "\(u.name)() is missing the argument '\(p.name)'", at: span, hint: "usage: \(u.signature)")
            }
            env.set(p.name, try eval(d, Scope(env: env)))
        }
        return try eval(u.body, Scope(env: env))
    }

    func value(of a: ArgumentValue, _ scope: Scope) throws -> Value {
        switch a {
        case .value(let v): return v
        case .expr(let e): return try eval(e, scope)
        }
    }

    /// Calls a function value with already evaluated arguments (used by verbs like `pivot(agg:)`).
    public func apply(_ f: Callable, _ args: [Value], span: SourceSpan) throws -> Value {
        try call((f, span), positional: args.map { .value($0) }, named: [], scope: Scope(env: globals), span: span)
    }
}

/// "Did you mean" suggestions by edit distance.
public enum Suggest {
    public static func closest(_ word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)? = nil
        for c in Set(candidates) {
            let d = distance(w, Array(c.lowercased()))
            let limit = max(1, w.count / 3)
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        return best?.0
    }

    /// Edit distance where swapping two neighbouring letters (`twcie` → `twice`) counts as one
    /// edit, like a single typo (optimal string alignment).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = min(cur[j], before[j - 2] + 1) }
            }
            before = prev
            prev = cur
        }
        return prev[b.count]
    }
}
