import SiftFrame
import SiftLanguage
import SiftModels

/// A formula read against a frame: the response column, the right-hand side as term algebra and
/// the computed terms (`log(x)`, `x^2`, `spend / visits`) that must be added to any frame the model
/// sees, so prediction on new data recomputes them the same way.
struct FormulaBinding {
    var response: String
    var responseExpr: Expr?
    var rhs: TermExpr
    /// Computed columns: their name (the expression's text) and expression.
    var derived: [(name: String, expr: Expr)]
    var text: String
    /// The columns `.` stands for.
    var dotColumns: [String]

    /// Reads `formula` against `data`. Bare names must be columns (with a suggestion when not);
    /// anything that is not formula syntax is computed per row.
    static func bind(_ formula: Formula, data: Frame, ctx: CallContext, exclude: [String] = []) throws -> FormulaBinding {
        guard let lhs = formula.lhs else {
            throw SiftError(.runtime, "\(ctx.name)() needs a response on the left of '~'", at: formula.span,
                            hint: "write the outcome first, e.g. \(ctx.name)(revenue ~ spend + region, data: df)")
        }
        var derived: [(String, Expr)] = []
        let response: String
        var responseExpr: Expr? = nil
        switch lhs.kind {
        case .name(let n), .string(let n):
            guard data.hasColumn(n) else { throw ctx.noColumn(n, data, lhs.span) }
            response = n
        default:
            response = ExprText.text(lhs)
            responseExpr = lhs
            derived.append((response, lhs))
        }
        var binding = FormulaBinding(response: response, responseExpr: responseExpr, rhs: .intercept, derived: derived,
                                     text: ExprText.text(lhs) + " ~ " + ExprText.text(formula.rhs), dotColumns: [])
        binding.rhs = try binding.terms(formula.rhs, data, ctx)
        let lhsNames = Set(ExprText.names(lhs))
        binding.dotColumns = data.columns.filter { c in
            !lhsNames.contains(c.name) && !exclude.contains(c.name) && !c.type.isTemporal
        }.map(\.name)
        return binding
    }

    private mutating func terms(_ e: Expr, _ data: Frame, _ ctx: CallContext) throws -> TermExpr {
        switch e.kind {
        case .name(let n):
            guard data.hasColumn(n) else { throw ctx.noColumn(n, data, e.span) }
            return .factor(n)
        case .string(let n):
            guard data.hasColumn(n) else { throw ctx.noColumn(n, data, e.span) }
            return .factor(n)
        case .int(1): return .intercept
        case .int(0), .int(-1): return .noIntercept   // the parser folds `-1` into a literal
        case .int, .float:
            throw SiftError(.runtime, "a number in a formula can only be 1 (keep the intercept) or 0 (drop it)", at: e.span,
                            hint: "write y ~ x - 1 for a model without intercept")
        case .dot: return .dot
        case .unary(.negate, let inner):
            if case .int(1) = inner.kind { return .noIntercept }
            if case .int(0) = inner.kind { return .intercept }
            return try derive(e, data, ctx)
        case .binary(.add, let a, let b): return .sum(try terms(a, data, ctx), try terms(b, data, ctx))
        case .binary(.subtract, let a, let b):
            let right = try terms(b, data, ctx)
            if case .intercept = right { return .difference(try terms(a, data, ctx), .intercept) }
            if case .noIntercept = right { return .difference(try terms(a, data, ctx), .noIntercept) }
            return .difference(try terms(a, data, ctx), right)
        case .binary(.interaction, let a, let b): return .interaction(try terms(a, data, ctx), try terms(b, data, ctx))
        case .binary(.multiply, let a, let b):
            // `a * b` of terms is a + b + a:b; of numbers (2 * x) it is a computed column.
            if ExprText.isFormulaTerm(a) && ExprText.isFormulaTerm(b) {
                return .product(try terms(a, data, ctx), try terms(b, data, ctx))
            }
            return try derive(e, data, ctx)
        case .binary(.power, let a, let b):
            // `(a + b)^2`: all interactions up to order 2, as in R and patsy; `x^2` is the square.
            if case .binary(let op, _, _) = a.kind, op == .add || op == .interaction || op == .multiply,
               case .int(let k) = b.kind, k >= 1, k <= 5 {
                let base = try terms(a, data, ctx)
                var out = base
                for _ in 1..<Int(k) { out = .product(out, base) }
                return out
            }
            return try derive(e, data, ctx)
        default:
            return try derive(e, data, ctx)
        }
    }

    private mutating func derive(_ e: Expr, _ data: Frame, _ ctx: CallContext) throws -> TermExpr {
        let name = ExprText.text(e)
        if !derived.contains(where: { $0.name == name }) {
            for n in ExprText.names(e) where !data.hasColumn(n) && ctx.scope.env.lookup(n) == nil && ctx.interpreter.builtins[n] == nil {
                throw ctx.noColumn(n, data, e.span)
            }
            derived.append((name, e))
        }
        return .factor(name)
    }

    /// `frame` with the computed terms added (the response's only when `withResponse`).
    func augment(_ frame: Frame, ctx: CallContext, withResponse: Bool = true) throws -> Frame {
        var out = frame
        for (name, expr) in derived {
            if !withResponse, let r = responseExpr, ExprText.text(r) == name { continue }
            let v = try ctx.evaluate(expr, mask: frame)
            let column: Column
            switch v {
            case .column(let c):
                guard c.count == frame.rowCount else {
                    throw SiftError(.runtime, "the term '\(name)' gave \(c.count) values for \(frame.rowCount) rows", at: expr.span)
                }
                column = c.renamed(name)
            default:
                guard let s = v.scalar else {
                    throw SiftError(.runtime, "the term '\(name)' must give one value per row, got a \(v.typeName)", at: expr.span)
                }
                column = Column.constant(s, count: frame.rowCount, name: name)
            }
            out = try out.with(column)
        }
        return out
    }
}

/// Text of expressions for term names: patsy's spacing (`log(visits + 1)`, `spend:region`).
enum ExprText {
    static func precedence(_ op: BinaryOp) -> Int {
        switch op {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in, .notIn: return 4
        case .add, .subtract: return 5
        case .multiply, .divide, .modulo: return 6
        case .interaction: return 7
        case .power: return 9
        }
    }

    static func text(_ e: Expr) -> String {
        switch e.kind {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let v): return String(v)
        case .float(let v): return ScalarFormat.float(v)
        case .string(let s): return "\"\(s)\""
        case .name(let n): return n
        case .variable(let n): return "$" + n
        case .dot: return "."
        case .list(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .unary(let op, let x):
            let inner = needsParens(x, than: 8) ? "(" + text(x) + ")" : text(x)
            return op == .not ? "not " + inner : op.rawValue + inner
        case .binary(let op, let a, let b):
            let p = precedence(op)
            let left = needsParens(a, than: op == .power ? p + 1 : p) ? "(" + text(a) + ")" : text(a)
            let right = needsParens(b, than: op == .power ? p : p + 1) ? "(" + text(b) + ")" : text(b)
            switch op {
            case .power: return left + "^" + right
            case .interaction: return left + ":" + right
            default: return left + " " + op.rawValue + " " + right
            }
        case .call(let f, let args):
            return text(f) + "(" + args.map { ($0.name.map { $0 + ": " } ?? "") + text($0.value) }.joined(separator: ", ") + ")"
        case .member(let x, let n): return text(x) + "." + n
        case .index(let x, let i): return text(x) + "[" + text(i) + "]"
        default:
            let src = e.span.source.text.utf8
            let start = src.index(src.startIndex, offsetBy: e.span.start, limitedBy: src.endIndex) ?? src.endIndex
            let end = src.index(src.startIndex, offsetBy: e.span.end, limitedBy: src.endIndex) ?? src.endIndex
            return String(decoding: src[start..<end], as: UTF8.self)
        }
    }

    static func needsParens(_ e: Expr, than p: Int) -> Bool {
        switch e.kind {
        case .binary(let op, _, _): return precedence(op) < p
        case .unary: return p > 8
        case .conditional, .formula, .lambda, .pipe: return true
        default: return false
        }
    }

    /// Every bare name an expression mentions (callee names excluded).
    static func names(_ e: Expr) -> [String] {
        switch e.kind {
        case .name(let n): return [n]
        case .unary(_, let x): return names(x)
        case .binary(_, let a, let b): return names(a) + names(b)
        case .call(_, let args): return args.flatMap { names($0.value) }
        case .list(let items): return items.flatMap(names)
        case .member(let x, _): return names(x)
        case .index(let x, let i): return names(x) + names(i)
        case .conditional(let c, let a, let b): return names(c) + names(a) + names(b)
        default: return []
        }
    }

    /// Whether an expression is formula syntax (names, `+`, `:`, `*` of those) rather than arithmetic.
    static func isFormulaTerm(_ e: Expr) -> Bool {
        switch e.kind {
        case .name, .string, .dot: return true
        case .binary(let op, let a, let b):
            guard op == .add || op == .interaction || op == .multiply || op == .subtract else { return false }
            return isFormulaTerm(a) && isFormulaTerm(b)
        default: return false
        }
    }
}
