import Foundation

/// The connection file Jupyter writes for a kernel: where to bind each socket and the signing key.
public struct ConnectionInfo {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    public var key: String
    public var signatureScheme: String

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public static func read(path: String) throws -> ConnectionInfo {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(description: "cannot read the connection file \(path)")
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String = "<connection>") throws -> ConnectionInfo {
        guard let obj = try? JSONSerialization.jsonObject(with: data), let json = obj as? [String: Any] else {
            throw Invalid(description: "\(path): the connection file is not a JSON object")
        }
        func port(_ name: String) throws -> Int {
            guard let n = json[name] as? Int, n >= 0, n <= 65535 else {
                throw Invalid(description: "\(path): \(name) is missing or not a port number")
            }
            return n
        }
        let scheme = json["signature_scheme"] as? String ?? "hmac-sha256"
        guard scheme == "hmac-sha256" else {
            throw Invalid(description: "\(path): signature scheme \(scheme) is not supported (only hmac-sha256)")
        }
        let transport = json["transport"] as? String ?? "tcp"
        guard transport == "tcp" || transport == "ipc" else {
            throw Invalid(description: "\(path): transport \(transport) is not supported (tcp or ipc)")
        }
        return ConnectionInfo(transport: transport, ip: json["ip"] as? String ?? "127.0.0.1",
                              shellPort: try port("shell_port"), iopubPort: try port("iopub_port"), stdinPort: try port("stdin_port"),
                              controlPort: try port("control_port"), hbPort: try port("hb_port"),
                              key: json["key"] as? String ?? "", signatureScheme: scheme)
    }

    /// `tcp://127.0.0.1:5555`, or `ipc://path-5555` (Jupyter's ipc naming).
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}
