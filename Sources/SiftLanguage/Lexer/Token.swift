/// The smallest meaningful pieces of Sift source.
public enum TokenKind: Equatable, Sendable {
    case int(Int64)
    case float(Double)
    case string(String)
    case identifier(String)
    /// `$name`: always a variable, never a column (escapes data masking).
    case variable(String)
    case keyword(Keyword)
    case symbol(Symbol)
    case newline
    case eof
}

public enum Keyword: String, CaseIterable, Sendable {
    case fn, `if`, then, `else`, and, or, not, `in`, `true`, `false`, null
}

public enum Symbol: String, CaseIterable, Sendable {
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", caret = "^"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case assign = "=", pipe = "|>", tilde = "~", colon = ":", comma = ",", dot = ".", semicolon = ";"
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
    case arrow = "->"
}

public struct Token: Sendable {
    public let kind: TokenKind
    public let span: SourceSpan
    /// True when a newline (or the start of input) came right before this token.
    public let atLineStart: Bool
}
