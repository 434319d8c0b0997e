/// The logical type of a column. Every column stores exactly one of these, so verbs can pick a
/// typed kernel once per column instead of inspecting each cell.
public enum DataType: String, Sendable, CaseIterable {
    case int, float, bool, string, date, datetime
    /// A list of strings per cell (tokens); see `ColumnStorage.list`.
    case list

    public var isNumeric: Bool { self == .int || self == .float || self == .bool }
    public var isTemporal: Bool { self == .date || self == .datetime }

    /// Parses the names users write in `types: {age: "int"}` or `cast(x, "float")`.
    public init?(userName: String) {
        switch userName.lowercased() {
        case "int", "integer", "int64", "i64": self = .int
        case "float", "double", "float64", "f64", "number", "num": self = .float
        case "bool", "boolean", "logical": self = .bool
        case "string", "str", "text", "utf8", "category", "categorical": self = .string
        case "date": self = .date
        case "datetime", "timestamp", "time": self = .datetime
        default: return nil
        }
    }
}
