import SiftFrame

/// PostgreSQL 15. Text is compared with `COLLATE "C"` (code point order, as Sift); quantiles are
/// `percentile_cont`, which interpolates linearly as pandas does.
public struct PostgresDialect: SQLDialect {
    public init() {}
    public var name: String { "postgres" }
    public func quote(identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    public func literal(float: Double) -> String { "CAST(\(float.description) AS DOUBLE PRECISION)" }
    public func typeName(_ t: DataType) -> String? {
        switch t {
        case .int: return "BIGINT"
        case .float: return "DOUBLE PRECISION"
        case .bool: return "BOOLEAN"
        case .string: return "TEXT"
        case .date: return "DATE"
        case .datetime: return "TIMESTAMP"
        case .list: return nil
        }
    }
    public var binaryCollation: String { " COLLATE \"C\"" }
    public func quantile(_ x: String, _ q: String) -> String? { "percentile_cont(\(q)) WITHIN GROUP (ORDER BY \(x))" }
    public func sampleStd(_ x: String) -> String? { "STDDEV_SAMP(\(x))" }
    public func sampleVariance(_ x: String) -> String? { "VAR_SAMP(\(x))" }
    public func datePart(_ part: String, _ x: String, temporal: DataType) -> String? {
        let field: String
        switch part {
        case "year": field = "YEAR"
        case "month": field = "MONTH"
        case "day": field = "DAY"
        case "hour": field = "HOUR"
        case "minute": field = "MINUTE"
        case "second": return "CAST(FLOOR(EXTRACT(SECOND FROM \(x))) AS BIGINT)"
        case "quarter": field = "QUARTER"
        case "day_of_year": field = "DOY"
        case "weekday": field = "ISODOW"
        case "week": field = "WEEK"
        default: return nil
        }
        return "CAST(EXTRACT(\(field) FROM \(x)) AS BIGINT)"
    }
    public func addDays(_ x: String, _ days: String) -> String? { "(\(x) + CAST(\(days) AS INTEGER))" }
    public func daysBetween(_ a: String, _ b: String) -> String? { "CAST((\(b) - \(a)) AS BIGINT)" }
    public func position(_ needle: String, in haystack: String) -> String { "STRPOS(\(haystack), \(needle))" }
    public var random: String { "RANDOM()" }
    public func floatRemainder(_ x: String, _ y: String) -> String? { nil }
    /// PostgreSQL maps case one character at a time by the database's locale (`ß` stays `ß`
    /// where Sift gives `SS`), so LOWER/UPPER are refused rather than differ.
    public func lower(_ x: String) -> String? { nil }
    public func upper(_ x: String) -> String? { nil }
    public func unsupportedReason(_ function: String) -> String {
        switch function {
        case "lower()", "upper()": return "PostgreSQL maps case by the database's locale, one character at a time (ß stays ß; Sift gives SS)"
        case "%": return "PostgreSQL has no exact remainder of floats"
        default: return "postgres has no exact equivalent"
        }
    }
}
