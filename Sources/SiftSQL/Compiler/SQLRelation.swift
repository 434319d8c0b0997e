import SiftFrame

/// A column of a compiled query with the Sift type its values will have once fetched.
public struct SQLColumn: Equatable, Sendable {
    public var name: String
    public var type: DataType
    public init(name: String, type: DataType) {
        self.name = name
        self.type = type
    }
}

/// One step of ordering carried by a relation: a hidden column holding the key's value, its
/// direction and type. Why hidden copies: SQL keeps no row order between sub-selects, so the
/// order Sift promises (after `sort`, after `summarize` by keys) travels as columns until the
/// outermost `ORDER BY`, even when a later step drops or overwrites the key column.
public struct SQLOrderTerm: Equatable, Sendable {
    public var column: String
    public var descending: Bool
    public var type: DataType
}

/// A compiled pipeline (or a table): a SELECT producing the visible columns followed by the
/// hidden order columns, the row order as hidden terms, and the pending `group_by` keys.
/// A remote frame holds one of these, so a chain continued in a later statement keeps its order.
public struct SQLRelation: Sendable {
    /// A complete SELECT statement (without a trailing semicolon).
    public var sql: String
    public var columns: [SQLColumn]
    public var order: [SQLOrderTerm]
    public var groupKeys: [String]?

    public init(sql: String, columns: [SQLColumn], order: [SQLOrderTerm] = [], groupKeys: [String]? = nil) {
        self.sql = sql
        self.columns = columns
        self.order = order
        self.groupKeys = groupKeys
    }

    /// A table of the engine as a relation.
    public static func table(_ name: String, columns: [SQLColumn], dialect: any SQLDialect) -> SQLRelation {
        let list = columns.map { dialect.quote(identifier: $0.name) }.joined(separator: ", ")
        return SQLRelation(sql: "SELECT \(list.isEmpty ? "*" : list) FROM \(dialect.quote(identifier: name))", columns: columns)
    }

    public var names: [String] { columns.map(\.name) }
    public func type(of name: String) -> DataType? { columns.first { $0.name == name }?.type }

    /// The query to run: visible columns only, in the promised order.
    public func finalSQL(_ dialect: any SQLDialect) -> String {
        if order.isEmpty { return sql }
        let list = columns.map { dialect.quote(identifier: $0.name) }.joined(separator: ", ")
        return "SELECT \(list) FROM (\(sql)) AS \(dialect.quote(identifier: "sift_out")) ORDER BY " + orderBy(dialect, qualifier: nil)
    }

    /// `ORDER BY` terms over the hidden columns: nulls last in both directions, as Sift sorts.
    public func orderBy(_ dialect: any SQLDialect, qualifier: String?, reversed: Bool = false) -> String {
        order.map { t in
            let col = (qualifier.map { $0 + "." } ?? "") + dialect.quote(identifier: t.column)
            let collated = t.type == .string ? col + dialect.binaryCollation : col
            let desc = t.descending != reversed
            return collated + (desc ? " DESC" : " ASC") + (reversed ? " NULLS FIRST" : " NULLS LAST")
        }.joined(separator: ", ")
    }

    /// Every output column of `sql` (visible then hidden), quoted, for re-selecting.
    func allColumns(_ dialect: any SQLDialect, qualifier: String? = nil) -> [String] {
        let q = qualifier.map { $0 + "." } ?? ""
        return (columns.map(\.name) + order.map(\.column)).map { q + dialect.quote(identifier: $0) }
    }
}
