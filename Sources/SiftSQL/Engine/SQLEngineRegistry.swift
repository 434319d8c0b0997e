import Foundation

/// Opens connections by URL scheme (`postgres`, `sqlite`, `sc`).
///
/// Why a registry: the Spark Connect driver pulls in gRPC and lives in its own target that only
/// the executables link; they register it at start, so `connect("sc://…")` works in `sift` while
/// the core library and its tests build without gRPC. Light drivers register themselves the same way.
public enum SQLEngineRegistry {
    /// Opens a connection from the URL as written and the named options of `connect(...)`
    /// (`token`, `tls`, …) as strings.
    public typealias Opener = @Sendable (_ url: String, _ options: [String: String]) throws -> any SQLEngine

    private static let lock = NSLock()
    nonisolated(unsafe) private static var openers: [String: Opener] = [:]

    /// Registers the opener for `scheme` (without `:` or `//`); a later registration replaces it.
    public static func register(scheme: String, _ opener: @escaping Opener) {
        lock.lock(); defer { lock.unlock() }
        openers[scheme.lowercased()] = opener
    }

    /// The schemes that can be opened, sorted, for error messages and help.
    public static var schemes: [String] {
        lock.lock(); defer { lock.unlock() }
        return openers.keys.sorted()
    }

    /// Opens `url` with the driver registered for its scheme.
    public static func open(_ url: String, options: [String: String] = [:]) throws -> any SQLEngine {
        guard let colon = url.firstIndex(of: ":") else {
            throw SQLEngineError("connect: '\(url)' has no scheme; write postgres://user@host:port/db, sqlite:path.db or sc://host:port")
        }
        let scheme = url[..<colon].lowercased()
        lock.lock()
        let opener = openers[scheme]
        lock.unlock()
        guard let opener else {
            let known = schemes.map { $0 + ":" }.joined(separator: ", ")
            throw SQLEngineError("connect: no driver for '\(scheme):' (known: \(known.isEmpty ? "none" : known))")
        }
        return try opener(url, options)
    }
}
