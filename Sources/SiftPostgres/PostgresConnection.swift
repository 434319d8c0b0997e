import CLibPQ
import Foundation
import SiftFrame
import SiftSQL

/// One libpq session, used from one thread at a time (a lock serialises callers).
///
/// Why the asynchronous libpq calls although the API blocks: a query is sent with
/// `PQsendQueryParams` and its results are awaited by polling the socket, so that a Ctrl-C or a
/// cell timeout (`Cancellation`) can send PostgreSQL a cancel request while the server works, and
/// rows arrive in single-row mode, so libpq never buffers a large result twice.
final class PostgresConnection {
    private var conn: OpaquePointer?
    private let lock = NSLock()
    let address: PostgresAddress
    private(set) var traffic = PostgresTraffic()
    private var secrets: [String]

    init(address: PostgresAddress, options: [String: String]) throws {
        self.address = address
        let (settings, optionSecrets) = try ConnectOptions.keywords(options)
        self.secrets = address.secrets + optionSecrets
        var keywords = ["dbname"]
        var values = [address.url]
        for key in settings.keys.sorted() {
            keywords.append(key)
            values.append(settings[key] ?? "")
        }
        try PostgresConnection.loadLibPQ()
        let c = PostgresConnection.connect(keywords: keywords, values: values)
        guard let c else { throw SQLEngineError("connect: \(address.display): out of memory") }
        guard PQstatus(c) == CONNECTION_OK else {
            let text = PQerrorMessage(c).map { String(cString: $0) } ?? ""
            PQfinish(c)
            throw SQLEngineError("connect: \(address.display): " + SQLEngineErrorText.oneLine(text, secrets: secrets))
        }
        // The password libpq used (from the URL, PGPASSWORD or ~/.pgpass) is a secret too.
        if let pw = PQpass(c).map({ String(cString: $0) }), !pw.isEmpty { self.secrets.append(pw) }
        conn = c
    }

    /// libpq is opened on the first connection, not linked (CLibPQ.h says why).
    private static func loadLibPQ() throws {
        var error = [CChar](repeating: 0, count: 512)
        guard csift_libpq_load(&error, error.count) == 0 else {
            throw SQLEngineError(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }

    private static func connect(keywords: [String], values: [String]) -> OpaquePointer? {
        let k = keywords.map { strdup($0) }
        let v = values.map { strdup($0) }
        defer { k.forEach { free($0) }; v.forEach { free($0) } }
        let kp: [UnsafePointer<CChar>?] = k.map { $0.map { UnsafePointer($0) } } + [nil]
        let vp: [UnsafePointer<CChar>?] = v.map { $0.map { UnsafePointer($0) } } + [nil]
        return PQconnectdbParams(kp, vp, 1)
    }

    deinit { if let conn { PQfinish(conn) } }

    func close() {
        lock.lock(); defer { lock.unlock() }
        if let conn { PQfinish(conn) }
        conn = nil
    }

    var currentTraffic: PostgresTraffic {
        lock.lock(); defer { lock.unlock() }
        return traffic
    }

    /// Runs one statement with bound parameters; returns its rows as a frame when `collect`,
    /// otherwise drains them. Only one statement: the extended protocol refuses `a; b`.
    func run(_ sql: String, parameters: [SQLParameter], collect: Bool) throws -> Frame {
        lock.lock(); defer { lock.unlock() }
        let conn = try open()
        let encoded = try ParameterEncoding(parameters)
        let sent = encoded.withCArrays { n, types, values, lengths, formats in
            PQsendQueryParams(conn, sql, n, types, values, lengths, formats, 1)
        }
        guard sent == 1 else { throw failure(conn) }
        if collect { PQsetSingleRowMode(conn) }
        traffic.queries += 1
        var assembler: ResultAssembler?
        var firstError: Error?
        var cancelSent = false
        while let result = try nextResult(conn, cancelSent: &cancelSent) {
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            guard firstError == nil else { continue }
            if status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK {
                guard collect else { continue }
                do {
                    if assembler == nil { assembler = try ResultAssembler(describing: result) }
                    try assembler?.append(result)
                } catch {
                    // Keep draining: the connection must reach the end of this query to be usable.
                    firstError = error
                    if !cancelSent { sendCancel(conn); cancelSent = true }
                }
            } else if status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR || status == PGRES_BAD_RESPONSE {
                firstError = resultError(result)
            } else if status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
                firstError = SQLEngineError("postgres: COPY cannot run through query(); use write_table to upload")
                PQputCopyEnd(conn, "not supported")
            }
        }
        if let a = assembler { traffic.rows += a.rows; traffic.bytes += a.bytes }
        if cancelSent, Cancellation.isRequested { try Cancellation.check() }
        if let firstError { throw firstError }
        guard collect, let assembler else { return .empty }
        return try assembler.frame()
    }

    /// Runs a simple-protocol command (BEGIN, COMMIT, COPY …) and returns its status.
    func simple(_ sql: String) throws -> OpaquePointer {
        let conn = try open()
        guard let result = PQexec(conn, sql) else { throw failure(conn) }
        let status = PQresultStatus(result)
        if status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR || status == PGRES_BAD_RESPONSE {
            let e = resultError(result)
            PQclear(result)
            throw e
        }
        return result
    }

    /// Holds the connection's lock while `body` runs several steps (a transaction).
    func locked<R>(_ body: (OpaquePointer) throws -> R) throws -> R {
        lock.lock(); defer { lock.unlock() }
        return try body(try open())
    }

    /// Waits for the next result, forwarding a cancellation request to the server once.
    private func nextResult(_ conn: OpaquePointer, cancelSent: inout Bool) throws -> OpaquePointer? {
        while PQisBusy(conn) != 0 {
            if !cancelSent, Cancellation.isRequested { sendCancel(conn); cancelSent = true }
            var fds = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, 100)
            if ready < 0, errno != EINTR { throw failure(conn) }
            if PQconsumeInput(conn) == 0 { throw failure(conn) }
        }
        return PQgetResult(conn)
    }

    private func sendCancel(_ conn: OpaquePointer) {
        guard let cancel = PQgetCancel(conn) else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
        PQfreeCancel(cancel)
    }

    private func open() throws -> OpaquePointer {
        guard let conn else { throw SQLEngineError("postgres: the connection to \(address.display) is closed") }
        if PQstatus(conn) != CONNECTION_OK {
            // The server restarted or the network dropped: one reconnect attempt.
            PQreset(conn)
            guard PQstatus(conn) == CONNECTION_OK else { throw failure(conn) }
        }
        return conn
    }

    func failure(_ conn: OpaquePointer) -> SQLEngineError {
        let text = PQerrorMessage(conn).map { String(cString: $0) } ?? ""
        return SQLEngineError("postgres: " + SQLEngineErrorText.oneLine(text, secrets: secrets))
    }

    /// The server's message, its hint, and the SQLSTATE code, on one line.
    func resultError(_ result: OpaquePointer) -> SQLEngineError {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let p = PQresultErrorField(result, Int32(ascii)) else { return nil }
            let s = String(cString: p)
            return s.isEmpty ? nil : s
        }
        var text: String
        if let primary = field("M") {
            text = primary
            if let detail = field("D") { text += " (\(detail))" }
            if let hint = field("H") { text += "; hint: \(hint)" }
            if let code = field("C") { text += " [\(code)]" }
        } else {
            text = PQresultErrorMessage(result).map { String(cString: $0) } ?? "unknown error"
        }
        return SQLEngineError("postgres: " + SQLEngineErrorText.oneLine(text, secrets: secrets))
    }
}
