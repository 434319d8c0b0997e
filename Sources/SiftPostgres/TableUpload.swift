import CLibPQ
import SiftFrame
import SiftSQL

/// `write_table` for PostgreSQL: create/append/replace and COPY in one transaction, so a failed
/// upload (a type mismatch in row 90 000, a cancelled cell) leaves the table as it was.
enum TableUpload {
    /// Rows per COPY chunk handed to libpq (about a megabyte of text for typical rows).
    static let rowsPerChunk = 16_384

    static func write(_ frame: Frame, name: String, mode: WriteMode, on connection: PostgresConnection, dialect: PostgresDialect) throws {
        let encoder = try CopyTextEncoder(frame)
        let table = qualified(name, dialect)
        guard !name.isEmpty else { throw SQLEngineError("write_table: the table name is empty") }
        let columns = try frame.columns.map { c -> String in
            guard let type = PostgresType.ddl(for: c.type) else {
                throw SQLEngineError("write_table: column '\(c.name)' holds lists, which PostgreSQL tables cannot take; join them into text first")
            }
            return dialect.quote(identifier: c.name) + " " + type
        }
        let columnList = columns.joined(separator: ", ")
        try connection.locked { conn in
            PQclear(try connection.simple("BEGIN"))
            do {
                switch mode {
                case .create:
                    do { PQclear(try connection.simple("CREATE TABLE \(table) (\(columnList))")) } catch let e as SQLEngineError where e.message.contains("[42P07]") {
                        throw SQLEngineError("write_table: table '\(name)' already exists in \(connection.address.display); use mode: \"append\" or \"replace\"")
                    }
                case .append:
                    PQclear(try connection.simple("CREATE TABLE IF NOT EXISTS \(table) (\(columnList))"))
                case .replace:
                    PQclear(try connection.simple("DROP TABLE IF EXISTS \(table)"))
                    PQclear(try connection.simple("CREATE TABLE \(table) (\(columnList))"))
                }
                if !frame.columns.isEmpty {
                    let names = frame.columns.map { dialect.quote(identifier: $0.name) }.joined(separator: ", ")
                    try copy(encoder, into: "COPY \(table) (\(names)) FROM STDIN (FORMAT text)", conn: conn, connection: connection)
                }
                PQclear(try connection.simple("COMMIT"))
            } catch {
                if let r = PQexec(conn, "ROLLBACK") { PQclear(r) }
                throw error
            }
        }
    }

    private static func copy(_ encoder: CopyTextEncoder, into sql: String, conn: OpaquePointer, connection: PostgresConnection) throws {
        let start = try connection.simple(sql)
        let status = PQresultStatus(start)
        PQclear(start)
        guard status == PGRES_COPY_IN else { throw SQLEngineError("postgres: COPY did not start") }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var row = 0
        var abort: Error?
        var cancelled = false
        while row < encoder.rowCount {
            if Cancellation.isRequested { cancelled = true; break }
            let end = min(row + rowsPerChunk, encoder.rowCount)
            buffer.removeAll(keepingCapacity: true)
            do { try encoder.encode(rows: row..<end, into: &buffer) } catch { abort = error; break }
            let ok = buffer.withUnsafeBufferPointer { b in
                b.baseAddress.map { p in p.withMemoryRebound(to: CChar.self, capacity: b.count) { PQputCopyData(conn, $0, Int32(b.count)) } } ?? 1
            }
            guard ok == 1 else { throw connection.failure(conn) }
            row = end
        }
        if cancelled || abort != nil {
            // Ending COPY with an error message makes the server discard the rows sent so far.
            _ = PQputCopyEnd(conn, cancelled ? "cancelled by Sift" : "refused by Sift")
            drain(conn)
            if cancelled { try Cancellation.check() }   // throws `Cancelled` and clears the request
            throw abort ?? SQLEngineError("write_table: cancelled")
        }
        guard PQputCopyEnd(conn, nil) == 1 else { throw connection.failure(conn) }
        var failure: SQLEngineError?
        while let r = PQgetResult(conn) {
            let s = PQresultStatus(r)
            if failure == nil, s == PGRES_FATAL_ERROR || s == PGRES_BAD_RESPONSE { failure = connection.resultError(r) }
            PQclear(r)
        }
        if let failure { throw failure }
    }

    private static func drain(_ conn: OpaquePointer) {
        while let r = PQgetResult(conn) { PQclear(r) }
    }

    /// `schema.table` quotes each part; a plain name is quoted whole.
    static func qualified(_ name: String, _ dialect: PostgresDialect) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { dialect.quote(identifier: String($0)) }.joined(separator: ".")
    }
}
