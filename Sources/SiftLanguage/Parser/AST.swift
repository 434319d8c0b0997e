/// The syntax tree. Every node keeps its source span so runtime errors point at the exact
/// sub-expression (the column name, the argument) that failed.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case null
        case bool(Bool)
        case int(Int64)
        case float(Double)
        case string(String)
        /// A bare name: a column inside a verb, else a variable or function.
        case name(String)
        /// `$name`: always a variable.
        case variable(String)
        /// `.` in a formula: every other column.
        case dot
        case list([Expr])
        case record([(String, Expr)])
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        case call(Expr, [Argument])
        /// `lhs |> f(args)` becomes `f(lhs, args)` at run time.
        case pipe(Expr, Expr)
        case index(Expr, Expr)
        case member(Expr, String)
        case conditional(Expr, Expr, Expr)
        /// `lhs ~ rhs`, kept unevaluated for models.
        case formula(Expr?, Expr)
        case lambda([Parameter], Expr)
    }
    public let kind: Kind
    public let span: SourceSpan
    /// Levels of the tree below and including this node (a literal is 1). The parser bounds it
    /// so that evaluating (and freeing) a tree can never overflow the native stack, even for a
    /// long flat chain like `1 + 1 + … + 1` that nests no brackets.
    public let height: Int

    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
        self.height = 1 + Expr.childHeight(kind)
    }

    static func childHeight(_ kind: Kind) -> Int {
        switch kind {
        case .null, .bool, .int, .float, .string, .name, .variable, .dot: return 0
        case .list(let items): return items.reduce(0) { max($0, $1.height) }
        case .record(let fields): return fields.reduce(0) { max($0, $1.1.height) }
        case .unary(_, let x): return x.height
        case .binary(_, let a, let b), .pipe(let a, let b), .index(let a, let b): return max(a.height, b.height)
        case .call(let f, let args): return args.reduce(f.height) { max($0, $1.value.height) }
        case .member(let x, _): return x.height
        case .conditional(let c, let a, let b): return max(c.height, a.height, b.height)
        case .formula(let l, let r): return max(l?.height ?? 0, r.height)
        case .lambda(let params, let body):
            return params.reduce(body.height) { max($0, $1.defaultValue?.height ?? 0) }
        }
    }

    /// True for a bare name (`mean`), false for a `$` name and everything else.
    public var isBareName: Bool {
        if case .name = kind { return true }
        return false
    }

    /// The program text this expression was parsed from.
    public var sourceText: String { span.text }

    /// The name if this is a bare or `$` name.
    public var simpleName: String? {
        switch kind {
        case .name(let n), .variable(let n): return n
        default: return nil
        }
    }
}

public enum UnaryOp: String, Sendable { case negate = "-", plus = "+", not }

public enum BinaryOp: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or, `in`, notIn = "not in"
    /// `a:b` in a formula (an interaction).
    case interaction = ":"
}

public struct Argument: Sendable {
    public let name: String?
    public let value: Expr
    public let span: SourceSpan
    public init(name: String?, value: Expr, span: SourceSpan) {
        self.name = name
        self.value = value
        self.span = span
    }
}

public struct Parameter: Sendable {
    public let name: String
    public let defaultValue: Expr?
}

public struct Statement: Sendable {
    public enum Kind: Sendable {
        case expression(Expr)
        /// `a = e` or `a, b = e` (unpacks a list).
        case assign([String], Expr)
        case function(String, [Parameter], Expr)
    }
    public let kind: Kind
    public let span: SourceSpan
}
