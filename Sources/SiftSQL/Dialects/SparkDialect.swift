/// Spark SQL 4 (and Sail, which accepts a slightly smaller dialect).
public struct SparkDialect: SQLDialect {
    public init() {}
    public var name: String { "spark" }
    public func quote(identifier: String) -> String {
        "`" + identifier.replacingOccurrences(of: "`", with: "``") + "`"
    }
}
