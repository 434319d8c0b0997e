/// A FlatBuffers object to serialize: the few shapes Arrow's IPC metadata uses.
indirect enum FlatBufferObject {
    /// A table: `(field id, value)` pairs; absent fields take the schema's defaults.
    case table([(Int, FlatBufferValue)])
    case tables([FlatBufferObject])
    /// A vector of fixed-size structs (FieldNode, Buffer): raw little-endian bytes, 8-aligned.
    case structs(count: Int, bytes: [UInt8])
    case string(String)
}

/// A table field's value: an inline little-endian scalar or an offset to another object.
enum FlatBufferValue {
    case int64(Int64)
    case int32(Int32)
    case int16(Int16)
    case uint8(UInt8)
    case object(FlatBufferObject)

    var inlineSize: Int {
        switch self {
        case .int64: return 8
        case .int32, .object: return 4
        case .int16: return 2
        case .uint8: return 1
        }
    }
}

/// Writes a FlatBuffers buffer front to back.
///
/// Why front to back (the official builders write back to front): the objects are small trees
/// known in full before writing, so each table is written, then its children after it, and the
/// forward offsets patched in; unsigned offsets only ever point forward, as FlatBuffers
/// requires. Each table's vtable sits just before it; tables place 8-byte fields first at an
/// 8-aligned address, so every scalar is naturally aligned.
struct FlatBufferBuilder {
    private(set) var bytes: [UInt8] = []

    /// The whole buffer for `root`, padded to a multiple of 8 bytes (Arrow's metadata alignment).
    static func serialize(_ root: FlatBufferObject) -> [UInt8] {
        var b = FlatBufferBuilder()
        b.bytes = [0, 0, 0, 0]
        let p = b.write(root)
        b.patchOffset(at: 0, to: p)
        b.align(8)
        return b.bytes
    }

    private mutating func align(_ n: Int, remainder: Int = 0) {
        while bytes.count % n != remainder { bytes.append(0) }
    }

    private mutating func append<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func set<T: FixedWidthInteger>(_ v: T, at p: Int) {
        withUnsafeBytes(of: v.littleEndian) { raw in
            for (i, byte) in raw.enumerated() { bytes[p + i] = byte }
        }
    }

    private mutating func patchOffset(at p: Int, to target: Int) {
        set(UInt32(target - p), at: p)
    }

    /// Writes `object` at the end and returns its position.
    private mutating func write(_ object: FlatBufferObject) -> Int {
        switch object {
        case .string(let s):
            align(4)
            let p = bytes.count
            append(UInt32(s.utf8.count))
            bytes.append(contentsOf: s.utf8)
            bytes.append(0)
            return p
        case .structs(let count, let raw):
            align(8, remainder: 4)
            let p = bytes.count
            append(UInt32(count))
            bytes.append(contentsOf: raw)
            return p
        case .tables(let items):
            align(4)
            let p = bytes.count
            append(UInt32(items.count))
            let slots = bytes.count
            bytes.append(contentsOf: [UInt8](repeating: 0, count: 4 * items.count))
            for (i, item) in items.enumerated() {
                let child = write(item)
                patchOffset(at: slots + 4 * i, to: child)
            }
            return p
        case .table(let fields):
            // Layout inside the table: 4-byte vtable offset, then fields by falling size.
            let ordered = fields.sorted { $0.1.inlineSize > $1.1.inlineSize }
            var offsets: [Int: Int] = [:]
            var size = 4
            for (id, value) in ordered {
                offsets[id] = size
                size += value.inlineSize
            }
            let maxID = fields.map(\.0).max() ?? -1
            // vtable: its size, the table's size, one slot per field id.
            align(2)
            let vtable = bytes.count
            append(UInt16(4 + 2 * (maxID + 1)))
            append(UInt16(size))
            for id in 0...max(maxID, 0) where maxID >= 0 {
                append(UInt16(offsets[id] ?? 0))
            }
            align(8, remainder: 4)
            let table = bytes.count
            append(Int32(table - vtable))
            var pending: [(Int, FlatBufferObject)] = []
            for (_, value) in ordered {
                switch value {
                case .int64(let v): append(v)
                case .int32(let v): append(v)
                case .int16(let v): append(v)
                case .uint8(let v): append(v)
                case .object(let child):
                    pending.append((bytes.count, child))
                    append(UInt32(0))
                }
            }
            for (slot, child) in pending {
                let p = write(child)
                patchOffset(at: slot, to: p)
            }
            return table
        }
    }
}
