import CSiftCompression
import SiftFrame

/// Whole-buffer compression and decompression over Debian's zlib, libzstd, libsnappy, liblz4 and
/// libbrotli (through
/// the CSiftCompression shim). Every failure is a `FrameError` naming `what` (a file, a page) so the
/// user learns which input was damaged; nothing here can crash on corrupt bytes.
public enum Codec {
    public enum ZlibFormat: Int32 { case raw = 0, zlib = 1, gzip = 2 }

    /// The most any single decompressed input may grow to (the CSV reader's own ceiling).
    public static let maxOutput = Int(UInt32.max) - 2

    static func failure(_ rc: Int32, _ codec: String, _ what: String) -> FrameError {
        switch rc {
        case CSIFT_TOO_LARGE: return FrameError("\(what): \(codec) data decompresses to more than \(maxOutput >> 20) MB", isIO: true)
        case CSIFT_NO_MEMORY: return FrameError("\(what): out of memory while decompressing \(codec) data", isIO: true)
        case CSIFT_TRUNCATED: return FrameError("\(what): the \(codec) data ends early (truncated file?)", isIO: true)
        case CSIFT_SIZE_MISMATCH: return FrameError("\(what): the \(codec) data does not decompress to the size the file declares (corrupt?)", isIO: true)
        default: return FrameError("\(what): corrupt \(codec) data", isIO: true)
        }
    }

    /// Takes ownership of a malloc'd C buffer and copies it into a Swift array.
    static func adopt(_ p: UnsafeMutablePointer<UInt8>?, _ n: Int) -> [UInt8] {
        defer { csift_free(p) }
        guard let p, n > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: p, count: n))
    }

    typealias AllocCall = (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>) -> Int32

    static func alloc(_ input: UnsafeRawBufferPointer, _ codec: String, _ what: String, _ call: AllocCall) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var n = 0
        let rc = call(input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, &out, &n)
        guard rc == CSIFT_OK else { throw failure(rc, codec, what) }
        return adopt(out, n)
    }

    public static func inflate(_ input: UnsafeRawBufferPointer, format: ZlibFormat, what: String, limit: Int = maxOutput) throws -> [UInt8] {
        try alloc(input, format == .gzip ? "gzip" : "deflate", what) { csift_inflate_alloc($0, $1, format.rawValue, limit, $2, $3) }
    }

    public static func zstdDecompress(_ input: UnsafeRawBufferPointer, what: String, limit: Int = maxOutput) throws -> [UInt8] {
        try alloc(input, "zstd", what) { csift_zstd_alloc($0, $1, limit, $2, $3) }
    }

    public static func deflate(_ input: [UInt8], format: ZlibFormat, level: Int32 = 6) throws -> [UInt8] {
        try input.withUnsafeBytes { b in try alloc(b, "deflate", "compressing") { csift_deflate_alloc($0, $1, format.rawValue, level, $2, $3) } }
    }

    public static func zstdCompress(_ input: [UInt8], level: Int32 = 3) throws -> [UInt8] {
        try input.withUnsafeBytes { b in try alloc(b, "zstd", "compressing") { csift_zstd_compress_alloc($0, $1, level, $2, $3) } }
    }

    public static func snappyCompress(_ input: [UInt8]) throws -> [UInt8] {
        try input.withUnsafeBytes { b in try alloc(b, "snappy", "compressing") { csift_snappy_compress_alloc($0, $1, $2, $3) } }
    }

    public static func crc32(_ bytes: UnsafeRawBufferPointer, _ crc: UInt32 = 0) -> UInt32 {
        csift_crc32(crc, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// Decompresses into exactly `size` bytes: formats that state their decoded size (Parquet
    /// pages, zip entries) get one allocation and a size check for free.
    public static func decompress(_ input: UnsafeRawBufferPointer, codec: String, size: Int, what: String) throws -> [UInt8] {
        guard size >= 0, size <= maxOutput else { throw FrameError("\(what): declares an impossible size \(size)", isIO: true) }
        var rc: Int32 = CSIFT_OK
        let src = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let out = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buf, initialized in
            let dst = buf.baseAddress!
            switch codec {
            case "snappy": rc = csift_snappy_into(src, input.count, dst, size)
            case "gzip": rc = csift_inflate_into(src, input.count, ZlibFormat.gzip.rawValue, dst, size)
            case "zlib": rc = csift_inflate_into(src, input.count, ZlibFormat.zlib.rawValue, dst, size)
            case "deflate": rc = csift_inflate_into(src, input.count, ZlibFormat.raw.rawValue, dst, size)
            case "zstd": rc = csift_zstd_into(src, input.count, dst, size)
            case "lz4_raw": rc = csift_lz4_raw_into(src, input.count, dst, size)
            case "lz4": rc = csift_lz4_hadoop_into(src, input.count, dst, size)
            case "brotli": rc = csift_brotli_into(src, input.count, dst, size)
            default: rc = CSIFT_CORRUPT
            }
            initialized = rc == CSIFT_OK ? size : 0
        }
        guard rc == CSIFT_OK else { throw failure(rc, codec, what) }
        return out
    }
}
