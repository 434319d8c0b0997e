import SiftLanguage
import SiftFrame

/// A compiled expression: SQL text and the Sift type of its values (nil for a bare `null`,
/// which takes the type its context needs).
struct SQLExpr {
    var sql: String
    var type: DataType?
    /// True when the expression contains an aggregate (inside `summarize`).
    var aggregated = false

    init(_ sql: String, _ type: DataType?, aggregated: Bool = false) {
        self.sql = sql
        self.type = type
        self.aggregated = aggregated
    }

    var isNullLiteral: Bool { type == nil && sql == "NULL" }
}

/// The arguments of a call matched to a function's parameters the way Sift's catalogue binds
/// them (by position, then by name); a surplus, unknown or missing argument is an error at its
/// span, as it is locally.
struct CallArguments {
    let function: String
    var values: [String: Argument] = [:]

    init(_ function: String, _ args: [Argument], positional: [String], named: [String] = [], required: Int, span: SourceSpan) throws {
        self.function = function
        var next = 0
        for a in args {
            if let n = a.name {
                guard positional.contains(n) || named.contains(n) else {
                    throw SQLCompileError("\(function)() has no argument '\(n)'", at: a.span,
                                          hint: "arguments: " + (positional + named).joined(separator: ", "))
                }
                guard values[n] == nil else { throw SQLCompileError("\(function)() got '\(n)' twice", at: a.span) }
                values[n] = a
            } else {
                guard next < positional.count else {
                    throw SQLCompileError("\(function)() takes at most \(positional.count) argument\(positional.count == 1 ? "" : "s") by position", at: a.span)
                }
                while next < positional.count, values[positional[next]] != nil { next += 1 }
                guard next < positional.count else { throw SQLCompileError("\(function)() got a surplus argument", at: a.span) }
                values[positional[next]] = a
                next += 1
            }
        }
        for p in positional.prefix(required) where values[p] == nil {
            throw SQLCompileError("\(function)() needs its argument '\(p)'", at: span)
        }
    }

    subscript(_ name: String) -> Argument? { values[name] }
}
