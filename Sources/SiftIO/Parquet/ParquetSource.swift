import Dispatch
import SiftFrame

/// A Parquet file as a `TableSource`. The schema comes from the footer alone; `read(columns:)`
/// fetches only the byte ranges of the requested columns' chunks (with `pread` for a local file),
/// so unread columns cost nothing. Columns decode in parallel.
public final class ParquetSource: TableSource {
    public let name: String
    let input: RandomAccessInput
    let metadata: ParquetMetadata
    public private(set) var notes: [String] = []
    /// The most rows a file may claim (a corrupt footer must not make Sift allocate terabytes).
    public nonisolated(unsafe) static var maxRows = 1 << 31

    /// Bytes read from the input so far (tests check that projection skips unread chunks).
    public var bytesRead: Int { input.bytesRead }

    public convenience init(path: String, display: String? = nil) throws {
        let shown = display ?? path
        try self.init(input: RandomAccessInput.open(path, display: shown))
    }

    public init(input: RandomAccessInput) throws {
        self.input = input
        self.name = input.name
        let size = input.size
        guard size >= 12 else { throw FrameError("\(name) is not a Parquet file (only \(size) bytes)", isIO: true) }
        let tail = try input.read(size - 8, 8)
        guard Array(tail[4..<8]) == Array("PAR1".utf8) else {
            throw FrameError("\(name) is not a Parquet file (it does not end with PAR1)", hint: "check the file; read_csv/read_json/read_excel read other formats", isIO: true)
        }
        let footerLength = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLength > 0, footerLength <= size - 12 else {
            throw FrameError("\(name): corrupt footer: its length \(footerLength) does not fit a \(size)-byte file", isIO: true)
        }
        let footerStart = size - 8 - footerLength
        let footer = try input.read(footerStart, footerLength)
        do {
            let s = try footer.withUnsafeBytes { b -> ThriftStruct in var r = ThriftReader(b); return try r.structure() }
            metadata = try ParquetMetadata(s)
        } catch let e as ThriftReader.Failure {
            throw FrameError("\(name): corrupt footer at byte offset \(footerStart + e.offset): \(e.message)", isIO: true)
        }
        var total = 0
        for g in metadata.rowGroups {
            guard g.rows >= 0, g.rows <= ParquetSource.maxRows - total else {
                throw FrameError("\(name): corrupt footer: row counts exceed \(ParquetSource.maxRows)", isIO: true)
            }
            total += g.rows
        }
        for leaf in metadata.leaves {
            if case .decimal = leaf.logical { notes.append("column '\(leaf.name)' is a decimal in the file and was read as float") }
            if case .time = leaf.logical { notes.append("column '\(leaf.name)' is a time of day in the file and was read as an integer count of its unit since midnight") }
        }
    }

    public var rowCount: Int { metadata.rowGroups.reduce(0) { $0 + $1.rows } }
    public var rowGroupCount: Int { metadata.rowGroups.count }

    public func schema() throws -> [ColumnInfo] {
        metadata.leaves.map { ColumnInfo(name: $0.name, type: ParquetMetadata.siftType($0)) }
    }

    public func read(columns: [String]?) throws -> Frame {
        let wanted = try resolve(columns, in: schema())
        for i in wanted {
            let leaf = metadata.leaves[i]
            if leaf.maxRepetition > 1 {
                throw FrameError("\(name): column '\(leaf.name)' holds lists of lists, which Sift does not read (a list column holds one level of items)", hint: "leave it out with columns: [...]", isIO: true)
            }
            if case .unsupported(let what) = leaf.logical {
                throw FrameError("\(name): column '\(leaf.name)' is a \(what) column, which Sift does not read yet", hint: "leave it out with columns: [...]", isIO: true)
            }
        }
        var results = [Result<Column, Error>?](repeating: nil, count: wanted.count)
        let lock = NSLockLike()
        let totalRows = rowCount
        // Columns are independent: decode them on every core, largest first (by their bytes in
        // the footer), so one big text column taken last does not leave a core idle at the end.
        let size = { (i: Int) in self.metadata.rowGroups.reduce(0) { $0 &+ max(0, $1.chunks[i].uncompressedSize) } }
        let order = wanted.indices.sorted { size(wanted[$0]) > size(wanted[$1]) }
        DispatchQueue.concurrentPerform(iterations: order.count) { j in
            let k = order[j]
            let r = Result { try self.decodeColumn(wanted[k], totalRows: totalRows) }
            lock.locked { results[k] = r }
        }
        var out: [Column] = []
        for r in results {
            guard let r else { throw FrameError("\(name): internal error decoding columns") }
            out.append(try r.get())
        }
        if out.isEmpty { return Frame.empty }
        return try Frame(columns: out)
    }

    func decodeColumn(_ index: Int, totalRows: Int) throws -> Column {
        let leaf = metadata.leaves[index]
        let decoder = ParquetColumnDecoder(leaf: leaf, file: name)
        decoder.reserve(rows: totalRows, bytes: metadata.rowGroups.reduce(0) { $0 &+ max(0, $1.chunks[index].uncompressedSize) })
        for group in metadata.rowGroups {
            let chunk = group.chunks[index]
            guard chunk.length >= 0, chunk.start >= 4 else {
                throw FrameError("\(name): corrupt footer: column '\(leaf.name)' has a chunk at offset \(chunk.start) of \(chunk.length) bytes", isIO: true)
            }
            let bytes = try input.read(chunk.start, chunk.length)
            try decoder.decodeChunk(bytes, base: chunk.start, codec: chunk.codec, rowsInGroup: group.rows, maxRows: totalRows)
        }
        return decoder.column()
    }
}
