import SiftLanguage
import SiftNotebook
import SiftRuntime

/// Typed `param` cells inside the kernel, and how papermill's parameters reach them.
///
/// A cell whose first code line starts with `param ` is a parameters cell. Two line forms:
///
///     param region: string = "EMEA"     # a declaration: name, type, default
///     param region = "West"             # an override (what papermill's Sift translator writes)
///
/// papermill inserts its injected cell right after the cell tagged `parameters` (or first, when
/// no cell is tagged), so both orders work: an override seen before the declaration is kept and
/// used in place of the default; one seen after replaces the value. Either way the value is
/// checked against the declared type (ints widen to floats; a string is converted like
/// `sift run -p`), so a wrong papermill parameter fails with a typed error, not a wrong report.
struct ParameterState {
    var declared: [String: ParameterDeclaration.Kind] = [:]
    var overrides: [String: Value] = [:]

    static func isParameterCell(_ code: String) -> Bool {
        for raw in code.split(separator: "\n") {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") || line == "\r" { continue }
            return line.hasPrefix("param ")
        }
        return false
    }

    /// Runs a parameters cell; returns one summary line per parameter set.
    mutating func run(_ source: Source, session: Session) throws -> String {
        var summary: [String] = []
        var offset = 0
        for raw in source.text.split(separator: "\n", omittingEmptySubsequences: false) {
            let lineStart = offset
            offset += raw.utf8.count + 1
            let line = raw.trimming(" \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            let span = SourceSpan(source: source, start: lineStart, end: lineStart + raw.utf8.count)
            func fail(_ message: String, hint: String? = nil) -> SiftError { SiftError(.runtime, message, at: span, hint: hint) }
            guard line.hasPrefix("param ") else {
                throw fail("a parameters cell holds only `param` lines", hint: "write `param name: type = default`, and put other code in the next cell")
            }
            let rest = line.dropFirst(6)
            guard let eq = rest.firstIndex(of: "=") else { throw fail("expected `param name: type = default`") }
            let head = rest[..<eq]
            let expression = rest[rest.index(after: eq)...].trimming(" \t")
            let name: String
            var kind: ParameterDeclaration.Kind? = nil
            if let colon = head.firstIndex(of: ":") {
                name = head[..<colon].trimming(" \t")
                let typeName = head[head.index(after: colon)...].trimming(" \t")
                guard let k = ParameterDeclaration.Kind(rawValue: typeName) else {
                    throw fail("unknown parameter type '\(typeName)'", hint: "use string, int, float, bool or date")
                }
                kind = k
            } else {
                name = head.trimming(" \t")
            }
            guard !name.isEmpty, name.first?.isNumber == false, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw fail("'\(name)' is not a valid parameter name")
            }
            guard !expression.isEmpty else { throw fail("parameter \(name) has no value after `=`") }
            let evaluated: Value
            do {
                evaluated = try session.evaluate(expression)
            } catch let e as SiftError {
                throw fail("the value of \(name) does not evaluate: \(e.message)")
            }
            if let kind {
                declared[name] = kind
                if let o = overrides[name] {
                    session.interpreter.globals.set(name, try Self.coerce(o, to: kind, name: name, from: "the injected value", span: span))
                    summary.append("\(name) = \(session.display.repr(session.interpreter.globals.lookup(name) ?? .null))  (injected)")
                } else {
                    session.interpreter.globals.set(name, try Self.coerce(evaluated, to: kind, name: name, from: "the default", span: span))
                    summary.append("\(name) = \(session.display.repr(session.interpreter.globals.lookup(name) ?? .null))")
                }
            } else {
                overrides[name] = evaluated
                let value = try declared[name].map { try Self.coerce(evaluated, to: $0, name: name, from: "the injected value", span: span) } ?? evaluated
                session.interpreter.globals.set(name, value)
                summary.append("\(name) = \(session.display.repr(value))  (injected)")
            }
        }
        return summary.joined(separator: "\n")
    }

    /// Checks a value against a declared parameter type.
    static func coerce(_ v: Value, to kind: ParameterDeclaration.Kind, name: String, from origin: String, span: SourceSpan) throws -> Value {
        switch (kind, v) {
        case (.string, .string), (.int, .int), (.float, .float), (.bool, .bool), (.date, .date): return v
        case (.float, .int(let i)): return .float(Double(i))
        case (_, .string(let text)):
            do { return try Parameters.convert(text, to: kind, name: name) } catch let e as ParameterError {
                throw SiftError(.runtime, e.message, at: span)
            }
        default:
            throw SiftError(.runtime, "parameter \(name) is declared \(kind.rawValue), but \(origin) is \(v.typeName)", at: span)
        }
    }
}

extension StringProtocol {
    /// The text without the given characters at either end.
    func trimming(_ characters: String) -> String {
        var s = Substring(self)
        while let f = s.first, characters.contains(f) { s.removeFirst() }
        while let l = s.last, characters.contains(l) { s.removeLast() }
        return String(s)
    }
}
