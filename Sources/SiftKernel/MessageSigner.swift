import CZeroMQ

/// The HMAC-SHA256 signature of Jupyter messages (hex, over header, parent header, metadata
/// and content), keyed with the connection file's `key` as raw UTF-8 bytes. An empty key means
/// an unsigned connection: the signature is empty and every message is accepted.
///
/// HMAC comes from libsodium (vetted, constant-time verify), already installed with
/// libzmq3-dev; swift-crypto would add over a minute of BoringSSL to a clean build.
struct MessageSigner: Sendable {
    let key: [UInt8]

    init(key: String) {
        self.key = Array(key.utf8)
        _ = sodium_init()
    }

    var isSigning: Bool { !key.isEmpty }

    func digest(_ parts: [[UInt8]]) -> [UInt8] {
        var state = crypto_auth_hmacsha256_state()
        var out = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        key.withUnsafeBufferPointer { k in _ = crypto_auth_hmacsha256_init(&state, k.baseAddress!, k.count) }
        for p in parts {
            p.withUnsafeBufferPointer { b in _ = crypto_auth_hmacsha256_update(&state, b.baseAddress, UInt64(b.count)) }
        }
        _ = crypto_auth_hmacsha256_final(&state, &out)
        return out
    }

    /// The hex signature to send (empty without a key).
    func sign(_ parts: [[UInt8]]) -> [UInt8] {
        guard isSigning else { return [] }
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest(parts) {
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 15)])
        }
        return out
    }

    /// Whether a received hex signature matches, compared in constant time.
    func verify(_ signature: [UInt8], _ parts: [[UInt8]]) -> Bool {
        guard isSigning else { return true }
        let expected = sign(parts)
        guard signature.count == expected.count else { return false }
        let lowered = signature.map { $0 >= 65 && $0 <= 70 ? $0 + 32 : $0 }
        return lowered.withUnsafeBufferPointer { a in
            expected.withUnsafeBufferPointer { b in sodium_memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
    }
}
