import SiftFrame
import SiftLanguage
import SiftRender
import SiftSQL

/// A frame that lives in a database: a connection and a compiled relation (SQL plus the
/// promised row order and pending groups). Nothing runs until it is printed (`LIMIT n` and
/// `count(*)`), collected, or handed to a local function (collected up to
/// `remote.collect_rows`). Verbs on it build new remote frames (see `RemotePlanning`).
final class RemoteFrame: SiftObject {
    let connection: RemoteConnection
    let relation: SQLRelation
    weak var session: Session?

    init(connection: RemoteConnection, relation: SQLRelation, session: Session?) {
        self.connection = connection
        self.relation = relation
        self.session = session
    }

    var engine: any SQLEngine { connection.engine }
    var dialect: any SQLDialect { engine.dialect }
    var typeName: String { "remote frame" }
    var summaryLine: String { "remote frame on \(engine.displayName): \(relation.columns.count) columns" }

    /// The query that gives this frame's rows, in order.
    var sql: String { relation.finalSQL(dialect) }

    /// Rows in the engine (`SELECT COUNT(*)`).
    func count() throws -> Int {
        let f = try engine.query("SELECT COUNT(*) AS \(dialect.quote(identifier: "n")) FROM (\(relation.sql)) AS \(dialect.quote(identifier: "sift_count"))", parameters: [])
        guard f.columnCount == 1, f.rowCount == 1 else { throw SQLEngineError("the engine gave no row count") }
        switch f.columns[0][0] {
        case .int(let n): return Int(n)
        case .float(let d) where d.isFinite: return Int(d)
        default: throw SQLEngineError("the engine gave no row count")
        }
    }

    /// The first `n` rows, in order.
    func head(_ n: Int) throws -> Frame {
        let visible = relation.columns.map { dialect.quote(identifier: $0.name) }.joined(separator: ", ")
        let alias = dialect.quote(identifier: "sift_head")
        let order = relation.order.isEmpty ? "" : " ORDER BY " + relation.orderBy(dialect, qualifier: alias)
        let sql = "SELECT \(visible.isEmpty ? "*" : visible) FROM (\(relation.sql)) AS \(alias)\(order) LIMIT \(n)"
        return try ResultConformance.conform(engine.query(sql, parameters: []), to: relation.columns)
    }

    /// Every row, brought home.
    func collect() throws -> Value {
        let frame = try ResultConformance.conform(engine.query(sql, parameters: []), to: relation.columns)
        if let keys = relation.groupKeys { return .grouped(GroupedFrame(frame: frame, keys: keys)) }
        return .frame(frame)
    }

    func render(width: Int) -> String {
        var display = session?.display ?? ValueDisplay()
        display.width = width
        do {
            let total = try count()
            let rows = try head(display.maxRows)
            var out = display.table(rows)
            if !out.hasSuffix("\n") { out += "\n" }
            let groups = relation.groupKeys.map { " · grouped by " + $0.joined(separator: ", ") } ?? ""
            out += "remote frame on \(engine.displayName): \(CellText.grouped(total)) rows\(groups) (first \(min(total, display.maxRows)) shown; collect() brings it home)"
            return out
        } catch {
            return "remote frame on \(engine.displayName) (could not be shown: \(error))"
        }
    }

    func member(_ name: String) -> Value? {
        switch name {
        case "sql": return .string(sql)
        case "columns": return .list(relation.columns.map { .string($0.name) })
        case "connection": return .object(connection)
        default: return nil
        }
    }
}
