import Foundation

/// What one cell produced, in order: printed text, tables, images, and an error if it failed.
public enum OutputPart: Equatable {
    case text(String)
    case table(String)
    case image(alt: String, path: String)
    case error(String)
}

/// Writes and reads the Markdown of an output region. Text goes in ```output fences (errors in
/// ```error), tables are real GFM tables so every Markdown engine renders them, images are links.
public enum OutputRegion {
    public static func markdown(_ parts: [OutputPart]) -> String {
        var chunks: [String] = []
        for p in parts {
            switch p {
            case .text(let t): chunks.append(fenced(t, tag: "output"))
            case .error(let t): chunks.append(fenced(t, tag: "error"))
            case .table(let t): chunks.append(t)
            case .image(let alt, let path): chunks.append("![\(escapeAlt(alt))](\(encodePath(path)))")
            }
        }
        return chunks.joined(separator: "\n\n")
    }

    /// A CommonMark link destination holds no spaces or parentheses (`my report_files/…` would
    /// not render as an image): percent-encode them, and `%` itself.
    static func encodePath(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case " ": out += "%20"
            case "(": out += "%28"
            case ")": out += "%29"
            case "<": out += "%3C"
            case ">": out += "%3E"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Brackets and backslashes in a chart title are escaped so the image syntax stays intact.
    static func escapeAlt(_ alt: String) -> String {
        var out = ""
        for ch in alt {
            switch ch {
            case "\\", "[", "]": out += "\\" + String(ch)
            case "\n", "\r\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    static func unescapeAlt(_ s: Substring) -> String {
        var out = ""
        var rest = s
        while let ch = rest.first {
            rest.removeFirst()
            if ch == "\\", let next = rest.first, next == "\\" || next == "[" || next == "]" {
                out.append(next)
                rest.removeFirst()
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// A fence longer than any backtick run inside the text, so the text can't close it.
    static func fenced(_ text: String, tag: String) -> String {
        var longest = 0, run = 0
        for ch in text {
            if ch == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return fence + tag + "\n" + body + "\n" + fence
    }

    /// Parses a region written by `markdown` back into parts (for `sift test`).
    public static func parse(_ region: String) -> [OutputPart] {
        var parts: [OutputPart] = []
        // Split on the "\n" scalar and drop a trailing "\r", so CRLF regions read like LF ones
        // ("\r\n" is a single Character, which a Character split on "\n" would not see).
        let lines = region.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var scalars = String.UnicodeScalarView(line)
            if scalars.last == "\r" { scalars.removeLast() }
            return String(scalars)
        }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if let fence = Fence.opening(line + "\n") {
                var j = i + 1
                while j < lines.count, !fence.closes(lines[j]) { j += 1 }
                let body = lines[(i + 1)..<min(j, lines.count)].joined(separator: "\n")
                parts.append(fence.info == "error" ? .error(body) : .text(body))
                i = j + 1
                continue
            }
            if line.hasPrefix("|") {
                var j = i
                while j < lines.count, lines[j].hasPrefix("|") { j += 1 }
                var table = lines[i..<j].joined(separator: "\n")
                // The caption line (*n rows × m columns*) belongs to the table.
                var k = j
                while k < lines.count, lines[k].isEmpty { k += 1 }
                if k < lines.count, lines[k].hasPrefix("*"), lines[k].hasSuffix("*") {
                    table += "\n\n" + lines[k]
                    j = k + 1
                }
                parts.append(.table(table))
                i = j
                continue
            }
            // The last "](" splits alt from path: titles may hold brackets ("Sales [2024]"), paths don't.
            if line.hasPrefix("!["), line.hasSuffix(")"), let close = line.range(of: "](", options: .backwards) {
                let alt = unescapeAlt(line[line.index(line.startIndex, offsetBy: 2)..<close.lowerBound])
                let encoded = String(line[close.upperBound...].dropLast())
                let path = encoded.removingPercentEncoding ?? encoded
                parts.append(.image(alt: alt, path: path))
            }
            i += 1
        }
        return parts
    }
}
