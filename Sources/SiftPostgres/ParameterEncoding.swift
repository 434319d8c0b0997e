import SiftSQL

/// Bound parameters in the shape `PQsendQueryParams` wants: type OIDs, value pointers, lengths
/// and per-parameter formats, all pointing into one buffer that lives for the call.
///
/// Why typed binary for numbers, dates and datetimes: the server receives the exact value (no
/// decimal round trip for floats) and the type is fixed, so `$1` cannot be reinterpreted. Strings
/// go as text with the *unknown* type (OID 0), as psycopg does: PostgreSQL then infers the type
/// from the context, so `$1` compares with a text, varchar or date column alike. Either way the
/// value is data, never SQL: binding is what makes an injection attempt stay a string.
struct ParameterEncoding {
    var types: [UInt32] = []
    var lengths: [Int32] = []
    var formats: [Int32] = []
    /// Offset of each value in `buffer`, or nil for SQL NULL.
    var offsets: [Int?] = []
    var buffer: [UInt8] = []

    init(_ parameters: [SQLParameter]) throws {
        for p in parameters {
            switch p {
            case .null:
                add(type: 0, format: 0, bytes: nil)
            case .bool(let b):
                add(type: 16, format: 1, bytes: [b ? 1 : 0])
            case .int(let v):
                add(type: 20, format: 1, bytes: bigEndian(UInt64(bitPattern: v)))
            case .float(let v):
                add(type: 701, format: 1, bytes: bigEndian(v.bitPattern))
            case .string(let s):
                guard !s.utf8.contains(0) else {
                    throw SQLEngineError("postgres: a string parameter contains a NUL character, which PostgreSQL text cannot hold")
                }
                add(type: 0, format: 0, bytes: Array(s.utf8) + [0])
            case .date(let d):
                let shifted = d.subtractingReportingOverflow(PostgresEpoch.days)
                guard !shifted.overflow else { throw SQLEngineError("postgres: a date parameter is out of PostgreSQL's range") }
                add(type: 1082, format: 1, bytes: bigEndian(UInt32(bitPattern: shifted.partialValue)))
            case .datetime(let t):
                let shifted = t.subtractingReportingOverflow(PostgresEpoch.micros)
                guard !shifted.overflow else { throw SQLEngineError("postgres: a datetime parameter is out of PostgreSQL's range") }
                add(type: 1114, format: 1, bytes: bigEndian(UInt64(bitPattern: shifted.partialValue)))
            }
        }
    }

    private mutating func add(type: UInt32, format: Int32, bytes: [UInt8]?) {
        types.append(type)
        formats.append(format)
        if let bytes {
            offsets.append(buffer.count)
            // A text value's length excludes its NUL terminator (libpq ignores it for text).
            lengths.append(Int32(format == 0 ? bytes.count - 1 : bytes.count))
            buffer.append(contentsOf: bytes)
        } else {
            offsets.append(nil)
            lengths.append(0)
        }
    }

    private func bigEndian<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
        withUnsafeBytes(of: v.bigEndian) { Array($0) }
    }

    /// Calls `body` with the C arrays; the pointers are valid only inside it.
    func withCArrays<R>(_ body: (_ count: Int32, _ types: UnsafePointer<UInt32>?, _ values: UnsafePointer<UnsafePointer<CChar>?>?,
                                 _ lengths: UnsafePointer<Int32>?, _ formats: UnsafePointer<Int32>?) throws -> R) rethrows -> R {
        try buffer.withUnsafeBytes { raw in
            let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            let values: [UnsafePointer<CChar>?] = offsets.map { off in off.flatMap { o in base.map { UnsafePointer($0 + o) } } }
            return try types.withUnsafeBufferPointer { t in
                try values.withUnsafeBufferPointer { v in
                    try lengths.withUnsafeBufferPointer { l in
                        try formats.withUnsafeBufferPointer { f in
                            try body(Int32(types.count), t.baseAddress, v.baseAddress, l.baseAddress, f.baseAddress)
                        }
                    }
                }
            }
        }
    }
}
