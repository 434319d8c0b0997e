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

    /// Scans the records from `pos` up to the window's end that are surely complete.
    static func scanPiece(_ scanner: CSVScanner, from pos: Int, complete: Bool, columnCount ncol: Int, into buffer: inout FieldBuffer) -> Piece {
        let b = scanner.bytes
        var p = pos
        var rows = 0
        var finder = FieldEndFinder()
        while p < b.count, let q = scanner.skipBlank(p) {
            let before = buffer.count
            let next: Int
            do { next = try scanner.scanRecord(from: q, into: &buffer, finder: &finder) } catch {
                buffer.truncate(to: before)
                // Cut off by the window's end, or malformed: only the end of the file tells.
                if complete { return .malformed }
                break
            }
            if next >= b.count, !complete {
                buffer.truncate(to: before)
                break
            }
            let found = buffer.count - before
            if found > ncol { return .malformed }
            for _ in found..<ncol { buffer.append(CSVScanner.missing, CSVScanner.missing) }
            rows += 1
            p = next
        }
        return .scanned(rows: rows, end: p)
    }
}
