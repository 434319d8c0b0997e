import SiftFrame

/// Writes a `Frame` as an Arrow IPC stream (format V5, little-endian, uncompressed).
///
/// Why: uploads to Spark travel as Arrow (`LocalRelation.data`), and writing the stream lets the
/// tests round-trip through the reader and through pyarrow. Column types map to the Arrow types
/// Spark reads without conversion: int → int64, float → float64, bool → bool (bit-packed),
/// string → utf8 (dictionary columns are written as plain text), date → date32, datetime →
/// timestamp[µs, UTC] (Sift datetimes are UTC wall times; a UTC Spark session reads them back
/// unchanged). Every buffer starts 8-aligned, as the format requires.
public enum ArrowStreamWriter {
    /// The stream for `frame`, in record batches of at most `batchRows` rows (one empty batch
    /// for an empty frame, so readers learn the row count is zero).
    public static func write(_ frame: Frame, batchRows: Int = 1 << 16) throws -> [UInt8] {
        var out: [UInt8] = []
        let fields = try frame.columns.map(field(for:))
        appendMessage(&out, header: (1, .table([(0, .int16(0)), (1, .object(.tables(fields)))])), body: [])
        let step = max(1, batchRows)
        var start = 0
        repeat {
            let end = min(frame.rowCount, start + step)
            try appendBatch(&out, frame: frame, rows: start..<end)
            start = end
        } while start < frame.rowCount
        // End of stream: continuation marker and a zero length.
        out.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
        return out
    }

    /// The `Field` table of a column (type union tags from Schema.fbs).
    private static func field(for column: Column) throws -> FlatBufferObject {
        let tag: UInt8
        let type: [(Int, FlatBufferValue)]
        switch column.type {
        case .int: (tag, type) = (2, [(0, .int32(64)), (1, .uint8(1))])
        case .float: (tag, type) = (3, [(0, .int16(2))])
        case .bool: (tag, type) = (6, [])
        case .string: (tag, type) = (5, [])
        case .date: (tag, type) = (8, [(0, .int16(0))])
        case .datetime: (tag, type) = (10, [(0, .int16(2)), (1, .object(.string("UTC")))])
        default: throw ArrowError("column '\(column.name)' is a \(column.type) column, which has no Arrow type here; convert it to text first")
        }
        return .table([
            (0, .object(.string(column.name))), (1, .uint8(1)), (2, .uint8(tag)),
            (3, .object(.table(type))), (5, .object(.tables([]))),
        ])
    }

    /// One message: marker, metadata length, `Message` metadata (padded to 8), body.
    private static func appendMessage(_ out: inout [UInt8], header: (type: UInt8, table: FlatBufferObject), body: [UInt8]) {
        let metadata = FlatBufferBuilder.serialize(.table([
            (0, .int16(4)), (1, .uint8(header.type)), (2, .object(header.table)), (3, .int64(Int64(body.count))),
        ]))
        out.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF])
        withUnsafeBytes(of: Int32(metadata.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: metadata)
        out.append(contentsOf: body)
    }

    private static func appendBatch(_ out: inout [UInt8], frame: Frame, rows: Range<Int>) throws {
        var body: [UInt8] = []
        var nodes: [UInt8] = []
        var buffers: [UInt8] = []
        var bufferCount = 0
        func int64(_ v: Int, into a: inout [UInt8]) { withUnsafeBytes(of: Int64(v).littleEndian) { a.append(contentsOf: $0) } }
        /// Adds a buffer to the body, padded to 8 bytes, and records where it is.
        func addBuffer(_ bytes: UnsafeRawBufferPointer) {
            int64(body.count, into: &buffers)
            int64(bytes.count, into: &buffers)
            body.append(contentsOf: bytes)
            while body.count % 8 != 0 { body.append(0) }
            bufferCount += 1
        }
        let n = rows.count
        for column in frame.columns {
            let nulls = column.validity.map { v in rows.reduce(0) { $0 + (v[$1] ? 0 : 1) } } ?? 0
            int64(n, into: &nodes)
            int64(nulls, into: &nodes)
            if nulls > 0, let v = column.validity {
                packBits(count: n) { v[rows.lowerBound + $0] }.withUnsafeBytes { addBuffer($0) }
            } else {
                addBuffer(UnsafeRawBufferPointer(start: nil, count: 0))
            }
            switch column.storage {
            case .int(let a), .datetime(let a):
                a[rows].withUnsafeBytes { addBuffer($0) }
            case .float(let a):
                a[rows].withUnsafeBytes { addBuffer($0) }
            case .date(let a):
                a[rows].withUnsafeBytes { addBuffer($0) }
            case .bool(let a):
                packBits(count: n) { a[rows.lowerBound + $0] }.withUnsafeBytes { addBuffer($0) }
            case .string(let s):
                var offsets = [Int32]()
                offsets.reserveCapacity(n + 1)
                var data = [UInt8]()
                offsets.append(0)
                for i in rows {
                    if column.isValid(i) {
                        switch s {
                        case .plain(let o, let b): data.append(contentsOf: b[o[i]..<o[i + 1]])
                        case .dictionary: data.append(contentsOf: s.string(at: i).utf8)
                        }
                    }
                    guard data.count <= Int(Int32.max) else { throw ArrowError("column '\(column.name)' holds more than 2 GiB of text in one batch; write fewer rows per batch") }
                    offsets.append(Int32(data.count))
                }
                offsets.withUnsafeBytes { addBuffer($0) }
                data.withUnsafeBytes { addBuffer($0) }
            case .list:
                throw ArrowError("column '\(column.name)' is a list column, which has no Arrow type here")
            }
        }
        let header: FlatBufferObject = .table([
            (0, .int64(Int64(n))),
            (1, .object(.structs(count: frame.columns.count, bytes: nodes))),
            (2, .object(.structs(count: bufferCount, bytes: buffers))),
        ])
        appendMessage(&out, header: (3, header), body: body)
    }

    /// LSB-first bits, as Arrow's validity and boolean buffers hold them.
    private static func packBits(count n: Int, _ bit: (Int) -> Bool) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: (n + 7) / 8)
        for i in 0..<n where bit(i) { bytes[i >> 3] |= 1 << UInt8(i & 7) }
        return bytes
    }
}
