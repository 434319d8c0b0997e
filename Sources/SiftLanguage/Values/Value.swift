import SiftFrame

/// A runtime value. Scalars mirror the column types so a cell taken out of a frame and a literal
/// in code behave identically; frames and columns are the columnar engine's own types.
public enum Value: @unchecked Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case date(Int32)
    case datetime(Int64)
    case list([Value])
    case record(Record)
    case frame(Frame)
    case column(Column)
    case grouped(GroupedFrame)
    case function(Callable)
    case formula(Formula)
    /// Models and other library objects.
    case object(SiftObject)

    public init(_ s: Scalar) {
        switch s {
        case .null: self = .null
        case .int(let v): self = .int(v)
        case .float(let v): self = .float(v)
        case .bool(let v): self = .bool(v)
        case .string(let v): self = .string(v)
        case .date(let v): self = .date(v)
        case .datetime(let v): self = .datetime(v)
        case .list(let v): self = .list(v.map { .string($0) })
        }
    }

    /// The scalar form, or nil for lists, frames and other compound values.
    public var scalar: Scalar? {
        switch self {
        case .null: return .null
        case .bool(let v): return .bool(v)
        case .int(let v): return .int(v)
        case .float(let v): return .float(v)
        case .string(let v): return .string(v)
        case .date(let v): return .date(v)
        case .datetime(let v): return .datetime(v)
        default: return nil
        }
    }

    /// The name users see in messages and `:vars`.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "string"
        case .date: return "date"
        case .datetime: return "datetime"
        case .list: return "list"
        case .record: return "record"
        case .frame: return "frame"
        case .column(let c): return "column<\(c.type.rawValue)>"
        case .grouped: return "grouped frame"
        case .function: return "function"
        case .formula: return "formula"
        case .object(let o): return o.typeName
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }
}

/// An ordered set of named values, `{a: 1, b: "x"}`; keeps insertion order for printing.
public struct Record: Sendable {
    public var fields: [(String, Value)]
    public init(_ fields: [(String, Value)]) { self.fields = fields }
    public subscript(key: String) -> Value? { fields.first { $0.0 == key }?.1 }
}

/// A frame plus the key columns of a pending `group_by`; `summarize`, `mutate` and `filter`
/// act per group on it.
public struct GroupedFrame: Sendable {
    public let frame: Frame
    public let keys: [String]
    public init(frame: Frame, keys: [String]) {
        self.frame = frame
        self.keys = keys
    }
}

/// `lhs ~ rhs`, unevaluated, for model functions to interpret.
public struct Formula: Sendable {
    public let lhs: Expr?
    public let rhs: Expr
    public let span: SourceSpan
}

/// Library objects (models, charts) that print themselves and expose fields with `.name`.
public protocol SiftObject: AnyObject {
    var typeName: String { get }
    /// Plain-text rendering for the terminal and for reports.
    func render(width: Int) -> String
    func member(_ name: String) -> Value?
    /// A one-line summary, shown after an assignment in the REPL.
    var summaryLine: String { get }
}

extension SiftObject {
    public func member(_ name: String) -> Value? { nil }
    public var summaryLine: String { typeName }
}
