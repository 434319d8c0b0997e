import Foundation
import Ink

/// `--format html`: one self-contained page. Markdown is rendered by Ink; SVG charts are inlined
/// so the page has no external files; a small stylesheet reads well on light and dark screens.
public enum HTMLReport {
    public static func render(markdown: String, title: String, assetsBase: String, filesDirectory: String) -> String {
        // Output regions are HTML comments in Markdown; they stay invisible in HTML too.
        var body = MarkdownParser().html(from: markdown)
        body = inlineImages(body, base: assetsBase)
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        :root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #656d76; --line: #d0d7de; --code: #f6f8fa; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8d96a0; --line: #30363d; --code: #161b22; } }
        body { font: 15px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); max-width: 980px; margin: 2rem auto; padding: 0 1rem; }
        pre, code { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); }
        pre { padding: .8rem 1rem; overflow-x: auto; border-radius: 6px; border: 1px solid var(--line); }
        table { border-collapse: collapse; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid var(--line); padding: .25rem .6rem; }
        th { background: var(--code); }
        em { color: var(--muted); }
        img, svg { max-width: 100%; height: auto; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static func inlineImages(_ html: String, base: String) -> String {
        var out = ""
        var rest = Substring(html)
        while let r = rest.range(of: "<img src=\"") {
            out += rest[..<r.lowerBound]
            let after = rest[r.upperBound...]
            guard let q = after.firstIndex(of: "\""), let close = after[q...].firstIndex(of: ">") else { out += rest[r.lowerBound...]; return out }
            let src = String(after[..<q])
            let file = src.removingPercentEncoding ?? src  // Markdown links percent-encode spaces
            let path = file.hasPrefix("/") ? file : base + "/" + file
            if src.hasSuffix(".svg"), let data = FileManager.default.contents(atPath: path), var svg = String(data: data, encoding: .utf8) {
                if let decl = svg.range(of: "?>") , svg.hasPrefix("<?xml") { svg = String(svg[decl.upperBound...]) }
                out += svg
            } else {
                out += rest[r.lowerBound...close]
            }
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
