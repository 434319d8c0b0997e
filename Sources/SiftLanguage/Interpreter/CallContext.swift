import SiftFrame

/// Where an argument sits in `CallContext.positional` or `CallContext.named`.
public enum ArgumentSlot: Equatable, Sendable {
    case positional(Int)
    case named(Int)
}

/// One argument of a call as written: its name (nil when positional), value and location.
public struct CallArgument {
    public let name: String?
    public let value: ArgumentValue
    public let span: SourceSpan
    public let slot: ArgumentSlot
}

/// What a builtin receives: its arguments (values, or expressions for verbs), the caller's scope
/// and the call's location, with typed accessors that produce located, helpful errors.
public final class CallContext {
    public let interpreter: Interpreter
    public let builtin: Builtin
    public let positional: [ArgumentValue]
    public let named: [(String, ArgumentValue, SourceSpan)]
    public let scope: Scope
    public let span: SourceSpan
    /// The order the arguments were written in (the piped value first).
    public let order: [ArgumentSlot]
    /// Where each positional argument was written (the call's span for a piped value), kept
    /// after eager builtins have evaluated them.
    let positionalSpans: [SourceSpan]

    init(interpreter: Interpreter, builtin: Builtin, positional: [ArgumentValue], named: [(String, ArgumentValue, SourceSpan)], scope: Scope, span: SourceSpan, order: [ArgumentSlot]? = nil, positionalSpans: [SourceSpan]? = nil) {
        self.positionalSpans = positionalSpans ?? positional.map { a in
            if case .expr(let e) = a { return e.span }
            return span
        }
        self.interpreter = interpreter
        self.builtin = builtin
        self.positional = positional
        self.named = named
        self.scope = scope
        self.span = span
        // Keep only slots that exist, and add any the given order missed, so `arguments` always
        // lists every argument exactly once.
        var slots = (order ?? []).filter { slot in
            switch slot {
            case .positional(let i): return positional.indices.contains(i)
            case .named(let i): return named.indices.contains(i)
            }
        }
        for i in positional.indices where !slots.contains(.positional(i)) { slots.append(.positional(i)) }
        for i in named.indices where !slots.contains(.named(i)) { slots.append(.named(i)) }
        self.order = slots
    }

    public var name: String { builtin.name }
    public var count: Int { positional.count }

    /// Every argument in the order written: positional and named ones interleaved as in the
    /// source, the piped value first.
    public var arguments: [CallArgument] {
        order.map { slot in
            switch slot {
            case .positional(let i): return CallArgument(name: nil, value: positional[i], span: span(of: i), slot: slot)
            case .named(let i): return CallArgument(name: named[i].0, value: named[i].1, span: named[i].2, slot: slot)
            }
        }
    }

    public func error(_ message: String, hint: String? = nil, at spanOverride: SourceSpan? = nil) -> SiftError {
        SiftError(.runtime, message, at: spanOverride ?? span, hint: hint ?? "usage: \(builtin.signature)")
    }

    /// Runs `body` so that engine errors without a location point at `span` (an argument)
    /// instead of the whole call; errors that already carry a span keep it.
    public func at<T>(_ span: SourceSpan, _ body: () throws -> T) throws -> T {
        try interpreter.at(span, body)
    }

    /// Span of the named argument `n` (`name: value`), when given.
    public func span(ofNamed n: String) -> SourceSpan? { named.first { $0.0 == n }?.2 }

    /// Span of positional argument `i` as written (the call's span for a piped value).
    public func span(of i: Int) -> SourceSpan {
        if i < positional.count, case .expr(let e) = positional[i] { return e.span }
        return i < positionalSpans.count ? positionalSpans[i] : span
    }

    public func expr(_ i: Int) -> Expr? {
        guard i < positional.count, case .expr(let e) = positional[i] else { return nil }
        return e
    }

    /// A named argument as written. The binder has already refused names the declaration lacks,
    /// so asking for an undeclared name (a helper shared by several builtins) simply finds nothing.
    public func namedArgument(_ n: String) -> ArgumentValue? { named.first { $0.0 == n }?.1 }
    public func namedExpr(_ n: String) -> Expr? {
        if case .expr(let e)? = namedArgument(n) { return e }
        return nil
    }
    /// Whether the call gave `n`, by name or in its declared position.
    public func has(_ n: String) -> Bool {
        if namedArgument(n) != nil { return true }
        guard let p = builtin.declaration.positionalParameters.firstIndex(where: { $0.name == n }) else { return false }
        return p < positional.count
    }

    /// Whether this builtin's declaration has a parameter `n`: helpers shared by several
    /// builtins (chart options) read only the options the calling builtin declares.
    public func declares(_ n: String) -> Bool { builtin.declaration.parameter(named: n) != nil }

    // MARK: evaluation

    public func evaluate(_ e: Expr, mask: Frame? = nil) throws -> Value {
        try interpreter.eval(e, Scope(env: scope.env, mask: mask ?? scope.mask))
    }

    public func resolve(_ a: ArgumentValue, mask: Frame? = nil) throws -> Value {
        switch a {
        case .value(let v): return v
        case .expr(let e): return try evaluate(e, mask: mask)
        }
    }

    /// Positional argument `i` evaluated (in the caller's scope).
    public func value(_ i: Int) throws -> Value {
        guard i < positional.count else { throw error("\(name)() needs at least \(i + 1) argument\(i == 0 ? "" : "s")") }
        return try resolve(positional[i])
    }

    /// Named argument `n`, or positional `i` when given, else the default the declaration gives
    /// `n` (so the declared default is the one that runs), else nil.
    /// The position is the declaration's when it declares `n` positionally (the binder moves a
    /// named argument there), so a body asking by name alone still finds `f(x, n: 3)`.
    public func optional(_ n: String, position i: Int? = nil) throws -> Value? {
        if let a = namedArgument(n) { return try resolve(a) }
        let declared = builtin.declaration.positionalParameters.firstIndex { $0.name == n }
        if let p = declared ?? i, p < positional.count { return try resolve(positional[p]) }
        return builtin.declaration.parameter(named: n)?.defaultValue
    }

    /// The argument bound to parameter `n` (by name or by its position in the declaration),
    /// or its declared default, or nil when absent and without a default.
    public func argument(_ n: String) throws -> Value? {
        let position = builtin.declaration.positionalParameters.firstIndex { $0.name == n }
        return try optional(n, position: position)
    }

    public func required(_ n: String, position i: Int? = nil) throws -> Value {
        guard let v = try optional(n, position: i) else { throw error("\(name)() is missing the argument '\(n)'") }
        return v
    }

    // MARK: typed accessors

    public func frame(_ v: Value, _ what: String = "a frame") throws -> Frame {
        switch v {
        case .frame(let f): return f
        case .grouped(let g): return g.frame
        case .object(let o):
            if let adapted = try interpreter.frameAdapter?(o, span) { return try frame(adapted, what) }
            throw error("\(name)() needs \(what), got \(withArticle(v.typeName))", hint: "pass a frame, e.g. df |> \(name)(…)")
        default: throw error("\(name)() needs \(what), got \(withArticle(v.typeName))", hint: "pass a frame, e.g. df |> \(name)(…)")
        }
    }

    public func frame(_ i: Int) throws -> Frame { try frame(value(i)) }

    public func int(_ v: Value, _ what: String, at place: SourceSpan? = nil) throws -> Int {
        switch v {
        case .int(let x): return Int(x)
        case .float(let x) where x == x.rounded() && abs(x) < 1e15: return Int(x)
        default: throw error("\(what) must be a whole number, got \(v.typeName)", at: place)
        }
    }

    public func double(_ v: Value, _ what: String, at place: SourceSpan? = nil) throws -> Double {
        switch v {
        case .int(let x): return Double(x)
        case .float(let x): return x
        default: throw error("\(what) must be a number, got \(v.typeName)", at: place)
        }
    }

    public func string(_ v: Value, _ what: String, at place: SourceSpan? = nil) throws -> String {
        guard case .string(let s) = v else { throw error("\(what) must be text in quotes, got \(v.typeName)", at: place) }
        return s
    }

    public func bool(_ v: Value, _ what: String, at place: SourceSpan? = nil) throws -> Bool {
        guard case .bool(let b) = v else { throw error("\(what) must be true or false, got \(v.typeName)", at: place) }
        return b
    }

    /// Column names written as bare names (`region`), strings, `$var` holding names, lists of
    /// these, or `-name` to exclude (the caller decides what exclusion means).
    public func columnNames(_ a: ArgumentValue, in frame: Frame?) throws -> [String] {
        switch a {
        case .value(let v): return try namesFromValue(v, span)
        case .expr(let e): return try columnNames(e, in: frame)
        }
    }

    public func columnNames(_ e: Expr, in frame: Frame?) throws -> [String] {
        switch e.kind {
        case .name(let n):
            if let f = frame, f.hasColumn(n) { return [n] }
            if let v = scope.env.lookup(n), case .string(let s) = v, frame?.hasColumn(s) ?? false { return [s] }
            if let v = scope.env.lookup(n), case .list = v { return try namesFromValue(v, e.span) }
            if let f = frame { throw noColumn(n, f, e.span) }
            return [n]
        case .string(let s):
            if let f = frame, !f.hasColumn(s) { throw noColumn(s, f, e.span) }
            return [s]
        case .list(let items): return try items.flatMap { try columnNames($0, in: frame) }
        case .variable: return try namesFromValue(try evaluate(e), e.span)
        default:
            throw SiftError(.runtime, "expected column names here", at: e.span, hint: "write names bare (region) or quoted (\"region\")")
        }
    }

    func namesFromValue(_ v: Value, _ span: SourceSpan) throws -> [String] {
        switch v {
        case .string(let s): return [s]
        case .list(let l): return try l.flatMap { try namesFromValue($0, span) }
        case .column(let c): return [c.name]
        default: throw SiftError(.runtime, "expected column names, got \(withArticle(v.typeName))", at: span)
        }
    }

    public func noColumn(_ n: String, _ f: Frame, _ span: SourceSpan) -> SiftError {
        let hint = Suggest.closest(n, in: f.names).map { "did you mean '\($0)'?" } ?? "columns: " + f.names.prefix(12).joined(separator: ", ")
        return SiftError(.runtime, "no column named '\(n)'", at: span, hint: hint)
    }
}

/// `"int"` → `"an int"`, `"list"` → `"a list"`: a type name with its indefinite article.
public func withArticle(_ noun: String) -> String {
    guard let first = noun.lowercased().first else { return noun }
    return ("aeiou".contains(first) ? "an " : "a ") + noun
}
