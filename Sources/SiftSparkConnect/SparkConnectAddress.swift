import Foundation
import SiftSQL

/// Where and how to reach a Spark Connect server, parsed from Spark's own URL form
/// `sc://host:port/;token=…;use_ssl=true;user_id=…` plus the named options of `connect(...)`.
///
/// Why Spark's syntax: it is what Spark Connect services document and hand out (pyspark's
/// `SparkSession.builder.remote(...)` takes the same string), so a URL copied from a cluster's
/// console works unchanged. Options given to `connect` override the URL's.
public struct SparkConnectAddress: Equatable, Sendable {
    public var host: String
    public var port: Int
    /// Sent as `authorization: Bearer <token>` on every call; never shown.
    public var token: String?
    /// TLS with the system's trust roots. A token without `use_ssl` still goes in the clear only
    /// to loopback addresses; elsewhere a token turns TLS on, as pyspark does.
    public var useTLS: Bool
    public var userID: String

    /// Spark Connect's default port.
    public static let defaultPort = 15002

    public init(url: String, options: [String: String] = [:]) throws {
        guard url.lowercased().hasPrefix("sc://") else {
            throw SQLEngineError("connect: a Spark Connect address starts with sc:// (got '\(SparkConnectAddress.redacted(url))')")
        }
        var rest = Substring(url.dropFirst(5))
        var parameters: [String: String] = [:]
        if let semi = rest.firstIndex(of: ";") {
            for part in rest[rest.index(after: semi)...].split(separator: ";") where !part.isEmpty {
                let kv = part.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { throw SQLEngineError("connect: '\(part.prefix(40))' in the sc:// address is not key=value") }
                parameters[kv[0].lowercased()] = String(kv[1])
            }
            rest = rest[..<semi]
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/") else { throw SQLEngineError("connect: an sc:// address has no path (write sc://host:port/;option=value)") }
        for (k, v) in options { parameters[k.lowercased()] = v }
        let hostPort = String(rest)
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            host = String(hostPort[..<colon])
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
                throw SQLEngineError("connect: '\(hostPort[hostPort.index(after: colon)...])' is not a port number")
            }
            port = p
        } else {
            host = hostPort
            port = SparkConnectAddress.defaultPort
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw SQLEngineError("connect: the sc:// address has no host") }
        token = parameters["token"].flatMap { $0.isEmpty ? nil : $0 }
        let known: Set<String> = ["token", "use_ssl", "tls", "user_id", "user", "session_id", "user_agent"]
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw SQLEngineError("connect: unknown Spark Connect option '\(unknown)' (known: token, use_ssl or tls, user_id or user)")
        }
        let tlsText = (parameters["use_ssl"] ?? parameters["tls"])?.lowercased()
        switch tlsText {
        case nil: useTLS = token != nil && !SparkConnectAddress.isLoopback(host)
        case "true", "1", "yes": useTLS = true
        case "false", "0", "no": useTLS = false
        case let other?: throw SQLEngineError("connect: use_ssl must be true or false, not '\(other)'")
        }
        // `user` is connect()'s own name for it (shared with PostgreSQL).
        userID = parameters["user_id"] ?? parameters["user"] ?? "sift"
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1"
    }

    /// The address for display: scheme, host and port, never the token.
    public var displayName: String {
        "sc://\(host.contains(":") ? "[\(host)]" : host):\(port)" + (useTLS ? "/;use_ssl=true" : "")
    }

    /// A URL with any `token=` value masked, for error messages.
    static func redacted(_ url: String) -> String {
        guard let r = url.range(of: "token=", options: .caseInsensitive) else { return url }
        let end = url[r.upperBound...].firstIndex(of: ";") ?? url.endIndex
        return String(url[..<r.upperBound]) + "***" + String(url[end...])
    }
}
