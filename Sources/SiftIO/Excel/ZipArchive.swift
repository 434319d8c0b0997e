import SiftFrame

/// Reads entries of a zip archive (the container of .xlsx files): the central directory at the
/// end, then each entry's local header and stored or deflated bytes, checked against its CRC.
/// Only what xlsx needs: no zip64, no encryption (both are errors, not crashes).
struct ZipArchive {
    struct Entry { var name: String; var method: Int; var crc: UInt32; var compressedSize: Int; var size: Int; var headerOffset: Int }

    let bytes: [UInt8]
    let file: String
    var entries: [String: Entry] = [:]
    /// Entries inflate to at most this many bytes each (an xlsx sheet is rarely past a few hundred MB).
    static let maxEntrySize = 1 << 31

    init(bytes: [UInt8], file: String) throws {
        self.bytes = bytes
        self.file = file
        guard bytes.count >= 22 else { throw FrameError("\(file) is not an Excel .xlsx file (too short)", isIO: true) }
        guard bytes.starts(with: [0x50, 0x4b]) else {
            if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
                throw FrameError("\(file) is an old-style .xls workbook, which Sift does not read", hint: "save it as .xlsx in Excel or LibreOffice", isIO: true)
            }
            throw FrameError("\(file) is not an Excel .xlsx file (not a zip archive)", isIO: true)
        }
        // The end-of-central-directory record is in the last 64 KB + 22 bytes.
        var eocd = -1
        var i = bytes.count - 22
        let stop = max(0, bytes.count - 22 - 65_535)
        while i >= stop {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4b, bytes[i + 2] == 5, bytes[i + 3] == 6 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw FrameError("\(file): corrupt .xlsx: the zip directory is missing (truncated file?)", isIO: true) }
        let count = Int(u16(eocd + 10))
        let dirOffset = Int(u32(eocd + 16))
        guard dirOffset <= bytes.count else { throw FrameError("\(file): corrupt .xlsx: the zip directory points past the file", isIO: true) }
        var p = dirOffset
        for _ in 0..<count {
            guard p + 46 <= bytes.count, u32(p) == 0x02014b50 else { throw FrameError("\(file): corrupt .xlsx: bad zip directory entry at byte offset \(p)", isIO: true) }
            let method = Int(u16(p + 10))
            let crc = u32(p + 16)
            let csize = Int(u32(p + 20))
            let size = Int(u32(p + 24))
            let n = Int(u16(p + 28)), extra = Int(u16(p + 30)), comment = Int(u16(p + 32))
            let offset = Int(u32(p + 42))
            guard p + 46 + n <= bytes.count else { throw FrameError("\(file): corrupt .xlsx: a zip entry name runs past the file", isIO: true) }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + n)], as: UTF8.self)
            entries[name] = Entry(name: name, method: method, crc: crc, compressedSize: csize, size: size, headerOffset: offset)
            p += 46 + n + extra + comment
        }
    }

    func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }

    func has(_ name: String) -> Bool { entries[name] != nil }

    func read(_ name: String) throws -> [UInt8] {
        guard let e = entries[name] else { throw FrameError("\(file): corrupt .xlsx: the part \(name) is missing", isIO: true) }
        let h = e.headerOffset
        guard h >= 0, h + 30 <= bytes.count, u32(h) == 0x04034b50 else { throw FrameError("\(file): corrupt .xlsx: bad local header for \(name) at byte offset \(h)", isIO: true) }
        let start = h + 30 + Int(u16(h + 26)) + Int(u16(h + 28))
        guard e.compressedSize >= 0, start <= bytes.count, e.compressedSize <= bytes.count - start else {
            throw FrameError("\(file): corrupt .xlsx: \(name) runs past the end of the file", isIO: true)
        }
        guard e.size <= ZipArchive.maxEntrySize else { throw FrameError("\(file): \(name) is larger than 2 GB", isIO: true) }
        let out: [UInt8] = try bytes.withUnsafeBytes { all in
            let raw = UnsafeRawBufferPointer(rebasing: all[start..<(start + e.compressedSize)])
            switch e.method {
            case 0: return Array(raw)
            case 8: return try Codec.decompress(raw, codec: "deflate", size: e.size, what: "\(file) (part \(name))")
            default: throw FrameError("\(file): \(name) uses zip method \(e.method), which Sift does not read", isIO: true)
            }
        }
        let crc = out.withUnsafeBytes { Codec.crc32($0) }
        guard crc == e.crc else { throw FrameError("\(file): corrupt .xlsx: \(name) fails its checksum", isIO: true) }
        return out
    }
}

/// Writes a zip archive of deflated entries (what write_excel produces).
struct ZipWriter {
    private(set) var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    private static func le16(_ v: Int, _ out: inout [UInt8]) { out.append(UInt8(v & 0xff)); out.append(UInt8((v >> 8) & 0xff)) }
    private static func le32(_ v: UInt32, _ out: inout [UInt8]) { for k in 0..<4 { out.append(UInt8((v >> (8 * UInt32(k))) & 0xff)) } }

    mutating func add(_ name: String, _ data: [UInt8]) throws {
        let compressed = try Codec.deflate(data, format: .raw)
        let crc = data.withUnsafeBytes { Codec.crc32($0) }
        guard bytes.count < Int(UInt32.max), data.count < Int(UInt32.max) else { throw FrameError("the workbook is larger than 4 GB, which .xlsx (without zip64) cannot hold") }
        let offset = UInt32(bytes.count)
        let n = Array(name.utf8)
        // local header: version 20, flags 0 (UTF-8 names would set bit 11; ours are ASCII), deflate, DOS time 1980-01-01.
        ZipWriter.le32(0x04034b50, &bytes); ZipWriter.le16(20, &bytes); ZipWriter.le16(0, &bytes); ZipWriter.le16(8, &bytes)
        ZipWriter.le16(0, &bytes); ZipWriter.le16(0x21, &bytes)
        ZipWriter.le32(crc, &bytes); ZipWriter.le32(UInt32(compressed.count), &bytes); ZipWriter.le32(UInt32(data.count), &bytes)
        ZipWriter.le16(n.count, &bytes); ZipWriter.le16(0, &bytes)
        bytes += n
        bytes += compressed
        ZipWriter.le32(0x02014b50, &directory); ZipWriter.le16(20, &directory); ZipWriter.le16(20, &directory); ZipWriter.le16(0, &directory)
        ZipWriter.le16(8, &directory); ZipWriter.le16(0, &directory); ZipWriter.le16(0x21, &directory)
        ZipWriter.le32(crc, &directory); ZipWriter.le32(UInt32(compressed.count), &directory); ZipWriter.le32(UInt32(data.count), &directory)
        ZipWriter.le16(n.count, &directory); ZipWriter.le16(0, &directory); ZipWriter.le16(0, &directory)
        ZipWriter.le16(0, &directory); ZipWriter.le16(0, &directory); ZipWriter.le32(0, &directory); ZipWriter.le32(offset, &directory)
        directory += n
        count += 1
    }

    mutating func finish() -> [UInt8] {
        let dirOffset = UInt32(bytes.count)
        var out = bytes + directory
        ZipWriter.le32(0x06054b50, &out); ZipWriter.le16(0, &out); ZipWriter.le16(0, &out)
        ZipWriter.le16(count, &out); ZipWriter.le16(count, &out)
        ZipWriter.le32(UInt32(directory.count), &out); ZipWriter.le32(dirOffset, &out); ZipWriter.le16(0, &out)
        return out
    }
}
