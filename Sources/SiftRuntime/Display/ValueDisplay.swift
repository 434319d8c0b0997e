import SiftFrame
import SiftLanguage
import SiftRender

/// How values look when shown: as terminal tables in the REPL and scripts, as Markdown in
/// reports. One place decides, so a value reads the same in print(), the REPL and a notebook.
public struct ValueDisplay {
    public enum Format: Sendable { case terminal, markdown }
    public var format: Format = .terminal
    public var width = 100
    public var maxRows = 20
    public var color = false
    /// Significant digits of a single float shown (`set_option("display.precision", 12)`):
    /// enough for any real measurement, few enough to hide binary noise.
    public var precision = 12
    /// Columns a terminal table shows at most (nil: as many as fit the width).
    public var maxColumns: Int?
    /// Characters of a text cell before it is cut with "…".
    public var maxColumnWidth = CellText.maxCellWidth
    /// The most decimals a float column shows in tables.
    public var floatDecimals = 6

    public init(format: Format = .terminal, width: Int = 100, maxRows: Int = 20, color: Bool = false) {
        self.format = format
        self.width = width
        self.maxRows = maxRows
        self.color = color
    }

    public func table(_ f: Frame) -> String {
        switch format {
        case .terminal:
            var t = TerminalTable(maxRows: maxRows, width: width, color: color)
            t.maxColumns = maxColumns
            t.maxColumnWidth = maxColumnWidth
            t.floatDecimals = floatDecimals
            return t.render(f)
        case .markdown:
            var t = MarkdownTable(maxRows: maxRows)
            t.maxColumnWidth = maxColumnWidth
            t.floatDecimals = floatDecimals
            return t.render(f)
        }
    }

    /// A frame, grouped frame or column as an HTML table (for the HTML report); nil otherwise.
    public func htmlTable(_ v: Value) -> String? {
        var table = HTMLTable(maxRows: maxRows)
        table.maxColumnWidth = maxColumnWidth
        table.floatDecimals = floatDecimals
        switch v {
        case .frame(let f): return table.render(f)
        case .grouped(let g):
            let groups = Grouping(keys: g.keys.compactMap { try? g.frame.column($0) }, rowCount: g.frame.rowCount).groupCount
            return table.render(g.frame, caption: "grouped by \(g.keys.joined(separator: ", ")) (\(CellText.grouped(groups)) groups)")
        case .column(let c):
            let named = c.name.isEmpty ? c.renamed("value") : c
            return (try? Frame(columns: [named])).map { table.render($0) }
        default: return nil
        }
    }

    /// The full display of a value (what a bare expression shows).
    public func render(_ v: Value) -> String {
        switch v {
        case .frame(let f): return table(f)
        case .grouped(let g):
            let groups = Grouping(keys: g.keys.compactMap { try? g.frame.column($0) }, rowCount: g.frame.rowCount).groupCount
            return "grouped by \(g.keys.joined(separator: ", ")) (\(CellText.grouped(groups)) groups)\n" + table(g.frame)
        case .column(let c):
            let named = c.name.isEmpty ? c.renamed("value") : c
            return (try? Frame(columns: [named])).map(table) ?? inline(v)
        case .object(let o): return o.render(width: width)
        default: return inline(v)
        }
    }

    /// A compact one-line form: strings quoted inside lists and records.
    public func inline(_ v: Value, nested: Bool = false) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return ScalarFormat.readable(d, significant: precision)
        case .string(let s): return nested ? quote(s) : s
        case .date(let d): return Temporal.formatDate(d)
        case .datetime(let t): return Temporal.formatDateTime(t)
        case .list(let l):
            let shown = l.prefix(100).map { inline($0, nested: true) }
            return "[" + shown.joined(separator: ", ") + (l.count > 100 ? ", … (\(l.count) items)" : "") + "]"
        case .record(let r): return "{" + r.fields.map { "\($0.0): \(inline($0.1, nested: true))" }.joined(separator: ", ") + "}"
        case .frame(let f): return "<frame: \(CellText.grouped(f.rowCount)) rows × \(f.columnCount) columns>"
        case .grouped(let g): return "<grouped frame by \(g.keys.joined(separator: ", "))>"
        case .column(let c): return "<column \(c.name) \(c.type.rawValue), \(CellText.grouped(c.count)) values>"
        case .function(let f):
            if let b = f as? Builtin { return "<builtin \(b.signature)>" }
            if let u = f as? UserFunction { return "<function \(u.signature)>" }
            return "<function \(f.name)>"
        case .formula(let f): return String(f.span.source.text.utf8.dropFirst(f.span.start).prefix(f.span.end - f.span.start)) ?? "<formula>"
        case .object(let o): return "<\(o.summaryLine)>"
        }
    }

    /// The value shown by a bare expression in the REPL: texts quoted so types are visible.
    public func repr(_ v: Value) -> String {
        if case .string(let s) = v { return quote(s) }
        return render(v)
    }

    func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }

    /// `customers: 10,000 rows × 11 columns`, shown after an assignment in the REPL.
    public func summaryLine(_ name: String, _ v: Value) -> String {
        switch v {
        case .frame(let f): return "\(name): \(CellText.grouped(f.rowCount)) rows × \(f.columnCount) columns"
        case .grouped(let g): return "\(name): \(CellText.grouped(g.frame.rowCount)) rows grouped by \(g.keys.joined(separator: ", "))"
        case .object(let o): return "\(name): \(o.summaryLine)"
        case .column(let c): return "\(name): column of \(CellText.grouped(c.count)) \(c.type.rawValue) values"
        default:
            let text = inline(v, nested: true)
            return "\(name) = " + (text.count > 80 ? String(text.prefix(79)) + "…" : text)
        }
    }
}
