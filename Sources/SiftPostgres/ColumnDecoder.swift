import SiftFrame
import SiftSQL

/// Accumulates one result column from PostgreSQL's binary cells into a Sift column's typed
/// arrays (no per-cell boxing): results stream in row by row, so each column appends its cell.
struct ColumnDecoder {
    let name: String
    let type: PostgresType
    private var ints: [Int64] = []
    private var floats: [Double] = []
    private var bools: [Bool] = []
    private var days: [Int32] = []
    private var offsets: [Int] = [0]
    private var bytes: [UInt8] = []
    private var valid: [Bool] = []
    private var nulls = 0

    init(name: String, type: PostgresType) {
        self.name = name
        self.type = type
    }

    var count: Int { valid.count }

    mutating func appendNull() {
        valid.append(false)
        nulls += 1
        switch type.siftType {
        case .int, .datetime: ints.append(0)
        case .float: floats.append(0)
        case .bool: bools.append(false)
        case .date: days.append(0)
        case .string, .list: offsets.append(bytes.count)
        }
    }

    /// Decodes one non-null binary cell of `length` bytes.
    mutating func append(_ p: UnsafeRawPointer, length: Int) throws {
        @inline(__always) func need(_ n: Int) throws {
            guard length == n else { throw SQLEngineError("postgres: column '\(name)' sent \(length) bytes for a \(type) value (expected \(n))") }
        }
        switch type {
        case .bool:
            try need(1); bools.append(p.load(as: UInt8.self) != 0)
        case .int2:
            try need(2); ints.append(Int64(Int16(bitPattern: p.loadUnaligned(as: UInt16.self).bigEndian)))
        case .int4:
            try need(4); ints.append(Int64(Int32(bitPattern: p.loadUnaligned(as: UInt32.self).bigEndian)))
        case .oid:
            try need(4); ints.append(Int64(p.loadUnaligned(as: UInt32.self).bigEndian))
        case .int8:
            try need(8); ints.append(Int64(bitPattern: p.loadUnaligned(as: UInt64.self).bigEndian))
        case .float4:
            try need(4); floats.append(Double(Float(bitPattern: p.loadUnaligned(as: UInt32.self).bigEndian)))
        case .float8:
            try need(8); floats.append(Double(bitPattern: p.loadUnaligned(as: UInt64.self).bigEndian))
        case .numeric:
            guard let v = NumericDecoding.decode(p, length: length) else {
                throw SQLEngineError("postgres: column '\(name)' holds a numeric value Sift cannot read")
            }
            floats.append(v)
        case .text, .json, .char:
            appendBytes(p, length)
        case .jsonb:
            // Binary jsonb is a version byte (1) followed by the JSON text.
            guard length >= 1, p.load(as: UInt8.self) == 1 else {
                throw SQLEngineError("postgres: column '\(name)' holds jsonb in an unknown version; cast it with ::text")
            }
            appendBytes(p + 1, length - 1)
        case .uuid:
            try need(16)
            let hex = Array("0123456789abcdef".utf8)
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 { bytes.append(UInt8(ascii: "-")) }
                let b = p.load(fromByteOffset: i, as: UInt8.self)
                bytes.append(hex[Int(b >> 4)]); bytes.append(hex[Int(b & 15)])
            }
            offsets.append(bytes.count)
        case .date:
            try need(4)
            let d = Int32(bitPattern: p.loadUnaligned(as: UInt32.self).bigEndian)
            guard d != Int32.max, d != Int32.min else {
                throw SQLEngineError("postgres: column '\(name)' holds the date 'infinity', which Sift dates cannot hold; filter it out or use coalesce in the query")
            }
            let shifted = d.addingReportingOverflow(PostgresEpoch.days)
            guard !shifted.overflow else {
                throw SQLEngineError("postgres: column '\(name)' holds a date out of Sift's range")
            }
            days.append(shifted.partialValue)
        case .timestamp, .timestamptz:
            try need(8)
            let t = Int64(bitPattern: p.loadUnaligned(as: UInt64.self).bigEndian)
            guard t != Int64.max, t != Int64.min else {
                throw SQLEngineError("postgres: column '\(name)' holds the timestamp 'infinity', which Sift datetimes cannot hold; filter it out or use coalesce in the query")
            }
            let shifted = t.addingReportingOverflow(PostgresEpoch.micros)
            guard !shifted.overflow else { throw SQLEngineError("postgres: column '\(name)' holds a timestamp out of Sift's range") }
            ints.append(shifted.partialValue)
        }
        valid.append(true)
    }

    private mutating func appendBytes(_ p: UnsafeRawPointer, _ n: Int) {
        if n > 0 { bytes.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n)) }
        offsets.append(bytes.count)
    }

    /// The finished column; the validity mask only when a null arrived.
    func column() -> Column {
        let validity = nulls > 0 ? Bitmap(valid) : nil
        let storage: ColumnStorage
        switch type.siftType {
        case .int: storage = .int(ints)
        case .datetime: storage = .datetime(ints)
        case .float: storage = .float(floats)
        case .bool: storage = .bool(bools)
        case .date: storage = .date(days)
        // UTF-8 as `StringStorage.plain` requires: the connection sets client_encoding to UTF8.
        case .string, .list: storage = .string(.plain(offsets: offsets, bytes: bytes))
        }
        return Column(name: name, storage: storage, validity: validity)
    }

}
