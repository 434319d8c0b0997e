/// A builtin's declared parameters: the one place a function's shape is written.
///
/// The interpreter binds every call against it before the body runs (so a surplus or misspelled
/// argument is an error that shows this signature, never silently ignored), `:help` and the
/// generated reference print it, and completion offers its parameter names. It is written as
/// text next to the function's body and parsed once at registration:
///
///     round(x, digits: int = 0)
///     read_csv(path: string, *, delimiter?: string, header: bool = true)
///     select(frame: frame, columns...: names)
///     mutate(frame: frame, **columns: expr)
///
/// Parameters before `*` may be given by position or by name, those after it only by name;
/// `name?` is optional without a default, `name...` collects the remaining positional arguments
/// and `**name` accepts any other named argument.
public struct Signature {
    public enum Kind: Equatable, Sendable {
        /// Given by position or by name.
        case positional
        /// Given by name only (written after `*`).
        case named
        /// Collects every remaining positional argument.
        case variadic
        /// Collects every named argument that matches no other parameter.
        case anyNamed
    }

    public struct Parameter {
        public let name: String
        public let type: ParameterType
        public let kind: Kind
        /// The default as written in the declaration (`5`, `"gini"`, `sum`); nil when none.
        public let defaultText: String?
        /// The default as a value when it is a literal; bodies see it when the argument is absent.
        public let defaultValue: Value?
        /// True when the argument may be left out (it has a default, is marked `?`, or collects).
        public let isOptional: Bool

        public var isRequired: Bool { !isOptional }

        /// `frame: frame` reads as `frame`; `any`, `expr` and `names` say nothing a reader
        /// needs (a bare name already reads as a column or an expression).
        var showsType: Bool { ![.any, .expr, .names].contains(type) && type.rawValue != name }

        /// How the parameter reads in help: `digits: int = 0`, `data: frame`, `columns…`.
        public var display: String {
            switch kind {
            case .variadic: return name + "…" + (showsType ? ": \(type.rawValue)" : "")
            case .anyNamed: return "name = \(type == .expr ? "expr" : "value"), …"
            case .positional, .named:
                var s = name
                if defaultText == nil && isOptional { s += "?" }
                if showsType { s += ": \(type.rawValue)" }
                if let d = defaultText { s += " = \(d)" }
                return s
            }
        }
    }

    public let name: String
    public let parameters: [Parameter]

    public init(name: String, parameters: [Parameter]) {
        self.name = name
        self.parameters = parameters
    }

    /// Parameters that take positional arguments, in order.
    public var positionalParameters: [Parameter] { parameters.filter { $0.kind == .positional } }
    public var variadic: Parameter? { parameters.first { $0.kind == .variadic } }
    public var acceptsAnyNamed: Bool { parameters.contains { $0.kind == .anyNamed } }
    /// Every name an argument may be given by (`name:`), for completion and "did you mean".
    public var namedParameterNames: [String] {
        parameters.filter { $0.kind == .positional || $0.kind == .named }.map(\.name)
    }
    public func parameter(named n: String) -> Parameter? {
        parameters.first { $0.name == n && ($0.kind == .positional || $0.kind == .named) }
    }

    /// The signature as help shows it: `round(x, digits: int = 0)`.
    public var display: String {
        var parts: [String] = []
        var starred = false
        for p in parameters {
            if p.kind == .named && !starred && !parameters.contains(where: { $0.kind == .variadic }) {
                parts.append("*")
                starred = true
            }
            parts.append(p.display)
        }
        return "\(name)(" + parts.joined(separator: ", ") + ")"
    }
}

/// What an argument must be. Checked before the body runs for evaluated (eager) arguments;
/// `any`, `column`, `names`, `expr`, `formula` and `model` are left to the body, which knows
/// whether a scalar may stand for a column and which objects it takes.
public enum ParameterType: String, CaseIterable, Sendable {
    case any, frame, column, number, int, float, string, bool, list, record, model, function, names, expr, formula

    /// Nil when `v` fits, else what was expected (for the error message).
    public func mismatch(_ v: Value) -> String? {
        switch self {
        case .any, .column, .names, .expr, .formula, .model: return nil
        case .frame:
            switch v { case .frame, .grouped: return nil; default: return "a frame" }
        case .int:
            switch v {
            case .int: return nil
            case .float(let x) where x == x.rounded() && abs(x) < 1e15: return nil
            default: return "a whole number"
            }
        case .number, .float:
            switch v { case .int, .float: return nil; default: return "a number" }
        case .string:
            if case .string = v { return nil }
            return "text in quotes"
        case .bool:
            if case .bool = v { return nil }
            return "true or false"
        case .list:
            if case .list = v { return nil }
            return "a list"
        case .record:
            if case .record = v { return nil }
            return "a record such as {name: value}"
        case .function:
            if case .function = v { return nil }
            return "a function"
        }
    }
}
