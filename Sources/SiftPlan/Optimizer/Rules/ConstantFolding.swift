import SiftLanguage

/// Computes operators whose operands are all literals once, at planning time, instead of once
/// per row (`filter(spend > 12 * 100)` compares with 1200), and drops filter conditions that
/// fold to `true` (a filter left with none is removed). Folding uses the interpreter's own
/// operators, so the folded value is the one evaluation would give; an operation that fails is
/// left for evaluation to report at its place.
public struct ConstantFolding: OptimizerRule {
    public let name = "constant_folding"
    public init() {}

    public func apply(_ plan: LogicalPlan, _ context: OptimizerContext) -> LogicalPlan {
        plan.transformUp { node in
            switch node {
            case .filter(let input, var f):
                var any = false
                var kept: [Argument] = []
                for a in f.call.arguments {
                    let (e, did) = fold(a.value)
                    any = any || did
                    if a.name == nil, case .bool(true) = e.kind { any = true; continue }
                    kept.append(Argument(name: a.name, value: e, span: a.span))
                }
                guard any else { return node }
                context.note(name)
                if kept.isEmpty { return input }
                f.call.arguments = kept
                return .filter(input, f)
            case .mutate(let input, var m):
                var any = false
                m.call.arguments = m.call.arguments.map { a in
                    let (e, did) = fold(a.value)
                    any = any || did
                    return Argument(name: a.name, value: e, span: a.span)
                }
                guard any else { return node }
                context.note(name)
                return .mutate(input, m)
            default:
                return node
            }
        }
    }

    /// The expression with literal-only operations computed, and whether anything was.
    func fold(_ e: Expr) -> (Expr, Bool) {
        switch e.kind {
        case .unary(let op, let x):
            let (fx, did) = fold(x)
            if let v = literalValue(fx), let r = try? Operators.unary(op, v), let lit = literal(r, e.span) { return (lit, true) }
            return did ? (Expr(.unary(op, fx), e.span), true) : (e, false)
        case .binary(let op, let l, let r):
            guard op != .interaction else { return (e, false) }
            let (fl, dl) = fold(l), (fr, dr) = fold(r)
            if let a = literalValue(fl), let b = literalValue(fr), let v = try? Operators.binary(op, a, b), let lit = literal(v, e.span) { return (lit, true) }
            return dl || dr ? (Expr(.binary(op, fl, fr), e.span), true) : (e, false)
        case .call(let callee, let args):
            var any = false
            let folded = args.map { a -> Argument in
                let (x, did) = fold(a.value)
                any = any || did
                return Argument(name: a.name, value: x, span: a.span)
            }
            return any ? (Expr(.call(callee, folded), e.span), true) : (e, false)
        default:
            return (e, false)
        }
    }

    func literalValue(_ e: Expr) -> Value? {
        switch e.kind {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        default: return nil
        }
    }

    func literal(_ v: Value, _ span: SourceSpan) -> Expr? {
        switch v {
        case .null: return Expr(.null, span)
        case .bool(let b): return Expr(.bool(b), span)
        case .int(let i): return Expr(.int(i), span)
        case .float(let d): return Expr(.float(d), span)
        case .string(let s): return Expr(.string(s), span)
        default: return nil
        }
    }
}
