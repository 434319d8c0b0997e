/// Read access to one table of a FlatBuffers buffer (the encoding of Arrow's IPC metadata),
/// with every offset bounds-checked.
///
/// Why by hand: Arrow's Message/Schema/RecordBatch metadata are a handful of small tables; a
/// FlatBuffers dependency and generated code would be larger than the few lookups needed. The
/// layout: a table starts with a signed 32-bit offset back to its vtable; the vtable lists, per
/// field id, the field's offset inside the table (0 = absent, the schema's default applies);
/// offsets to sub-tables, vectors and strings are unsigned 32-bit and relative to where they are
/// stored.
struct FlatBufferTable {
    let bytes: UnsafeRawBufferPointer
    /// Position of the table (its vtable offset) in `bytes`.
    let position: Int
    private let vtable: Int
    private let vtableSize: Int

    /// The root table of a buffer (its first 4 bytes hold the root's offset).
    init(root bytes: UnsafeRawBufferPointer) throws {
        let root = try FlatBufferTable.u32(bytes, at: 0)
        try self.init(bytes: bytes, position: Int(root))
    }

    init(bytes: UnsafeRawBufferPointer, position: Int) throws {
        self.bytes = bytes
        self.position = position
        let soffset = Int(Int32(bitPattern: try FlatBufferTable.u32(bytes, at: position)))
        let vt = position - soffset
        guard vt >= 0, vt + 4 <= bytes.count else { throw ArrowError("metadata table at \(position) has a vtable outside the buffer") }
        vtable = vt
        vtableSize = Int(try FlatBufferTable.u16(bytes, at: vt))
        guard vtableSize >= 4, vt + vtableSize <= bytes.count else { throw ArrowError("metadata vtable at \(vt) is truncated") }
    }

    /// Absolute position of field `id`, or nil when absent.
    private func fieldPosition(_ id: Int) throws -> Int? {
        let slot = 4 + 2 * id
        guard slot + 2 <= vtableSize else { return nil }
        let off = Int(try FlatBufferTable.u16(bytes, at: vtable + slot))
        return off == 0 ? nil : position + off
    }

    func int64(_ id: Int, default value: Int64 = 0) throws -> Int64 {
        guard let p = try fieldPosition(id) else { return value }
        try FlatBufferTable.check(bytes, p, 8)
        return Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: p, as: Int64.self))
    }

    func int32(_ id: Int, default value: Int32 = 0) throws -> Int32 {
        guard let p = try fieldPosition(id) else { return value }
        return Int32(bitPattern: try FlatBufferTable.u32(bytes, at: p))
    }

    func int16(_ id: Int, default value: Int16 = 0) throws -> Int16 {
        guard let p = try fieldPosition(id) else { return value }
        return Int16(bitPattern: try FlatBufferTable.u16(bytes, at: p))
    }

    func uint8(_ id: Int, default value: UInt8 = 0) throws -> UInt8 {
        guard let p = try fieldPosition(id) else { return value }
        try FlatBufferTable.check(bytes, p, 1)
        return bytes[p]
    }

    func bool(_ id: Int, default value: Bool = false) throws -> Bool {
        try uint8(id, default: value ? 1 : 0) != 0
    }

    /// Follows the unsigned offset stored at `p`.
    private func indirect(_ p: Int) throws -> Int {
        let target = p + Int(try FlatBufferTable.u32(bytes, at: p))
        guard target < bytes.count else { throw ArrowError("metadata offset at \(p) points outside the buffer") }
        return target
    }

    func table(_ id: Int) throws -> FlatBufferTable? {
        guard let p = try fieldPosition(id) else { return nil }
        return try FlatBufferTable(bytes: bytes, position: try indirect(p))
    }

    func string(_ id: Int) throws -> String? {
        guard let p = try fieldPosition(id) else { return nil }
        let s = try indirect(p)
        let n = Int(try FlatBufferTable.u32(bytes, at: s))
        try FlatBufferTable.check(bytes, s + 4, n)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(s + 4)..<(s + 4 + n)]), as: UTF8.self)
    }

    /// A vector field: the position of its first element and its length (nil when absent).
    func vector(_ id: Int, elementSize: Int) throws -> (start: Int, count: Int)? {
        guard let p = try fieldPosition(id) else { return nil }
        let v = try indirect(p)
        let n = Int(try FlatBufferTable.u32(bytes, at: v))
        let (total, overflow) = n.multipliedReportingOverflow(by: elementSize)
        guard !overflow else { throw ArrowError("metadata vector at \(v) is too long") }
        try FlatBufferTable.check(bytes, v + 4, total)
        return (v + 4, n)
    }

    /// The tables of a vector-of-tables field (empty when absent).
    func tables(_ id: Int) throws -> [FlatBufferTable] {
        guard let (start, n) = try vector(id, elementSize: 4) else { return [] }
        return try (0..<n).map { try FlatBufferTable(bytes: bytes, position: try indirect(start + 4 * $0)) }
    }

    /// The `i`-th Int64 of a vector of structs made of Int64s (FieldNode, Buffer).
    func int64(at position: Int) -> Int64 {
        Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: Int64.self))
    }

    static func check(_ bytes: UnsafeRawBufferPointer, _ p: Int, _ n: Int) throws {
        guard p >= 0, n >= 0, p <= bytes.count - n else { throw ArrowError("metadata read of \(n) bytes at \(p) is outside the \(bytes.count)-byte buffer") }
    }

    static func u32(_ bytes: UnsafeRawBufferPointer, at p: Int) throws -> UInt32 {
        try check(bytes, p, 4)
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: p, as: UInt32.self))
    }

    static func u16(_ bytes: UnsafeRawBufferPointer, at p: Int) throws -> UInt16 {
        try check(bytes, p, 2)
        return UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: p, as: UInt16.self))
    }
}
