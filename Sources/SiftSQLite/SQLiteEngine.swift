import CSQLite
import Foundation
import SiftFrame
import SiftSQL

/// SQLite through Debian's libsqlite3: `sqlite:path.db`, `sqlite:///abs/path.db`, `sqlite::memory:`.
///
/// Storage convention (SQLite has no date type): dates are stored as TEXT `YYYY-MM-DD` in columns
/// declared `DATE`, datetimes as TEXT `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC, no zone) in columns
/// declared `DATETIME`, booleans as 0/1 in columns declared `BOOLEAN`. ISO text sorts and compares
/// like the dates themselves, and SQLite's own date functions read it. Reading maps the declared
/// type back; a computed column without one takes the type its values have.
public final class SQLiteEngine: SQLEngine {
    public let dialect: any SQLDialect = SQLiteDialect()
    public let displayName: String
    private var db: OpaquePointer?
    private let lock = NSLock()

    /// Opens (creating when missing) the database a `sqlite:` URL names.
    public static func open(url: String, options: [String: String]) throws -> SQLiteEngine {
        for key in options.keys.sorted() {
            throw SQLEngineError("connect: sqlite takes no option '\(key)'")
        }
        guard url.lowercased().hasPrefix("sqlite:") else { throw SQLEngineError("connect: not a sqlite URL: \(url)") }
        var path = String(url.dropFirst("sqlite:".count))
        if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
        guard !path.isEmpty else { throw SQLEngineError("connect: write sqlite:path.db or sqlite::memory:") }
        return try SQLiteEngine(path: path, display: url)
    }

    public init(path: String, display: String? = nil) throws {
        displayName = display ?? "sqlite:" + path
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw SQLEngineError("connect: cannot open sqlite database '\(path)': \(message)")
        }
        guard sift_sqlite_strict_quotes(handle) == SQLITE_OK else {
            sqlite3_close(handle)
            throw SQLEngineError("connect: sqlite database '\(path)': this SQLite cannot refuse double-quoted strings (needs 3.29 or later)")
        }
        db = handle
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit { close() }

    public func close() {
        lock.lock(); defer { lock.unlock() }
        if let db { sqlite3_close_v2(db) }
        db = nil
    }

    private func handle() throws -> OpaquePointer {
        guard let db else { throw SQLEngineError("the sqlite connection \(displayName) is closed") }
        return db
    }

    private func message(_ db: OpaquePointer) -> String { String(cString: sqlite3_errmsg(db)) }

    /// A prepared statement with its parameters bound.
    private func prepare(_ db: OpaquePointer, _ sql: String, _ parameters: [SQLParameter]) throws -> OpaquePointer {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw SQLEngineError("sqlite: " + message(db))
        }
        let expected = Int(sqlite3_bind_parameter_count(stmt))
        guard expected == parameters.count else {
            sqlite3_finalize(stmt)
            throw SQLEngineError("sqlite: the statement has \(expected) parameter\(expected == 1 ? "" : "s") (?), \(parameters.count) given")
        }
        for (i, p) in parameters.enumerated() {
            let rc = bind(stmt, Int32(i + 1), p)
            guard rc == SQLITE_OK else {
                sqlite3_finalize(stmt)
                throw SQLEngineError("sqlite: cannot bind parameter \(i + 1): " + message(db))
            }
        }
        return stmt
    }

    private func bind(_ stmt: OpaquePointer, _ i: Int32, _ p: SQLParameter) -> Int32 {
        switch p {
        case .null: return sqlite3_bind_null(stmt, i)
        case .bool(let b): return sqlite3_bind_int64(stmt, i, b ? 1 : 0)
        case .int(let v): return sqlite3_bind_int64(stmt, i, v)
        case .float(let v): return v.isNaN ? sqlite3_bind_null(stmt, i) : sqlite3_bind_double(stmt, i, v)
        case .string(let s): return sqlite3_bind_text(stmt, i, s, -1, sift_sqlite_transient())
        case .date(let d): return sqlite3_bind_text(stmt, i, Temporal.formatDate(d), -1, sift_sqlite_transient())
        case .datetime(let t): return sqlite3_bind_text(stmt, i, Temporal.formatDateTime(t), -1, sift_sqlite_transient())
        }
    }

    public func query(_ sql: String, parameters: [SQLParameter]) throws -> Frame {
        lock.lock(); defer { lock.unlock() }
        let db = try handle()
        let stmt = try prepare(db, sql, parameters)
        defer { sqlite3_finalize(stmt) }
        let n = Int(sqlite3_column_count(stmt))
        var names: [String] = []
        var declared: [DataType?] = []
        for c in 0..<Int32(n) {
            names.append(sqlite3_column_name(stmt, c).map { String(cString: $0) } ?? "column\(c + 1)")
            declared.append(sqlite3_column_decltype(stmt, c).map { Self.type(declared: String(cString: $0)) } ?? nil)
        }
        var cells = [[Scalar]](repeating: [], count: n)
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw SQLEngineError("sqlite: " + message(db)) }
            for c in 0..<n { cells[c].append(Self.scalar(stmt, Int32(c), declared[c])) }
        }
        var columns: [Column] = []
        var seen: [String: Int] = [:]
        for c in 0..<n {
            var name = names[c]
            if let k = seen[name] { seen[name] = k + 1; name += "_\(k + 1)" } else { seen[name] = 1 }
            columns.append(Column.from(scalars: cells[c], name: name, type: declared[c] ?? Self.inferred(cells[c])))
        }
        return try Frame(columns: columns)
    }

    /// The column type a declared SQLite type maps to (SQLite's affinity rules, plus the
    /// DATE/DATETIME/BOOLEAN convention above).
    static func type(declared: String) -> DataType? {
        let t = declared.uppercased()
        if t.contains("DATETIME") || t.contains("TIMESTAMP") { return .datetime }
        if t.contains("DATE") { return .date }
        if t.contains("BOOL") { return .bool }
        if t.contains("INT") { return .int }
        if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") { return .string }
        if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") || t.contains("NUMERIC") || t.contains("DECIMAL") { return .float }
        return nil
    }

    /// A computed column's type from its values: int when every value is an integer, float when
    /// numbers mix, text otherwise (and text when every value is null).
    static func inferred(_ cells: [Scalar]) -> DataType {
        var type: DataType? = nil
        for s in cells {
            switch s {
            case .null: continue
            case .int: if type == nil { type = .int }
            case .float: if type == nil || type == .int { type = .float }
            default: return .string
            }
        }
        return type ?? .string
    }

    static func scalar(_ stmt: OpaquePointer, _ c: Int32, _ declared: DataType?) -> Scalar {
        let kind = sqlite3_column_type(stmt, c)
        if kind == SQLITE_NULL { return .null }
        func text() -> String { sqlite3_column_text(stmt, c).map { String(cString: $0) } ?? "" }
        switch declared {
        case .bool?:
            return kind == SQLITE_TEXT ? .string(text()) : .bool(sqlite3_column_double(stmt, c) != 0)
        case .date?:
            if kind == SQLITE_TEXT, let d = Temporal.parseDate(text()) { return .date(d) }
            return kind == SQLITE_TEXT ? .string(text()) : .null
        case .datetime?:
            if kind == SQLITE_TEXT {
                let t = text()
                if let v = Temporal.parseDateTime(t) { return .datetime(v) }
                if let d = Temporal.parseDate(t) { return .datetime(Int64(d) * Temporal.microsPerDay) }
                return .string(t)
            }
            return .null
        default: break
        }
        switch kind {
        case SQLITE_INTEGER:
            let v = sqlite3_column_int64(stmt, c)
            return declared == .float ? .float(Double(v)) : .int(v)
        case SQLITE_FLOAT:
            let v = sqlite3_column_double(stmt, c)
            return v.isNaN ? .null : .float(v)
        case SQLITE_TEXT:
            return .string(text())
        default:
            // A BLOB: shown as its length, since Sift has no binary type.
            return .string("<blob \(sqlite3_column_bytes(stmt, c)) bytes>")
        }
    }

    public func execute(_ sql: String, parameters: [SQLParameter]) throws {
        lock.lock(); defer { lock.unlock() }
        let db = try handle()
        try run(db, sql, parameters)
    }

    private func run(_ db: OpaquePointer, _ sql: String, _ parameters: [SQLParameter]) throws {
        let stmt = try prepare(db, sql, parameters)
        defer { sqlite3_finalize(stmt) }
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw SQLEngineError("sqlite: " + message(db)) }
        }
    }

    /// The declared column type for a Sift column (see the storage convention above).
    static func declaredType(_ t: DataType) -> String {
        switch t {
        case .int: return "INTEGER"
        case .float: return "REAL"
        case .bool: return "BOOLEAN"
        case .string, .list: return "TEXT"
        case .date: return "DATE"
        case .datetime: return "DATETIME"
        }
    }

    public func writeTable(_ frame: Frame, name: String, mode: WriteMode) throws {
        lock.lock(); defer { lock.unlock() }
        let db = try handle()
        let q = dialect.quote(identifier: name)
        for c in frame.columns where c.type == .list {
            throw SQLEngineError("write_table: column '\(c.name)' holds lists, which sqlite cannot store; explode() or concat_str() it first")
        }
        try run(db, "BEGIN IMMEDIATE", [])
        do {
            let exists = try tableExists(db, name)
            switch mode {
            case .create where exists:
                throw SQLEngineError("write_table: table '\(name)' already exists; use mode: \"append\" or \"replace\"")
            case .replace where exists:
                try run(db, "DROP TABLE \(q)", [])
            default: break
            }
            if !exists || mode == .replace {
                let cols = frame.columns.map { dialect.quote(identifier: $0.name) + " " + Self.declaredType($0.type) }
                try run(db, "CREATE TABLE \(q) (" + cols.joined(separator: ", ") + ")", [])
            }
            if frame.columnCount > 0 {
                let names = frame.columns.map { dialect.quote(identifier: $0.name) }.joined(separator: ", ")
                let marks = Array(repeating: "?", count: frame.columnCount).joined(separator: ", ")
                var stmt: OpaquePointer?
                guard sqlite3_prepare_v2(db, "INSERT INTO \(q) (\(names)) VALUES (\(marks))", -1, &stmt, nil) == SQLITE_OK, let stmt else {
                    throw SQLEngineError("write_table: " + message(db))
                }
                defer { sqlite3_finalize(stmt) }
                for row in 0..<frame.rowCount {
                    if row & 0xFFF == 0 { try Cancellation.check() }
                    sqlite3_reset(stmt)
                    for (i, c) in frame.columns.enumerated() {
                        _ = bind(stmt, Int32(i + 1), SQLParameter(c[row]))
                    }
                    guard sqlite3_step(stmt) == SQLITE_DONE else { throw SQLEngineError("write_table: " + message(db)) }
                }
            }
            try run(db, "COMMIT", [])
        } catch {
            try? run(db, "ROLLBACK", [])
            throw error
        }
    }

    private func tableExists(_ db: OpaquePointer, _ name: String) throws -> Bool {
        let stmt = try prepare(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", [.string(name)])
        defer { sqlite3_finalize(stmt) }
        return sqlite3_step(stmt) == SQLITE_ROW
    }

    public func explainQuery(_ sql: String) throws -> String {
        let plan = try query("EXPLAIN QUERY PLAN " + sql, parameters: [])
        guard let detail = try? plan.column("detail"), let ids = try? plan.column("id"), let parents = try? plan.column("parent") else {
            return ""
        }
        // The rows form a tree by (id, parent); indent each by its depth.
        var depth: [Int64: Int] = [0: -1]
        var lines: [String] = []
        for r in 0..<plan.rowCount {
            guard case .int(let id) = ids[r], case .int(let parent) = parents[r] else { continue }
            let d = (depth[parent] ?? -1) + 1
            depth[id] = d
            lines.append(String(repeating: "  ", count: d) + ScalarFormat.plain(detail[r]))
        }
        return lines.joined(separator: "\n")
    }
}
