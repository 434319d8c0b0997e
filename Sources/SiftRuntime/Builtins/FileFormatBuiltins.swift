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
                 "Reads a Parquet file (plain, dictionary, delta or byte-stream-split encoded; snappy, gzip, zstd, lz4 or brotli; any number of row groups; list columns). columns: reads only those columns, skipping the others' bytes. Decimals read as float (with a note).",
                 example: "read_parquet(\"exports/orders.parquet\", columns: [order_id, amount])", category: "io",
                 lazy: true) { [unowned self] ctx in
            let (path, shown) = try self.ioPath(ctx)
            let columns = try self.ioColumns(ctx)
            let source = try ParquetSource(path: path, display: shown)
            let frame = try source.read(columns: columns)
            self.ioNotes(ctx, source.notes.filter { n in columns.map { cs in cs.contains { n.contains("'\($0)'") } } ?? true })
            return .frame(frame)
        }
        I.define("read_json", "read_json(path: string, *, types?: record)",
                 "Reads JSON: an array of objects, JSON lines, or an object of columns. Nested objects become dotted column names (user.id); arrays become list columns.",
                 example: "read_json(\"events.jsonl\")", category: "io", lazy: true) { [unowned self] ctx in
            let (path, shown) = try self.ioPath(ctx)
            let types = try self.ioTypes(ctx)
            let frame = try JSONSource(path: path, display: shown, types: types).read()
            try self.ioCheckTypes(ctx, types, frame, shown)
            return .frame(frame)
        }
        I.define("read_excel", "read_excel(path: string, *, sheet?: any, range?: string, header: bool = true, types?: record, columns?: names)",
                 "Reads one sheet of an .xlsx workbook (the first unless sheet: names it or gives its number from 1). The first row of the sheet (or of range: \"B3:F200\") names the columns; header: false names them A, B, …. Dates come from date-formatted cells.",
                 example: "read_excel(\"finance/budget.xlsx\", sheet: \"Q3\", range: \"A1:F500\")", category: "io",
                 lazy: true) { [unowned self] ctx in
            let (path, shown) = try self.ioPath(ctx)
            var sheet: ExcelSource.Sheet? = nil
            if let s = try ctx.optional("sheet") {
                let at = ctx.span(ofNamed: "sheet")
                switch s {
                case .string(let n): sheet = .name(n)
                case .int, .float:
                    let k = try ctx.int(s, "sheet", at: at)
                    guard k >= 1 else { throw ctx.error("sheet: numbers start at 1 (the first sheet)", at: at) }
                    sheet = .position(k)
                default: throw ctx.error("sheet must be a sheet name or its number from 1, got \(withArticle(s.typeName))", at: at)
                }
            }
            var range: String? = nil
            if let r = try ctx.optional("range") { range = try ctx.string(r, "range", at: ctx.span(ofNamed: "range")) }
            var header = true
            if let h = try ctx.optional("header") { header = try ctx.bool(h, "header", at: ctx.span(ofNamed: "header")) }
            let types = try self.ioTypes(ctx)
            let source = try ExcelSource(path: path, display: shown, sheet: sheet, range: range, header: header, types: types)
            let frame = try source.read(columns: try self.ioColumns(ctx))
            for name in types.keys.sorted() where !frame.hasColumn(name) && ctx.namedArgument("columns") == nil {
                throw ctx.error("types: names a column '\(name)' that sheet '\(source.sheetName)' does not have", hint: "columns: " + frame.names.prefix(20).joined(separator: ", "), at: ctx.span(ofNamed: "types"))
            }
            return .frame(frame)
        }
        I.define("excel_sheets", "excel_sheets(path: string)", "The names of the sheets of an .xlsx workbook, in order.",
                 example: "excel_sheets(\"finance/budget.xlsx\")", category: "io") { [unowned self] ctx in
            let (path, shown) = try self.ioPath(ctx)
            return .list(try ExcelSource.sheets(path: path, display: shown).map { .string($0) })
        }
        I.define("file_schema", "file_schema(path: string, *, sheet?: any)",
                 "The columns and types of a Parquet, Excel, JSON or CSV file without reading it into a frame: a Parquet file answers from its footer alone (no data pages are read); the others are parsed to infer their types. schema(\"path\") does the same.",
                 example: "file_schema(\"exports/orders.parquet\")", category: "io") { [unowned self] ctx in
            .frame(try self.fileSchema(ctx))
        }
        I.define("write_parquet", "write_parquet(frame: frame, path: string, *, compression: string = \"snappy\")",
                 "Writes a frame as Parquet (atomically): compression \"snappy\", \"gzip\", \"zstd\" or \"none\". Text columns with few distinct values are dictionary-encoded.",
                 example: "write_parquet(orders, \"out/orders.parquet\", compression: \"zstd\")", category: "io") { [unowned self] ctx in
            let frame = try ctx.frame(0)
            let path = try self.ioWritePath(ctx, binary: "Parquet")
            var compression = ParquetWriter.Compression.snappy
            if let c = try ctx.optional("compression") {
                let at = ctx.span(ofNamed: "compression")
                let name = try ctx.string(c, "compression", at: at)
                guard let chosen = ParquetWriter.Compression(rawValue: name.lowercased()) else {
                    throw ctx.error("unknown compression \"\(name)\"", hint: "compression: \"snappy\", \"gzip\", \"zstd\" or \"none\"", at: at)
                }
                compression = chosen
            }
            try ParquetWriter.write(frame, to: path, compression: compression)
            return .null
        }
        I.define("write_excel", "write_excel(frame: frame, path: string, *, sheet: string = \"Sheet1\")",
                 "Writes a frame as a one-sheet .xlsx workbook (atomically): a header row, numbers, booleans, text, and dates Excel shows as dates; nulls are empty cells.",
                 example: "write_excel(by_region, \"out/by_region.xlsx\", sheet: \"Regions\")", category: "io") { [unowned self] ctx in
            let frame = try ctx.frame(0)
            let path = try self.ioWritePath(ctx, binary: "Excel")
            var sheet = "Sheet1"
            if let s = try ctx.optional("sheet") { sheet = try ctx.string(s, "sheet", at: ctx.span(ofNamed: "sheet")) }
            try Output.write(try ExcelWriter.bytes(frame, sheet: sheet), to: path)
            return .null
        }
        I.define("write_json", "write_json(frame: frame, path: string, *, lines: bool = false)",
                 "Writes a frame as JSON records (atomically): an array of objects, or with lines: true one object per line. \"-\" writes to standard output; .gz/.zst paths are compressed.",
                 example: "write_json(events, \"out/events.jsonl\", lines: true)", category: "io") { [unowned self] ctx in
            let frame = try ctx.frame(0)
            let raw = try ctx.string(ctx.value(1), "the path", at: ctx.span(of: 1))
            var lines = false
            if let l = try ctx.optional("lines") { lines = try ctx.bool(l, "lines", at: ctx.span(ofNamed: "lines")) }
            let bytes = try JSONWriter.bytes(frame, lines: lines)
            if raw == "-" { ctx.interpreter.write(String(decoding: bytes, as: UTF8.self)); return .null }
            try Output.write(bytes, to: try self.ioWritePath(ctx, binary: nil))
            return .null
        }
    }

    /// The schema of the file `ctx`'s first argument names, as a frame (column, type). The format
    /// comes from the name (after a .gz/.zst suffix), else from the first bytes of a local file.
    func fileSchema(_ ctx: CallContext) throws -> Frame {
        let (path, shown) = try ioPath(ctx)
        var sheet: ExcelSource.Sheet? = nil
        if ctx.declares("sheet"), let s = try ctx.optional("sheet") {
            switch s {
            case .string(let n): sheet = .name(n)
            default:
                let k = try ctx.int(s, "sheet", at: ctx.span(ofNamed: "sheet"))
                guard k >= 1 else { throw ctx.error("sheet: numbers start at 1 (the first sheet)", at: ctx.span(ofNamed: "sheet")) }
                sheet = .position(k)
            }
        }
        let source: TableSource
        switch FileKind.of(path) {
        case .parquet: source = try ParquetSource(path: path, display: shown)
        case .excel: source = try ExcelSource(path: path, display: shown, sheet: sheet)
        case .json: source = JSONSource(path: path, display: shown)
        case .csv: source = CSVSource(path: path, display: shown)
        case nil:
            throw ctx.error("cannot tell the format of \(shown) from its name", hint: "name it .parquet, .xlsx, .json, .jsonl or .csv (optionally .gz/.zst), or read it with read_csv/read_json/read_parquet/read_excel and call schema(df)", at: ctx.span(of: 0))
        }
        if sheet != nil, !(source is ExcelSource) { throw ctx.error("sheet: applies to Excel workbooks only", at: ctx.span(ofNamed: "sheet")) }
        let columns = try source.schema()
        return try Frame(columns: [
            Column(name: "column", storage: .string(.make(columns.map(\.name)))),
            Column(name: "type", storage: .string(.make(columns.map { $0.type.rawValue }))),
        ])
    }

    func ioWritePath(_ ctx: CallContext, binary: String?) throws -> String {
        let path = try ctx.string(ctx.value(1), "the path", at: ctx.span(of: 1))
        if path == "-", let binary { throw ctx.error("\(binary) is a binary format and cannot be written to standard output", hint: "give a file path", at: ctx.span(of: 1)) }
        if HTTPFetch.isURL(path) { throw ctx.error("cannot write to a URL", hint: "give a local file path", at: ctx.span(of: 1)) }
        return resolvePath(path)
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
