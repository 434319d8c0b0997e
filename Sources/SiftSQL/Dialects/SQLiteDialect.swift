/// SQLite 3.40 (Debian 12's).
public struct SQLiteDialect: SQLDialect {
    public init() {}
    public var name: String { "sqlite" }
    public func quote(identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
