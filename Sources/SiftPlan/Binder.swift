import SiftLanguage

/// Checks a plan against the schemas flowing through it before anything runs, the resolver
/// pass between parsing and running (as in Crafting Interpreters): every bare name a verb
/// evaluates must be a column of its input, a variable or a function, and every column named
/// as a key must exist. So `read_csv("big.csv") |> … |> summarize(sum(revnue))` fails at
/// `revnue` before the file is read, with the same message running would give.
/// Nodes whose input schema is not known yet (after a reshaping verb) are checked when run.
public struct Binder {
    let resolver: NameResolver
    let inference: SchemaInference

    public init(resolver: NameResolver, inference: SchemaInference) {
        self.resolver = resolver
        self.inference = inference
    }

    public func check(_ plan: LogicalPlan) throws {
        for input in plan.inputs { try check(input) }
        let inputs = plan.inputs.map { inference.schema(of: $0) }
        guard let first = inputs.first, let s = first else { return }
        switch plan {
        case .source, .scan: break
        case .filter(_, let f):
            for p in f.predicates { try values(p, s) }
        case .mutate(_, let m):
            var current = s
            for (name, e) in m.assignments {
                try values(e, current)
                current = current.adding(name)
            }
        case .aggregate(_, let a):
            if let fused = a.fusedFilter { for p in fused.predicates { try values(p, s) } }
            for (_, e) in AggregateNames.items(a.call) { try values(e, s) }
        case .sort(_, let node):
            for a in node.call.positional {
                var e = a.value
                if case .unary(.negate, let inner) = e.kind { e = inner }
                if case .call(let callee, let args) = e.kind, callee.simpleName == "desc", args.count == 1 { e = args[0].value }
                if case .string(let n) = e.kind { try column(n, s, e.span); continue }
                try values(e, s)
            }
        case .groupBy(_, let g):
            for a in g.call.arguments {
                if a.name != nil { try values(a.value, s); continue }
                try columnNames(a.value, s)
            }
        case .project(_, let call):
            for a in call.arguments {
                var e = a.value
                if call.name == "select", a.name == nil, case .unary(.negate, let inner) = e.kind { e = inner }
                // Selectors (starts_with("x"), of_type("float"), range(a, b)) choose by pattern.
                if call.name == "select", case .call = e.kind { continue }
                try columnNames(e, s)
            }
        case .distinct(_, let call):
            for a in call.positional { try columnNames(a.value, s) }
        case .join(_, _, let j):
            guard let keys = j.onKeys, let on = j.call.argument("on"), inputs.count == 2, let r = inputs[1] else { return }
            for k in keys where !s.has(k) || !r.has(k) {
                guard !resolver.variableMayNameColumns(k) else { continue }
                throw SiftError(.runtime, "join key '\(k)' is missing from the \(s.has(k) ? "right" : "left") frame", at: on.value.span,
                                hint: "use left_on: and right_on: when the key columns are named differently")
            }
        case .slice, .rowOperation: break
        }
    }

    /// Bare names evaluated against `s`: a column, else a variable, else a function.
    func values(_ e: Expr, _ s: Schema) throws {
        for (n, span) in ExpressionFacts.valueNames(e, resolver) where !s.has(n) && !resolver.isVariable(n) && !resolver.isFunction(n) {
            let close = Suggest.closest(n, in: s.names + resolver.allNames)
            let hint = close.map { "did you mean '\($0)'?" }
                ?? "columns here: " + s.names.prefix(10).joined(separator: ", ") + (s.names.count > 10 ? ", …" : "")
            throw SiftError(.runtime, "no column or variable named '\(n)'", at: span, hint: hint)
        }
    }

    /// Column names written as keys: bare or quoted names that must be columns (a bare name may
    /// also be a variable holding names, resolved when run).
    func columnNames(_ e: Expr, _ s: Schema) throws {
        switch e.kind {
        case .name(let n):
            if s.has(n) || resolver.variableMayNameColumns(n) { return }
            try column(n, s, e.span)
        case .string(let n): try column(n, s, e.span)
        case .list(let items): for i in items { try columnNames(i, s) }
        default: return
        }
    }

    func column(_ n: String, _ s: Schema, _ span: SourceSpan) throws {
        guard !s.has(n) else { return }
        let hint = Suggest.closest(n, in: s.names).map { "did you mean '\($0)'?" } ?? "columns: " + s.names.prefix(12).joined(separator: ", ")
        throw SiftError(.runtime, "no column named '\(n)'", at: span, hint: hint)
    }
}
