import SiftFrame
import SiftIO
import SiftLanguage

extension Session {
    func registerIO() {
        interpreter.define("read_csv", "read_csv(path: string, *, delimiter?: string, header: bool = true, nulls: list = [\"\", \"NA\", \"N/A\", \"NULL\", \"null\", \"NaN\", \"nan\"], quoted_empty: string = \"null\", types?: record, infer: bool = true, skip: int = 0, max_columns: int = 100000, dates?: string, columns?: list)",
                           "Reads a CSV file into a frame, inferring column types from all values. ISO dates (2024-03-01) become dates by themselves; dates: \"%d/%m/%Y\" (a strftime format) also turns every text column whose values all match it into dates (datetimes when the format has a time). columns: converts only those columns (a pipeline that reads few columns of a wide file does this by itself).",
                           example: "read_csv(\"data/customers.csv\", nulls: [\"\", \"NA\"])", category: "io") { [unowned self] ctx in
            let path = try ctx.string(ctx.value(0), "the path", at: ctx.span(of: 0))
            var options = CSVOptions()
            // Option errors point at the option written (`delimiter: ";;"`), not the whole call.
            if let d = try ctx.optional("delimiter") {
                let at = ctx.span(ofNamed: "delimiter")
                let s = try ctx.string(d, "delimiter", at: at)
                let named = ["tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"]
                let chosen = named[s] ?? s
                guard chosen.utf8.count == 1, let b = chosen.utf8.first, b != 34, b != 10, b != 13 else {
                    throw ctx.error("delimiter must be one character such as \",\", \";\", \"\\t\" or \"|\"", at: at)
                }
                options.delimiter = b
            }
            if let h = try ctx.optional("header") { options.header = try ctx.bool(h, "header", at: ctx.span(ofNamed: "header")) }
            if let n = try ctx.optional("nulls") {
                let at = ctx.span(ofNamed: "nulls")
                options.nulls = try Args.scalarList(n, ctx, "nulls", at: at).map { s in
                    guard case .string(let t) = s else { throw ctx.error("nulls must be a list of texts, e.g. [\"\", \"NA\"]", at: at) }
                    return t
                }
            }
            if let q = try ctx.optional("quoted_empty") {
                let at = ctx.span(ofNamed: "quoted_empty")
                switch try ctx.string(q, "quoted_empty", at: at) {
                case "null": options.quotedEmptyIsNull = true
                case "string": options.quotedEmptyIsNull = false
                case let other: throw ctx.error("quoted_empty must be \"null\" or \"string\", got \"\(other)\"", hint: "\"string\" keeps a quoted \"\" as an empty string in text columns", at: at)
                }
            }
            if let m = try ctx.optional("max_columns") {
                let at = ctx.span(ofNamed: "max_columns")
                let n = try ctx.int(m, "max_columns", at: at)
                guard n >= 1 else { throw ctx.error("max_columns must be at least 1, got \(n)", at: at) }
                options.maxColumns = n
            }
            if let t = try ctx.optional("types") {
                let at = ctx.span(ofNamed: "types")
                guard case .record(let r) = t else { throw ctx.error("types must be a record, e.g. {age: \"int\"}", at: at) }
                for (k, v) in r.fields { options.types[k] = try Args.dataType(v, ctx, at: at) }
            }
            if let i = try ctx.optional("infer") { options.infer = try ctx.bool(i, "infer", at: ctx.span(ofNamed: "infer")) }
            if let s = try ctx.optional("skip") { options.skip = try ctx.int(s, "skip", at: ctx.span(ofNamed: "skip")) }
            if let c = try ctx.optional("columns") {
                let at = ctx.span(ofNamed: "columns")
                options.columns = try Args.scalarList(c, ctx, "columns", at: at).map { s in
                    guard case .string(let name) = s else { throw ctx.error("columns must be a list of column names in quotes, e.g. [\"region\", \"revenue\"]", at: at) }
                    return name
                }
            }
            // Through SiftIO's places layer: "-" is standard input, http(s) URLs download, .gz/.zst decompress.
            let frame = path == "-" || HTTPFetch.isURL(path)
                ? try CSVSource(path: path, options: options).read()
                : try self.withResolvedPath(path) { try CSVSource(path: $0, options: options).read() }
            for name in options.types.keys where !frame.hasColumn(name) {
                throw ctx.error("types: names a column '\(name)' that \(path) does not have", hint: "columns: " + frame.names.joined(separator: ", "), at: ctx.span(ofNamed: "types"))
            }
            if let d = try ctx.optional("dates") {
                let at = ctx.span(ofNamed: "dates")
                let format = try ctx.at(at ?? ctx.span) { try StrftimeFormat(try ctx.string(d, "dates", at: at)) }
                return .frame(try ctx.at(at ?? ctx.span) { try DateColumns.parseMatching(frame, format: format, except: Set(options.types.keys)) })
            }
            return .frame(frame)
        }
        interpreter.define("write_csv", "write_csv(frame: frame, path: string, *, delimiter: string = \",\")", "Writes a frame as CSV (atomically); path \"-\" writes to standard output.",
                           example: "write_csv(by_region, \"out/by_region.csv\")", category: "io") { [unowned self] ctx in
            let frame = try ctx.frame(0)
            let path = try ctx.string(ctx.value(1), "the path")
            var delimiter = UInt8(ascii: ",")
            if let d = try ctx.optional("delimiter") {
                let s = try ctx.string(d, "delimiter")
                guard s.utf8.count == 1 else { throw ctx.error("delimiter must be one character") }
                delimiter = s.utf8.first!
            }
            if path == "-" {
                ctx.interpreter.write(String(decoding: CSVWriter.bytes(frame, delimiter: delimiter), as: UTF8.self))
            } else {
                try self.withResolvedPath(path) { try CSVWriter.write(frame, to: $0, delimiter: delimiter) }
            }
            return .null
        }
    }
}
