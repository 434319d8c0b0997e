import SiftFrame
import SiftSQL

/// PostgreSQL as a Sift `SQLEngine`, over libpq.
///
/// Results come back in PostgreSQL's binary format and are decoded column by column straight
/// into Sift columns; uploads go through COPY. Passwords stay with libpq (URL, PGPASSWORD or
/// ~/.pgpass) and are scrubbed from every message; `displayName` never holds one.
public final class PostgresEngine: SQLEngine {
    private let connection: PostgresConnection
    private let postgres = PostgresDialect()

    /// Opens `url` (`postgres://user@host:port/db?sslmode=…`); `options` are further libpq
    /// connection keywords (`sslmode`, `connect_timeout`, `application_name`, …).
    public init(url: String, options: [String: String] = [:]) throws {
        connection = try PostgresConnection(address: try PostgresAddress(url), options: options)
    }

    /// Registers the `postgres:` and `postgresql:` schemes with `SQLEngineRegistry`.
    public static func register() {
        for scheme in ["postgres", "postgresql"] {
            SQLEngineRegistry.register(scheme: scheme) { url, options in try PostgresEngine(url: url, options: options) }
        }
    }

    public var dialect: any SQLDialect { postgres }
    public var displayName: String { connection.address.display }

    /// Rows and bytes this connection has received in query results so far.
    public var traffic: PostgresTraffic { connection.currentTraffic }

    public func query(_ sql: String, parameters: [SQLParameter] = []) throws -> Frame {
        try connection.run(sql, parameters: parameters, collect: true)
    }

    public func execute(_ sql: String, parameters: [SQLParameter] = []) throws {
        _ = try connection.run(sql, parameters: parameters, collect: false)
    }

    public func writeTable(_ frame: Frame, name: String, mode: WriteMode) throws {
        try TableUpload.write(frame, name: name, mode: mode, on: connection, dialect: postgres)
    }

    /// `EXPLAIN (FORMAT TEXT)`: the plan's lines joined by newlines.
    public func explainQuery(_ sql: String) throws -> String {
        let plan = try query("EXPLAIN (FORMAT TEXT) " + sql)
        guard let column = plan.columns.first else { return "" }
        return (0..<plan.rowCount).map { column[$0].isNull ? "" : (column.stringValue(at: $0)) }.joined(separator: "\n")
    }

    public func close() { connection.close() }
}

private extension Column {
    func stringValue(at i: Int) -> String {
        if case .string(let s) = storage { return s.string(at: i) }
        return "\(self[i])"
    }
}
