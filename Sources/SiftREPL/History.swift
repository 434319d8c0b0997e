#if canImport(Glibc)
import Glibc
#endif

/// Where the REPL keeps its history and how much of it: `$XDG_STATE_HOME/sift/history`
/// (default `~/.local/state/sift/history`), at most `SIFT_HISTORY_SIZE` entries (default 10,000).
public struct HistoryPolicy {
    public var path: String?
    public var capacity: Int

    public init(environment: [String: String] = HistoryPolicy.environment()) {
        // Clamped to what libedit's stifle_history(int) takes, so a huge value cannot trap.
        capacity = environment["SIFT_HISTORY_SIZE"].flatMap(Int.init).map { min(max(1, $0), Int(Int32.max)) } ?? 10_000
        if let file = environment["SIFT_HISTORY_FILE"], !file.isEmpty {
            path = file
        } else if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            // The XDG spec: a relative (or empty) XDG_STATE_HOME is invalid and ignored.
            path = state + "/sift/history"
        } else if let home = environment["HOME"], !home.isEmpty {
            path = home + "/.local/state/sift/history"
        } else {
            path = nil
        }
    }

    public static func environment() -> [String: String] {
        var env: [String: String] = [:]
        for key in ["SIFT_HISTORY_SIZE", "SIFT_HISTORY_FILE", "XDG_STATE_HOME", "HOME"] {
            if let v = getenv(key) { env[key] = String(cString: v) }
        }
        return env
    }

    /// Creates the folder of the history file (like `mkdir -p`).
    public func prepare() {
        guard let path, let slash = path.lastIndex(of: "/") else { return }
        let dir = String(path[..<slash])
        var current = dir.hasPrefix("/") ? "" : "."
        for part in dir.split(separator: "/") {
            current += "/" + part
            mkdir(current, 0o700)
        }
    }
}
