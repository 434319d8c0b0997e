#if canImport(Glibc)
import Glibc
#endif
import CSiftScan

/// The byte-level pass of the CSV reader: finds where every field starts and ends (RFC 4180:
/// quoted fields, doubled quotes, delimiters and newlines inside quotes, LF/CRLF/CR endings,
/// blank lines skipped) without copying or decoding anything. Column conversion happens later,
/// per column and in parallel, from these offsets.
struct CSVScanner {
    static let quote = UInt8(ascii: "\"")

    /// The offset after the first `count` lines from `start` (the `skip:` option: raw lines,
    /// quotes not considered, ended by LF, CR or CRLF).
    static func skipLines(_ b: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Int {
        var pos = start
        var skipped = 0
        while skipped < count && pos < b.count {
            skipped += 1
            while pos < b.count, b[pos] != lf, b[pos] != cr { pos += 1 }
            if pos < b.count, b[pos] == cr { pos += 1 }
            if pos < b.count, b[pos] == lf { pos += 1 }
        }
        return pos
    }

    /// Copies the quoted field `base[s..<e]` (quotes included) to `dst` without its quotes and
    /// with doubled quotes collapsed; returns the bytes written.
    @inline(__always)
    static func copyUnquoted(_ base: UnsafePointer<UInt8>, from s: Int, to e: Int, into dst: UnsafeMutablePointer<UInt8>) -> Int {
        // Most quoted fields hold no quote inside: one memchr proves it, then one copy
        // (a byte loop here was most of the cost of reading a quoted text column).
        let inner = e - s - 2
        if inner >= 0, base[e - 1] == quote, memchr(base + s + 1, Int32(quote), inner) == nil {
            dst.update(from: base + s + 1, count: inner)
            return inner
        }
        var i = s + 1, w = 0
        var inQuotes = true
        while i < e {
            let c = base[i]
            if c == quote {
                if inQuotes, i + 1 < e, base[i + 1] == quote { dst[w] = c; w += 1; i += 2; continue }
                inQuotes.toggle()
                i += 1
                continue
            }
            dst[w] = c
            w += 1
            i += 1
        }
        return w
    }
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let backslash = UInt8(ascii: "\\")
    /// Marks a cell that was missing from a short row (always null).
    static let missing = UInt32.max

    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    let file: String

    var columnCount = 0
    /// False when errors are only signals (the chunked reader retries or hands over to the
    /// whole-file reader): counting lines up to every record cut by a chunk's end would cost a
    /// pass over the chunk each time.
    var locatesErrors = true

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, file: String) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.file = file
    }

    func lineNumber(at offset: Int) -> Int {
        guard locatesErrors else { return 0 }
        var line = 1
        var i = 0
        while i < offset && i < bytes.count {
            if bytes[i] == Self.lf { line += 1 } else if bytes[i] == Self.cr, i + 1 >= bytes.count || bytes[i + 1] != Self.lf { line += 1 }
            i += 1
        }
        return line
    }

    /// Scans one record starting at `start`; appends its fields. Returns the position after it.
    mutating func scanRecord(from start: Int, into fields: inout [(UInt32, UInt32)]) throws -> Int {
        var buffer = FieldBuffer(capacity: 64)
        defer { buffer.release() }
        let next = try scanRecord(from: start, into: &buffer)
        for k in 0..<buffer.count { fields.append((buffer.starts[k], buffer.ends[k])) }
        return next
    }

    /// One record, for callers that scan a single one (the header, the first record).
    @inline(__always)
    func scanRecord(from start: Int, into out: inout FieldBuffer) throws -> Int {
        var finder = FieldEndFinder()
        return try scanRecord(from: start, into: &out, finder: &finder)
    }

    /// The hot loop: finds the fields of one record, writing their bounds into `out`. `finder`
    /// carries the byte-class mask of the current 64 bytes from field to field and record to
    /// record (one per scan of a buffer: it is only valid over the same bytes).
    @inline(__always)
    func scanRecord(from start: Int, into out: inout FieldBuffer, finder: inout FieldEndFinder) throws -> Int {
        let b = bytes
        let base = b.baseAddress!
        let end = b.count
        let delim = delimiter
        var pos = start
        while true {
            let fs = pos
            if pos < end, b[pos] == Self.quote {
                var p = pos + 1
                while true {
                    guard p < end, let q = memchr(base + p, Int32(Self.quote), end - p) else {
                        throw CSVError(file: file, line: lineNumber(at: fs), message: "unterminated quoted field", hint: "a field opened with \" never closes; check for a stray quote")
                    }
                    let qi = base.distance(to: q.assumingMemoryBound(to: UInt8.self))
                    if qi + 1 < end, b[qi + 1] == Self.quote { p = qi + 2; continue }
                    pos = qi + 1
                    // `\"` followed by more text: the file escapes quotes with backslashes, which
                    // RFC 4180 reading would silently turn into shifted, garbled fields.
                    if qi > fs + 1, b[qi - 1] == Self.backslash, pos < end,
                       b[pos] != delim, b[pos] != Self.lf, b[pos] != Self.cr, b[pos] != 32, b[pos] != 9 {
                        throw CSVError(file: file, line: lineNumber(at: qi), message: "quote escaped with a backslash (\\\") inside a quoted field", hint: "this reader follows RFC 4180, where a quote inside a quoted field is doubled (\"\"); re-export the file that way")
                    }
                    break
                }
                // Text after a closing quote (`"a"b`) is kept as Python's csv module does.
                while pos < end, b[pos] != delim, b[pos] != Self.lf, b[pos] != Self.cr { pos += 1 }
            } else {
                pos = finder.next(from: pos, base: base, end: end, delimiter: delim)
            }
            out.append(UInt32(truncatingIfNeeded: fs), UInt32(truncatingIfNeeded: pos))
            if pos >= end { return pos }
            let c = b[pos]
            if c == delim {
                pos += 1
                if pos >= end { out.append(UInt32(truncatingIfNeeded: pos), UInt32(truncatingIfNeeded: pos)); return pos }
                continue
            }
            pos += 1
            if c == Self.cr, pos < end, b[pos] == Self.lf { pos += 1 }
            return pos
        }
    }

    /// Skips blank lines; returns nil at end of input.
    func skipBlank(_ pos: Int) -> Int? {
        var p = pos
        while p < bytes.count {
            let c = bytes[p]
            if c == Self.lf { p += 1; continue }
            if c == Self.cr { p += 1; continue }
            return p
        }
        return nil
    }

    /// Scans every record from `pos` up to `limit` (a row boundary); the first record fixes the
    /// column count unless given. Returns the field bounds; the caller releases the buffer.
    mutating func scanAll(from pos0: Int, expectedColumns: Int?, limit: Int? = nil) throws -> FieldBuffer {
        var pos = pos0
        let stop = limit ?? bytes.count
        var buffer = FieldBuffer(capacity: max(1024, (stop - pos0) / 8))
        var ncol = expectedColumns ?? -1
        var finder = FieldEndFinder()
        while pos < stop, let p = skipBlank(pos), p < stop {
            let before = buffer.count
            let next: Int
            do { next = try scanRecord(from: p, into: &buffer, finder: &finder) } catch { buffer.release(); throw error }
            let found = buffer.count - before
            if ncol < 0 { ncol = found }
            if found > ncol {
                buffer.release()
                throw CSVError(file: file, line: lineNumber(at: p), message: "row has \(found) fields, expected \(ncol)", hint: "a delimiter inside an unquoted value? quote it, or pass delimiter:")
            }
            for _ in found..<max(found, ncol) { buffer.append(Self.missing, Self.missing) }
            pos = next
        }
        columnCount = max(ncol, 0)
        return buffer
    }

    /// Row boundaries that cut `from..<bytes.count` into about `parts` pieces, found by quote
    /// parity (in RFC 4180 every quote outside a field's quoting is doubled, so an even count of
    /// quotes before a position means it is outside quotes). Each piece can be scanned on its own.
    static func splitPoints(_ b: UnsafeBufferPointer<UInt8>, from start: Int, parts: Int, minimumSize: Int = 4 << 20) -> [Int] {
        let total = b.count - start
        guard parts > 1, total > minimumSize else { return [] }
        var points: [Int] = []
        var quotes = 0
        var scanned = start
        for k in 1..<parts {
            let target = start + total * k / parts
            // Count quotes up to the target.
            var p = scanned
            while p < target, let q = memchr(b.baseAddress! + p, Int32(quote), target - p) {
                quotes += 1
                p = b.baseAddress!.distance(to: q.assumingMemoryBound(to: UInt8.self)) + 1
            }
            var inQuotes = quotes % 2 == 1
            var i = target
            while i < b.count {
                let c = b[i]
                if c == quote { inQuotes.toggle(); quotes += 1 } else if !inQuotes && (c == lf || c == cr) { break }
                i += 1
            }
            while i < b.count, b[i] == lf || b[i] == cr { i += 1 }
            scanned = i
            if i >= b.count { break }
            if let last = points.last, last >= i { continue }
            points.append(i)
        }
        return points
    }

    /// Guesses the delimiter from the first lines: the candidate that appears the same non-zero
    /// number of times on most lines (ties go to the more frequent one, then to the comma).
    static func detectDelimiter(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
        var counts = [[Int]](repeating: [], count: candidates.count)
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lines = 0
        var i = start
        let limit = min(b.count, start + 65_536)
        while i < limit && lines < 20 {
            let c = b[i]
            if c == quote { inQuotes.toggle() } else if !inQuotes && (c == lf || c == cr) {
                if current.contains(where: { $0 > 0 }) || lines == 0 {
                    for k in candidates.indices { counts[k].append(current[k]) }
                    lines += 1
                }
                current = [Int](repeating: 0, count: candidates.count)
            } else if !inQuotes, let k = candidates.firstIndex(of: c) { current[k] += 1 }
            i += 1
        }
        if current.contains(where: { $0 > 0 }) { for k in candidates.indices { counts[k].append(current[k]) } }
        var best = 0
        var bestScore = (0, 0)
        for k in candidates.indices {
            guard let first = counts[k].first, first > 0 else { continue }
            let consistent = counts[k].filter { $0 == first }.count
            let score = (consistent, first)
            if score > bestScore { bestScore = score; best = k }
        }
        return candidates[best]
    }
}

/// Field bounds in manually grown raw memory: the scanner appends two integers per field for
/// millions of fields, and an Array's per-append checks were a measurable share of load time.
struct FieldBuffer {
    private(set) var starts: UnsafeMutablePointer<UInt32>
    private(set) var ends: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        starts = .allocate(capacity: self.capacity)
        ends = .allocate(capacity: self.capacity)
    }

    @inline(__always) mutating func append(_ s: UInt32, _ e: UInt32) {
        if count == capacity { grow() }
        starts[count] = s
        ends[count] = e
        count += 1
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let s = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        let e = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        s.update(from: starts, count: count)
        e.update(from: ends, count: count)
        starts.deallocate()
        ends.deallocate()
        starts = s
        ends = e
        capacity = newCapacity
    }

    /// Forgets the fields after the first `n` (a record that turned out to be cut by the end of a chunk).
    mutating func truncate(to n: Int) {
        if n < count { count = max(0, n) }
    }

    /// Empties the buffer, keeping its memory for the next chunk.
    mutating func removeAll() { count = 0 }

    func release() {
        starts.deallocate()
        ends.deallocate()
    }
}

/// The field bounds of a whole file, in one or two pieces scanned in parallel: row-major, with
/// `ends` exclusive (closing quotes included). Read in place, never copied.
struct FieldTable {
    let columnCount: Int
    let rowCount: Int
    private let firstStarts: UnsafePointer<UInt32>, firstEnds: UnsafePointer<UInt32>
    private let secondStarts: UnsafePointer<UInt32>?, secondEnds: UnsafePointer<UInt32>?
    /// First row of the second piece.
    private let split: Int

    init(pieces: [FieldBuffer], columnCount: Int) {
        self.columnCount = columnCount
        firstStarts = UnsafePointer(pieces[0].starts)
        firstEnds = UnsafePointer(pieces[0].ends)
        let firstRows = columnCount == 0 ? 0 : pieces[0].count / columnCount
        split = firstRows
        if pieces.count > 1 {
            secondStarts = UnsafePointer(pieces[1].starts)
            secondEnds = UnsafePointer(pieces[1].ends)
            rowCount = firstRows + (columnCount == 0 ? 0 : pieces[1].count / columnCount)
        } else {
            secondStarts = nil
            secondEnds = nil
            rowCount = firstRows
        }
    }

    @inline(__always) func bounds(_ row: Int, _ column: Int) -> (UInt32, UInt32) {
        if row < split {
            let k = row * columnCount + column
            return (firstStarts[k], firstEnds[k])
        }
        let k = (row - split) * columnCount + column
        return (secondStarts![k], secondEnds![k])
    }
}

/// Finds where an unquoted field ends (the next delimiter, LF or CR) from a bit mask of 64
/// bytes at a time, kept between calls: the fields of a record usually share one mask, so a
/// field costs a count of trailing zeros instead of a byte loop. (Eight-byte SWAR words were
/// the scanner's cost: most fields are shorter than a word, so each still ended in a byte loop.)
struct FieldEndFinder {
    /// Where the cached mask's 64 bytes start; far away when there is none.
    private var blockStart = Int.min / 2
    private var mask: UInt64 = 0

    @inline(__always)
    mutating func next(from pos: Int, base: UnsafePointer<UInt8>, end: Int, delimiter: UInt8) -> Int {
        var offset = pos &- blockStart
        if offset < 0 || offset >= 64 {
            guard pos + 64 <= end else { return tail(from: pos, base: base, end: end, delimiter: delimiter) }
            blockStart = pos
            mask = sift_scan_field_ends64(base + pos, delimiter)
            offset = 0
        }
        var m = mask & (~UInt64(0) << UInt64(offset))
        while m == 0 {
            let nextBlock = blockStart + 64
            guard nextBlock + 64 <= end else { return tail(from: nextBlock, base: base, end: end, delimiter: delimiter) }
            blockStart = nextBlock
            mask = sift_scan_field_ends64(base + nextBlock, delimiter)
            m = mask
        }
        return blockStart + m.trailingZeroBitCount
    }

    /// The last bytes of the buffer (fewer than 64 left), one at a time; forgets the mask.
    private mutating func tail(from pos: Int, base: UnsafePointer<UInt8>, end: Int, delimiter: UInt8) -> Int {
        blockStart = Int.min / 2
        var p = pos
        while p < end {
            let c = base[p]
            if c == delimiter || c == CSVScanner.lf || c == CSVScanner.cr { break }
            p += 1
        }
        return p
    }
}
