import SiftFrame

/// Something that can be called: a builtin from the registry or a user `fn`.
public class Callable: @unchecked Sendable {
    public let name: String
    init(name: String) { self.name = name }
}

/// An argument as the callee receives it: already a value (the piped-in frame, eager builtins)
/// or still an expression, so verbs can evaluate it against a frame's columns.
public enum ArgumentValue {
    case value(Value)
    case expr(Expr)

    /// The program text of an unevaluated argument; nil once evaluated.
    public var sourceText: String? {
        if case .expr(let e) = self { return e.sourceText }
        return nil
    }
}

/// A builtin function: its declaration (parameters, help, example, aliases) and its body, kept
/// together so binding, `:help`, completion and the generated reference read exactly what the
/// interpreter runs.
public final class Builtin: Callable, @unchecked Sendable {
    public enum Evaluation: Sendable {
        /// Arguments are evaluated in the caller's scope before the call.
        case eager
        /// Arguments arrive as expressions (verbs evaluate them against a frame).
        case lazy
    }
    /// The declared parameters every call is bound against.
    public let declaration: Signature
    public let summary: String
    public let example: String
    public let category: String
    public let evaluation: Evaluation
    /// Other names the function answers to everywhere (`avg` for `mean`).
    public let aliases: [String]
    /// Set when the declaration text did not parse; the catalogue test fails on it.
    public let declarationProblem: String?
    let body: (CallContext) throws -> Value

    /// `declaration` is the signature text (see `Signature`); one that does not parse leaves the
    /// function callable with any arguments and records the problem.
    public init(name: String, declaration text: String, summary: String, example: String = "", category: String = "general",
                aliases: [String] = [], evaluation: Evaluation = .eager, body: @escaping (CallContext) throws -> Value) {
        var problem: String? = nil
        var sig: Signature
        do {
            sig = try SignatureParser.parse(text)
            if sig.name != name { problem = "declaration names \(sig.name) but the function is \(name)" }
        } catch {
            problem = "\(error)"
            sig = Signature(name: name, parameters: [
                .init(name: "args", type: .any, kind: .variadic, defaultText: nil, defaultValue: nil, isOptional: true),
                .init(name: "options", type: .any, kind: .anyNamed, defaultText: nil, defaultValue: nil, isOptional: true),
            ])
        }
        self.declaration = sig
        self.declarationProblem = problem
        self.summary = summary
        self.example = example
        self.category = category
        self.evaluation = evaluation
        self.aliases = aliases
        self.body = body
        super.init(name: name)
    }

    /// A builtin with the same declaration and help around another body (the fuzzer fences
    /// file access this way).
    public init(wrapping other: Builtin, body: @escaping (CallContext) throws -> Value) {
        self.declaration = other.declaration
        self.declarationProblem = other.declarationProblem
        self.summary = other.summary
        self.example = other.example
        self.category = other.category
        self.evaluation = other.evaluation
        self.aliases = other.aliases
        self.body = body
        super.init(name: other.name)
    }

    /// The signature as help shows it.
    public var signature: String { declaration.display }
    /// Names an argument may be given by, for completion.
    public var parameterNames: [String] { declaration.namedParameterNames }

    /// Runs the body directly.
    public func invoke(_ ctx: CallContext) throws -> Value { try body(ctx) }
}

/// A function written in Sift (`fn name(params) = body`), closing over where it was defined.
public final class UserFunction: Callable, @unchecked Sendable {
    public let parameters: [Parameter]
    public let body: Expr
    let closure: Environment
    public let span: SourceSpan?

    init(name: String, parameters: [Parameter], body: Expr, closure: Environment, span: SourceSpan?) {
        self.parameters = parameters
        self.body = body
        self.closure = closure
        self.span = span
        super.init(name: name)
    }

    public var signature: String {
        "\(name)(" + parameters.map { $0.defaultValue == nil ? $0.name : "\($0.name) = …" }.joined(separator: ", ") + ")"
    }
}

/// Variables of one scope; function calls get a child of the function's defining scope.
public final class Environment: @unchecked Sendable {
    public private(set) var values: [String: Value] = [:]
    let parent: Environment?

    public init(parent: Environment? = nil) { self.parent = parent }

    public func lookup(_ name: String) -> Value? { values[name] ?? parent?.lookup(name) }
    public func set(_ name: String, _ value: Value) { values[name] = value }
    public func remove(_ name: String) { values[name] = nil }
    public func removeAll() { values.removeAll() }

    /// Every visible name (inner scopes shadow outer ones).
    public var allNames: [String] {
        var names = Set(values.keys)
        if let p = parent { names.formUnion(p.allNames) }
        return names.sorted()
    }
}
