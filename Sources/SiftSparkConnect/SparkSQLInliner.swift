import SiftFrame
import SiftSQL

/// Writes bound parameters into Spark SQL text as literals, for servers that refuse parameters
/// on statements (Sail answers "command with parameters" for INSERT … VALUES (?, ?)).
///
/// Why it is safe: each `?` marker outside string literals, quoted identifiers and comments is
/// replaced by a literal built from the typed value, never by user text: strings are quoted with
/// Spark's escapes (backslash and quote), numbers are typed by CAST or parenthesised so a sign
/// cannot form a `--` comment, dates and timestamps use typed literals. Queries keep sending
/// parameters as protocol literals; this is the fallback for statements only.
enum SparkSQLInliner {
    static func inline(_ sql: String, _ parameters: [SQLParameter]) throws -> String {
        let chars = Array(sql.unicodeScalars)
        var out = String.UnicodeScalarView()
        var next = 0
        var i = 0
        func copy(until end: Int) { while i < end, i < chars.count { out.append(chars[i]); i += 1 } }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "'", "\"", "`":
                // A quoted run: backslash escapes in strings, doubled quotes end nothing.
                var j = i + 1
                while j < chars.count {
                    if chars[j] == "\\", c != "`" { j += 2; continue }
                    if chars[j] == c {
                        if j + 1 < chars.count, chars[j + 1] == c { j += 2; continue }
                        break
                    }
                    j += 1
                }
                copy(until: j + 1)
            case "-" where i + 1 < chars.count && chars[i + 1] == "-":
                var j = i
                while j < chars.count, chars[j] != "\n" { j += 1 }
                copy(until: j)
            case "/" where i + 1 < chars.count && chars[i + 1] == "*":
                var j = i + 2
                while j + 1 < chars.count, !(chars[j] == "*" && chars[j + 1] == "/") { j += 1 }
                copy(until: j + 2)
            case "?":
                guard next < parameters.count else {
                    throw SQLEngineError("sql: the statement has more ? markers than the \(parameters.count) parameters given")
                }
                out.append(contentsOf: literal(parameters[next]).unicodeScalars)
                next += 1
                i += 1
            default:
                out.append(c)
                i += 1
            }
        }
        guard next == parameters.count else {
            throw SQLEngineError("sql: \(parameters.count) parameters given for \(next) ? markers")
        }
        return String(out)
    }

    static func literal(_ p: SQLParameter) -> String {
        switch p {
        case .null: return "NULL"
        case .bool(let v): return v ? "TRUE" : "FALSE"
        case .int(let v): return v < 0 ? "(\(v))" : "\(v)"
        case .float(let v): return "CAST('\(v)' AS DOUBLE)"
        case .string(let v): return quote(v)
        case .date(let d): return "DATE " + quote(Temporal.formatDate(d))
        case .datetime(let t): return "TIMESTAMP " + quote(Temporal.formatDateTime(t))
        }
    }

    /// A Spark string literal: backslashes and single quotes escaped with a backslash.
    static func quote(_ s: String) -> String {
        var out = "'"
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "'"
    }
}
