/// The Arrow types Sift reads and writes, with the parameters that change decoding.
public enum ArrowType: Equatable, Sendable {
    /// All values null (Spark's `NULL` literal).
    case null
    case int(bitWidth: Int, signed: Bool)
    /// precision: 16, 32 or 64 bits.
    case floatingPoint(bits: Int)
    case bool
    case utf8
    case largeUtf8
    /// Fixed-point; read as a float (Spark sends `decimal(p, s)` for literals like `1.5`).
    case decimal(precision: Int, scale: Int, bitWidth: Int)
    /// Days (date32) or milliseconds (date64) since the epoch.
    case date(milliseconds: Bool)
    /// unit: 0 s, 1 ms, 2 µs, 3 ns; timezone nil for a naive timestamp.
    case timestamp(unit: Int, timezone: String?)
    /// A type Sift has no column for, kept by name so the error can say which.
    case unsupported(String)
}

/// How a field's values are dictionary-encoded: the dictionary's id and the index type.
public struct ArrowDictionaryEncoding: Equatable, Sendable {
    public var id: Int64
    public var indexBitWidth: Int
    public var indexSigned: Bool
}

/// One column of an Arrow schema.
public struct ArrowField: Equatable, Sendable {
    public var name: String
    public var type: ArrowType
    public var nullable: Bool
    /// Set when the column holds dictionary indices; `type` is then the dictionary's value type.
    public var dictionary: ArrowDictionaryEncoding?
    /// Number of child fields (nested types); Sift reads none, but their buffers must be skipped.
    public var childCount: Int
}

/// The schema message of a stream.
public struct ArrowSchema: Equatable, Sendable {
    public var fields: [ArrowField]
}

extension ArrowSchema {
    /// Parses `Schema` (Schema.fbs): endianness (0), fields (1).
    init(table: FlatBufferTable) throws {
        guard try table.int16(0) == 0 else { throw ArrowError("big-endian streams are not supported") }
        fields = try table.tables(1).map(ArrowField.init(table:))
    }
}

extension ArrowField {
    /// Parses `Field`: name (0), nullable (1), type_type (2), type (3), dictionary (4), children (5).
    init(table: FlatBufferTable) throws {
        name = try table.string(0) ?? ""
        nullable = try table.bool(1)
        let children = try table.tables(5)
        childCount = children.count
        let typeTable = try table.table(3)
        type = try ArrowField.parseType(tag: try table.uint8(2), table: typeTable)
        if let d = try table.table(4) {
            // DictionaryEncoding: id (0), indexType (1: Int table), isOrdered (2).
            var width = 32, signed = true
            if let index = try d.table(1) {
                width = Int(try index.int32(0))
                signed = try index.bool(1)
            }
            guard [8, 16, 32, 64].contains(width) else { throw ArrowError("column '\(name)' has dictionary indices of \(width) bits") }
            dictionary = ArrowDictionaryEncoding(id: try d.int64(0), indexBitWidth: width, indexSigned: signed)
        } else {
            dictionary = nil
        }
    }

    /// The `Type` union (Schema.fbs): the tag picks the table describing the type.
    static func parseType(tag: UInt8, table: FlatBufferTable?) throws -> ArrowType {
        switch tag {
        case 1: return .null
        case 2:
            guard let t = table else { throw ArrowError("Int type without its table") }
            let width = Int(try t.int32(0))
            guard [8, 16, 32, 64].contains(width) else { throw ArrowError("integer width \(width) is not 8, 16, 32 or 64") }
            return .int(bitWidth: width, signed: try t.bool(1))
        case 3:
            let precision = try table?.int16(0) ?? 0
            switch precision {
            case 0: return .floatingPoint(bits: 16)
            case 1: return .floatingPoint(bits: 32)
            case 2: return .floatingPoint(bits: 64)
            default: throw ArrowError("unknown floating-point precision \(precision)")
            }
        case 4: return .unsupported("binary")
        case 5: return .utf8
        case 6: return .bool
        case 7:
            guard let t = table else { throw ArrowError("Decimal type without its table") }
            return .decimal(precision: Int(try t.int32(0)), scale: Int(try t.int32(1)), bitWidth: Int(try t.int32(2, default: 128)))
        case 8:
            // Date: unit (0), DAY = 0, MILLISECOND = 1 (the schema's default).
            return .date(milliseconds: try table?.int16(0, default: 1) ?? 1 == 1)
        case 9: return .unsupported("time")
        case 10:
            guard let t = table else { return .timestamp(unit: 0, timezone: nil) }
            let unit = Int(try t.int16(0))
            guard (0...3).contains(unit) else { throw ArrowError("unknown timestamp unit \(unit)") }
            let tz = try t.string(1)
            return .timestamp(unit: unit, timezone: (tz?.isEmpty ?? true) ? nil : tz)
        case 11: return .unsupported("interval")
        case 12, 21: return .unsupported("list")
        case 13: return .unsupported("struct")
        case 14: return .unsupported("union")
        case 15: return .unsupported("fixed-size binary")
        case 16: return .unsupported("fixed-size list")
        case 17: return .unsupported("map")
        case 18: return .unsupported("duration")
        case 19: return .unsupported("large binary")
        case 20: return .largeUtf8
        default: return .unsupported("type #\(tag)")
        }
    }
}
