import SiftFrame
import SiftIO
import SiftLanguage

/// Readers and writers of the formats marketing data arrives in (Parquet, Excel, JSON), all
/// through SiftIO's sources, so every one reads local paths, `"-"` (standard input), http(s)
/// URLs and `.gz`/`.zst` files alike.
extension Session {
    func registerFileFormats() {
        let I = interpreter
        I.define("read_parquet", "read_parquet(path: string, *, columns?: names)",
                 "Reads a Parquet file (plain or dictionary encoded; snappy, gzip or zstd; any number of row groups). columns: reads only those columns, skipping the others' bytes. Decimals read as float (with a note).",
                 example: "read_parquet(\"exports/orders.parquet\", columns: [order_id, amount])", category: "io",
                 parameters: ["columns"], lazy: true) { [unowned self] ctx in
            let (path, shown) = try self.ioPath(ctx)
            let columns = try self.ioColumns(ctx)
            let source = try ParquetSource(path: path, display: shown)
            let frame = try source.read(columns: columns)
            self.ioNotes(ctx, source.notes.filter { n in columns.map { cs in cs.contains { n.contains("'\($0)'") } } ?? true })
            return .frame(frame)
        }
        I.define("read_json", "read_json(path: string, *, types?: record)",
                 "Reads JSON: an array of objects, JSON lines, or an object of columns. Nested objects become dotted column names (user.id); arrays are kept as JSON text.",
                 example: "read_json(\"events.jsonl\")", category: "io", parameters: ["types"], lazy: true) { [unowned self] ctx in
            let (path, shown) = try self.ioPath(ctx)
            let types = try self.ioTypes(ctx)
            let frame = try JSONSource(path: path, display: shown, types: types).read()
            try self.ioCheckTypes(ctx, types, frame, shown)
            return .frame(frame)
        }
    }

    /// The path argument as given (for messages) and as opened (relative to a notebook's folder;
    /// `"-"` and URLs unchanged).
    func ioPath(_ ctx: CallContext, position: Int = 0) throws -> (open: String, shown: String) {
        let path = try ctx.string(ctx.value(position), "the path", at: ctx.span(of: position))
        if path == "-" || HTTPFetch.isURL(path) { return (path, path) }
        return (resolvePath(path), path)
    }

    func ioColumns(_ ctx: CallContext) throws -> [String]? {
        guard let a = ctx.namedArgument("columns") else { return nil }
        return try ctx.columnNames(a, in: nil)
    }

    func ioTypes(_ ctx: CallContext) throws -> [String: DataType] {
        guard let t = try ctx.optional("types") else { return [:] }
        let at = ctx.span(ofNamed: "types")
        guard case .record(let r) = t else { throw ctx.error("types must be a record, e.g. {age: \"int\"}", at: at) }
        var out: [String: DataType] = [:]
        for (k, v) in r.fields { out[k] = try Args.dataType(v, ctx, at: at) }
        return out
    }

    func ioCheckTypes(_ ctx: CallContext, _ types: [String: DataType], _ frame: Frame, _ shown: String) throws {
        for name in types.keys.sorted() where !frame.hasColumn(name) {
            throw ctx.error("types: names a column '\(name)' that \(shown) does not have", hint: "columns: " + frame.names.prefix(20).joined(separator: ", "), at: ctx.span(ofNamed: "types"))
        }
    }

    func ioNotes(_ ctx: CallContext, _ notes: [String]) {
        for n in notes { ctx.interpreter.write("note: \(n)\n") }
    }
}
