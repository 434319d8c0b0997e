import SiftPostgres
import SiftSQL

/// The SQL drivers linked into the runtime, registered with `SQLEngineRegistry` by URL scheme.
///
/// Why here and not in each driver: the registry lives in SiftSQL, which knows no driver; the
/// runtime is the first layer that links them, and every session goes through it. Spark Connect
/// is registered by the executables instead (it pulls in gRPC).
enum RegisterDrivers {
    /// Runs the registrations once per process, however many sessions are created.
    static let once: Void = {
        PostgresEngine.register()
    }()
}
