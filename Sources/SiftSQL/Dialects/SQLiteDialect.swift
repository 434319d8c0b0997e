import SiftFrame

/// SQLite 3.40 (Debian 12's). Dates live as ISO text (see `SQLiteEngine`), so date literals are
/// text and date parts come from `strftime`. SQLite has no quantile or sample variance
/// aggregate: quantiles are refused, variance is computed in two passes by the compiler;
/// its LOWER/UPPER change ASCII letters only, so they are refused too.
public struct SQLiteDialect: SQLDialect {
    public init() {}
    public var name: String { "sqlite" }
    public func quote(identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    public func literal(float: Double) -> String {
        // A literal with a point or an exponent is REAL in SQLite.
        let s = float.description
        return s.contains(".") || s.contains("e") ? s : s + ".0"
    }
    public func literal(date days: Int32) -> String { literal(string: Temporal.formatDate(days)) }
    public func literal(datetime micros: Int64) -> String { literal(string: Temporal.formatDateTime(micros)) }
    public func typeName(_ t: DataType) -> String? {
        switch t {
        case .int: return "INTEGER"
        case .float: return "REAL"
        case .bool: return "INTEGER"
        case .string: return "TEXT"
        case .date, .datetime, .list: return nil
        }
    }
    public func quantile(_ x: String, _ q: String) -> String? { nil }
    public func sampleStd(_ x: String) -> String? { nil }
    public func sampleVariance(_ x: String) -> String? { nil }
    public func datePart(_ part: String, _ x: String, temporal: DataType) -> String? {
        let format: String
        switch part {
        case "year": format = "%Y"
        case "month": format = "%m"
        case "day": format = "%d"
        case "hour": format = "%H"
        case "minute": format = "%M"
        case "second": format = "%S"
        case "day_of_year": format = "%j"
        case "quarter": return "((CAST(strftime('%m', \(x)) AS INTEGER) + 2) / 3)"
        case "weekday": return "((CAST(strftime('%w', \(x)) AS INTEGER) + 6) % 7 + 1)"
        default: return nil
        }
        return "CAST(strftime('\(format)', \(x)) AS INTEGER)"
    }
    public func addDays(_ x: String, _ days: String) -> String? { "date(\(x), (CAST(\(days) AS INTEGER) || ' days'))" }
    public func daysBetween(_ a: String, _ b: String) -> String? { "CAST(julianday(\(b)) - julianday(\(a)) AS INTEGER)" }
    public var random: String { "((RANDOM() / 18446744073709551616.0) + 0.5)" }
    public func lower(_ x: String) -> String? { nil }
    public func upper(_ x: String) -> String? { nil }
    public func unsupportedReason(_ function: String) -> String {
        switch function {
        case "median", "quantile": return "sqlite has no exact quantile aggregate"
        case "lower()", "upper()": return "sqlite's \(function.uppercased()) changes ASCII letters only"
        case "week()": return "sqlite's strftime has no ISO week"
        case "greatest()", "least()": return "sqlite's multi-argument MAX/MIN give null when any argument is null"
        default: return "sqlite has no exact equivalent"
        }
    }
    public func floatRemainder(_ x: String, _ y: String) -> String? { "MOD(\(x), \(y))" }
    /// SQLite's multi-argument MAX/MIN return null when any argument is null.
    public func greatest(_ max: Bool) -> String? { nil }
}
