import SiftFrame

/// A parsed JSON document. Objects keep their key order (columns appear in the order the data
/// first names them).
indirect enum JSONValue {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
}

/// A strict, bounded JSON parser over bytes (RFC 8259, plus JSON lines: several documents
/// separated by whitespace). Errors give the byte offset and line; nesting deeper than 512 is an
/// error rather than a stack overflow.
struct JSONParser {
    struct Failure: Error { var message: String; var offset: Int; var line: Int }

    let b: UnsafeRawBufferPointer
    var pos = 0
    var depth = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        b = bytes
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { pos = 3 }
    }

    func fail(_ message: String) -> Failure {
        var line = 1
        for i in 0..<min(pos, b.count) where b[i] == 10 { line += 1 }
        return Failure(message: message, offset: pos, line: line)
    }

    mutating func skipSpace() {
        while pos < b.count, b[pos] == 32 || b[pos] == 10 || b[pos] == 13 || b[pos] == 9 { pos += 1 }
    }

    var atEnd: Bool { mutating get { skipSpace(); return pos >= b.count } }

    mutating func value() throws -> JSONValue {
        skipSpace()
        guard pos < b.count else { throw fail("unexpected end of input") }
        switch b[pos] {
        case UInt8(ascii: "{"):
            depth += 1
            defer { depth -= 1 }
            guard depth <= 512 else { throw fail("nested more than 512 levels deep") }
            pos += 1
            var fields: [(String, JSONValue)] = []
            skipSpace()
            if pos < b.count, b[pos] == UInt8(ascii: "}") { pos += 1; return .object(fields) }
            while true {
                skipSpace()
                guard pos < b.count, b[pos] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                let key = try string()
                skipSpace()
                guard pos < b.count, b[pos] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
                pos += 1
                fields.append((key, try value()))
                skipSpace()
                guard pos < b.count else { throw fail("unexpected end of input inside an object") }
                if b[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if b[pos] == UInt8(ascii: "}") { pos += 1; return .object(fields) }
                throw fail("expected ',' or '}' in an object")
            }
        case UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            guard depth <= 512 else { throw fail("nested more than 512 levels deep") }
            pos += 1
            var items: [JSONValue] = []
            skipSpace()
            if pos < b.count, b[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                guard pos < b.count else { throw fail("unexpected end of input inside an array") }
                if b[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if b[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
                throw fail("expected ',' or ']' in an array")
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "N"): try literal("NaN"); return .null // pandas writes NaN for missing floats in some modes
        default: return try number()
        }
    }

    mutating func literal(_ word: String) throws {
        let w = Array(word.utf8)
        let n = w.count
        guard b.count - pos >= n else { throw fail("unexpected end of input") }
        for i in 0..<n where b[pos + i] != w[i] { throw fail("unexpected character") }
        pos += n
    }

    mutating func number() throws -> JSONValue {
        let start = pos
        var isInt = true
        if pos < b.count, b[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < b.count, b[pos] >= 48, b[pos] <= 57 else { throw fail("unexpected character '\(printable(start))'") }
        while pos < b.count, b[pos] >= 48, b[pos] <= 57 { pos += 1 }
        if pos < b.count, b[pos] == UInt8(ascii: ".") {
            isInt = false
            pos += 1
            guard pos < b.count, b[pos] >= 48, b[pos] <= 57 else { throw fail("a number needs digits after '.'") }
            while pos < b.count, b[pos] >= 48, b[pos] <= 57 { pos += 1 }
        }
        if pos < b.count, b[pos] == UInt8(ascii: "e") || b[pos] == UInt8(ascii: "E") {
            isInt = false
            pos += 1
            if pos < b.count, b[pos] == UInt8(ascii: "+") || b[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < b.count, b[pos] >= 48, b[pos] <= 57 else { throw fail("a number needs digits in its exponent") }
            while pos < b.count, b[pos] >= 48, b[pos] <= 57 { pos += 1 }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<pos]), as: UTF8.self)
        if isInt, let v = Int64(text) { return .int(v) }
        guard let d = Double(text) else { throw fail("bad number \(text)") }
        return .double(d)
    }

    func printable(_ at: Int) -> String {
        guard at < b.count else { return "end" }
        let c = b[at]
        return c >= 32 && c < 127 ? String(UnicodeScalar(c)) : "byte \(c)"
    }

    mutating func string() throws -> String {
        pos += 1 // opening quote
        let start = pos
        // Fast path: no escapes.
        while pos < b.count, b[pos] != UInt8(ascii: "\""), b[pos] != UInt8(ascii: "\\") {
            if b[pos] < 32 { throw fail("a control character inside a string") }
            pos += 1
        }
        guard pos < b.count else { throw fail("unterminated string") }
        if b[pos] == UInt8(ascii: "\"") {
            defer { pos += 1 }
            return String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<pos]), as: UTF8.self)
        }
        var out = Array(UnsafeRawBufferPointer(rebasing: b[start..<pos]))
        while true {
            guard pos < b.count else { throw fail("unterminated string") }
            let c = b[pos]
            if c == UInt8(ascii: "\"") { pos += 1; return String(decoding: out, as: UTF8.self) }
            if c < 32 { throw fail("a control character inside a string") }
            if c != UInt8(ascii: "\\") { out.append(c); pos += 1; continue }
            pos += 1
            guard pos < b.count else { throw fail("unterminated string") }
            let e = b[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(34)
            case UInt8(ascii: "\\"): out.append(92)
            case UInt8(ascii: "/"): out.append(47)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if code >= 0xD800 && code < 0xDC00, b.count - pos >= 6, b[pos] == 92, b[pos + 1] == UInt8(ascii: "u") {
                    pos += 2
                    let low = try hex4()
                    if low >= 0xDC00 && low < 0xE000 { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) } else { code = 0xFFFD }
                }
                let scalar = UnicodeScalar(code) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw fail("unknown escape \\\(printable(pos - 1))")
            }
        }
    }

    mutating func hex4() throws -> UInt32 {
        guard b.count - pos >= 4 else { throw fail("a \\u escape needs 4 hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[pos]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw fail("a \\u escape needs 4 hex digits")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }
}

/// Compact JSON text of a value (arrays kept in list columns' cells are written this way).
enum JSONText {
    static func write(_ v: JSONValue, into out: inout String) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .string(let s): quote(s, into: &out)
        case .array(let items):
            out += "["
            for (i, x) in items.enumerated() { if i > 0 { out += "," }; write(x, into: &out) }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (k, x)) in fields.enumerated() { if i > 0 { out += "," }; quote(k, into: &out); out += ":"; write(x, into: &out) }
            out += "}"
        }
    }

    /// `["a","b"]`: a list cell as JSON.
    static func list(_ items: [String]) -> String {
        var out = "["
        for (i, s) in items.enumerated() { if i > 0 { out += "," }; quote(s, into: &out) }
        return out + "]"
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 32 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else { out.unicodeScalars.append(u) }
            }
        }
        out += "\""
    }
}
