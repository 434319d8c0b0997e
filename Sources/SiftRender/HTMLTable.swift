import SiftFrame

/// Frames as HTML tables for the HTML report, rendered from the frame itself (not re-parsed
/// from Markdown): numbers right-aligned with tabular digits, column formats from `format()`
/// applied, long frames elided in the middle with the count of hidden rows, and the table in a
/// scrolling box so a wide frame scrolls instead of running off the page.
public struct HTMLTable {
    public var maxRows = 20
    public var maxColumnWidth = CellText.maxCellWidth
    public var floatDecimals = 6
    public init(maxRows: Int = 20) { self.maxRows = maxRows }

    public func render(_ frame: Frame, caption extra: String? = nil) -> String {
        guard frame.columnCount > 0 else { return "<p class=\"caption\">(empty frame: no columns)</p>" }
        let rows = RowWindow.rows(count: frame.rowCount, maxRows: maxRows)
        let cols = frame.columns.map { c in (CellText.isRightAligned(c.type), CellText.format(c, rows: rows, floatDecimalsCap: floatDecimals, maxWidth: maxColumnWidth)) }
        var out = "<div class=\"table-scroll\"><table>\n<thead><tr>"
        for c in frame.columns {
            out += "<th" + (CellText.isRightAligned(c.type) ? " class=\"num\"" : "") + ">" + Self.escape(c.name) + "</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        let hidden = frame.rowCount - rows.filter { $0 >= 0 }.count
        for (k, r) in rows.enumerated() {
            if r < 0 {
                out += "<tr class=\"gap\"><td colspan=\"\(frame.columnCount)\">⋯ \(CellText.grouped(hidden)) more row\(hidden == 1 ? "" : "s") ⋯</td></tr>\n"
                continue
            }
            out += "<tr>"
            for (right, texts) in cols {
                let t = texts[k]
                let cls = t == "null" ? " class=\"null\(right ? " num" : "")\"" : right ? " class=\"num\"" : ""
                out += "<td\(cls)>" + Self.escape(t) + "</td>"
            }
            out += "</tr>\n"
        }
        let caption = "\(CellText.grouped(frame.rowCount)) row\(frame.rowCount == 1 ? "" : "s") × \(frame.columnCount) column\(frame.columnCount == 1 ? "" : "s")"
        out += "</tbody>\n</table></div>\n<p class=\"caption\">" + Self.escape([extra, caption].compactMap { $0 }.joined(separator: " · ")) + "</p>"
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
