import Foundation

/// Reads a declaration such as `round(x, digits: int = 0)` into a `Signature`.
///
/// Declarations are written by Sift's developers, not its users, but a malformed one must still
/// never bring a session down: the parser throws, the registry keeps the builtin callable with
/// an accept-anything signature and records the problem, and a catalogue test fails on it.
public enum SignatureParser {
    public struct Failure: Error, CustomStringConvertible {
        public let declaration: String
        public let reason: String
        public var description: String { "bad declaration \(declaration): \(reason)" }
    }

    public static func parse(_ text: String) throws -> Signature {
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        func fail(_ why: String) -> Failure { Failure(declaration: text, reason: why) }
        guard let open = chars.firstIndex(of: "("), chars.last == ")" else { throw fail("expected name(parameters)") }
        let name = String(chars[..<open]).trimmingCharacters(in: .whitespaces)
        guard isIdentifier(name) else { throw fail("'\(name)' is not a function name") }
        let body = Array(chars[(open + 1)..<(chars.count - 1)])
        var params: [Signature.Parameter] = []
        var namedOnly = false
        for piece in try splitTopLevel(body, fail) {
            let item = piece.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { throw fail("empty parameter") }
            if item == "*" {
                // After `columns...` the rest is named-only already; a `*` there is allowed.
                guard !namedOnly || params.contains(where: { $0.kind == .variadic }) else { throw fail("'*' twice") }
                namedOnly = true
                continue
            }
            let p = try parameter(item, namedOnly: namedOnly, fail)
            if params.contains(where: { $0.name == p.name }) { throw fail("parameter '\(p.name)' twice") }
            if p.kind == .variadic {
                guard !params.contains(where: { $0.kind == .variadic }) else { throw fail("two variadic parameters") }
                namedOnly = true  // anything after `columns...` can only be named
            }
            if p.kind == .positional, p.isRequired, params.contains(where: { $0.kind == .positional && $0.isOptional }) {
                throw fail("required '\(p.name)' after an optional positional parameter")
            }
            params.append(p)
        }
        return Signature(name: name, parameters: params)
    }

    private static func parameter(_ item: String, namedOnly: Bool, _ fail: (String) -> Failure) throws -> Signature.Parameter {
        var head = item
        var defaultText: String? = nil
        if let eq = topLevelEquals(item) {
            head = String(item[..<eq]).trimmingCharacters(in: .whitespaces)
            defaultText = String(item[item.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            if defaultText!.isEmpty { throw fail("'\(head)' has '=' but no default") }
        }
        var typeName = "any"
        if let colon = head.firstIndex(of: ":") {
            typeName = String(head[head.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            head = String(head[..<colon]).trimmingCharacters(in: .whitespaces)
        }
        guard let type = ParameterType(rawValue: typeName) else {
            throw fail("unknown type '\(typeName)' (types: \(ParameterType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var kind: Signature.Kind = namedOnly ? .named : .positional
        var optional = defaultText != nil
        if head.hasPrefix("**") {
            kind = .anyNamed; optional = true; head.removeFirst(2)
        } else if head.hasSuffix("...") || head.hasSuffix("…") {
            kind = .variadic; optional = true
            head = String(head.dropLast(head.hasSuffix("...") ? 3 : 1))
        }
        if head.hasSuffix("?") { optional = true; head.removeLast() }
        guard isIdentifier(head) else { throw fail("'\(head)' is not a parameter name") }
        if (kind == .variadic || kind == .anyNamed) && defaultText != nil { throw fail("'\(head)' collects arguments and cannot have a default") }
        return Signature.Parameter(name: head, type: type, kind: kind, defaultText: defaultText,
                                   defaultValue: defaultText.flatMap(literal), isOptional: optional)
    }

    /// Commas that separate parameters (not those inside brackets or quotes).
    private static func splitTopLevel(_ chars: [Character], _ fail: (String) -> Failure) throws -> [String] {
        if chars.allSatisfy({ $0 == " " }) { return [] }
        var pieces: [String] = [], current = "", depth = 0
        var quote: Character? = nil
        for c in chars {
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
                continue
            }
            switch c {
            case "\"", "'": quote = c; current.append(c)
            case "[", "{", "(": depth += 1; current.append(c)
            case "]", "}", ")": depth -= 1; current.append(c)
            case "," where depth == 0: pieces.append(current); current = ""
            default: current.append(c)
            }
        }
        guard quote == nil, depth == 0 else { throw fail("unbalanced brackets or quotes") }
        pieces.append(current)
        return pieces
    }

    private static func topLevelEquals(_ s: String) -> String.Index? {
        var quote: Character? = nil, depth = 0
        for i in s.indices {
            let c = s[i]
            if let q = quote { if c == q { quote = nil }; continue }
            switch c {
            case "\"", "'": quote = c
            case "[", "{", "(": depth += 1
            case "]", "}", ")": depth -= 1
            case "=" where depth == 0: return i
            default: break
            }
        }
        return nil
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.first, f == "_" || f.isLetter else { return false }
        return s.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }

    /// A default written as a literal (`5`, `-1`, `0.5`, `1e-4`, `"gini"`, `true`, `null`,
    /// `[1, 2]`) as the value bodies receive; anything else (`sum`) is shown but not injected.
    static func literal(_ text: String) -> Value? {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        if t.count >= 2, let f = t.first, f == "\"" || f == "'", t.last == f {
            return .string(String(t.dropFirst().dropLast()))
        }
        if let i = Int64(t.replacingOccurrences(of: "_", with: "")) { return .int(i) }
        if t.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true, let d = Double(t) { return .float(d) }
        if t.hasPrefix("["), t.hasSuffix("]") {
            let inner = Array(t.dropFirst().dropLast())
            guard let parts = try? splitTopLevel(inner, { Failure(declaration: t, reason: $0) }) else { return nil }
            var items: [Value] = []
            for p in parts where !p.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let v = literal(p) else { return nil }
                items.append(v)
            }
            return .list(items)
        }
        return nil
    }
}
