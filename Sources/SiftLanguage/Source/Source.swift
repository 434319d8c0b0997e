/// A piece of program text with a name (a file path, `<command>`, `report.md` cell 3), kept so
/// that every error can quote the line it happened on.
public final class Source: @unchecked Sendable {
    public let name: String
    public let text: String
    /// Line number of the first line of `text` in its file (notebook cells start mid-file).
    public let firstLine: Int
    let bytes: [UInt8]
    private(set) lazy var lineStarts: [Int] = {
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 10 { starts.append(i + 1) }
        return starts
    }()

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        self.bytes = Array(text.utf8)
    }

    /// 1-based line and column (in characters) of a byte offset.
    public func position(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        let end = min(max(offset, start), bytes.count)
        let column = String(decoding: bytes[start..<end], as: UTF8.self).count + 1
        return (lo + firstLine, column)
    }

    /// The text of a line given as a file line number.
    public func lineText(_ line: Int) -> String {
        let k = line - firstLine
        guard k >= 0, k < lineStarts.count else { return "" }
        let s = lineStarts[k]
        var e = k + 1 < lineStarts.count ? lineStarts[k + 1] - 1 : bytes.count
        if e > s, e <= bytes.count, e - 1 >= s, bytes[e - 1] == 13 { e -= 1 }
        return String(decoding: bytes[s..<max(s, e)], as: UTF8.self)
    }
}

/// A range of a source, in bytes.
public struct SourceSpan: Sendable {
    public let source: Source
    public let start: Int
    public let end: Int

    public init(source: Source, start: Int, end: Int) {
        self.source = source
        self.start = start
        self.end = max(start, end)
    }

    public func to(_ other: SourceSpan) -> SourceSpan { SourceSpan(source: source, start: start, end: max(end, other.end)) }

    /// The program text the span covers.
    public var text: String {
        let b = source.bytes
        let s = min(max(0, start), b.count), e = min(max(s, end), b.count)
        return String(decoding: b[s..<e], as: UTF8.self)
    }

    public var line: Int { source.position(of: start).line }
    public var column: Int { source.position(of: start).column }
    /// `file:line:column`, the form editors and CI annotations understand.
    public var location: String {
        let p = source.position(of: start)
        return "\(source.name):\(p.line):\(p.column)"
    }
}
