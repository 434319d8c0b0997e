import SiftFrame

/// Which rows of a long frame to show: all of them when few, else the head and the tail with a
/// marker (`-1`) between, so both ends of sorted data stay visible.
public struct RowWindow {
    public static func rows(count: Int, maxRows: Int) -> [Int] {
        guard count > maxRows else { return Array(0..<count) }
        let head = (maxRows + 1) / 2, tail = maxRows - head
        return Array(0..<head) + [-1] + Array((count - tail)..<count)
    }
}

/// Frames as aligned plain-text tables for terminals: numbers right-aligned, nulls marked, long
/// frames elided, and wide frames cut to the terminal width with the hidden columns named.
public struct TerminalTable {
    public var maxRows = 20
    public var width = 100
    public var color = false
    /// Display options (`set_option("display.…")`): columns shown at most (nil: as many as fit),
    /// characters of a text cell, and the most decimals a float column shows.
    public var maxColumns: Int?
    public var maxColumnWidth = CellText.maxCellWidth
    public var floatDecimals = 6

    public init(maxRows: Int = 20, width: Int = 100, color: Bool = false) {
        self.maxRows = maxRows
        self.width = width
        self.color = color
    }

    public func render(_ frame: Frame) -> String {
        let rows = RowWindow.rows(count: frame.rowCount, maxRows: maxRows)
        var shown: [(name: String, type: String, cells: [String], right: Bool, width: Int)] = []
        var used = 0
        var hidden: [String] = []
        for c in frame.columns {
            if !hidden.isEmpty || shown.count >= (maxColumns ?? Int.max) {
                hidden.append(c.name)
                continue
            }
            let cells = CellText.format(c, rows: rows, floatDecimalsCap: floatDecimals, maxWidth: maxColumnWidth)
            let name = CellText.truncate(c.name, maxColumnWidth)
            let type = c.type.rawValue
            let w = max(CellText.displayWidth(name), type.count, cells.map(CellText.displayWidth).max() ?? 0)
            if !hidden.isEmpty || (used + w + 2 > width && !shown.isEmpty) {
                hidden.append(c.name)
                continue
            }
            shown.append((name, type, cells, CellText.isRightAligned(c.type), w))
            used += w + 2
        }
        let bold = color ? "\u{1B}[1m" : "", dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        var lines: [String] = []
        lines.append(shown.map { bold + CellText.pad($0.name, $0.width, right: $0.right) + reset }.joined(separator: "  "))
        lines.append(shown.map { dim + CellText.pad($0.type, $0.width, right: $0.right) + reset }.joined(separator: "  "))
        lines.append(shown.map { String(repeating: "─", count: $0.width) }.joined(separator: "  "))
        for (k, _) in rows.enumerated() {
            lines.append(shown.map { col -> String in
                let cell = col.cells[k]
                let padded = CellText.pad(cell, col.width, right: col.right && cell != "…")
                return (cell == "null" || cell == "…") ? dim + padded + reset : padded
            }.joined(separator: "  "))
        }
        if frame.columnCount == 0 { lines = ["(no columns)"] }
        var footer = "\(CellText.grouped(frame.rowCount)) row\(frame.rowCount == 1 ? "" : "s") × \(frame.columnCount) column\(frame.columnCount == 1 ? "" : "s")"
        if !hidden.isEmpty {
            let list = hidden.prefix(12).joined(separator: ", ") + (hidden.count > 12 ? ", …" : "")
            footer += "; \(hidden.count) more not shown: \(list)"
        }
        lines.append(dim + footer + reset)
        return lines.map { $0.replacingTrailingSpaces() }.joined(separator: "\n")
    }
}

/// Frames as GitHub-flavoured Markdown tables for reports.
public struct MarkdownTable {
    public var maxRows = 20
    public var maxColumnWidth = CellText.maxCellWidth
    public var floatDecimals = 6
    public init(maxRows: Int = 20) { self.maxRows = maxRows }

    public func render(_ frame: Frame) -> String {
        guard frame.columnCount > 0 else { return "*(empty frame: no columns)*" }
        let rows = RowWindow.rows(count: frame.rowCount, maxRows: maxRows)
        let cols = frame.columns.map { c in (c, CellText.format(c, rows: rows, floatDecimalsCap: floatDecimals, maxWidth: maxColumnWidth).map(escape)) }
        var lines: [String] = []
        lines.append("| " + frame.columns.map { escape($0.name) }.joined(separator: " | ") + " |")
        lines.append("|" + frame.columns.map { CellText.isRightAligned($0.type) ? " ---: " : " --- " }.joined(separator: "|") + "|")
        for k in rows.indices {
            lines.append("| " + cols.map { $0.1[k] }.joined(separator: " | ") + " |")
        }
        var caption = "\(CellText.grouped(frame.rowCount)) row\(frame.rowCount == 1 ? "" : "s") × \(frame.columnCount) column\(frame.columnCount == 1 ? "" : "s")"
        if rows.contains(-1) { caption += " (first and last rows shown)" }
        return lines.joined(separator: "\n") + "\n\n*" + caption + "*"
    }

    func escape(_ s: String) -> String {
        var out = s.replacingOccurrences("|", "\\|")
        out = out.replacingOccurrences("\n", " ")
        return out.isEmpty ? " " : out
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    func replacingOccurrences(_ a: String, _ b: String) -> String {
        guard contains(a) else { return self }
        return components(a).joined(separator: b)
    }

    func components(_ sep: String) -> [String] {
        var parts: [String] = []
        var cur = ""
        var rest = Substring(self)
        while !rest.isEmpty {
            if rest.hasPrefix(sep) {
                parts.append(cur)
                cur = ""
                rest = rest.dropFirst(sep.count)
            } else {
                cur.append(rest.removeFirst())
            }
        }
        parts.append(cur)
        return parts
    }
}
