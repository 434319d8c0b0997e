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
    /// in cache while its columns are converted. The pipeline holds two chunks and their field
    /// bounds at once: 1 MB keeps the peak at the old single 2 MB chunk's (1.51x the 1M-row
    /// benchmark file by /usr/bin/time, against 1.55x with 2 MB chunks) for about 3% of load time.
    static let defaultChunkSize = 1 << 20

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

    /// Streams the records after the prelude through the converters, a chunk at a time, as a
    /// two-stage pipeline over two windows: while the columns of one chunk are converted (one
    /// task per column), one more task reads, checks and scans the next chunk into the other
    /// window. Reading, the UTF-8 check and the record scan are serial by nature; overlapped with
    /// conversion they leave the cores busy, with one barrier per chunk instead of two. (Scanning
    /// a chunk in two halves at once, as before, left the second core waiting on the serial
    /// parts and paid two thread wake-ups per chunk: 1.27 cores used of 2 on the bench file.)
    private static func stream(_ first: inout CSVFileWindow, prelude: Prelude, converters: inout [CSVColumnConverter?], fileSize: Int, options: CSVOptions, chunkSize: Int) throws {
        let ncol = prelude.columnCount
        guard ncol > 0 else { throw Fallback.wholeFile }
        let nulls = options.nulls.map { Array($0.utf8) }
        let longestNull = options.nulls.map(\.utf8.count).max() ?? 0
        var rowsSoFar = 0
        var stages = [ChunkStage(window: first, fields: FieldBuffer(capacity: chunkSize / 16)),
                      ChunkStage(window: CSVFileWindow(sharingFileWith: first, capacity: chunkSize + 4096), fields: FieldBuffer(capacity: chunkSize / 16))]
        defer {
            // The first window goes back to the caller, who releases it (reading may have moved
            // its storage); the second is ours.
            first = stages[0].window
            stages[1].window.release()
            for s in stages { s.fields.release() }
        }
        try stages[0].scan(from: prelude.dataStart, delimiter: prelude.delimiter, columnCount: ncol)
        var current = 0
        // Only the columns with a converter (the selected ones) cost work.
        let live = (0..<ncol).filter { converters[$0] != nil }
        while true {
            try Cancellation.check()
            let here = stages[current]
            let hasNext = !here.window.atEnd
            let table = FieldTable(pieces: [here.fields], columnCount: ncol)
            let consumed = here.window.origin + here.end
            let expected = rowsSoFar + table.rowCount + Int(Double(max(0, fileSize - consumed)) * Double(table.rowCount) / Double(max(1, here.end - here.start)) * 1.1) + 1024
            var nextError: Error?
            let b = here.window.bytes
            try stages.withUnsafeMutableBufferPointer { stageBuffer in
                let stagePointer = stageBuffer
                try converters.withUnsafeMutableBufferPointer { convBuffer in
                    let conv = convBuffer
                    let convert = { (c: Int) in
                        let cells = ColumnBuilderFromCSV(bytes: b, fields: table, column: c, rowCount: table.rowCount, nulls: nulls, longestNull: longestNull, quotedEmptyIsNull: options.quotedEmptyIsNull)
                        // Mutated in place through the optional: a copy would duplicate its arrays.
                        conv[c]?.expectedRows = expected
                        conv[c]?.consume(cells)
                    }
                    let prepareNext = {
                        let next = 1 - current
                        do {
                            try stagePointer[next].window.continueAfter(stagePointer[current].window, at: stagePointer[current].end, reading: chunkSize)
                            try stagePointer[next].scan(from: 0, delimiter: prelude.delimiter, columnCount: ncol)
                        } catch { nextError = error }
                    }
                    let tasks = live.count + (hasNext ? 1 : 0)
                    if table.rowCount == 0 && !hasNext { return }
                    if tasks > 1 && (table.rowCount * live.count > 50_000 || hasNext) {
                        // Task 0 is the next chunk's: started first, it overlaps the most.
                        DispatchQueue.concurrentPerform(iterations: tasks) { k in
                            if hasNext { if k == 0 { prepareNext() } else { convert(live[k - 1]) } } else { convert(live[k]) }
                        }
                    } else {
                        if hasNext { prepareNext() }
                        for c in live { convert(c) }
                    }
                }
            }
            if let nextError { throw nextError }
            rowsSoFar += table.rowCount
            if !hasNext { return }
            current = 1 - current
        }
    }

    /// One window of the pipeline and the field bounds of the complete records in it.
    struct ChunkStage {
        var window: CSVFileWindow
        var fields: FieldBuffer
        /// Where the scanned records start and end in the window.
        var start = 0
        var end = 0

        init(window: CSVFileWindow, fields: FieldBuffer) {
            self.window = window
            self.fields = fields
        }

        /// Scans the complete records from `pos`; reads on when not even one fits (a record
        /// longer than a chunk). Throws `Fallback` for a malformed record.
        mutating func scan(from pos: Int, delimiter: UInt8, columnCount: Int) throws {
            while true {
                fields.removeAll()
                var quiet = CSVScanner(bytes: window.bytes, delimiter: delimiter, file: "")
                quiet.locatesErrors = false
                switch CSVChunkScanner.scanPiece(quiet, from: pos, complete: window.atEnd, columnCount: columnCount, into: &fields) {
                case .malformed: throw Fallback.wholeFile
                case .scanned(let rows, let stop):
                    if rows > 0 || window.atEnd {
                        start = pos
                        end = stop
                        return
                    }
                    try window.readMore(max(window.fill, 1 << 16))
                }
            }
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
