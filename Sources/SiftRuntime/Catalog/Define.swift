import SiftFrame
import SiftLanguage

/// Shorthand used by every builtin file: one call declares a function (its signature in the
/// grammar `Signature` documents, help text, example, category and aliases) and its body
/// together, so binding, `:help`, completion and docs/functions.md read what the interpreter runs.
extension Interpreter {
    func define(_ name: String, _ signature: String, _ summary: String, example: String = "", category: String, aliases: [String] = [], lazy: Bool = false, _ body: @escaping (CallContext) throws -> Value) {
        register(Builtin(name: name, declaration: signature, summary: summary, example: example, category: category, aliases: aliases, evaluation: lazy ? .lazy : .eager, body: body))
    }
}

/// Helpers shared by the builtin implementations.
enum Args {
    /// The frame flowing into a verb: the first positional argument, grouped or not.
    static func input(_ ctx: CallContext) throws -> (frame: Frame, keys: [String]?) {
        let v = try ctx.value(0)
        switch v {
        case .frame(let f): return (f, nil)
        case .grouped(let g): return (g.frame, g.keys)
        case .object(let o):
            if let adapted = try ctx.interpreter.frameAdapter?(o, ctx.span(of: 0)) {
                switch adapted {
                case .frame(let f): return (f, nil)
                case .grouped(let g): return (g.frame, g.keys)
                default: break
                }
            }
            throw ctx.error("\(ctx.name)() needs a frame as its first argument, got \(withArticle(v.typeName))", hint: "pipe a frame into it: df |> \(ctx.name)(…)", at: ctx.span(of: 0))
        default:
            throw ctx.error("\(ctx.name)() needs a frame as its first argument, got \(withArticle(v.typeName))", hint: "pipe a frame into it: df |> \(ctx.name)(…)", at: ctx.span(of: 0))
        }
    }

    /// Re-wraps a verb's result the way its input came (grouped stays grouped).
    static func output(_ f: Frame, keys: [String]?) -> Value {
        if let keys { return .grouped(GroupedFrame(frame: f, keys: keys)) }
        return .frame(f)
    }

    static func column(_ v: Value, _ ctx: CallContext, _ what: String = "a column") throws -> Column {
        switch v {
        case .column(let c): return c
        case .list(let items):
            return Column.from(scalars: try items.map { i in
                guard let s = i.scalar else { throw ctx.error("\(ctx.name)() got a list holding \(withArticle(i.typeName))") }
                return s
            }, name: "")
        default: throw ctx.error("\(ctx.name)() needs \(what), got \(withArticle(v.typeName))")
        }
    }

    /// Applies a column function to a value: columns map element-wise, scalars act as one-row
    /// columns, so `upper("x")` and `upper(name)` share one implementation.
    static func lift(_ v: Value, _ ctx: CallContext, _ f: (Column) throws -> Column) throws -> Value {
        switch v {
        case .column(let c): return .column(try f(c))
        case .null: return .null
        default:
            guard let s = v.scalar else { throw ctx.error("\(ctx.name)() needs a value or a column, got \(withArticle(v.typeName))") }
            return Value(try f(Column.constant(s, count: 1))[0])
        }
    }

    static func scalarList(_ v: Value, _ ctx: CallContext, _ what: String, at span: SourceSpan? = nil) throws -> [Scalar] {
        guard case .list(let items) = v else { throw ctx.error("\(what) must be a list, e.g. [1, 2, 3]", at: span) }
        return try items.map { i in
            guard let s = i.scalar else { throw ctx.error("\(what) must hold plain values", at: span) }
            return s
        }
    }

    static func doubles(_ v: Value, _ ctx: CallContext, _ what: String) throws -> [Double] {
        try scalarList(v, ctx, what).map { s in
            guard let d = s.asDouble else { throw ctx.error("\(what) must hold numbers") }
            return d
        }
    }

    static func dataType(_ v: Value, _ ctx: CallContext, at span: SourceSpan? = nil) throws -> DataType {
        let name = try ctx.string(v, "the type", at: span)
        guard let t = DataType(userName: name) else {
            throw ctx.error("unknown type \"\(name)\"", hint: "types: int, float, bool, string, date, datetime", at: span)
        }
        return t
    }
}
