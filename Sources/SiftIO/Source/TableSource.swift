import SiftFrame

/// A column as a source declares it before any data is read.
public struct ColumnInfo: Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var type: DataType
    public init(name: String, type: DataType) {
        self.name = name
        self.type = type
    }
    public var description: String { "\(name): \(type.rawValue)" }
}

/// What the query planner reads tables through. A source answers its schema as cheaply as its
/// format allows (Parquet from the footer alone) and reads only the columns asked for, so a
/// projection pushed down by the planner saves real work: Parquet skips the unread column chunks'
/// bytes, Excel skips the unread cells' text. Every reader (CSV, Parquet, Excel, JSON) is one.
public protocol TableSource: AnyObject {
    /// The input as the user named it, for error messages.
    var name: String { get }
    /// Column names and types in file order.
    func schema() throws -> [ColumnInfo]
    /// The named columns in the order asked (nil = every column in file order); an unknown name is
    /// an error listing the source's columns.
    func read(columns: [String]?) throws -> Frame
    /// Remarks on conversions the reader made (e.g. decimals read as float), for the user.
    var notes: [String] { get }
}

extension TableSource {
    public func read() throws -> Frame { try read(columns: nil) }

    /// Checks requested names against the schema; returns the file-order indices to read.
    public func resolve(_ requested: [String]?, in schema: [ColumnInfo]) throws -> [Int] {
        guard let requested else { return Array(schema.indices) }
        var index: [String: Int] = [:]
        for (i, c) in schema.enumerated() where index[c.name] == nil { index[c.name] = i }
        var seen = Set<String>()
        return try requested.map { n in
            guard let i = index[n] else {
                throw FrameError("\(name) has no column '\(n)'", hint: "columns: " + schema.prefix(20).map(\.name).joined(separator: ", "))
            }
            guard seen.insert(n).inserted else { throw FrameError("column '\(n)' is asked for twice") }
            return i
        }
    }
}
