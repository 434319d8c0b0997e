import CSiftHTTP
#if canImport(Glibc)
import Glibc
#endif
import SiftFrame

/// Fetches `http://` and `https://` inputs with Debian's libcurl (a well-kept client with TLS,
/// redirects and timeouts) through a small C shim, instead of async-http-client and SwiftNIO: a
/// reader needs one blocking GET, and the NIO stack would add minutes to every clean build.
public enum HTTPFetch {
    /// Seconds to wait for a connection, and for the whole transfer.
    /// SIFT_HTTP_TIMEOUT (seconds) overrides the total; tests use it to check the timeout.
    public nonisolated(unsafe) static var connectTimeout = 15
    public nonisolated(unsafe) static var totalTimeout: Int = {
        if let v = getenv("SIFT_HTTP_TIMEOUT"), let n = Int(String(cString: v)), n > 0 { return n }
        return 300
    }()

    public static func isURL(_ path: String) -> Bool {
        let lower = path.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// The body of a successful (2xx) GET; any other status is an error naming it.
    public static func get(_ url: String, limit: Int = Codec.maxOutput) throws -> [UInt8] {
        var body: UnsafeMutablePointer<UInt8>? = nil
        var n = 0
        var status = 0
        var message = [CChar](repeating: 0, count: 512)
        let rc = csift_http_get(url, connectTimeout, totalTimeout, limit, &body, &n, &status, &message, message.count) {
            Cancellation.isRequested ? 1 : 0
        }
        defer { csift_http_free(body) }
        switch rc {
        case 0: break
        case 1: throw FrameError("\(url): the download is larger than \(limit >> 20) MB", isIO: true)
        case 2: throw FrameError("\(url): download interrupted", isIO: true)
        default:
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let timedOut = rc == 100 + 28
            throw FrameError("cannot fetch \(url): \(text)", hint: timedOut ? "no answer within \(totalTimeout) s (connection \(connectTimeout) s)" : "check the address and the network", isIO: true)
        }
        guard (200..<300).contains(status) else {
            throw FrameError("cannot fetch \(url): HTTP \(status) \(reason(status))", hint: status == 404 ? "check the address" : status == 401 || status == 403 ? "the server refuses access; the link may need a token" : nil, isIO: true)
        }
        guard let body, n > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: body, count: n))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 408: return "Request Timeout"
        case 410: return "Gone"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return status >= 500 ? "(server error)" : status >= 400 ? "(client error)" : ""
        }
    }
}
