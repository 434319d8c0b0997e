import SiftFrame

/// Frames as HTML tables for Jupyter front ends (`text/html`): a header row with column names
/// and types, numbers right-aligned, long frames elided like the other renderers, and a caption
/// with the frame's size. Every cell is escaped, so data can never inject markup.
public struct HTMLTable {
    public var maxRows = 20
    public init(maxRows: Int = 20) { self.maxRows = maxRows }

    public func render(_ frame: Frame) -> String {
        let caption = "\(CellText.grouped(frame.rowCount)) row\(frame.rowCount == 1 ? "" : "s") × \(frame.columnCount) column\(frame.columnCount == 1 ? "" : "s")"
        guard frame.columnCount > 0 else { return "<p><em>(empty frame: no columns)</em></p>" }
        let rows = RowWindow.rows(count: frame.rowCount, maxRows: maxRows)
        let cells = frame.columns.map { CellText.format($0, rows: rows) }
        let right = frame.columns.map { CellText.isRightAligned($0.type) }
        var out = "<table class=\"sift-frame\">\n<thead>\n<tr>"
        for (k, c) in frame.columns.enumerated() {
            out += "<th style=\"text-align: \(right[k] ? "right" : "left")\">\(Self.escape(c.name))<br><small>\(c.type.rawValue)</small></th>"
        }
        out += "</tr>\n</thead>\n<tbody>\n"
        for (i, row) in rows.enumerated() {
            out += "<tr>"
            for k in frame.columns.indices {
                let text = row < 0 ? "…" : cells[k][i]
                out += "<td style=\"text-align: \(right[k] ? "right" : "left")\">\(Self.escape(text))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n<p><em>\(caption)\(rows.contains(-1) ? " (first and last rows shown)" : "")</em></p>"
        return out
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
