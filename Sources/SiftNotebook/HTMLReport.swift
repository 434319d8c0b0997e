import Foundation

/// `--format html`: one self-contained page for people who read results, not code. Prose goes
/// through cmark-gfm (GitHub's renderer, see `GFM`); tables are rendered from the frames
/// themselves (`HTMLTable`), in boxes that scroll sideways when wide; SVG charts are inlined so
/// the page needs no other file. Cell options shape the page:
///
///     ```sift echo=false      the output without the code
///     ```sift output=false    the code without the output
///
/// and a failed cell is marked in red with its error, so nobody mistakes a stale number for a
/// result. A small stylesheet reads well on light and dark screens and in print.
public enum HTMLReport {
    public static func render(document: NotebookDocument, result: RunResult, title: String, assetsBase: String) -> String {
        var body = ""
        var k = 0
        for block in document.blocks {
            switch block {
            case .prose(let p): body += GFM.html(p)
            case .cell(let cell):
                let r = k < result.cells.count ? result.cells[k] : nil
                body += self.cell(cell, result: r, parameters: cell.isParameters ? result.parameterSummary : nil, assetsBase: assetsBase)
                k += 1
            }
        }
        return page(title: title, body: body)
    }

    static func flag(_ cell: NotebookDocument.Cell, _ name: String) -> Bool {
        guard let v = cell.options[name]?.lowercased() else { return true }
        return !(v == "false" || v == "no" || v == "0")
    }

    static func cell(_ cell: NotebookDocument.Cell, result: CellResult?, parameters: String?, assetsBase: String) -> String {
        let echo = flag(cell, "echo"), showOutput = flag(cell, "output")
        let failed = result.map { $0.status != .ok } ?? false
        var out = "<section class=\"cell\(failed ? " failed" : "")\">\n"
        if failed {
            let what = result?.status == .timeout ? "timed out" : "failed"
            out += "<p class=\"failed-label\">✗ This cell \(what)" + (result.map { " (line \($0.line))" } ?? "") + "</p>\n"
        }
        if echo || failed {
            out += "<pre class=\"code\"><code class=\"language-sift\">" + HTMLText.escape(cell.code.hasSuffix("\n") ? String(cell.code.dropLast()) : cell.code) + "</code></pre>\n"
        }
        if let parameters {
            out += "<pre class=\"params\">" + HTMLText.escape(parameters) + "</pre>\n"
        } else if let result, showOutput || failed {
            out += "<div class=\"output\">\n"
            for (i, part) in result.parts.enumerated() {
                // output=false hides everything but the error of a failed cell.
                if !showOutput, !Self.isError(part) { continue }
                out += html(part, table: result.htmlTables[i], assetsBase: assetsBase) + "\n"
            }
            out += "</div>\n"
        } else if result == nil, showOutput, let old = cell.previousOutput, !old.isEmpty {
            // Not run this time (an earlier cell failed): the previous outputs, marked as such.
            out += "<div class=\"output stale\"><p class=\"stale-label\">not run in this render; earlier output:</p>\n"
                + OutputRegion.parse(old).map { html($0, table: nil, assetsBase: assetsBase) }.joined(separator: "\n") + "</div>\n"
        }
        return out + "</section>\n"
    }

    static func isError(_ part: OutputPart) -> Bool {
        if case .error = part { return true }
        return false
    }

    static func html(_ part: OutputPart, table: String?, assetsBase: String) -> String {
        switch part {
        case .text(let t): return "<pre class=\"text\">" + HTMLText.escape(t.hasSuffix("\n") ? String(t.dropLast()) : t) + "</pre>"
        case .error(let t): return "<pre class=\"error\">" + HTMLText.escape(t) + "</pre>"
        case .table(let markdown): return table ?? GFM.html(markdown)
        case .image(let alt, let path):
            let file = PathMath.join(assetsBase, path)
            if path.hasSuffix(".svg"), let data = FileManager.default.contents(atPath: file), var svg = String(data: data, encoding: .utf8) {
                if svg.hasPrefix("<?xml"), let decl = svg.range(of: "?>") { svg = String(svg[decl.upperBound...]) }
                return "<figure class=\"chart\">" + svg + "</figure>"
            }
            return "<img src=\"" + HTMLText.escape(path) + "\" alt=\"" + HTMLText.escape(alt) + "\">"
        }
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title))</title>
        <style>
        :root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d0d7de; --code: #f6f8fa; --bad: #cf222e; --badbg: #ffebe9; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #30363d; --code: #161b22; --bad: #f85149; --badbg: #2d1214; } }
        body { font: 15px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); max-width: 980px; margin: 2rem auto; padding: 0 1rem; }
        pre, code { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        pre { background: var(--code); padding: .7rem 1rem; overflow-x: auto; border-radius: 6px; border: 1px solid var(--line); margin: .4rem 0; }
        pre.text, pre.params { background: transparent; }
        pre.error { color: var(--bad); background: var(--badbg); border-color: var(--bad); }
        section.cell { margin: 1rem 0; }
        section.cell.failed { border-left: 4px solid var(--bad); padding-left: .8rem; }
        .failed-label { color: var(--bad); font-weight: 600; margin: 0 0 .3rem; }
        .stale { opacity: .6; }
        .stale-label { color: var(--muted); font-style: italic; margin: 0; }
        .table-scroll { overflow-x: auto; max-width: 100%; margin: .5rem 0 .2rem; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid var(--line); padding: .25rem .6rem; white-space: nowrap; }
        th { background: var(--code); text-align: left; }
        th.num, td.num { text-align: right; }
        td.null { color: var(--muted); font-style: italic; }
        tr.gap td { text-align: center; color: var(--muted); }
        p.caption { color: var(--muted); font-size: 13px; margin: 0 0 1rem; }
        figure.chart { margin: .5rem 0; }
        img, svg { max-width: 100%; height: auto; }
        @media print { .table-scroll { overflow: visible; } pre { white-space: pre-wrap; } }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
