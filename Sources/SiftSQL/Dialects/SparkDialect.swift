import SiftFrame

/// Spark SQL 4 (and Sail, which accepts a slightly smaller dialect). String literals treat
/// backslash as an escape, so it is doubled; `percentile` interpolates linearly as pandas does.
public struct SparkDialect: SQLDialect {
    public init() {}
    public var name: String { "spark" }
    public func quote(identifier: String) -> String {
        "`" + identifier.replacingOccurrences(of: "`", with: "``") + "`"
    }
    public func literal(string: String) -> String {
        "'" + string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
    public func literal(float: Double) -> String { "CAST(\(float.description) AS DOUBLE)" }
    public func typeName(_ t: DataType) -> String? {
        switch t {
        case .int: return "BIGINT"
        case .float: return "DOUBLE"
        case .bool: return "BOOLEAN"
        case .string: return "STRING"
        case .date: return "DATE"
        case .datetime: return "TIMESTAMP"
        case .list: return nil
        }
    }
    public func quantile(_ x: String, _ q: String) -> String? { "percentile(\(x), \(q))" }
    public func sampleStd(_ x: String) -> String? { "STDDEV_SAMP(\(x))" }
    public func sampleVariance(_ x: String) -> String? { "VAR_SAMP(\(x))" }
    public func datePart(_ part: String, _ x: String, temporal: DataType) -> String? {
        switch part {
        case "year", "month", "day", "hour", "minute", "quarter":
            return "CAST(\(part.uppercased())(\(x)) AS BIGINT)"
        case "second": return "CAST(FLOOR(SECOND(\(x))) AS BIGINT)"
        case "day_of_year": return "CAST(DAYOFYEAR(\(x)) AS BIGINT)"
        // From DAYOFWEEK (1 = Sunday), which Spark and Sail agree on; Sail's WEEKDAY is off for Sundays.
        case "weekday": return "CAST((DAYOFWEEK(\(x)) + 5) % 7 + 1 AS BIGINT)"
        case "week": return "CAST(WEEKOFYEAR(\(x)) AS BIGINT)"
        default: return nil
        }
    }
    public func addDays(_ x: String, _ days: String) -> String? { "DATE_ADD(\(x), CAST(\(days) AS INT))" }
    public func daysBetween(_ a: String, _ b: String) -> String? { "CAST(DATEDIFF(\(b), \(a)) AS BIGINT)" }
    public var random: String { "RAND()" }
    public func floatRemainder(_ x: String, _ y: String) -> String? { "(\(x) % \(y))" }
}
