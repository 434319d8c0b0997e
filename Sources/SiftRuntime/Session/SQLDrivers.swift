import SiftPostgres
import SiftSQL

/// The SQL drivers the core links, one registration line each (Spark Connect needs gRPC and is
/// registered by the executables instead; see `SQLEngineRegistry`).
enum SQLDrivers {
    static let registered: Void = {
        PostgresEngine.register()   // postgres: and postgresql:
    }()
}
