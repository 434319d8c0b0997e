import SiftFrame
import SiftLanguage

/// Text functions of issue 12: regular expressions (`matches`, `extract`, `replace_regex`),
/// `substr`, `pad_left`/`pad_right`, `concat_str`, and templates through `format("{}", …)` (in
/// FormatBuiltins). Text splitting into lists is `split(text, separator)` (in ModelClustering's
/// `split`, which also splits frames).
extension Session {
    func registerTextShaping() {
        let I = interpreter
        I.define("matches", "matches(text, pattern: string)", "True where the text contains a match of the regular expression (ICU/Python syntax; pandas' str.contains(pattern, regex=True)). Null stays null.",
                 example: "filter(matches(email, \"@(gmail|yahoo)\\\\.com$\"))", category: "text") { ctx in
            let rx = try Self.regex(ctx)
            return try Args.liftValues(ctx.value(0), ctx) { try RegexColumns.matches($0, rx) }
        }
        I.define("extract", "extract(text, pattern: string, group: int = 1)", "The text of a group (1 = the first parentheses, 0 = the whole match) in the first match of the regular expression; null without a match (pandas' str.extract(pattern, expand=False)).",
                 example: "mutate(order_no = extract(note, \"#(\\\\d+)\", 1))", category: "text") { ctx in
            let rx = try Self.regex(ctx)
            let group = try ctx.int(ctx.optional("group", position: 2) ?? .int(1), "group")
            return try Args.liftValues(ctx.value(0), ctx) { try RegexColumns.extract($0, rx, group: group) }
        }
        I.define("replace_regex", "replace_regex(text, pattern: string, replacement: string)", "Replaces every match of the regular expression; \\\\1 … \\\\9 in the replacement insert groups (Python's re.sub, pandas' str.replace(regex=True)).",
                 example: "mutate(email = replace_regex(email, \"@.*$\", \"@hidden\"))", category: "text") { ctx in
            let rx = try Self.regex(ctx)
            let replacement = try ctx.string(ctx.value(2), "the replacement", at: ctx.span(of: 2))
            return try Args.liftValues(ctx.value(0), ctx) { try RegexColumns.replace($0, rx, replacement) }
        }
        I.define("substr", "substr(text, start: int, length?: int)", "Characters from start (1 = the first, -1 = the last), length of them or all the rest (SQL's SUBSTR; pandas' str.slice(start - 1, start - 1 + length)).",
                 example: "mutate(initial = substr(email, 1, 1))", category: "text") { ctx in
            let start = try ctx.int(ctx.value(1), "start", at: ctx.span(of: 1))
            guard start != 0 else { throw ctx.error("substr() counts characters from 1 (or from -1 at the end)", at: ctx.span(of: 1)) }
            let length = try ctx.optional("length", position: 2).map { try ctx.int($0, "length") }
            return try Args.liftValues(ctx.value(0), ctx) { try TextShaping.substr($0, start: start, length: length) }
        }
        for (name, left) in [("pad_left", true), ("pad_right", false)] {
            I.define(name, "\(name)(text, width: int, fill: string = \" \")", "Pads text to width characters with fill on the \(left ? "left" : "right") (pandas' str.pad(width, side=\"\(left ? "left" : "right")\")); longer text stays as it is.",
                     example: left ? "mutate(code = pad_left(cast(customer_id, \"string\"), 6, \"0\"))" : "mutate(label = pad_right(region, 10, \".\"))", category: "text") { ctx in
                let width = try ctx.int(ctx.value(1), "width", at: ctx.span(of: 1))
                let fill = try ctx.string(ctx.optional("fill", position: 2) ?? .string(" "), "fill")
                return try Args.liftValues(ctx.value(0), ctx) { try TextShaping.pad($0, width: width, fill: fill, left: left) }
            }
        }
        I.define("concat_str", "concat_str(values..., separator: string = \"\", ignore_nulls: bool = false)", "Joins texts (and numbers or dates as text) row by row with separator; a null part gives null unless ignore_nulls: true skips it (polars' concat_str).",
                 example: "mutate(label = concat_str(region, \" #\", customer_id))", category: "text") { ctx in
            let separator = try ctx.string(ctx.optional("separator") ?? .string(""), "separator")
            let ignore = try ctx.bool(ctx.optional("ignore_nulls") ?? .bool(false), "ignore_nulls")
            let values = try (0..<ctx.count).map { try ctx.value($0) }
            guard !values.isEmpty else { throw ctx.error("concat_str() needs values to join") }
            let rows = values.compactMap { v -> Int? in if case .column(let c) = v { return c.count }; return nil }.first
            let columns = try values.enumerated().map { (i, v) -> Column in
                if case .list = v { throw ctx.error("concat_str() joins values row by row; to join a list use concat_str with its items", at: ctx.span(of: i)) }
                guard v.scalar != nil || { if case .column = v { return true }; return false }() else {
                    throw ctx.error("concat_str() joins texts, numbers and dates, got \(withArticle(v.typeName))", at: ctx.span(of: i))
                }
                return try Operators.asColumn(v, count: rows ?? 1)
            }
            let out = try ctx.at(ctx.span) { try TextShaping.concat(columns, separator: separator, ignoreNulls: ignore) }
            return rows == nil ? Value(out[0]) : .column(out)
        }
    }

    static func regex(_ ctx: CallContext) throws -> TextRegex {
        let pattern = try ctx.string(ctx.value(1), "the pattern", at: ctx.span(of: 1))
        return try ctx.at(ctx.span(of: 1)) { try TextRegex(pattern) }
    }

    /// `format("{}: {:.1f}", a, b)`: the template filled row by row (a column when any value is one).
    static func formatTemplate(_ template: String, _ values: [Value], _ ctx: CallContext) throws -> Value {
        let t = try ctx.at(ctx.span(of: 0)) { try TextTemplate(template) }
        guard values.count >= t.valueCount else {
            throw ctx.error("the template has \(t.valueCount) field\(t.valueCount == 1 ? "" : "s") but format() got \(values.count) value\(values.count == 1 ? "" : "s")")
        }
        let rows = values.compactMap { v -> Int? in if case .column(let c) = v { return c.count }; return nil }.first
        let columns = try values.enumerated().map { (i, v) -> Column in
            guard v.scalar != nil || { if case .column = v { return true }; return false }() else {
                throw ctx.error("format() fills the template with plain values or columns, got \(withArticle(v.typeName))", at: ctx.span(of: i + 1))
            }
            return try Operators.asColumn(v, count: rows ?? 1)
        }
        let n = rows ?? 1
        var out = [String](repeating: "", count: n)
        var valid = Bitmap(count: n, allValid: true)
        try ctx.at(ctx.span) {
            for r in 0..<n {
                if let s = try t.render(columns.map { $0[r] }) { out[r] = s } else { valid[r] = false }
            }
        }
        let c = Column(name: "", storage: .string(.make(out)), validity: valid)
        return rows == nil ? Value(c[0]) : .column(c)
    }
}
