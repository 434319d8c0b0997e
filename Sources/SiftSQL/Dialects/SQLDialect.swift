import SiftFrame

/// What differs between the SQL engines Sift compiles to: quoting, literals, type names,
/// string order, quantiles, variance, date parts. The compiler asks the dialect for every
/// piece that is not the same in all three; adding an engine's SQL is one type conforming here.
/// A requirement returning nil means "this engine cannot do it exactly": the compiler then
/// raises an error naming the function, with `unsupportedReason`.
public protocol SQLDialect: Sendable {
    /// Short name for explain and errors (`postgres`, `sqlite`, `spark`).
    var name: String { get }
    /// An identifier quoted so any column name survives (`"a b"`, `` `a b` ``).
    func quote(identifier: String) -> String
    /// A string literal (quotes, and backslashes where the engine treats them as escapes).
    func literal(string: String) -> String
    /// A float literal that the engine types as a double (not a decimal).
    func literal(float: Double) -> String
    func literal(date days: Int32) -> String
    func literal(datetime micros: Int64) -> String
    /// The type name used in CAST for a Sift type (nil: the engine has no such type).
    func typeName(_ t: DataType) -> String?
    /// Appended to a string expression that is compared or ordered, so text orders by code
    /// point as Sift's does (PostgreSQL's default collation follows the locale).
    var binaryCollation: String { get }
    /// The q-th quantile with linear interpolation (pandas' default) of `x` as an aggregate.
    func quantile(_ x: String, _ q: String) -> String?
    /// Sample standard deviation / variance (n − 1) as aggregates (nil: the compiler computes
    /// them in two passes from the group mean).
    func sampleStd(_ x: String) -> String?
    func sampleVariance(_ x: String) -> String?
    /// A part of a date or datetime as a whole number: year, month, day, hour, minute, second,
    /// quarter, day_of_year, weekday (Monday = 1 … Sunday = 7), week (ISO).
    func datePart(_ part: String, _ x: String, temporal: DataType) -> String?
    /// `x` shifted by `days` whole days (a date stays a date).
    func addDays(_ x: String, _ days: String) -> String?
    /// Whole days from `a` to `b` (dates).
    func daysBetween(_ a: String, _ b: String) -> String?
    /// Position of `needle` in `haystack` from 1, 0 when absent.
    func position(_ needle: String, in haystack: String) -> String
    /// A uniformly random float in [0, 1), per row (for sample()).
    var random: String { get }
    /// Lower/upper case for all of Unicode (nil when the engine only maps ASCII).
    func lower(_ x: String) -> String?
    func upper(_ x: String) -> String?
    /// Row-wise largest (`max` true) or smallest value skipping nulls, as a function name.
    func greatest(_ max: Bool) -> String?
    /// The remainder of a floating division with the dividend's sign (C's fmod).
    func floatRemainder(_ x: String, _ y: String) -> String?
    /// Why an optional function is missing in this engine, for the error message.
    func unsupportedReason(_ function: String) -> String
}

extension SQLDialect {
    public func literal(string: String) -> String {
        "'" + string.replacingOccurrences(of: "'", with: "''") + "'"
    }
    public func literal(date days: Int32) -> String { "DATE " + literal(string: Temporal.formatDate(days)) }
    public func literal(datetime micros: Int64) -> String { "TIMESTAMP " + literal(string: Temporal.formatDateTime(micros)) }
    public var binaryCollation: String { "" }
    public func position(_ needle: String, in haystack: String) -> String { "INSTR(\(haystack), \(needle))" }
    public func lower(_ x: String) -> String? { "LOWER(\(x))" }
    public func upper(_ x: String) -> String? { "UPPER(\(x))" }
    public func unsupportedReason(_ function: String) -> String { "\(name) has no exact equivalent" }
    public func greatest(_ max: Bool) -> String? { max ? "GREATEST" : "LEAST" }
}
