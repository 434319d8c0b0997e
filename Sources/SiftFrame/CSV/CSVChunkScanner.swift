import Dispatch

/// Finds the field bounds of the complete records in one window of a streamed CSV file. A
/// record that reaches the window's end may continue in bytes not read yet (a quoted field, a
/// CR whose LF is next), so unless the file has ended it is left for the next window. Large
/// windows are scanned in two halves at once, split at a row boundary found by quote parity.
enum CSVChunkScanner {
    struct Result {
        var rows: Int
        /// Where the first record left for the next window starts (after the last one taken).
        var end: Int
        /// How many of the field buffers hold rows (1 or 2).
        var pieces: Int
    }

    /// Windows above this are split in two for scanning.
    static let splitThreshold = 1 << 20

    /// Throws `ChunkedCSVReader.Fallback` for a record that is malformed for good (the file has
    /// ended, or it has more fields than the header): the whole-file reader then reports it.
    static func scan(_ b: UnsafeBufferPointer<UInt8>, from pos: Int, complete: Bool, delimiter: UInt8, columnCount: Int, into pieces: inout [FieldBuffer]) throws -> Result {
        for k in pieces.indices { pieces[k].removeAll() }
        var quiet = CSVScanner(bytes: b, delimiter: delimiter, file: "")
        quiet.locatesErrors = false
        let scanner = quiet
        if let split = CSVScanner.splitPoints(b, from: pos, parts: 2, minimumSize: splitThreshold).first {
            var outcomes: [Piece?] = [nil, nil]
            pieces.withUnsafeMutableBufferPointer { bufs in
                outcomes.withUnsafeMutableBufferPointer { outs in
                    let (buffers, out) = (bufs, outs)
                    DispatchQueue.concurrentPerform(iterations: 2) { k in
                        out[k] = k == 0
                            ? scanPiece(scanner, from: pos, limit: split, complete: complete, columnCount: columnCount, into: &buffers[0])
                            : scanPiece(scanner, from: split, limit: nil, complete: complete, columnCount: columnCount, into: &buffers[1])
                    }
                }
            }
            // The first half must end exactly where the second starts; if quote parity misled
            // the split (a malformed file), scanning once from the start decides.
            if case .scanned(let rows0, let end0)? = outcomes[0], end0 == split,
               case .scanned(let rows1, let end1)? = outcomes[1] {
                return Result(rows: rows0 + rows1, end: end1, pieces: 2)
            }
            for k in pieces.indices { pieces[k].removeAll() }
        }
        switch scanPiece(scanner, from: pos, limit: nil, complete: complete, columnCount: columnCount, into: &pieces[0]) {
        case .scanned(let rows, let end): return Result(rows: rows, end: end, pieces: 1)
        case .malformed: throw ChunkedCSVReader.Fallback.wholeFile
        }
    }

    enum Piece {
        case scanned(rows: Int, end: Int)
        case malformed
    }

    /// Scans records from `pos`. With a `limit` (a split point) every record must end before it;
    /// without one, the records up to the window's end that are surely complete.
    static func scanPiece(_ scanner: CSVScanner, from pos: Int, limit: Int?, complete: Bool, columnCount ncol: Int, into buffer: inout FieldBuffer) -> Piece {
        let b = scanner.bytes
        let stop = limit ?? b.count
        var p = pos
        var rows = 0
        while p < stop, let q = scanner.skipBlank(p), q < stop {
            let before = buffer.count
            let next: Int
            do { next = try scanner.scanRecord(from: q, into: &buffer) } catch {
                buffer.truncate(to: before)
                // Cut off by the window's end, or malformed: only the end of the file tells.
                if complete || limit != nil { return .malformed }
                break
            }
            if let limit, next > limit { return .malformed }
            if limit == nil, next >= b.count, !complete {
                buffer.truncate(to: before)
                break
            }
            let found = buffer.count - before
            if found > ncol { return .malformed }
            for _ in found..<ncol { buffer.append(CSVScanner.missing, CSVScanner.missing) }
            rows += 1
            p = next
        }
        if let limit {
            // Blank lines may separate the last record from the split point.
            return (scanner.skipBlank(p) ?? b.count) == limit ? .scanned(rows: rows, end: limit) : .malformed
        }
        return .scanned(rows: rows, end: p)
    }
}
