import CLibPQ
import SiftFrame
import SiftSQL

/// Builds a frame from the `PGresult`s of one query: in single-row mode each result holds one
/// row, and the last (`PGRES_TUPLES_OK`) none, but every one carries the column descriptions,
/// so an empty result still has its columns and types.
struct ResultAssembler {
    private(set) var decoders: [ColumnDecoder] = []
    /// Rows and wire bytes of the data rows appended so far (for `PostgresTraffic`).
    private(set) var rows = 0
    private(set) var bytes = 0

    /// Reads the column names and types; refuses a type Sift cannot read, naming the column.
    init(describing result: OpaquePointer) throws {
        let n = Int(PQnfields(result))
        var seen: [String: Int] = [:]
        for j in 0..<n {
            var name = PQfname(result, Int32(j)).map { String(cString: $0) } ?? "column\(j + 1)"
            // `select 1, 1` names both "?column?"; a frame needs unique names.
            if let k = seen[name] {
                var i = k + 1
                while seen["\(name)_\(i)"] != nil { i += 1 }
                seen[name] = i
                name = "\(name)_\(i)"
            }
            seen[name] = seen[name] ?? 1
            let oid = PQftype(result, Int32(j))
            guard let type = PostgresType(oid: oid) else {
                throw SQLEngineError("postgres: column '\(name)' has type \(PostgresType.name(ofUnsupported: oid)), which Sift cannot read; cast it in the query, e.g. \(name)::text")
            }
            decoders.append(ColumnDecoder(name: name, type: type))
        }
    }

    /// Decodes every row of `result` (binary format).
    mutating func append(_ result: OpaquePointer) throws {
        let nrows = Int(PQntuples(result))
        let ncols = decoders.count
        guard nrows > 0 else { return }
        var wire = 0
        try decoders.withUnsafeMutableBufferPointer { cols in
            for i in 0..<nrows {
                let row = Int32(i)
                wire += 7   // DataRow message: type byte, length, field count
                for j in 0..<ncols {
                    let col = Int32(j)
                    wire += 4
                    if PQgetisnull(result, row, col) != 0 {
                        cols[j].appendNull()
                        continue
                    }
                    let length = Int(PQgetlength(result, row, col))
                    wire += length
                    guard let p = PQgetvalue(result, row, col) else { cols[j].appendNull(); continue }
                    try cols[j].append(UnsafeRawPointer(p), length: length)
                }
            }
        }
        rows += nrows
        bytes += wire
    }

    func frame() throws -> Frame {
        try Frame(columns: decoders.map { $0.column() })
    }
}
