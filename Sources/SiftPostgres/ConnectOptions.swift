import Foundation
import SiftSQL

/// The named options of `connect(...)` turned into libpq connection keywords.
///
/// Why a translation: `connect` offers one set of options for every engine (`tls:`, `user:`,
/// `password_env:`, `token:`), while libpq rejects keywords it does not know. `password_env:`
/// names an environment variable so the password itself never appears in a script or notebook;
/// its value is read here and handed to libpq only. Other keys pass through as libpq keywords
/// (`sslmode`, `connect_timeout`, `application_name`, …).
enum ConnectOptions {
    /// libpq keywords and values, plus the secrets they carry (for scrubbing messages).
    static func keywords(_ options: [String: String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (settings: [String: String], secrets: [String]) {
        var settings: [String: String] = [:]
        var secrets: [String] = []
        for (key, value) in options {
            switch key {
            case "tls":
                settings["sslmode"] = value == "true" ? "require" : "disable"
            case "password_env":
                guard let password = environment[value], !password.isEmpty else {
                    throw SQLEngineError("connect: password_env: the environment variable \(value) is not set")
                }
                settings["password"] = password
                secrets.append(password)
            case "token":
                throw SQLEngineError("connect: token: is for Spark Connect; PostgreSQL reads the password from PGPASSWORD, password_env: or ~/.pgpass")
            case "password":
                settings["password"] = value
                secrets.append(value)
            default:
                settings[key] = value
            }
        }
        if let env = environment["PGPASSWORD"], !env.isEmpty { secrets.append(env) }
        settings["connect_timeout"] = settings["connect_timeout"] ?? "10"
        settings["application_name"] = settings["application_name"] ?? "sift"
        settings["client_encoding"] = "UTF8"
        return (settings, secrets)
    }
}
