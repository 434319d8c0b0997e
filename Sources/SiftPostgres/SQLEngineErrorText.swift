import Foundation
import SiftSQL

/// Turns libpq's messages into the one-line, password-free errors Sift shows.
///
/// Why: libpq's messages span lines (`connection … failed: …\n\tIs the server running…`) and a
/// notebook or shell shows errors as one line; and although libpq does not echo passwords, a
/// server message may quote what it was given, so every known secret is replaced before any text
/// leaves the driver.
enum SQLEngineErrorText {
    static func make(_ message: String) -> SQLEngineError { SQLEngineError(message) }

    /// One line: lines trimmed and joined with "; ", secrets replaced by `***`.
    static func oneLine(_ text: String, secrets: [String]) -> String {
        var s = text
        for secret in secrets where !secret.isEmpty { s = s.replacingOccurrences(of: secret, with: "***") }
        let lines = s.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var joined = lines.joined(separator: "; ")
        if joined.hasPrefix("ERROR:") { joined = String(joined.dropFirst(6)).trimmingCharacters(in: .whitespaces) }
        return joined.isEmpty ? "unknown error" : joined
    }
}
