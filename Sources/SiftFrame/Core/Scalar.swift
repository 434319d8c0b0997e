/// One cell taken out of a column. Used at the edges (printing, per-group fallbacks, the
/// language's scalar values); bulk work stays on the typed arrays.
public enum Scalar: Equatable, Hashable, Sendable {
    case null
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case string(String)
    case date(Int32)
    case datetime(Int64)
    /// A list-column cell.
    case list([String])

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var dataType: DataType? {
        switch self {
        case .null: return nil
        case .int: return .int
        case .float: return .float
        case .bool: return .bool
        case .string: return .string
        case .date: return .date
        case .datetime: return .datetime
        case .list: return .list
        }
    }

    public var asDouble: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .float(let v): return v
        case .bool(let v): return v ? 1 : 0
        default: return nil
        }
    }
}
