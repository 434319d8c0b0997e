/// Turns source text into tokens. Newlines inside brackets are dropped here, because an
/// expression there cannot end; elsewhere they are statement separators the parser may skip
/// (after an operator, before a leading `|>`).
public struct Lexer {
    let source: Source
    let b: [UInt8]
    var pos = 0
    var depth = 0
    var sawNewline = true

    public init(source: Source) {
        self.source = source
        self.b = source.bytes
    }

    public static func tokenize(_ source: Source) throws -> [Token] {
        var lexer = Lexer(source: source)
        var out: [Token] = []
        while true {
            let t = try lexer.next()
            out.append(t)
            if t.kind == .eof { return out }
        }
    }

    func span(_ s: Int) -> SourceSpan { SourceSpan(source: source, start: s, end: pos) }

    func error(_ message: String, _ s: Int, hint: String? = nil, incomplete: Bool = false) -> SiftError {
        SiftError(.syntax, message, at: SourceSpan(source: source, start: s, end: max(pos, s + 1)), hint: hint, incomplete: incomplete)
    }

    mutating func make(_ kind: TokenKind, _ s: Int) -> Token {
        let t = Token(kind: kind, span: span(s), atLineStart: sawNewline)
        sawNewline = false
        return t
    }

    mutating func next() throws -> Token {
        while pos < b.count {
            let c = b[pos]
            if c == 32 || c == 9 || c == 13 { pos += 1; continue }
            if c == UInt8(ascii: "#") {
                while pos < b.count, b[pos] != 10 { pos += 1 }
                continue
            }
            if c == UInt8(ascii: "\\"), pos + 1 < b.count, b[pos + 1] == 10 || b[pos + 1] == 13 {
                // Explicit line continuation.
                pos += 1
                while pos < b.count, b[pos] == 13 || b[pos] == 10 { pos += 1; if b[pos - 1] == 10 { break } }
                continue
            }
            if c == 10 {
                let s = pos
                pos += 1
                if depth > 0 { continue }
                let t = make(.newline, s)
                sawNewline = true
                return t
            }
            break
        }
        let s = pos
        guard pos < b.count else { return make(.eof, s) }
        let c = b[pos]
        if isDigit(c) || (c == UInt8(ascii: ".") && pos + 1 < b.count && isDigit(b[pos + 1])) { return try number(s) }
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { return try string(s, quote: c) }
        if isIdentStart(c) {
            while pos < b.count, isIdentPart(b[pos]) { pos += 1 }
            let word = String(decoding: b[s..<pos], as: UTF8.self)
            if let k = Keyword(rawValue: word) { return make(.keyword(k), s) }
            return make(.identifier(word), s)
        }
        if c == UInt8(ascii: "`") {
            pos += 1
            let start = pos
            while pos < b.count, b[pos] != UInt8(ascii: "`"), b[pos] != 10 { pos += 1 }
            guard pos < b.count, b[pos] == UInt8(ascii: "`") else { throw error("unterminated `quoted name`", s, incomplete: pos >= b.count) }
            let word = String(decoding: b[start..<pos], as: UTF8.self)
            pos += 1
            return make(.identifier(word), s)
        }
        if c == UInt8(ascii: "$") {
            pos += 1
            let start = pos
            while pos < b.count, isIdentPart(b[pos]) { pos += 1 }
            guard pos > start else { throw error("expected a variable name after $", s, hint: "write $name to use a variable where a column has the same name") }
            return make(.variable(String(decoding: b[start..<pos], as: UTF8.self)), s)
        }
        // Symbols, longest first.
        let two = pos + 1 < b.count ? String(decoding: b[pos...(pos + 1)], as: UTF8.self) : ""
        if let sym = Symbol(rawValue: two), two.count == 2 {
            pos += 2
            return make(.symbol(sym), s)
        }
        if c < 128, let sym = Symbol(rawValue: String(UnicodeScalar(c))) {
            pos += 1
            switch sym {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth = max(0, depth - 1)
            default: break
            }
            return make(.symbol(sym), s)
        }
        // Report the whole character, even when it is multi-byte.
        pos += 1
        while pos < b.count, b[pos] & 0xC0 == 0x80 { pos += 1 }
        let ch = String(decoding: b[s..<pos], as: UTF8.self)
        let hint: String? = ch == "&" || ch == "|" ? "use `and` / `or`" : ch == "!" ? "use `not`" : ch == "“" || ch == "”" ? "use straight quotes \"…\"" : nil
        throw error("unexpected character '\(ch)'", s, hint: hint)
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) func isIdentStart(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0xC0 }
    @inline(__always) func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) || (c >= 0x80 && c < 0xC0) }

    mutating func number(_ s: Int) throws -> Token {
        var isFloat = false
        while pos < b.count, isDigit(b[pos]) || b[pos] == UInt8(ascii: "_") { pos += 1 }
        if pos < b.count, b[pos] == UInt8(ascii: "."), pos + 1 < b.count, isDigit(b[pos + 1]) {
            isFloat = true
            pos += 1
            while pos < b.count, isDigit(b[pos]) || b[pos] == UInt8(ascii: "_") { pos += 1 }
        }
        if pos < b.count, b[pos] == UInt8(ascii: "e") || b[pos] == UInt8(ascii: "E") {
            var p = pos + 1
            if p < b.count, b[p] == UInt8(ascii: "+") || b[p] == UInt8(ascii: "-") { p += 1 }
            if p < b.count, isDigit(b[p]) {
                isFloat = true
                pos = p
                while pos < b.count, isDigit(b[pos]) { pos += 1 }
            }
        }
        let text = String(decoding: b[s..<pos].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        if pos < b.count, isIdentStart(b[pos]) {
            while pos < b.count, isIdentPart(b[pos]) { pos += 1 }
            throw error("malformed number '\(String(decoding: b[s..<pos], as: UTF8.self))'", s, hint: "names cannot start with a digit")
        }
        if isFloat {
            guard let v = Double(text) else { throw error("malformed number '\(text)'", s) }
            return make(.float(v), s)
        }
        guard let v = Int64(text) else {
            throw error("integer literal \(text) does not fit in 64 bits", s, hint: "write it as a float, e.g. \(text).0")
        }
        return make(.int(v), s)
    }

    mutating func string(_ s: Int, quote: UInt8) throws -> Token {
        pos += 1
        var out = [UInt8]()
        while true {
            guard pos < b.count else { throw error("unterminated string", s, hint: "close it with \(quote == 34 ? "\"" : "'")", incomplete: true) }
            let c = b[pos]
            if c == quote { pos += 1; break }
            if c == UInt8(ascii: "\\") {
                guard pos + 1 < b.count else { throw error("unterminated string", s, incomplete: true) }
                let e = b[pos + 1]
                pos += 2
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "0"): out.append(0)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "$"): out.append(e)
                case UInt8(ascii: "u"):
                    guard pos < b.count, b[pos] == UInt8(ascii: "{") else { throw error("expected \\u{hex}", pos - 2) }
                    let st = pos + 1
                    while pos < b.count, b[pos] != UInt8(ascii: "}") { pos += 1 }
                    guard pos < b.count, let v = UInt32(String(decoding: b[st..<pos], as: UTF8.self), radix: 16), let sc = UnicodeScalar(v) else {
                        throw error("invalid \\u{…} escape", st - 3)
                    }
                    pos += 1
                    out.append(contentsOf: Array(String(Character(sc)).utf8))
                default:
                    throw error("unknown escape \\\(String(UnicodeScalar(e)))", pos - 2, hint: "write \\\\ for a backslash")
                }
                continue
            }
            out.append(c)
            pos += 1
        }
        return make(.string(String(decoding: out, as: UTF8.self)), s)
    }
}
