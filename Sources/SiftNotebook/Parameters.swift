import SiftFrame
import SiftLanguage
import SiftRuntime

/// Typed notebook parameters, declared in a ```sift params cell:
///
///     param region: string = "EMEA"
///     param k: int = 4
///
/// `-p name=value` overrides are converted to the declared type and checked before any cell runs.
public struct ParameterDeclaration: Equatable {
    public enum Kind: String, CaseIterable { case string, int, float, bool, date }
    public var name: String
    public var kind: Kind
    public var defaultSource: String
    public var line: Int
}

public struct ParameterError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public enum Parameters {
    /// Reads the declarations of a params cell; other lines (blank, comments) are ignored.
    public static func declarations(in cell: NotebookDocument.Cell, path: String) throws -> [ParameterDeclaration] {
        var out: [ParameterDeclaration] = []
        for (offset, raw) in cell.code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            let lineNo = cell.firstLine + offset
            guard line.hasPrefix("param ") else {
                throw ParameterError(message: "\(path):\(lineNo): a params cell holds only lines like `param region: string = \"EMEA\"`")
            }
            let rest = line.dropFirst(6)
            guard let colon = rest.firstIndex(of: ":"), let eq = rest.firstIndex(of: "="), colon < eq else {
                throw ParameterError(message: "\(path):\(lineNo): expected `param name: type = default`")
            }
            let name = rest[..<colon].trimmingCharacters(in: " \t")
            let typeName = rest[rest.index(after: colon)..<eq].trimmingCharacters(in: " \t")
            let def = rest[rest.index(after: eq)...].trimmingCharacters(in: " \t")
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ParameterError(message: "\(path):\(lineNo): '\(name)' is not a valid parameter name")
            }
            guard let kind = ParameterDeclaration.Kind(rawValue: typeName) else {
                throw ParameterError(message: "\(path):\(lineNo): unknown parameter type '\(typeName)' (use string, int, float, bool or date)")
            }
            out.append(ParameterDeclaration(name: name, kind: kind, defaultSource: def, line: lineNo))
        }
        return out
    }

    /// Converts a command-line value to the declared type.
    public static func convert(_ text: String, to kind: ParameterDeclaration.Kind, name: String) throws -> Value {
        func bad() -> ParameterError { ParameterError(message: "parameter \(name) must be \(article(kind)) \(kind.rawValue), got \"\(text)\"") }
        switch kind {
        case .string: return .string(text)
        case .int:
            guard let v = Int64(text) else { throw bad() }
            return .int(v)
        case .float:
            guard let v = Double(text), v.isFinite else { throw bad() }
            return .float(v)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: throw bad()
            }
        case .date:
            guard let d = Temporal.parseDate(text) else { throw bad() }
            return .date(d)
        }
    }

    static func article(_ k: ParameterDeclaration.Kind) -> String { k == .int ? "an" : "a" }

    /// Checks a value computed from a default expression against the declared type.
    static func check(_ v: Value, _ d: ParameterDeclaration, path: String) throws -> Value {
        switch (d.kind, v) {
        case (.string, .string), (.int, .int), (.float, .float), (.bool, .bool), (.date, .date): return v
        case (.float, .int(let i)): return .float(Double(i))
        case (.date, .string(let s)):
            if let day = Temporal.parseDate(s) { return .date(day) }
        default: break
        }
        throw ParameterError(message: "\(path):\(d.line): the default of \(d.name) is \(v.typeName), but it is declared \(d.kind.rawValue)")
    }

    /// Resolves every parameter (default or override), rejecting unknown overrides.
    public static func resolve(_ decls: [ParameterDeclaration], overrides: [(String, String)], session: Session, path: String) throws -> [(ParameterDeclaration, Value, Bool)] {
        let known = Set(decls.map(\.name))
        for (name, _) in overrides where !known.contains(name) {
            let list = decls.isEmpty ? "this notebook declares no parameters" : "parameters: " + decls.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
            throw ParameterError(message: "unknown parameter '\(name)'; \(list)")
        }
        return try decls.map { d in
            if let o = overrides.last(where: { $0.0 == d.name }) {
                return (d, try convert(o.1, to: d.kind, name: d.name), true)
            }
            let v: Value
            do { v = try session.evaluate(d.defaultSource) } catch {
                throw ParameterError(message: "\(path):\(d.line): the default of \(d.name) does not evaluate: \(error)")
            }
            return (d, try check(v, d, path: path), false)
        }
    }
}
