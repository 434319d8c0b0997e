/// Finds the field bounds of the complete records in one window of a streamed CSV file. A
/// record that reaches the window's end may continue in bytes not read yet (a quoted field, a
/// CR whose LF is next), so unless the file has ended it is left for the next window. A window
/// is scanned by one task while the previous window's columns are converted (see
/// `ChunkedCSVReader.stream`), so the scan itself stays serial.
enum CSVChunkScanner {
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
        var finder = FieldEndFinder()
        while p < stop, let q = scanner.skipBlank(p), q < stop {
            let before = buffer.count
            let next: Int
            do { next = try scanner.scanRecord(from: q, into: &buffer, finder: &finder) } catch {
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
