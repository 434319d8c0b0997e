import SiftFrame
import SiftLanguage
import SiftRender
import SiftRuntime

/// How a value is shown in a Jupyter front end: a MIME bundle from which the front end picks the
/// richest type it renders. Frames carry `text/html` (JupyterLab, VS Code), `text/markdown`
/// (what Sift's own reports use) and `text/plain` (terminals, `jupyter console`); charts carry
/// `image/svg+xml` with the terminal drawing as `text/plain`.
enum MimeBundle {
    static func of(_ value: Value, display: ValueDisplay) -> [String: Any] {
        switch value {
        case .frame(let f):
            return frameBundle(f, display: display, heading: nil)
        case .grouped(let g):
            let groups = Grouping(keys: g.keys.compactMap { try? g.frame.column($0) }, rowCount: g.frame.rowCount).groupCount
            let heading = "grouped by \(g.keys.joined(separator: ", ")) (\(CellText.grouped(groups)) groups)"
            return frameBundle(g.frame, display: display, heading: heading)
        case .column(let c):
            let named = c.name.isEmpty ? c.renamed("value") : c
            if let f = try? Frame(columns: [named]) { return frameBundle(f, display: display, heading: nil) }
            return ["text/plain": display.repr(value)]
        case .object(let o):
            if let chart = o as? ChartObject {
                return ["image/svg+xml": chart.svg(), "text/plain": o.render(width: display.width)]
            }
            return ["text/plain": o.render(width: display.width)]
        default:
            return ["text/plain": display.repr(value)]
        }
    }

    static func frameBundle(_ f: Frame, display: ValueDisplay, heading: String?) -> [String: Any] {
        let plain = TerminalTable(maxRows: display.maxRows, width: display.width, color: false).render(f)
        let markdown = MarkdownTable(maxRows: display.maxRows).render(f)
        // The HTML report's table (SiftRender), with the grouping as its caption.
        let html = HTMLTable(maxRows: display.maxRows).render(f, caption: heading)
        guard let heading else { return ["text/plain": plain, "text/markdown": markdown, "text/html": html] }
        return ["text/plain": heading + "\n" + plain, "text/markdown": "*" + heading + "*\n\n" + markdown, "text/html": html]
    }
}
