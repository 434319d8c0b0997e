import CCmarkGFM
#if canImport(Glibc)
import Glibc
#endif

/// Markdown to HTML with cmark-gfm, GitHub's own CommonMark + GFM implementation (Debian's
/// libcmark-gfm). Chosen over Ink, which is not CommonMark-conformant: it turned
/// `avg_order_value` into `avg<em>order</em>value`, while CommonMark says intraword underscores
/// are never emphasis. cmark-gfm passes the CommonMark spec tests and renders exactly what
/// GitHub shows for the same Markdown file, tables, strikethrough and autolinks included.
///
/// Raw HTML in the prose is kept (the notebook's author wrote it, and the same author's cells
/// run as code anyway); the `tagfilter` extension still neutralizes `<script>`, `<iframe>` and
/// the other tags GFM filters.
public enum GFM {
    static let extensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    public static func html(_ markdown: String) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_UNSAFE | CMARK_OPT_GITHUB_PRE_LANG
        guard let parser = cmark_parser_new(options) else { return escapedFallback(markdown) }
        defer { cmark_parser_free(parser) }
        for name in extensions {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        let bytes = Array(markdown.utf8)
        bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buf.count) { cmark_parser_feed(parser, $0, buf.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return escapedFallback(markdown) }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return escapedFallback(markdown) }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Only if the library cannot allocate: the text, escaped, in a `<pre>`.
    static func escapedFallback(_ s: String) -> String { "<pre>" + HTMLText.escape(s) + "</pre>\n" }
}

/// HTML escaping for text and attribute values.
public enum HTMLText {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
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
