import SiftFrame

/// A decoded Thrift value of the compact protocol. Parquet's footer and page headers are Thrift
/// structs; decoding them into this small tree (fields by id) keeps unknown and future fields
/// harmless and every length check in one place.
indirect enum ThriftValue {
    case int(Int64)
    case bool(Bool)
    case double(Double)
    case binary(ArraySlice<UInt8>)
    case list([ThriftValue])
    case structure(ThriftStruct)
    case map

    var int: Int64? { if case .int(let v) = self { return v }; return nil }
    var bool: Bool? { if case .bool(let v) = self { return v }; return nil }
    var string: String? { if case .binary(let b) = self { return String(decoding: b, as: UTF8.self) }; return nil }
    var list: [ThriftValue]? { if case .list(let v) = self { return v }; return nil }
    var structure: ThriftStruct? { if case .structure(let v) = self { return v }; return nil }
}

struct ThriftStruct {
    var fields: [Int16: ThriftValue] = [:]
    subscript(_ id: Int16) -> ThriftValue? { fields[id] }
    func int(_ id: Int16) -> Int? { fields[id]?.int.flatMap { Int(exactly: $0) } }
    func string(_ id: Int16) -> String? { fields[id]?.string }
    func structure(_ id: Int16) -> ThriftStruct? { fields[id]?.structure }
    func list(_ id: Int16) -> [ThriftValue]? { fields[id]?.list }
}

/// Reads the compact protocol from a byte buffer. Every read is bounds-checked and nesting is
/// capped, so a corrupt footer is a `ThriftError`, never a crash or a runaway allocation.
struct ThriftReader {
    struct Failure: Error { var message: String; var offset: Int }

    let bytes: UnsafeRawBufferPointer
    var pos: Int
    var depth = 0

    init(_ bytes: UnsafeRawBufferPointer, at pos: Int = 0) {
        self.bytes = bytes
        self.pos = pos
    }

    mutating func byte() throws -> UInt8 {
        guard pos < bytes.count else { throw Failure(message: "unexpected end of metadata", offset: pos) }
        defer { pos += 1 }
        return bytes[pos]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw Failure(message: "varint too long", offset: pos) }
        }
    }

    mutating func zigzag() throws -> Int64 {
        let v = try varint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    mutating func binary() throws -> ArraySlice<UInt8> {
        let n = try varint()
        guard n <= UInt64(bytes.count - pos) else { throw Failure(message: "string of \(n) bytes runs past the end", offset: pos) }
        let start = pos
        pos += Int(n)
        return ArraySlice(bytes[start..<pos])
    }

    mutating func value(type: UInt8) throws -> ThriftValue {
        switch type {
        case 1: return .bool(true)
        case 2: return .bool(false)
        case 3: return .int(Int64(Int8(bitPattern: try byte())))
        case 4, 5, 6: return .int(try zigzag())
        case 7:
            guard bytes.count - pos >= 8 else { throw Failure(message: "unexpected end of metadata", offset: pos) }
            var bits: UInt64 = 0
            for i in 0..<8 { bits |= UInt64(bytes[pos + i]) << (8 * UInt64(i)) }
            pos += 8
            return .double(Double(bitPattern: bits))
        case 8: return .binary(try binary())
        case 9, 10: return .list(try list())
        case 11:
            // Parquet uses no maps in what Sift reads; skip one safely.
            let n = try varint()
            guard n <= UInt64(bytes.count - pos) else { throw Failure(message: "map too long", offset: pos) }
            if n > 0 {
                let kv = try byte()
                for _ in 0..<n {
                    _ = try value(type: kv >> 4)
                    _ = try value(type: kv & 0x0f)
                }
            }
            return .map
        case 12: return .structure(try structure())
        default: throw Failure(message: "unknown field type \(type)", offset: pos)
        }
    }

    mutating func list() throws -> [ThriftValue] {
        let header = try byte()
        var n = UInt64(header >> 4)
        if n == 15 { n = try varint() }
        let t = header & 0x0f
        // Every element takes at least one byte (bools too), which bounds the allocation.
        guard n <= UInt64(bytes.count - pos) else { throw Failure(message: "list of \(n) elements runs past the end", offset: pos) }
        var out: [ThriftValue] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n {
            if t == 1 || t == 2 { out.append(.bool(try byte() == 1)) } else { out.append(try value(type: t)) }
        }
        return out
    }

    mutating func structure() throws -> ThriftStruct {
        depth += 1
        defer { depth -= 1 }
        guard depth < 64 else { throw Failure(message: "metadata nested too deeply", offset: pos) }
        var s = ThriftStruct()
        var last: Int16 = 0
        while true {
            let header = try byte()
            if header == 0 { return s }
            let t = header & 0x0f
            let delta = header >> 4
            let id: Int16
            if delta != 0 { id = last &+ Int16(delta) } else {
                let z = try zigzag()
                guard let v = Int16(exactly: z) else { throw Failure(message: "bad field id", offset: pos) }
                id = v
            }
            last = id
            s.fields[id] = try value(type: t)
        }
    }
}

/// Writes the compact protocol: fields must be written in increasing id order within a struct.
struct ThriftWriter {
    var out: [UInt8] = []
    private var lastIds: [Int16] = [0]

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { out.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }
    mutating func zigzag(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    private mutating func header(_ id: Int16, _ type: UInt8) {
        let last = lastIds[lastIds.count - 1]
        let delta = id - last
        if delta > 0 && delta <= 15 { out.append(UInt8(delta) << 4 | type) } else { out.append(type); zigzag(Int64(id)) }
        lastIds[lastIds.count - 1] = id
    }

    mutating func i32(_ id: Int16, _ v: Int) { header(id, 5); zigzag(Int64(v)) }
    mutating func i64(_ id: Int16, _ v: Int) { header(id, 6); zigzag(Int64(v)) }
    mutating func bool(_ id: Int16, _ v: Bool) { header(id, v ? 1 : 2) }
    mutating func binary(_ id: Int16, _ b: [UInt8]) { header(id, 8); varint(UInt64(b.count)); out += b }
    mutating func string(_ id: Int16, _ s: String) { binary(id, Array(s.utf8)) }
    mutating func beginStruct(_ id: Int16) { header(id, 12); lastIds.append(0) }
    mutating func endStruct() { out.append(0); lastIds.removeLast() }
    /// A list of structs: call `beginListElement`/`endStruct` for each.
    mutating func beginList(_ id: Int16, count: Int, elementType: UInt8 = 12) {
        header(id, 9)
        if count < 15 { out.append(UInt8(count) << 4 | elementType) } else { out.append(0xf0 | elementType); varint(UInt64(count)) }
    }
    mutating func beginListElement() { lastIds.append(0) }
    mutating func i32List(_ id: Int16, _ values: [Int]) {
        beginList(id, count: values.count, elementType: 5)
        for v in values { zigzag(Int64(v)) }
    }
    mutating func stringList(_ id: Int16, _ values: [String]) {
        beginList(id, count: values.count, elementType: 8)
        for v in values { let b = Array(v.utf8); varint(UInt64(b.count)); out += b }
    }
    /// Ends the top-level struct being written (the implicit outer one).
    mutating func finish() { out.append(0) }
}
