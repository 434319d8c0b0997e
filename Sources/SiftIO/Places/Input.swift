#if canImport(Glibc)
import Glibc
#endif
import SiftFrame

/// Where a reader's bytes come from, shared by every format: a local path, `"-"` for standard
/// input, or an `http://`/`https://` URL; and, whatever the place, `.gz` (gzip) and `.zst`
/// (zstd) compression undone transparently. Compression is recognised by its magic bytes, so a
/// gzip file without the suffix also reads, and a `.gz` file that is not gzip is an error that
/// says so.
public enum Input {
    public enum Compression: Equatable { case none, gzip, zstd }

    /// True when `path` is a plain local file a format may open and read in pieces (no
    /// decompression, no download): Parquet then reads only the byte ranges it needs.
    public static func isPlainLocalFile(_ path: String) -> Bool {
        guard path != "-", !HTTPFetch.isURL(path) else { return false }
        guard compressionBySuffix(path) == .none else { return false }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        var magic = [UInt8](repeating: 0, count: 4)
        let n = pread(fd, &magic, 4, 0)
        return compression(ofMagic: Array(magic.prefix(max(0, n)))) == .none
    }

    /// True when a local path is named `.gz`/`.zst`, or is a regular file starting with gzip or
    /// zstd magic bytes (special files are not probed: reading a FIFO would consume it).
    public static func isCompressedLocalFile(_ path: String) -> Bool {
        if compressionBySuffix(path) != .none { return true }
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        var magic = [UInt8](repeating: 0, count: 4)
        let n = pread(fd, &magic, 4, 0)
        return compression(ofMagic: Array(magic.prefix(max(0, n)))) != .none
    }

    /// The first `n` bytes of a regular local file (nil for anything else: special files are not
    /// probed, since reading a FIFO would consume it).
    public static func prefix(_ path: String, _ n: Int) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        var head = [UInt8](repeating: 0, count: max(0, n))
        let got = pread(fd, &head, head.count, 0)
        return got < 0 ? nil : Array(head.prefix(got))
    }

    static func compressionBySuffix(_ path: String) -> Compression {
        let lower = path.lowercased()
        let noQuery = HTTPFetch.isURL(lower) ? String(lower.prefix { $0 != "?" && $0 != "#" }) : lower
        if noQuery.hasSuffix(".gz") || noQuery.hasSuffix(".gzip") { return .gzip }
        if noQuery.hasSuffix(".zst") || noQuery.hasSuffix(".zstd") { return .zstd }
        return .none
    }

    static func compression(ofMagic b: [UInt8]) -> Compression {
        if b.count >= 2, b[0] == 0x1f, b[1] == 0x8b { return .gzip }
        if b.count >= 4, b[0] == 0x28, b[1] == 0xb5, b[2] == 0x2f, b[3] == 0xfd { return .zstd }
        return .none
    }

    /// The raw bytes of a place, before decompression.
    public static func rawBytes(_ path: String, limit: Int = Codec.maxOutput) throws -> [UInt8] {
        if path == "-" { return try FileBytes.read("/dev/stdin", limit: limit, what: "standard input") }
        if HTTPFetch.isURL(path) { return try HTTPFetch.get(path, limit: limit) }
        return try FileBytes.read(path, limit: limit, what: "file")
    }

    /// The whole content of a place, decompressed. `display` names it in errors (the path as the
    /// user wrote it, before a notebook's folder was prepended).
    public static func bytes(_ path: String, display: String? = nil, limit: Int = Codec.maxOutput) throws -> [UInt8] {
        let raw = try rawBytes(path, limit: limit)
        return try decompressed(raw, name: display ?? path, suffixHint: compressionBySuffix(path), limit: limit)
    }

    public static func decompressed(_ raw: [UInt8], name: String, suffixHint: Compression = .none, limit: Int = Codec.maxOutput) throws -> [UInt8] {
        let magic = compression(ofMagic: Array(raw.prefix(4)))
        if suffixHint != .none, magic != suffixHint, !raw.isEmpty {
            throw FrameError("\(name) is named like a \(suffixHint == .gzip ? "gzip" : "zstd") file but does not hold \(suffixHint == .gzip ? "gzip" : "zstd") data", hint: "rename it or recompress it", isIO: true)
        }
        switch magic {
        case .none: return raw
        case .gzip: return try raw.withUnsafeBytes { try Codec.inflate($0, format: .gzip, what: name, limit: limit) }
        case .zstd: return try raw.withUnsafeBytes { try Codec.zstdDecompress($0, what: name, limit: limit) }
        }
    }
}

/// Random access to a source's bytes: a local file read with `pread` (so a reader touches only
/// the ranges it asks for) or a buffer already in memory (stdin, a download, a decompressed file).
public final class RandomAccessInput: @unchecked Sendable {
    public let name: String
    public let size: Int
    private let fd: Int32
    private let memory: [UInt8]?
    /// Bytes actually read so far (tests check that projection skips unread columns).
    public private(set) var bytesRead = 0
    private let lock = NSLockLike()

    public init(memory: [UInt8], name: String) {
        self.name = name
        self.memory = memory
        self.size = memory.count
        self.fd = -1
    }

    /// Opens `path` for piecewise reads when it is a plain local file, else loads it whole.
    public static func open(_ path: String, display: String) throws -> RandomAccessInput {
        if Input.isPlainLocalFile(path) { return try RandomAccessInput(file: path, display: display) }
        return RandomAccessInput(memory: try Input.bytes(path, display: display), name: display)
    }

    init(file path: String, display: String) throws {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { _ = try FileBytes.read(path); throw FrameError("cannot open \(display)", isIO: true) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { Glibc.close(fd); throw FrameError("cannot read \(display)", isIO: true) }
        self.fd = fd
        self.size = Int(st.st_size)
        self.memory = nil
        self.name = display
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    /// Bytes `[offset, offset + length)`; an error naming the file when the range is outside it.
    public func read(_ offset: Int, _ length: Int) throws -> [UInt8] {
        guard offset >= 0, length >= 0, offset <= size, length <= size - offset else {
            throw FrameError("\(name): corrupt file: bytes \(offset)..<\(offset &+ length) lie outside the file (\(size) bytes)", isIO: true)
        }
        lock.locked { bytesRead += length }
        if let memory { return Array(memory[offset..<(offset + length)]) }
        var failure: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: max(length, 1)) { buf, initialized in
            var done = 0
            while done < length {
                let r = pread(fd, buf.baseAddress! + done, length - done, off_t(offset + done))
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { failure = r < 0 ? errno : EIO; break }
                done += r
            }
            initialized = done
        }
        if failure != 0 { throw FrameError("cannot read \(name): \(String(cString: strerror(failure)))", isIO: true) }
        return out
    }
}

/// A tiny mutex (pthread) so SiftIO needs no Foundation.
final class NSLockLike: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&m)
        defer { pthread_mutex_unlock(&m) }
        return try body()
    }
}

/// Where writers put bytes: a local path written atomically, compressed first when it ends in
/// `.gz` or `.zst` (so `write_json(df, "out.jsonl.gz", lines: true)` does what it says).
public enum Output {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        guard !HTTPFetch.isURL(path) else { throw FrameError("cannot write to a URL (\(path))", hint: "write a local file") }
        switch Input.compressionBySuffix(path) {
        case .none: try FileBytes.writeAtomically(bytes, to: path)
        case .gzip: try FileBytes.writeAtomically(try Codec.deflate(bytes, format: .gzip), to: path)
        case .zstd: try FileBytes.writeAtomically(try Codec.zstdCompress(bytes), to: path)
        }
    }
}
