import Foundation

/// One message of the Jupyter messaging protocol (5.3). On the wire: routing identities, the
/// `<IDS|MSG>` delimiter, the signature, then header, parent header, metadata and content as
/// JSON, then optional binary buffers.
struct JupyterMessage {
    var identities: [[UInt8]] = []
    var header: [String: Any]
    var parentHeader: [String: Any]
    var metadata: [String: Any] = [:]
    var content: [String: Any]
    var buffers: [[UInt8]] = []

    var type: String { header["msg_type"] as? String ?? "" }
    var id: String { header["msg_id"] as? String ?? "" }

    static let delimiter: [UInt8] = Array("<IDS|MSG>".utf8)
    static let protocolVersion = "5.3"

    enum DecodeError: Error { case noDelimiter, badSignature, badJSON }

    /// Parses received frames, checking the signature.
    static func decode(_ frames: [[UInt8]], signer: MessageSigner) throws -> JupyterMessage {
        guard let d = frames.firstIndex(of: delimiter), frames.count >= d + 6 else { throw DecodeError.noDelimiter }
        let parts = Array(frames[(d + 2)..<(d + 6)])
        guard signer.verify(frames[d + 1], parts) else { throw DecodeError.badSignature }
        func object(_ bytes: [UInt8]) throws -> [String: Any] {
            guard let o = try? JSONSerialization.jsonObject(with: Data(bytes)), let dict = o as? [String: Any] else { throw DecodeError.badJSON }
            return dict
        }
        return JupyterMessage(identities: Array(frames[..<d]), header: try object(parts[0]), parentHeader: try object(parts[1]),
                              metadata: try object(parts[2]), content: try object(parts[3]), buffers: Array(frames[(d + 6)...]))
    }

    /// The frames to send, signed.
    func encode(signer: MessageSigner) -> [[UInt8]] {
        let parts = [header, parentHeader, metadata, content].map(JSON.bytes)
        return identities + [Self.delimiter, signer.sign(parts)] + parts + buffers
    }

    /// A new message replying to (or published on behalf of) `parent`.
    static func make(_ type: String, content: [String: Any], parent: JupyterMessage?, session: String, identities: [[UInt8]] = []) -> JupyterMessage {
        let header: [String: Any] = [
            "msg_id": UUID().uuidString.lowercased(),
            "session": session,
            "username": "sift",
            "date": timestamp(),
            "msg_type": type,
            "version": protocolVersion,
        ]
        return JupyterMessage(identities: identities, header: header, parentHeader: parent?.header ?? [:], content: content)
    }

    /// ISO 8601 in UTC with microseconds, as jupyter_client writes it.
    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ n: Int32, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(tv.tv_usec), 6))Z"
    }
}

/// JSON through Foundation, with the few conveniences the kernel needs.
enum JSON {
    static func bytes(_ object: [String: Any]) -> [UInt8] {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return Array("{}".utf8) }
        return Array(data)
    }

    static func string(_ object: [String: Any]) -> String { String(decoding: bytes(object), as: UTF8.self) }
}
