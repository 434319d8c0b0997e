import SiftLanguage

/// Decides whether what the user typed so far is a whole entry or needs more lines: open
/// brackets or strings, or a last line ending in `|>`, an operator or a comma. The parser's own
/// `incomplete` flag does the work, so the REPL and the language can never disagree.
public enum InputCompleteness {
    /// Whole and valid, merely unfinished, or wrong however it continues (Jupyter's
    /// `is_complete_request` asks for the three; the REPL only needs "unfinished or not").
    public enum Status: String, Sendable { case complete, incomplete, invalid }

    public static func isComplete(_ text: String) -> Bool { status(text) != .incomplete }

    public static func status(_ text: String) -> Status {
        let trimmed = text.trimmingWhitespace
        if trimmed.isEmpty || trimmed.hasPrefix(":") { return .complete }
        // A `\` ending the code continues the line; one ending a `# comment` does not (as in the lexer).
        if String(Completer.code(text)).trimmingWhitespace.hasSuffix("\\") { return .incomplete }
        do {
            _ = try Parser.parse(Source(name: "<input>", text: text))
            return .complete
        } catch let e as SiftError {
            return e.incomplete ? .incomplete : .invalid
        } catch {
            return .invalid
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
