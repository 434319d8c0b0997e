/// A record batch's metadata: row count, one node per field, buffer locations in the body.
struct ArrowRecordBatchHeader {
    var length: Int
    var nodes: [(length: Int, nullCount: Int)]
    var buffers: [(offset: Int, length: Int)]
    /// Body compression codec: nil (none), 0 LZ4 frame, 1 ZSTD.
    var codec: Int?

    /// Parses `RecordBatch` (Message.fbs): length (0), nodes (1), buffers (2), compression (3).
    init(table: FlatBufferTable) throws {
        let rows = try table.int64(0)
        guard rows >= 0, rows <= Int64(Int32.max) else { throw ArrowError("record batch length \(rows) is out of range") }
        length = Int(rows)
        nodes = []
        if let (start, n) = try table.vector(1, elementSize: 16) {
            nodes.reserveCapacity(n)
            for i in 0..<n {
                let len = table.int64(at: start + 16 * i), nulls = table.int64(at: start + 16 * i + 8)
                guard len >= 0, nulls >= 0, nulls <= len, len <= Int64(Int32.max) else { throw ArrowError("field node \(i) has length \(len) and \(nulls) nulls") }
                nodes.append((Int(len), Int(nulls)))
            }
        }
        buffers = []
        if let (start, n) = try table.vector(2, elementSize: 16) {
            buffers.reserveCapacity(n)
            for i in 0..<n {
                let off = table.int64(at: start + 16 * i), len = table.int64(at: start + 16 * i + 8)
                guard off >= 0, len >= 0, off <= Int64(Int.max / 2), len <= Int64(Int.max / 2) else { throw ArrowError("buffer \(i) has offset \(off) and length \(len)") }
                buffers.append((Int(off), Int(len)))
            }
        }
        if let c = try table.table(3) {
            // BodyCompression: codec (0: LZ4_FRAME = 0, ZSTD = 1), method (1: BUFFER = 0 only).
            let codec = Int(Int8(bitPattern: try c.uint8(0)))
            guard codec == 0 || codec == 1 else { throw ArrowError("unknown body compression codec \(codec)") }
            guard try c.uint8(1) == 0 else { throw ArrowError("unknown body compression method") }
            self.codec = codec
        } else {
            codec = nil
        }
    }
}

/// One message of an IPC stream, parsed from its FlatBuffers metadata.
enum ArrowMessageHeader {
    case schema(ArrowSchema)
    case recordBatch(ArrowRecordBatchHeader)
    case dictionaryBatch(id: Int64, batch: ArrowRecordBatchHeader, isDelta: Bool)
    /// Tensor and sparse tensor messages, which carry no table data.
    case other

    /// Parses `Message`: version (0), header_type (1), header (2), bodyLength (3).
    static func parse(_ metadata: UnsafeRawBufferPointer) throws -> (header: ArrowMessageHeader, bodyLength: Int) {
        let message = try FlatBufferTable(root: metadata)
        let version = try message.int16(0)
        guard version >= 3 else { throw ArrowError("metadata version V\(version + 1) is older than V4") }
        let bodyLength = try message.int64(3)
        guard bodyLength >= 0, bodyLength <= Int64(Int.max / 2) else { throw ArrowError("message body length \(bodyLength)") }
        let tag = try message.uint8(1)
        guard let table = try message.table(2) else {
            return (.other, Int(bodyLength))
        }
        switch tag {
        case 1: return (.schema(try ArrowSchema(table: table)), Int(bodyLength))
        case 2:
            // DictionaryBatch: id (0), data (1), isDelta (2).
            guard let data = try table.table(1) else { throw ArrowError("dictionary batch without data") }
            return (.dictionaryBatch(id: try table.int64(0), batch: try ArrowRecordBatchHeader(table: data), isDelta: try table.bool(2)), Int(bodyLength))
        case 3: return (.recordBatch(try ArrowRecordBatchHeader(table: table)), Int(bodyLength))
        default: return (.other, Int(bodyLength))
        }
    }
}

/// Splits an IPC stream into messages: each is `0xFFFFFFFF`, a 32-bit metadata length, the
/// FlatBuffers metadata (padded to 8 bytes) and the body; a zero length ends the stream. Streams
/// from writers before Arrow 0.15 lack the `0xFFFFFFFF` marker and are read too.
struct ArrowMessageIterator {
    let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The next message's metadata and body, or nil at the end of the stream.
    mutating func next() throws -> (header: ArrowMessageHeader, body: UnsafeRawBufferPointer)? {
        guard position + 4 <= bytes.count else { return nil }
        var length = Int32(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
        position += 4
        if length == -1 {
            guard position + 4 <= bytes.count else { return nil }
            length = Int32(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            position += 4
        }
        if length == 0 { return nil }
        guard length > 0, position + Int(length) <= bytes.count else {
            throw ArrowError("message metadata of \(length) bytes at offset \(position) runs past the \(bytes.count)-byte stream")
        }
        let metadata = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + Int(length))])
        position += Int(length)
        let (header, bodyLength) = try ArrowMessageHeader.parse(metadata)
        guard position + bodyLength <= bytes.count else {
            throw ArrowError("message body of \(bodyLength) bytes at offset \(position) runs past the \(bytes.count)-byte stream")
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + bodyLength)])
        position += bodyLength
        return (header, body)
    }
}
