import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads CSV into a typed frame. Type inference looks at every value of a column (not a sample):
/// a column is `int` when all its non-null cells are integers, else `float` when all are
/// numbers, else `bool`, `date`, `datetime`, and `string` as the fallback, so a late odd value
/// never makes earlier values wrong; it only widens the column's type.
public enum CSVReader {
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws -> Frame {
        try read(path: path, options: options, chunkSize: ChunkedCSVReader.defaultChunkSize)
    }

    /// Files larger than one chunk stream through `ChunkedCSVReader`; smaller ones, pipes, and
    /// anything the streaming path hands back are read whole. `chunkSize` is a parameter so tests
    /// and the fuzzer can put chunk boundaries everywhere.
    public static func read(path: String, options: CSVOptions, chunkSize: Int) throws -> Frame {
        if let frame = try ChunkedCSVReader.read(path: path, options: options, chunkSize: chunkSize) { return frame }
        let bytes = try FileBytes.read(path, limit: maxBytes, what: "CSV file", stopAtNUL: true)
        return try parse(bytes: bytes, file: path, options: options)
    }

    /// The column names a read of `path` would give, from the header alone (nil when the file
    /// cannot be peeked; see `ChunkedCSVReader.columnNames`).
    public static func columnNames(path: String, options: CSVOptions = CSVOptions()) -> [String]? {
        ChunkedCSVReader.columnNames(path: path, options: options)
    }

    public static func parse(text: String, file: String = "<text>", options: CSVOptions = CSVOptions()) throws -> Frame {
        try parse(bytes: Array(text.utf8), file: file, options: options)
    }

    /// Field bounds are 32-bit offsets into the file's bytes.
    public static let maxBytes = Int(UInt32.max) - 2

    public static func parse(bytes: [UInt8], file: String, options: CSVOptions = CSVOptions()) throws -> Frame {
        guard bytes.count <= maxBytes else {
            throw CSVError(file: file, line: nil, message: "file is larger than 4 GB", hint: "split it into smaller files")
        }
        return try bytes.withUnsafeBufferPointer { buf in try parse(buffer: buf, file: file, options: options) }
    }

    static func parse(buffer b: UnsafeBufferPointer<UInt8>, file: String, options: CSVOptions) throws -> Frame {
        var start = 0
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { start = 3 }
        if b.count >= 2, (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) {
            throw CSVError(file: file, line: nil, message: "file is UTF-16 encoded", hint: "re-save it as UTF-8")
        }
        if let nul = UTF8Check.firstNul(b) {
            throw CSVError(file: file, line: nil, message: "file contains a NUL byte at offset \(nul): it is binary or UTF-16, not UTF-8 text", hint: "re-save it as UTF-8 CSV")
        }
        if let bad = UTF8Check.firstInvalid(b, from: start) {
            let scanner = CSVScanner(bytes: b, delimiter: 44, file: file)
            throw CSVError(file: file, line: scanner.lineNumber(at: bad), message: "invalid UTF-8 at byte offset \(bad)", hint: "convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8")
        }
        var pos = CSVScanner.skipLines(b, from: start, count: options.skip)
        let delimiter = options.delimiter ?? CSVScanner.detectDelimiter(b, from: pos)
        var scanner = CSVScanner(bytes: b, delimiter: delimiter, file: file)

        var names: [String] = []
        if options.header {
            guard let p = scanner.skipBlank(pos) else { return Frame.empty }
            var fields: [(UInt32, UInt32)] = []
            pos = try scanner.scanRecord(from: p, into: &fields)
            guard fields.count <= options.maxColumns else {
                throw CSVError.tooManyColumns(file: file, found: fields.count, limit: options.maxColumns, header: true, complete: true)
            }
            names = fields.map { cellText(b, Int($0.0), Int($0.1)) }
        }
        // Large files are scanned in two pieces at once, split at a row boundary.
        var expected: Int? = options.header ? names.count : nil
        if expected == nil, let p = scanner.skipBlank(pos) {
            var first: [(UInt32, UInt32)] = []
            _ = try scanner.scanRecord(from: p, into: &first)
            guard first.count <= options.maxColumns else {
                throw CSVError.tooManyColumns(file: file, found: first.count, limit: options.maxColumns, header: false, complete: true)
            }
            expected = first.count
        }
        let splits = CSVScanner.splitPoints(b, from: pos, parts: 2)
        var buffers: [FieldBuffer] = []
        defer { for f in buffers { f.release() } }
        if splits.isEmpty {
            buffers = [try scanner.scanAll(from: pos, expectedColumns: expected)]
        } else {
            let bounds = [pos] + splits + [b.count]
            var pieces = [Result<FieldBuffer, Error>?](repeating: nil, count: bounds.count - 1)
            pieces.withUnsafeMutableBufferPointer { outBuffer in
                let out = outBuffer
                DispatchQueue.concurrentPerform(iterations: bounds.count - 1) { k in
                    var piece = CSVScanner(bytes: b, delimiter: delimiter, file: file)
                    out[k] = Result { try piece.scanAll(from: bounds[k], expectedColumns: expected, limit: bounds[k + 1]) }
                }
            }
            for p in pieces { if case .success(let f)? = p { buffers.append(f) } }
            for p in pieces { if case .failure(let e)? = p { throw e } }
            scanner.columnCount = expected ?? 0
        }
        if !options.header { names = (0..<scanner.columnCount).map { "column_\($0 + 1)" } }
        names = uniqueNames(names)
        let ncol = names.count
        let table = FieldTable(pieces: buffers, columnCount: ncol)
        let nrow = table.rowCount
        let selected = try options.selectedIndices(names, file: file)

        var results = [Result<Column, Error>?](repeating: nil, count: selected.count)
        let nullSet = options.nulls.map { Array($0.utf8) }
        let shortestNull = options.nulls.map(\.utf8.count).max() ?? 0
        results.withUnsafeMutableBufferPointer { outBuffer in
            let out = outBuffer
            let work = { (k: Int) in
                let c = selected[k]
                let builder = ColumnBuilderFromCSV(bytes: b, fields: table, column: c, rowCount: nrow, nulls: nullSet, longestNull: shortestNull, quotedEmptyIsNull: options.quotedEmptyIsNull)
                let forced: DataType? = options.types[names[c]] ?? (options.infer ? nil : .string)
                out[k] = Result { try builder.build(name: names[c], forced: forced, file: file, scanner: scanner) }
            }
            if selected.count > 1 && nrow * selected.count > 50_000 {
                DispatchQueue.concurrentPerform(iterations: selected.count, execute: work)
            } else {
                for k in selected.indices { work(k) }
            }
        }
        let columns = try results.map { try $0!.get() }
        return try Frame(columns: columns)
    }

    /// Header names must be unique and non-empty; pandas-style fixes keep every column reachable.
    static func uniqueNames(_ raw: [String]) -> [String] {
        var seen: [String: Int] = [:]
        var out: [String] = []
        for (i, r) in raw.enumerated() {
            var name = r.trimmingSpaces
            if name.isEmpty { name = "column_\(i + 1)" }
            if let k = seen[name] {
                var n = k + 1
                while seen["\(name)_\(n)"] != nil { n += 1 }
                seen[name] = n
                name = "\(name)_\(n)"
            }
            seen[name, default: 1] = seen[name] ?? 1
            out.append(name)
        }
        return out
    }

    /// The text of one field with surrounding quotes removed and doubled quotes collapsed.
    static func cellText(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String {
        var out = [UInt8]()
        appendUnescaped(b, s, e, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func appendUnescaped(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, to out: inout [UInt8]) {
        guard s < e, b[s] == CSVScanner.quote else {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[s..<e]))
            return
        }
        var i = s + 1
        var inQuotes = true
        while i < e {
            let c = b[i]
            if c == CSVScanner.quote {
                if inQuotes, i + 1 < e, b[i + 1] == CSVScanner.quote { out.append(c); i += 2; continue }
                inQuotes.toggle()
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
    }
}

/// Turns one column's field offsets into a typed column.
struct ColumnBuilderFromCSV {
    let bytes: UnsafeBufferPointer<UInt8>
    let fields: FieldTable
    let column: Int
    let rowCount: Int
    /// Null tokens as bytes, compared in place without building strings.
    let nulls: [[UInt8]]
    let longestNull: Int
    /// Whether a quoted empty cell `""` is null (`CSVOptions.quotedEmptyIsNull`).
    let quotedEmptyIsNull: Bool
    /// The first bytes of the non-empty null tokens, as a 256-bit set: a cell starting with any
    /// other byte is no null token, without comparing it to each (a `memcmp` per short cell —
    /// every two-digit age against `NA` — cost more than parsing the number).
    private let nullStarts: (UInt64, UInt64, UInt64, UInt64)
    /// Whether the empty cell is a null token.
    private let emptyIsNull: Bool

    init(bytes: UnsafeBufferPointer<UInt8>, fields: FieldTable, column: Int, rowCount: Int, nulls: [[UInt8]], longestNull: Int, quotedEmptyIsNull: Bool) {
        self.bytes = bytes
        self.fields = fields
        self.column = column
        self.rowCount = rowCount
        self.nulls = nulls
        self.longestNull = longestNull
        self.quotedEmptyIsNull = quotedEmptyIsNull
        var starts: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var empty = false
        for t in nulls {
            guard let c = t.first else { empty = true; continue }
            let bit = UInt64(1) << UInt64(c & 63)
            switch c >> 6 {
            case 0: starts.0 |= bit
            case 1: starts.1 |= bit
            case 2: starts.2 |= bit
            default: starts.3 |= bit
            }
        }
        nullStarts = starts
        emptyIsNull = empty
    }

    enum Cell { case null, quoted(Int, Int), raw(Int, Int) }

    @inline(__always) func cell(_ r: Int) -> Cell {
        let (s32, e32) = fields.bounds(r, column)
        if s32 == CSVScanner.missing { return .null }
        let s = Int(s32), e = Int(e32)
        if s < e, bytes[s] == CSVScanner.quote {
            // Two bytes opening with a quote can only be `""` (a quoted field must close).
            if e - s == 2, quotedEmptyIsNull { return .null }
            return .quoted(s, e)
        }
        if e - s <= longestNull, isNullToken(s, e) { return .null }
        return .raw(s, e)
    }

    @inline(__always) func isNullToken(_ s: Int, _ e: Int) -> Bool {
        let n = e - s
        if n == 0 { return emptyIsNull }
        let c = bytes[s]
        let word: UInt64
        switch c >> 6 {
        case 0: word = nullStarts.0
        case 1: word = nullStarts.1
        case 2: word = nullStarts.2
        default: word = nullStarts.3
        }
        if (word >> UInt64(c & 63)) & 1 == 0 { return false }
        for t in nulls where t.count == n {
            if n == 0 { return true }
            if t.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress! + s, n) }) == 0 { return true }
        }
        return false
    }

    /// For typed parsing: the bytes inside the quotes (numbers are sometimes quoted).
    @inline(__always) func span(_ c: Cell) -> (Int, Int)? {
        switch c {
        case .null: return nil
        case .raw(let s, let e): return (s, e)
        case .quoted(let s, let e):
            if e - s <= 2 { return nil }  // "" is null for typed columns whatever the option says
            return (s + 1, e - 1)
        }
    }

    /// The column, its type decided by `CSVColumnConverter`: the one type-inference module of
    /// both readers (the streaming reader feeds it chunk by chunk, this one the whole column at
    /// once), so a file reads the same whichever path it takes.
    func build(name: String, forced: DataType?, file: String, scanner: CSVScanner) throws -> Column {
        if forced == .string { return buildStrings(name: name) }
        var start = forced
        var isForced = forced != nil
        // A column restarts at most twice (int → float → text).
        for _ in 0..<3 {
            var converter = CSVColumnConverter(start: start, forced: isForced)
            converter.expectedRows = rowCount
            converter.consume(self)
            switch converter.verdict {
            case .done: return converter.finish(name: name)
            case .restart(let t):
                if t == .string || t == .list { return buildStrings(name: name) }
                start = t
                isForced = false
            case .wholeFile:
                return try buildForced(forced ?? .string, name: name, file: file, scanner: scanner)
            }
        }
        return buildStrings(name: name)
    }

    /// A declared type the fast parsers refuse: the slower spellings `cast` accepts (`2.0` as an
    /// int, `yes` as a bool, a datetime as a date), cell by cell, reporting the first offending cell.
    func buildForced(_ t: DataType, name: String, file: String, scanner: CSVScanner) throws -> Column {
        var values = [Scalar]()
        values.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            guard let (s, e) = span(cell(r)) else { values.append(.null); continue }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self)
            guard let v = Scalar.parse(text, as: t) else {
                throw CSVError(file: file, line: scanner.lineNumber(at: s), message: "column '\(name)' was declared \(t.rawValue) but holds \"\(text.prefix(40))\"", hint: "fix the value, add it to nulls:, or read the column as string")
            }
            values.append(v)
        }
        return Column.from(scalars: values, name: name, type: t)
    }

    static func parseBoolBytes(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
        switch n {
        case 4:
            let t = (p[0] | 0x20, p[1] | 0x20, p[2] | 0x20, p[3] | 0x20)
            return t == (116, 114, 117, 101) ? true : nil
        case 5:
            let f = (p[0] | 0x20, p[1] | 0x20, p[2] | 0x20, p[3] | 0x20, p[4] | 0x20)
            return f == (102, 97, 108, 115, 101) ? false : nil
        default: return nil
        }
    }

    /// Free text: every cell's bytes copied once into one buffer sized in advance, with offsets.
    func buildPlainStrings(name: String) -> Column {
        var total = 0
        for r in 0..<rowCount {
            let (s, e) = fields.bounds(r, column)
            if s != CSVScanner.missing { total += Int(e - s) }
        }
        var valid = Bitmap(count: rowCount, allValid: true)
        var anyNull = false
        var bytesOut: [UInt8] = []
        let base = bytes.baseAddress!
        let offsets = [Int](unsafeUninitializedCapacity: rowCount + 1) { obuf, ocount in
            bytesOut = [UInt8](unsafeUninitializedCapacity: max(total, 1)) { bbuf, bcount in
                let out = bbuf.baseAddress!
                var w = 0
                obuf[0] = 0
                for r in 0..<rowCount {
                    switch cell(r) {
                    case .null:
                        valid[r] = false
                        anyNull = true
                    case .raw(let s, let e):
                        (out + w).update(from: base + s, count: e - s)
                        w += e - s
                    case .quoted(let s, let e):
                        w += CSVScanner.copyUnquoted(base, from: s, to: e, into: out + w)
                    }
                    obuf[r + 1] = w
                }
                bcount = w
            }
            ocount = rowCount + 1
        }
        return Column(name: name, storage: .string(.plain(offsets: offsets, bytes: bytesOut)), validity: anyNull ? valid : nil)
    }

    /// Strings are dictionary-encoded while they repeat (categoricals), and stored as one byte
    /// buffer with offsets once they mostly don't (free text).
    func buildStrings(name: String) -> Column {
        var valid = Bitmap(count: rowCount, allValid: true)
        var anyNull = false
        var interner = ByteInterner()
        var codes = [Int32](repeating: 0, count: rowCount)
        var scratch = [UInt8]()
        let empty = UnsafeBufferPointer(start: bytes.baseAddress, count: 0)
        for r in 0..<rowCount {
            // Unquoted cells are interned in place; only quoted ones need unescaping into scratch.
            let code: Int32
            switch cell(r) {
            case .null:
                valid[r] = false
                anyNull = true
                code = interner.intern(empty)
            case .raw(let s, let e):
                code = interner.intern(UnsafeBufferPointer(rebasing: bytes[s..<e]))
            case .quoted(let s, let e):
                scratch.removeAll(keepingCapacity: true)
                CSVReader.appendUnescaped(bytes, s, e, to: &scratch)
                code = scratch.withUnsafeBufferPointer { interner.intern($0) }
            }
            codes[r] = code
            if interner.count > 256 && interner.count * 20 > r + 1 && r > 2048 {
                // Mostly distinct values (free text): a dictionary would not pay.
                return buildPlainStrings(name: name)
            }
        }
        return Column(name: name, storage: .string(.dictionary(codes: codes, values: interner.strings())), validity: anyNull ? valid : nil)
    }
}

/// An open-addressing table from byte strings to dense codes, so categorical CSV columns are
/// encoded without creating a `String` per cell.
struct ByteInterner {
    /// Open addressing, each slot the value's hash tag (high 32 bits) and code + 1 (0 = empty):
    /// a probe rejects other values without reading `hashes` (one cache miss fewer per row).
    private var slots = [UInt64](repeating: 0, count: 1024)
    private var hashes: [UInt64] = []
    private var offsets: [Int] = [0]
    private var arena: [UInt8] = []
    var count: Int { hashes.count }

    /// A multiply-xorshift hash over 8-byte words (the tail is folded in byte by byte).
    @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
        guard let base = b.baseAddress else {
            // An empty buffer without an address must hash like one with an address, or the
            // empty string could be interned twice.
            h = h &* 0x94D0_49BB_1331_11EB
            return h ^ (h >> 31)
        }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= b.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        // The last 1–7 bytes: two overlapping 4-byte loads when there are at least 4 (short
        // categorical values are mostly tail), else a byte loop.
        var tail: UInt64 = 0
        let rest = b.count - i
        if rest >= 4 {
            let lo = UInt64(raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            let hi = UInt64(raw.loadUnaligned(fromByteOffset: b.count - 4, as: UInt32.self))
            tail = (hi << 32) | lo
        } else {
            while i < b.count { tail = (tail << 8) | UInt64(base[i]); i += 1 }
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    mutating func intern(_ b: UnsafeBufferPointer<UInt8>) -> Int32 { intern(b, hash: Self.hash(b)) }

    /// `intern` when the caller already has the bytes' `hash`.
    mutating func intern(_ b: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32 {
        let tag = h & 0xFFFF_FFFF_0000_0000
        var mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = slots[i]
            if e == 0 { break }
            if e & 0xFFFF_FFFF_0000_0000 == tag {
                let s = Int(e & 0xFFFF_FFFF) - 1
                if equal(s, b) { return Int32(s) }
            }
            i = (i + 1) & mask
        }
        let code = Int32(hashes.count)
        hashes.append(h)
        arena.append(contentsOf: b)
        offsets.append(arena.count)
        slots[i] = tag | UInt64(code + 1)
        if hashes.count * 2 > slots.count {
            slots = [UInt64](repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for (k, hk) in hashes.enumerated() {
                var j = Int(truncatingIfNeeded: hk) & mask
                while slots[j] != 0 { j = (j + 1) & mask }
                slots[j] = (hk & 0xFFFF_FFFF_0000_0000) | UInt64(k + 1)
            }
        }
        return code
    }

    @inline(__always) private func equal(_ code: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = offsets[code], e = offsets[code + 1]
        guard e - s == b.count else { return false }
        if b.count == 0 { return true }
        return arena.withUnsafeBufferPointer { a in Self.bytesEqual(a.baseAddress! + s, b.baseAddress!, b.count) }
    }

    /// Word-at-a-time comparison; short categorical values never pay for a memcmp call.
    @inline(__always) static func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= n {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    func append(code: Int32, to out: inout [UInt8]) {
        out.append(contentsOf: arena[offsets[Int(code)]..<offsets[Int(code) + 1]])
    }

    func strings() -> [String] {
        (0..<count).map { String(decoding: arena[offsets[$0]..<offsets[$0 + 1]], as: UTF8.self) }
    }
}

/// Encoding checks done once over the whole buffer before parsing.
enum UTF8Check {
    /// Offset of the first NUL byte anywhere in the buffer (memchr: a negligible cost next to parsing).
    static func firstNul(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = b.baseAddress, b.count > 0, let p = memchr(base, 0, b.count) else { return nil }
        return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }

    /// Offset of the first byte that is not part of well-formed UTF-8, or nil.
    static func firstInvalid(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        switch scan(b, from: start) {
        case .valid: return nil
        case .invalid(let at), .cut(let at): return at
        }
    }

    enum Outcome { case valid, invalid(at: Int), cut(at: Int) }

    /// Checks `b[start...]`: well-formed, the offset of the first malformed character, or the
    /// start of a character cut short by the end of `b` (an error for a whole file, a place to
    /// resume for input that arrives in pieces).
    static func scan(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Outcome {
        var i = start
        let n = b.count
        guard let baseAddress = b.baseAddress, i < n else { return .valid }
        let base = UnsafeRawPointer(baseAddress)
        while i < n {
            if i + 8 <= n {
                let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if w & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var minCode: UInt32 = 0
            var code: UInt32 = 0
            if c & 0xE0 == 0xC0 { need = 1; code = UInt32(c & 0x1F); minCode = 0x80 } else if c & 0xF0 == 0xE0 { need = 2; code = UInt32(c & 0x0F); minCode = 0x800 } else if c & 0xF8 == 0xF0 { need = 3; code = UInt32(c & 0x07); minCode = 0x10000 } else { return .invalid(at: i) }
            guard i + need < n else {
                // Cut short only if every byte present is a continuation byte.
                for k in stride(from: 1, to: n - i, by: 1) where b[i + k] & 0xC0 != 0x80 { return .invalid(at: i) }
                return .cut(at: i)
            }
            for k in 1...need {
                let cc = b[i + k]
                guard cc & 0xC0 == 0x80 else { return .invalid(at: i) }
                code = (code << 6) | UInt32(cc & 0x3F)
            }
            if code < minCode || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF) { return .invalid(at: i) }
            i += need + 1
        }
        return .valid
    }
}
