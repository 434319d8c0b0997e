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
        if identLength(at: pos, first: true) > 0 {
            skipIdentifier()
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
            skipIdentifier()
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
        let hints: [String: String] = ["&": "use `and` / `or`", "|": "use `and` / `or`", "!": "use `not`",
                                       "“": "use straight quotes \"…\"", "”": "use straight quotes \"…\"", "‘": "use straight quotes '…'", "’": "use straight quotes '…'",
                                       "×": "use * to multiply", "÷": "use / to divide", "≤": "use <=", "≥": "use >=", "≠": "use !=", "−": "use - (a plain hyphen)"]
        var hint = hints[ch]
        // Control characters (a NUL from a binary file, an escape) would garble the terminal.
        let shown: String
        if let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1, scalar.properties.generalCategory == .control {
            shown = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            if hint == nil { hint = scalar.value == 0 ? "is this a binary file rather than Sift code?" : "remove the invisible control character" }
        } else {
            shown = "'\(ch)'"
        }
        throw error("unexpected character \(shown)", s, hint: hint)
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) func isIdentStart(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 }

    /// Byte length of the name character at `p`, or 0 when there is none. ASCII letters, `_`
    /// and (after the first) digits; beyond ASCII, letters as Unicode defines identifiers, so
    /// `é` or `größe` are names while `“`, `×` or `≤` are reported as unexpected characters.
    func identLength(at p: Int, first: Bool) -> Int {
        guard p < b.count else { return 0 }
        let c = b[p]
        if c < 0x80 { return isIdentStart(c) || (!first && isDigit(c)) ? 1 : 0 }
        let n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0
        guard n > 0, p + n <= b.count else { return 0 }
        var v = UInt32(c) & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07)
        for k in 1..<n {
            guard b[p + k] & 0xC0 == 0x80 else { return 0 }
            v = v << 6 | UInt32(b[p + k] & 0x3F)
        }
        guard let scalar = Unicode.Scalar(v) else { return 0 }
        return (first ? scalar.properties.isXIDStart : scalar.properties.isXIDContinue) ? n : 0
    }

    mutating func skipIdentifier() {
        while true {
            let n = identLength(at: pos, first: false)
            if n == 0 { return }
            pos += n
        }
    }

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
        if identLength(at: pos, first: true) > 0 {
            skipIdentifier()
            throw error("malformed number '\(String(decoding: b[s..<pos], as: UTF8.self))'", s, hint: "names cannot start with a digit")
        }
        if isFloat {
            guard let v = Double(text) else { throw error("malformed number '\(text)'", s) }
            guard v.isFinite else { throw error("number \(text) is too large", s, hint: "floats reach about 1.8e308") }
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

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
