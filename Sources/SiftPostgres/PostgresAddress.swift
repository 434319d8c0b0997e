import Foundation
import SiftSQL

/// A `postgres://` / `postgresql://` URL split into what libpq is given and what Sift may show.
///
/// Why not parse the URL ourselves into host/port/user: libpq already understands every form
/// (`?sslmode=…`, several hosts, Unix sockets, percent-encoding), so the URL goes to it as written.
/// Sift only needs two derived facts: a display form without any password, and the secrets to
/// scrub from error text, because a password must never reach the screen, a log or a notebook.
struct PostgresAddress {
    /// The URL exactly as the user wrote it (libpq parses it).
    let url: String
    /// `scheme://user@host:port/db?opts` with the password and any `password=` option removed.
    let display: String
    /// Strings that must never appear in output (the URL's password, raw and percent-decoded).
    let secrets: [String]

    init(_ url: String) throws {
        let lower = url.lowercased()
        guard let schemeEnd = url.range(of: "://"),
              lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") else {
            throw SQLEngineErrorText.make("connect: '\(PostgresAddress.redactedGuess(url))' is not a PostgreSQL URL; write postgres://user@host:port/db")
        }
        self.url = url
        let scheme = String(url[..<schemeEnd.lowerBound])
        var rest = String(url[schemeEnd.upperBound...])
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = String(rest[..<q])
        }
        var secrets: [String] = []
        // userinfo ends at the last '@' before the path ('@' may appear percent-encoded only).
        let pathStart = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = String(rest[..<pathStart])
        let path = String(rest[pathStart...])
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            let hostport = authority[authority.index(after: at)...]
            var user = String(userinfo)
            if let colon = userinfo.firstIndex(of: ":") {
                user = String(userinfo[..<colon])
                let password = String(userinfo[userinfo.index(after: colon)...])
                if !password.isEmpty {
                    secrets.append(password)
                    if let decoded = password.removingPercentEncoding, decoded != password { secrets.append(decoded) }
                }
            }
            authority = user.isEmpty ? String(hostport) : user + "@" + hostport
        }
        var kept: [String] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let key = pair.split(separator: "=", maxSplits: 1).first.map(String.init)?.lowercased() ?? ""
            if key == "password" {
                if let value = pair.split(separator: "=", maxSplits: 1).dropFirst().first, !value.isEmpty {
                    secrets.append(String(value))
                    if let decoded = String(value).removingPercentEncoding, decoded != String(value) { secrets.append(decoded) }
                }
            } else {
                kept.append(String(pair))
            }
        }
        self.display = scheme + "://" + authority + path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        self.secrets = secrets
    }

    /// For a URL we could not parse: everything up to '@' hidden, since it may hold a password.
    static func redactedGuess(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@") else { return url }
        if let s = url.range(of: "://"), s.upperBound <= at {
            return String(url[..<s.upperBound]) + "…" + String(url[at...])
        }
        return "…" + String(url[at...])
    }
}
