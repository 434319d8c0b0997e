import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a large regular CSV file in chunks, converting each chunk's records straight into typed
/// column storage, so neither the whole file nor a whole-file field index is ever in memory: the
/// peak is the finished frame plus one chunk and its field bounds (the whole-file path peaked at
/// about 3.3× the file).
///
/// The result is the whole-file reader's, cell for cell: `CSVColumnConverter` infers types in
/// the same order with the same parsers, and a column that turns out to be text after numbers is
/// read again by streaming the file once more for that column. Anything this path does not
/// reproduce itself (a malformed record, invalid UTF-8, a NUL byte, a declared type that needs
/// the slow spellings, a file with no records) makes it return nil, and the caller reads the
/// file the whole-buffer way, which reports the problem with its usual message and position.
enum ChunkedCSVReader {
    /// Large enough that per-chunk costs vanish, small enough to stay a sliver of the frame and
    /// to stay in cache while its columns are converted (2 MB measured faster than 4 MB and
    /// 1 MB on the 1M-row benchmark file).
    static let defaultChunkSize = 2 << 20

    /// The frame, or nil when the file should be read whole (see above). Throws only
    /// `Cancelled` (Ctrl-C or a cell timeout, checked once per chunk).
    static func read(path: String, options: CSVOptions, chunkSize: Int) throws -> Frame? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        guard size > chunkSize, size <= CSVReader.maxBytes else { return nil }
        do {
            return try read(fd: fd, fileSize: size, options: options, chunkSize: max(1, chunkSize), file: path)
        } catch let stop as Cancelled {
            throw stop
        } catch let refusal as Refusal {
            throw refusal.error
        } catch {
            return nil
        }
    }

    /// What the first bytes settle: where records start, the delimiter and the column names.
    struct Prelude {
        var dataStart: Int
        var delimiter: UInt8
        var header: [String]?
        var columnCount: Int
    }

    enum Fallback: Error { case wholeFile }

    /// An error this path reports itself rather than handing the file to the whole-file reader
    /// (which would first read all of it): a header over the column limit.
    struct Refusal: Error { let error: CSVError }

    private static func read(fd: Int32, fileSize: Int, options: CSVOptions, chunkSize: Int, file: String) throws -> Frame? {
        var names: [String] = []
        var finished: [Column?] = []
        var active: [CSVColumnConverter?] = []
        var selected: [Int] = []
        var pass = 0
        repeat {
            guard lseek(fd, 0, SEEK_SET) == 0 else { return nil }
            var window = CSVFileWindow(fd: fd, capacity: chunkSize + 4096)
            defer { window.release() }
            let prelude = try readPrelude(&window, options: options, chunkSize: chunkSize, file: file)
            if pass == 0 {
                names = CSVReader.uniqueNames(prelude.header ?? (0..<prelude.columnCount).map { "column_\($0 + 1)" })
                finished = [Column?](repeating: nil, count: names.count)
                // Unselected columns get no converter: their fields are split, never parsed.
                selected = try options.selectedIndices(names, file: file)
                let wanted = Set(selected)
                active = names.enumerated().map { (c, name) in
                    guard wanted.contains(c) else { return nil }
                    let declared: DataType? = options.types[name] ?? (options.infer ? nil : .string)
                    return CSVColumnConverter(start: declared, forced: declared != nil)
                }
            }
            try stream(&window, prelude: prelude, converters: &active, fileSize: fileSize, options: options, chunkSize: chunkSize)
            // Columns that turned out to be text after numbers (rare) are read again, alone.
            var next = [CSVColumnConverter?](repeating: nil, count: names.count)
            for c in active.indices {
                guard let conv = active[c] else { continue }
                switch conv.verdict {
                case .done: finished[c] = conv.finish(name: names[c])
                case .wholeFile: return nil
                case .restart(let t): next[c] = CSVColumnConverter(start: t, forced: false)
                }
                active[c] = nil
            }
            active = next
            pass += 1
        } while active.contains(where: { $0 != nil }) && pass < 4
        guard !active.contains(where: { $0 != nil }) else { return nil }
        let columns = selected.compactMap { finished[$0] }
        guard columns.count == selected.count else { return nil }
        return try Frame(columns: columns)
    }

    /// Reads until the byte-order mark, skipped lines, delimiter detection (which looks at up
    /// to 64 KB) and the header record all lie inside the window, then settles them exactly as
    /// the whole-file reader does.
    static func readPrelude(_ window: inout CSVFileWindow, options: CSVOptions, chunkSize: Int, file: String = "") throws -> Prelude {
        try window.readMore(chunkSize)
        while true {
            if let p = try prelude(window.bytes, complete: window.atEnd, options: options, file: file) { return p }
            try window.readMore(max(chunkSize, window.fill))
        }
    }

    /// nil when the window is too short to decide yet.
    private static func prelude(_ b: UnsafeBufferPointer<UInt8>, complete: Bool, options: CSVOptions, file: String) throws -> Prelude? {
        if b.count < 3 && !complete { return nil }
        var start = 0
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { start = 3 }
        if b.count >= 2, (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) { throw Fallback.wholeFile }
        let pos = CSVScanner.skipLines(b, from: start, count: options.skip)
        // A skipped line cut by the window's end, or a CR whose LF may follow: read more.
        if pos >= b.count && !complete { return nil }
        if !complete && b.count < pos + 65_536 { return nil }
        let delimiter = options.delimiter ?? CSVScanner.detectDelimiter(b, from: pos)
        var scanner = CSVScanner(bytes: b, delimiter: delimiter, file: "")
        scanner.locatesErrors = false
        // The header (or, without one, the first record, which fixes the column count).
        guard let p = scanner.skipBlank(pos) else {
            if complete { throw Fallback.wholeFile }
            return nil
        }
        var fields = FieldBuffer(capacity: 64)
        defer { fields.release() }
        let next: Int
        do { next = try scanner.scanRecord(from: p, into: &fields) } catch {
            // Even cut short by the window's end, a record this wide is refused without
            // reading the rest of it (a one-line file of millions of fields).
            if fields.count > options.maxColumns {
                throw Refusal(error: .tooManyColumns(file: file, found: fields.count, limit: options.maxColumns, header: options.header, complete: false))
            }
            if complete { throw Fallback.wholeFile }
            return nil
        }
        if fields.count > options.maxColumns {
            let whole = next < b.count || complete
            throw Refusal(error: .tooManyColumns(file: file, found: fields.count, limit: options.maxColumns, header: options.header, complete: whole))
        }
        if next >= b.count && !complete { return nil }
        guard options.header else {
            return Prelude(dataStart: pos, delimiter: delimiter, header: nil, columnCount: fields.count)
        }
        let header = (0..<fields.count).map { CSVReader.cellText(b, Int(fields.starts[$0]), Int(fields.ends[$0])) }
        return Prelude(dataStart: next, delimiter: delimiter, header: header, columnCount: header.count)
    }

    /// Streams the records after the prelude through the converters, a chunk at a time.
    private static func stream(_ window: inout CSVFileWindow, prelude: Prelude, converters: inout [CSVColumnConverter?], fileSize: Int, options: CSVOptions, chunkSize: Int) throws {
        let ncol = prelude.columnCount
        guard ncol > 0 else { throw Fallback.wholeFile }
        let nulls = options.nulls.map { Array($0.utf8) }
        let longestNull = options.nulls.map(\.utf8.count).max() ?? 0
        var pos = prelude.dataStart
        var rowsSoFar = 0
        var pieces = [FieldBuffer(capacity: chunkSize / 16), FieldBuffer(capacity: chunkSize / 16)]
        defer { for p in pieces { p.release() } }
        while true {
            try Cancellation.check()
            let b = window.bytes
            let scanned = try CSVChunkScanner.scan(b, from: pos, complete: window.atEnd, delimiter: prelude.delimiter, columnCount: ncol, into: &pieces)
            if scanned.rows > 0 {
                let table = FieldTable(pieces: scanned.pieces == 1 ? [pieces[0]] : pieces, columnCount: ncol)
                // Reserve storage once, for the rows the rest of the file probably holds.
                let consumed = window.origin + scanned.end
                let expected = rowsSoFar + scanned.rows + Int(Double(max(0, fileSize - consumed)) * Double(scanned.rows) / Double(max(1, scanned.end - pos)) * 1.1) + 1024
                converters.withUnsafeMutableBufferPointer { convBuffer in
                    let conv = convBuffer
                    let work = { (c: Int) in
                        let cells = ColumnBuilderFromCSV(bytes: b, fields: table, column: c, rowCount: table.rowCount, nulls: nulls, longestNull: longestNull, quotedEmptyIsNull: options.quotedEmptyIsNull)
                        // Mutated in place through the optional: a copy would duplicate its arrays.
                        conv[c]?.expectedRows = expected
                        conv[c]?.consume(cells)
                    }
                    // Only the columns with a converter (the selected ones) cost work.
                    let live = (0..<ncol).filter { conv[$0] != nil }
                    if live.count > 1 && table.rowCount * live.count > 50_000 {
                        DispatchQueue.concurrentPerform(iterations: live.count) { work(live[$0]) }
                    } else {
                        for c in live { work(c) }
                    }
                }
                rowsSoFar += table.rowCount
            }
            if window.atEnd {
                // Everything after the last record is blank lines, or the scan would have failed.
                return
            }
            window.discard(upTo: scanned.end)
            pos = 0
            // Top the window up to a chunk (the carried record counts towards it, so the buffer
            // does not grow); when no whole record fitted, read on until one does.
            try window.readMore(scanned.rows > 0 ? max(chunkSize - window.fill, max(1, chunkSize / 2)) : max(chunkSize, window.fill))
        }
    }

    /// The column names of a local CSV file, read from its first bytes only (the header, or the
    /// first record's width without one), named exactly as a full read names them. nil when the
    /// file cannot be peeked this way (not a regular file, unreadable, odd encoding): the full
    /// read then reports what is wrong.
    static func columnNames(path: String, options: CSVOptions) -> [String]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        var window = CSVFileWindow(fd: fd, capacity: 1 << 17)
        defer { window.release() }
        guard let prelude = try? readPrelude(&window, options: options, chunkSize: 1 << 16, file: path), prelude.columnCount > 0 else { return nil }
        return CSVReader.uniqueNames(prelude.header ?? (0..<prelude.columnCount).map { "column_\($0 + 1)" })
    }
}
