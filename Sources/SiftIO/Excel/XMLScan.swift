/// The small amount of XML reading xlsx needs, done by hand over bytes (a SAX-style scan):
/// finding elements by name, reading attributes and text, and decoding entities. A general XML
/// decoder (XMLCoder) builds objects per node and was the slow part of other readers; sheets are
/// large and flat, so a byte scan is both simpler and several times faster.
enum XMLScan {
    /// Finds the next `<name` start tag at or after `from` (the name must end there: `<c` is not `<col`).
    /// Accepts any namespace prefix (`<x:c`). Returns the index of `<`.
    @inline(__always)
    static func nextTag(_ b: UnsafeBufferPointer<UInt8>, _ name: [UInt8], from: Int, end: Int) -> Int? {
        var i = from
        while i < end {
            guard let lt = find(b, 60, from: i, end: end) else { return nil }
            var j = lt + 1
            // skip a namespace prefix
            var k = j
            while k < end, b[k] != 32, b[k] != 62, b[k] != 47, b[k] != 58 { k += 1 }
            if k < end, b[k] == 58 { j = k + 1 }
            if matches(b, j, name, end), j + name.count < end {
                let after = b[j + name.count]
                if after == 32 || after == 62 || after == 47 || after == 9 || after == 10 || after == 13 { return lt }
            }
            i = lt + 1
        }
        return nil
    }

    @inline(__always)
    static func matches(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ s: [UInt8], _ end: Int) -> Bool {
        guard at + s.count <= end else { return false }
        for k in 0..<s.count where b[at + k] != s[k] { return false }
        return true
    }

    @inline(__always)
    static func find(_ b: UnsafeBufferPointer<UInt8>, _ byte: UInt8, from: Int, end: Int) -> Int? {
        var i = from
        while i < end { if b[i] == byte { return i }; i += 1 }
        return nil
    }

    /// The end of a start tag beginning at `lt`: the index of its `>`, and whether it was `/>`.
    static func tagEnd(_ b: UnsafeBufferPointer<UInt8>, _ lt: Int, end: Int) -> (Int, Bool)? {
        var i = lt + 1
        var quote: UInt8 = 0
        while i < end {
            let c = b[i]
            if quote != 0 { if c == quote { quote = 0 } } else if c == 34 || c == 39 { quote = c } else if c == 62 { return (i, b[i - 1] == 47) }
            i += 1
        }
        return nil
    }

    /// Attributes of the tag spanning `lt..<gt` as (name without prefix, raw value range).
    static func attributes(_ b: UnsafeBufferPointer<UInt8>, _ lt: Int, _ gt: Int) -> [(String, Range<Int>)] {
        var out: [(String, Range<Int>)] = []
        var i = lt + 1
        while i < gt, b[i] != 32, b[i] != 9, b[i] != 10, b[i] != 13 { i += 1 }
        while i < gt {
            while i < gt, b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13 { i += 1 }
            let ns = i
            while i < gt, b[i] != 61, b[i] != 32, b[i] != 47 { i += 1 }
            var name = String(decoding: UnsafeBufferPointer(rebasing: b[ns..<i]), as: UTF8.self)
            if let colon = name.lastIndex(of: ":") { name = String(name[name.index(after: colon)...]) }
            while i < gt, b[i] == 32 { i += 1 }
            guard i < gt, b[i] == 61 else { i += 1; continue }
            i += 1
            while i < gt, b[i] == 32 { i += 1 }
            guard i < gt, b[i] == 34 || b[i] == 39 else { continue }
            let q = b[i]
            let vs = i + 1
            guard let ve = find(b, q, from: vs, end: gt) else { break }
            out.append((name, vs..<ve))
            i = ve + 1
        }
        return out
    }

    static func attribute(_ b: UnsafeBufferPointer<UInt8>, _ lt: Int, _ gt: Int, _ name: String) -> String? {
        for (n, r) in attributes(b, lt, gt) where n == name { return decode(UnsafeBufferPointer(rebasing: b[r])) }
        return nil
    }

    /// Text with XML entities decoded (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#N;` `&#xH;`).
    static func decode(_ t: UnsafeBufferPointer<UInt8>) -> String {
        guard t.contains(38) else { return String(decoding: t, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(t.count)
        var i = 0
        while i < t.count {
            let c = t[i]
            guard c == 38, let semi = find(t, 59, from: i + 1, end: min(t.count, i + 12)) else { out.append(c); i += 1; continue }
            let ent = String(decoding: UnsafeBufferPointer(rebasing: t[(i + 1)..<semi]), as: UTF8.self)
            var scalar: UInt32? = nil
            switch ent {
            case "amp": scalar = 38
            case "lt": scalar = 60
            case "gt": scalar = 62
            case "quot": scalar = 34
            case "apos": scalar = 39
            default:
                if ent.hasPrefix("#x") || ent.hasPrefix("#X") { scalar = UInt32(ent.dropFirst(2), radix: 16) } else if ent.hasPrefix("#") { scalar = UInt32(ent.dropFirst()) }
            }
            if let s = scalar, let u = Unicode.Scalar(s) {
                out.append(contentsOf: Array(String(Character(u)).utf8))
                i = semi + 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Escapes text for element content and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // XML 1.0 forbids most control characters; drop them rather than write an unreadable file.
                if u.value < 32 && u != "\t" && u != "\n" && u != "\r" { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
