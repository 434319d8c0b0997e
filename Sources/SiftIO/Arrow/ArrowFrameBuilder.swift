import SiftFrame

/// Reads one or more Arrow IPC streams with the same schema into a single `Frame`.
///
/// Why several streams: Spark Connect sends a query's result as a sequence of responses, each
/// holding a complete IPC stream (schema, dictionaries, one record batch). Appending each to the
/// same column builders concatenates them column-wise as they arrive, with no intermediate
/// frames; `finish` hands the arrays to the frame without copying.
public final class ArrowFrameBuilder {
    public private(set) var schema: ArrowSchema?
    private var columns: [ArrowColumnBuilder] = []
    private var dictionaries: [Int64: ArrowDictionary] = [:]
    private var dictionaryVersion = 0
    private let expectedRows: Int
    /// Rows appended so far.
    public private(set) var rowCount = 0

    /// `expectedRows` (when known, e.g. from Spark's row counts) sizes the arrays once.
    public init(expectedRows: Int = 0) {
        self.expectedRows = max(0, expectedRows)
    }

    /// Appends every record batch of one IPC stream.
    public func append(stream bytes: UnsafeRawBufferPointer) throws {
        var messages = ArrowMessageIterator(bytes)
        var sawSchema = false
        while let (header, body) = try messages.next() {
            switch header {
            case .schema(let s):
                try adopt(s)
                sawSchema = true
            case .dictionaryBatch(let id, let batch, let isDelta):
                guard sawSchema || schema != nil else { throw ArrowError("dictionary batch before the schema") }
                try readDictionary(id: id, batch: batch, isDelta: isDelta, body: body)
            case .recordBatch(let batch):
                guard sawSchema || schema != nil else { throw ArrowError("record batch before the schema") }
                try readBatch(batch, body: body)
            case .other:
                continue
            }
        }
    }

    /// Appends every record batch of one IPC stream held in an array.
    public func append(stream bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append(stream: $0) }
    }

    /// The frame of all rows appended (the builder is spent). A stream without a schema
    /// gives an empty frame.
    public func finish() throws -> Frame {
        try Frame(columns: columns.map { $0.finish() })
    }

    private func adopt(_ s: ArrowSchema) throws {
        if let known = schema {
            guard known.fields.map(\.name) == s.fields.map(\.name), known.fields.map(\.type) == s.fields.map(\.type) else {
                throw ArrowError("a later stream's schema (\(s.fields.map(\.name).joined(separator: ", "))) differs from the first one's")
            }
            // A new stream starts its dictionaries afresh.
            dictionaries = [:]
            return
        }
        schema = s
        columns = try s.fields.map { field in
            let builder = try ArrowColumnBuilder(field: field)
            if expectedRows > 0 { builder.reserve(expectedRows) }
            return builder
        }
    }

    /// A batch's body with compressed buffers undone.
    private func withBody<T>(_ batch: ArrowRecordBatchHeader, _ body: UnsafeRawBufferPointer, _ use: (inout ArrowBufferCursor) throws -> T) throws -> T {
        if let codec = batch.codec {
            let (plain, buffers) = try ArrowBodyCompression.decompress(body: body, batch: batch, codec: codec)
            return try plain.withUnsafeBytes { raw in
                var cursor = ArrowBufferCursor(body: raw, buffers: buffers)
                return try use(&cursor)
            }
        }
        var cursor = ArrowBufferCursor(body: body, buffers: batch.buffers)
        return try use(&cursor)
    }

    /// Rows of a batch whose columns have no buffers at all (Arrow's null type) are capped, so
    /// a corrupt row count cannot make the builder allocate without bound.
    static let maxBatchRows = 1 << 28

    private func readBatch(_ batch: ArrowRecordBatchHeader, body: UnsafeRawBufferPointer) throws {
        guard batch.length <= ArrowFrameBuilder.maxBatchRows else { throw ArrowError("record batch claims \(batch.length) rows") }
        guard batch.nodes.count >= columns.count else {
            throw ArrowError("record batch has \(batch.nodes.count) field nodes for \(columns.count) columns")
        }
        try withBody(batch, body) { cursor in
            for (i, column) in columns.enumerated() {
                let node = batch.nodes[i]
                guard node.length == batch.length else {
                    throw ArrowError("column '\(column.field.name)' has \(node.length) rows in a batch of \(batch.length)")
                }
                try column.append(node: node, buffers: &cursor, dictionaries: dictionaries)
            }
        }
        rowCount += batch.length
    }

    private func readDictionary(id: Int64, batch: ArrowRecordBatchHeader, isDelta: Bool, body: UnsafeRawBufferPointer) throws {
        guard let field = schema?.fields.first(where: { $0.dictionary?.id == id }) else {
            throw ArrowError("dictionary batch for id \(id), which no column uses")
        }
        guard let node = batch.nodes.first else { throw ArrowError("dictionary batch \(id) has no field node") }
        let values: Column = try withBody(batch, body) { cursor in
            var plain = field
            plain.dictionary = nil
            plain.name = "dictionary"
            let builder = try ArrowColumnBuilder(field: plain)
            try builder.append(node: node, buffers: &cursor, dictionaries: [:])
            return builder.finish()
        }
        guard case .string(let storage) = values.storage else { throw ArrowError("dictionary \(id) does not hold strings") }
        // Null dictionary entries read as empty text; rows pointing at them are masked only by
        // their own validity, as Arrow writers mark nulls in the indices, not the dictionary.
        let strings = (0..<storage.count).map { storage.string(at: $0) }
        if isDelta, var existing = dictionaries[id] {
            existing.values.append(contentsOf: strings)
            dictionaries[id] = existing
        } else {
            dictionaryVersion += 1
            dictionaries[id] = ArrowDictionary(values: strings, version: dictionaryVersion)
        }
    }
}

/// One-call reading of a single IPC stream.
public enum ArrowStreamReader {
    public static func read(_ bytes: [UInt8]) throws -> Frame {
        let builder = ArrowFrameBuilder()
        try builder.append(stream: bytes)
        return try builder.finish()
    }
}
