import SiftPostgres
import SiftSQL
import SiftSQLite

/// The SQL drivers the core links, one registration line each (Spark Connect needs gRPC and is
/// registered by the executables instead; see `SQLEngineRegistry`).
enum SQLDrivers {
    static let registered: Void = {
        SQLEngineRegistry.register(scheme: "sqlite") { url, options in try SQLiteEngine.open(url: url, options: options) }
        PostgresEngine.register()   // postgres: and postgresql:
    }()
}
