import SiftFrame
import SiftLanguage
import SiftSQL

/// `connect`, `table`, `collect`, `sql`, `write_table`: pipelines that run where the data lives.
/// Verbs on a remote frame compile to SQL (`RemotePlanning`); a local function given a remote
/// frame collects it up to `remote.collect_rows` rows.
extension Session {
    func registerRemote() {
        _ = SQLDrivers.registered
        let I = interpreter
        I.define("connect", "connect(url: string, *, token?: string, tls?: bool, user?: string, password_env?: string)",
                 "Opens a database or engine: \"sqlite:path.db\" (or \"sqlite::memory:\"), \"postgres://user@host:port/db\" (the password from PGPASSWORD, password_env: or ~/.pgpass, never printed), \"sc://host:port\" (Spark Connect; token: and tls: for real clusters). table(conn, name) then gives a remote frame.",
                 example: "conn = connect(\"sqlite:shop.db\")", category: "databases") { ctx in
            let url = try ctx.string(ctx.value(0), "the URL", at: ctx.span(of: 0))
            var options: [String: String] = [:]
            for key in ["token", "user", "password_env"] {
                if let v = try ctx.optional(key) { options[key] = try ctx.string(v, key, at: ctx.span(ofNamed: key)) }
            }
            if let v = try ctx.optional("tls") { options["tls"] = try ctx.bool(v, "tls") ? "true" : "false" }
            do {
                return .object(RemoteConnection(engine: try SQLEngineRegistry.open(url, options: options)))
            } catch let e as SQLEngineError {
                throw ctx.error(e.message, hint: "schemes: " + SQLEngineRegistry.schemes.map { $0 + ":" }.joined(separator: ", "))
            }
        }
        I.define("table", "table(connection, name: string)",
                 "A remote frame over a table (or view) of a connection: nothing is read; verbs on it run in the engine, print shows the first rows and the row count, collect() brings it home.",
                 example: "orders = table(conn, \"orders\")", category: "databases") { [unowned self] ctx in
            let conn = try Self.connection(ctx.value(0), ctx)
            let name = try ctx.string(ctx.value(1), "the table name", at: ctx.span(of: 1))
            let engine = conn.engine
            let probe = "SELECT * FROM \(engine.dialect.quote(identifier: name)) LIMIT 0"
            let empty = try ctx.at(ctx.span(of: 1)) { try Self.engineCall { try engine.query(probe, parameters: []) } }
            var seen = Set<String>()
            for n in empty.names where !seen.insert(n).inserted {
                throw ctx.error("table '\(name)' has two columns named '\(n)'", at: ctx.span(of: 1))
            }
            let columns = empty.columns.map { SQLColumn(name: $0.name, type: $0.type) }
            return .object(RemoteFrame(connection: conn, relation: .table(name, columns: columns, dialect: engine.dialect), session: self))
        }
        I.define("collect", "collect(frame)",
                 "Runs a remote frame's pipeline in its engine and brings the rows home as a local frame (a local frame comes back as it is).",
                 example: "by_region = orders |> group_by(region) |> summarize(n = count()) |> collect()", category: "databases") { ctx in
            let v = try ctx.value(0)
            switch v {
            case .frame, .grouped: return v
            case .object(let o as RemoteFrame): return try ctx.at(ctx.span) { try Self.engineCall { try o.collect() } }
            default: throw ctx.error("collect() needs a remote frame, got \(withArticle(v.typeName))")
            }
        }
        I.define("sql", "sql(connection, query: string, *, params: list = [])",
                 "Runs SQL text in the engine now and returns its rows as a local frame. Values go in params: and are bound to the engine's placeholders (? for sqlite, $1 $2 … for postgres), never pasted into the text.",
                 example: "sql(conn, \"select * from orders where region = ?\", params: [\"North\"])", category: "databases") { ctx in
            let conn = try Self.connection(ctx.value(0), ctx)
            let query = try ctx.string(ctx.value(1), "the query", at: ctx.span(of: 1))
            var parameters: [SQLParameter] = []
            if let p = try ctx.optional("params") {
                guard case .list(let items) = p else { throw ctx.error("params: must be a list of values", at: ctx.span(ofNamed: "params")) }
                for item in items {
                    guard let s = item.scalar else {
                        throw ctx.error("params: holds \(withArticle(item.typeName)); only plain values can be bound", at: ctx.span(ofNamed: "params"))
                    }
                    parameters.append(SQLParameter(s))
                }
            }
            return .frame(try ctx.at(ctx.span(of: 1)) { try Self.engineCall { try conn.engine.query(query, parameters: parameters) } })
        }
        I.define("write_table", "write_table(frame: frame, connection, name: string, *, mode: string = \"create\")",
                 "Uploads a frame as a table of the connection: mode \"create\" (fails when it exists), \"append\" (adds rows, creating it when missing) or \"replace\" (drops it first). One transaction; COPY for postgres, Arrow batches for Spark.",
                 example: "write_table(customers, conn, \"customers\", mode: \"replace\")", category: "databases") { ctx in
            let frame = try ctx.frame(0)
            let conn = try Self.connection(ctx.value(1), ctx, position: 1)
            let name = try ctx.string(ctx.value(2), "the table name", at: ctx.span(of: 2))
            guard !name.isEmpty else { throw ctx.error("the table name is empty", at: ctx.span(of: 2)) }
            let modeText = try ctx.string(try ctx.optional("mode") ?? .string("create"), "mode", at: ctx.span(ofNamed: "mode"))
            guard let mode = WriteMode(rawValue: modeText) else {
                throw ctx.error("unknown mode \"\(modeText)\"", hint: "mode: \"create\", \"append\" or \"replace\"", at: ctx.span(ofNamed: "mode"))
            }
            try ctx.at(ctx.span) { try Self.engineCall { try conn.engine.writeTable(frame, name: name, mode: mode) } }
            return .null
        }
        RemotePlanning.install(in: self)
    }

    static func connection(_ v: Value, _ ctx: CallContext, position: Int = 0) throws -> RemoteConnection {
        switch v {
        case .object(let c as RemoteConnection): return c
        case .object(let f as RemoteFrame): return f.connection
        default:
            throw ctx.error("\(ctx.name)() needs a connection, got \(withArticle(v.typeName))", hint: "conn = connect(\"sqlite:shop.db\")", at: ctx.span(of: position))
        }
    }

    /// Runs an engine call, turning its errors into the interpreter's (one line, at the call).
    static func engineCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SQLEngineError {
            throw FrameError(e.message)
        }
    }
}
