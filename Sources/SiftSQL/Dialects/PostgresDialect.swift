/// PostgreSQL 15.
public struct PostgresDialect: SQLDialect {
    public init() {}
    public var name: String { "postgres" }
    public func quote(identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
