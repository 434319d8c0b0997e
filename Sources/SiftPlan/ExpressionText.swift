import SiftLanguage

/// An expression written back as Sift source from the tree (not from the span), so `explain`
/// shows what runs after rewriting: `spend > 10 * 2` folded reads `spend > 20`.
public enum ExpressionText {
    public static func text(_ e: Expr) -> String {
        switch e.kind {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(d)
        case .string(let s): return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .name(let n): return n
        case .variable(let n): return "$" + n
        case .dot: return "."
        case .list(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .record(let fields): return "{" + fields.map { "\($0.0): \(text($0.1))" }.joined(separator: ", ") + "}"
        case .unary(let op, let x): return (op == .not ? "not " : op.rawValue) + operand(x)
        case .binary(let op, let a, let b): return operand(a) + " " + op.rawValue + " " + operand(b)
        case .call(let f, let args): return text(f) + "(" + arguments(args, assignStyle: false) + ")"
        case .member(let x, let n): return operand(x) + "." + n
        case .index(let x, let i): return operand(x) + "[" + text(i) + "]"
        default: return e.sourceText
        }
    }

    /// Arguments `a, name: b`; with `assignStyle`, named ones as `name = b` (mutate, summarize).
    public static func arguments(_ args: [Argument], assignStyle: Bool) -> String {
        args.map { a in a.name.map { $0 + (assignStyle ? " = " : ": ") + text(a.value) } ?? text(a.value) }.joined(separator: ", ")
    }

    /// Operands that are themselves operators get brackets, so precedence never misleads.
    static func operand(_ e: Expr) -> String {
        switch e.kind {
        case .binary, .conditional: return "(" + text(e) + ")"
        default: return text(e)
        }
    }
}
