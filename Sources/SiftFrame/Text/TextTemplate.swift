#if canImport(Glibc)
import Glibc
#endif

/// Python-style text templates for `format("{}: {:.1f}", a, b)`: `{}` takes the next value,
/// `{0}` a value by position, and `{:spec}` formats it with Python's format mini-language
/// subset `[[fill]align][+][0][width][,][.precision][f|d|e|%|s]`; `{{` and `}}` are braces.
/// A row with a null value gives null (Python would print "None"; a report should not).
public struct TextTemplate: Sendable {
    struct Spec: Sendable {
        var fill: Character = " "
        var align: Character? = nil
        var plus = false
        var zero = false
        var width = 0
        var comma = false
        var precision: Int? = nil
        var type: Character? = nil
    }
    enum Part: Sendable { case text(String), value(Int, Spec) }
    let parts: [Part]
    public let valueCount: Int

    public init(_ template: String) throws {
        var parts: [Part] = []
        var lit = ""
        var auto = 0, maxIndex = -1
        var usedAuto = false, usedIndex = false
        var chars = Array(template)[...]
        while let c = chars.popFirst() {
            if c == "}" {
                guard chars.first == "}" else { throw FrameError("a single } in the template \"\(template)\"", hint: "write }} for a brace") }
                chars.removeFirst()
                lit.append("}")
                continue
            }
            guard c == "{" else { lit.append(c); continue }
            if chars.first == "{" { chars.removeFirst(); lit.append("{"); continue }
            guard let close = chars.firstIndex(of: "}") else { throw FrameError("an unclosed { in the template \"\(template)\"", hint: "write {{ for a brace") }
            let field = String(chars[chars.startIndex..<close])
            chars = chars[(close + 1)...]
            let (head, specText) = field.firstIndex(of: ":").map { (String(field[..<$0]), String(field[field.index(after: $0)...])) } ?? (field, "")
            let index: Int
            if head.isEmpty { index = auto; auto += 1; usedAuto = true } else {
                guard let k = Int(head), k >= 0 else { throw FrameError("{\(head)} in the template: fields are {} or a position such as {0}") }
                index = k
                usedIndex = true
            }
            if usedAuto && usedIndex { throw FrameError("the template mixes {} and {0}-style fields", hint: "use one style") }
            maxIndex = max(maxIndex, index)
            if !lit.isEmpty { parts.append(.text(lit)); lit = "" }
            parts.append(.value(index, try Self.spec(specText)))
        }
        if !lit.isEmpty { parts.append(.text(lit)) }
        self.parts = parts
        valueCount = maxIndex + 1
    }

    static func spec(_ s: String) throws -> Spec {
        var r = Spec()
        var c = Array(s)[...]
        let aligns: Set<Character> = ["<", ">", "^"]
        if c.count >= 2, aligns.contains(c[c.startIndex + 1]) { r.fill = c.removeFirst(); r.align = c.removeFirst() }
        else if let f = c.first, aligns.contains(f) { r.align = c.removeFirst() }
        if c.first == "+" { r.plus = true; c.removeFirst() }
        if c.first == "0" { r.zero = true; c.removeFirst() }
        var w = ""
        while let f = c.first, f.isASCII, f.isNumber { w.append(c.removeFirst()) }
        r.width = Int(w) ?? 0
        if c.first == "," { r.comma = true; c.removeFirst() }
        if c.first == "." {
            c.removeFirst()
            var p = ""
            while let f = c.first, f.isASCII, f.isNumber { p.append(c.removeFirst()) }
            guard let v = Int(p), v <= 50 else { throw FrameError("\"\(s)\": a precision needs digits after the point, e.g. {:.2f}") }
            r.precision = v
        }
        if let t = c.first {
            guard "fdes%g".contains(t), c.count == 1 else { throw FrameError("unknown format \"\(s)\"", hint: "e.g. {:.1f}, {:,}, {:>8}, {:05d}, {:.0%}") }
            r.type = t
        }
        guard r.width <= 10_000 else { throw FrameError("a width of \(r.width) is too wide") }
        return r
    }

    /// The text for one row: `values[k]` is the k-th value; nil when a value is null.
    public func render(_ values: [Scalar]) throws -> String? {
        var out = ""
        for p in parts {
            switch p {
            case .text(let t): out += t
            case .value(let k, let spec):
                guard k < values.count else { throw FrameError("the template needs \(valueCount) values, got \(values.count)") }
                let v = values[k]
                if v.isNull { return nil }
                out += try Self.format(v, spec)
            }
        }
        return out
    }

    static func grouped(_ digits: String) -> String {
        var out: [Character] = []
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }

    static func fixed(_ x: Double, _ p: Int) -> String {
        var buf = [CChar](repeating: 0, count: 400)
        _ = withVaList([x]) { vsnprintf(&buf, buf.count, "%.\(p)f", $0) }
        return String(cString: buf)
    }

    static func format(_ v: Scalar, _ s: Spec) throws -> String {
        var body: String
        var numeric = false
        switch (v, s.type) {
        case (.int(let i), nil), (.int(let i), "d"):
            numeric = true
            body = String(i.magnitude)
            if s.comma { body = grouped(body) }
            if i < 0 { body = "-" + body } else if s.plus { body = "+" + body }
        case (.int, _), (.float, _):
            numeric = true
            guard let x = v.asDouble else { return "" }
            let t = s.type ?? (s.precision != nil ? "f" : nil)
            switch t {
            case "f", "%":
                let y = t == "%" ? x * 100 : x
                var text = fixed(abs(y), s.precision ?? 6)
                if s.comma, let dot = text.firstIndex(of: ".") { text = grouped(String(text[..<dot])) + String(text[dot...]) }
                else if s.comma { text = grouped(text) }
                body = (y.sign == .minus ? "-" : (s.plus ? "+" : "")) + text + (t == "%" ? "%" : "")
            case "e":
                var buf = [CChar](repeating: 0, count: 64)
                _ = withVaList([x]) { vsnprintf(&buf, buf.count, "%.\(s.precision ?? 6)e", $0) }
                body = (s.plus && x >= 0 ? "+" : "") + String(cString: buf)
            case "d":
                throw FrameError("{:d} formats whole numbers, got \(x)", hint: "use {:.0f}")
            default:
                body = (s.plus && x >= 0 ? "+" : "") + ScalarFormat.plain(v)
                if s.comma, case .float = v, let dot = body.firstIndex(of: ".") {
                    let sign = body.hasPrefix("-") || body.hasPrefix("+") ? String(body.prefix(1)) : ""
                    body = sign + grouped(String(body[body.index(body.startIndex, offsetBy: sign.count)..<dot])) + String(body[dot...])
                }
            }
        default:
            if let t = s.type, t != "s" { throw FrameError("{:\(t)} formats numbers, got \(ScalarFormat.plain(v))") }
            body = ScalarFormat.plain(v)
            if let p = s.precision { body = String(body.prefix(p)) }
        }
        let missing = s.width - body.count
        guard missing > 0 else { return body }
        if s.zero && s.align == nil && numeric {
            let sign = body.first == "-" || body.first == "+" ? String(body.removeFirst()) : ""
            return sign + String(repeating: "0", count: missing) + body
        }
        let pad = String(repeating: s.fill, count: missing)
        switch s.align ?? (numeric ? ">" : "<") {
        case ">": return pad + body
        case "^":
            let left = missing / 2
            return String(repeating: s.fill, count: left) + body + String(repeating: s.fill, count: missing - left)
        default: return body + pad
        }
    }
}
