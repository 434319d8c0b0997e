/// Every error a user can cause: what went wrong, where (a source span when there is one), and
/// what to do about it. Rendering shows `file:line:col`, the line and a caret under the spot.
public struct SiftError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        case syntax, runtime, io, cancelled, limit
    }
    public var kind: Kind
    public var message: String
    public var span: SourceSpan?
    public var hint: String?
    /// Set by the parser when the input merely stopped early (an open bracket, a trailing `|>`),
    /// so the REPL can ask for another line instead of reporting an error.
    public var incomplete: Bool = false

    public init(_ kind: Kind, _ message: String, at span: SourceSpan? = nil, hint: String? = nil, incomplete: Bool = false) {
        self.kind = kind
        self.message = message
        self.span = span
        self.hint = hint
        self.incomplete = incomplete
    }

    public var description: String { render(color: false) }

    /// `place: error: message`, the source line with carets, and the hint.
    public func render(color: Bool) -> String {
        let red = color ? "\u{1B}[1;31m" : "", dim = color ? "\u{1B}[2m" : "", cyan = color ? "\u{1B}[36m" : "", reset = color ? "\u{1B}[0m" : ""
        let label = kind == .syntax ? "syntax error" : "error"
        guard let span else {
            return "\(red)\(label)\(reset): \(message)" + (hint.map { "\n  \(cyan)hint\(reset): \($0)" } ?? "")
        }
        let (line, col) = span.source.position(of: span.start)
        var out = "\(span.source.name):\(line):\(col): \(red)\(label)\(reset): \(message)"
        let text = span.source.lineText(line)
        if !text.isEmpty {
            let gutter = String(line)
            let endPos = span.source.position(of: span.end)
            let width = endPos.line == line ? max(1, endPos.column - col) : max(1, text.count - col + 1)
            let clipped = text.count > 200 ? String(text.prefix(200)) + "…" : text
            // Control characters are shown as their visible pictures (NUL as ␀): written raw
            // they would cut C strings short or move the terminal's cursor.
            let shown = String(String.UnicodeScalarView(clipped.unicodeScalars.map { c in
                c.value < 0x20 && c != "\t" ? Unicode.Scalar(0x2400 + c.value)! : c.value == 0x7F ? "\u{2421}" : c
            }))
            out += "\n \(dim)\(gutter) |\(reset) \(shown)"
            // Blank out the text before the column, keeping tabs so the caret lines up under it.
            let pad = String(text.prefix(max(0, min(col - 1, 200))).map { $0 == "\t" ? "\t" : " " })
            out += "\n \(String(repeating: " ", count: gutter.count)) \(dim)|\(reset) \(pad)\(red)\(String(repeating: "^", count: min(width, 80)))\(reset)"
        }
        if let hint { out += "\n  \(cyan)hint\(reset): \(hint)" }
        return out
    }
}
