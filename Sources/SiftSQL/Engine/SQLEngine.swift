import SiftFrame

/// A database or distributed engine that runs SQL text: SQLite, PostgreSQL, Spark Connect.
///
/// Why a protocol of its own: the SQL compiler (plan → SQL text in a dialect) and the remote frame
/// that users hold know nothing about wire protocols; each driver lives in its own target (a C
/// library or gRPC behind it), so the core builds without them and a new engine is one type.
/// Calls block the caller; drivers run their own event loops inside.
public protocol SQLEngine: AnyObject {
    /// Which SQL the compiler writes for this engine.
    var dialect: any SQLDialect { get }
    /// The address without secrets, for display (`postgres://ana@127.0.0.1:5432/shop`).
    var displayName: String { get }
    /// Runs a query and returns all its rows as a frame; column types follow the engine's result
    /// types (integers → int, floating and numeric → float, boolean → bool, text → string,
    /// date → date, timestamp → datetime). `parameters` are bound, never interpolated.
    func query(_ sql: String, parameters: [SQLParameter]) throws -> Frame
    /// Runs a statement that returns no rows (DDL, INSERT); bound parameters as above.
    func execute(_ sql: String, parameters: [SQLParameter]) throws
    /// Uploads a frame as table `name` (COPY for PostgreSQL, Arrow batches for Spark, one
    /// transaction of prepared inserts for SQLite). `create` fails when the table exists,
    /// `append` adds rows (creating the table when missing), `replace` drops it first.
    func writeTable(_ frame: Frame, name: String, mode: WriteMode) throws
    /// The engine's own plan for a query (EXPLAIN), to show and to prove where the work ran.
    func explainQuery(_ sql: String) throws -> String
    /// Closes the connection; later calls fail with `SQLEngineError`.
    func close()
}

/// A value bound to a `$1` / `?` placeholder.
public enum SQLParameter: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    /// Days since 1970-01-01, like `Column` dates.
    case date(Int32)
    /// Microseconds since 1970-01-01T00:00:00Z, like `Column` datetimes.
    case datetime(Int64)
}

/// How `write_table` treats an existing table.
public enum WriteMode: String, Sendable, CaseIterable {
    case create, append, replace
}

/// An engine's failure, as one line the user can act on (never containing a password).
public struct SQLEngineError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
