import SiftFrame

/// Writes a frame as Parquet that pyarrow, pandas, polars and DuckDB read: one optional leaf per
/// column (int → INT64, float → DOUBLE, bool → BOOLEAN, string → BYTE_ARRAY/STRING, date →
/// INT32/DATE, datetime → INT64/TIMESTAMP(µs, not UTC-adjusted), list → a standard 3-level LIST
/// of optional strings, since a Sift list holds its items as text), data pages v1 with RLE
/// repetition/definition levels, PLAIN values, and dictionary pages (RLE_DICTIONARY) for text
/// columns that are already dictionary-encoded in memory. Row groups of `rowGroupRows`, pages of
/// `pageRows` rows.
public enum ParquetWriter {
    public enum Compression: String, CaseIterable, Sendable { case none, snappy, gzip, zstd
        var code: Int { switch self { case .none: return 0; case .snappy: return 1; case .gzip: return 2; case .zstd: return 6 } }
    }

    public static func bytes(_ frame: Frame, compression: Compression = .snappy, rowGroupRows: Int = 1 << 20, pageRows: Int = 1 << 16) throws -> [UInt8] {
        var out = Array("PAR1".utf8)
        var groups: [(rows: Int, chunks: [ChunkInfo])] = []
        let groupSize = max(1, rowGroupRows)
        var start = 0
        repeat {
            let n = min(groupSize, frame.rowCount - start)
            var chunks: [ChunkInfo] = []
            for column in frame.columns {
                try Cancellation.check()
                chunks.append(try writeChunk(column, rows: start..<(start + n), compression: compression, pageRows: max(1, pageRows), into: &out))
            }
            groups.append((n, chunks))
            start += n
        } while start < frame.rowCount
        var t = ThriftWriter()
        t.i32(1, 1)
        // A list column takes three schema nodes: the LIST group, its repeated group, the element.
        t.beginList(2, count: frame.columnCount + 1 + 2 * frame.columns.filter { $0.type == .list }.count)
        t.beginListElement()
        t.string(4, "schema")
        t.i32(5, frame.columnCount)
        t.endStruct()
        for c in frame.columns {
            if c.type == .list {
                t.beginListElement()
                t.i32(3, 1); t.string(4, c.name); t.i32(5, 1); t.i32(6, 3)
                t.beginStruct(10); t.beginStruct(3); t.endStruct(); t.endStruct()
                t.endStruct()
                t.beginListElement()
                t.i32(3, 2); t.string(4, "list"); t.i32(5, 1)
                t.endStruct()
                t.beginListElement()
                t.i32(1, 6); t.i32(3, 1); t.string(4, "element"); t.i32(6, 0)
                t.beginStruct(10); t.beginStruct(1); t.endStruct(); t.endStruct()
                t.endStruct()
                continue
            }
            t.beginListElement()
            let (physical, converted) = types(c.type)
            t.i32(1, physical)
            t.i32(3, 1) // OPTIONAL
            t.string(4, c.name)
            if let converted { t.i32(6, converted) }
            switch c.type {
            case .string: t.beginStruct(10); t.beginStruct(1); t.endStruct(); t.endStruct()
            case .date: t.beginStruct(10); t.beginStruct(6); t.endStruct(); t.endStruct()
            case .datetime:
                t.beginStruct(10); t.beginStruct(8)
                t.bool(1, false)
                t.beginStruct(2); t.beginStruct(2); t.endStruct(); t.endStruct()
                t.endStruct(); t.endStruct()
            default: break
            }
            t.endStruct()
        }
        t.i64(3, frame.rowCount)
        t.beginList(4, count: groups.count)
        for g in groups {
            t.beginListElement()
            t.beginList(1, count: g.chunks.count)
            var total = 0
            for (k, ch) in g.chunks.enumerated() {
                t.beginListElement()
                t.i64(2, ch.start)
                t.beginStruct(3)
                t.i32(1, types(frame.columns[k].type).physical)
                t.i32List(2, ch.dictionary ? [0, 3, 8] : [0, 3])
                t.stringList(3, frame.columns[k].type == .list ? [frame.columns[k].name, "list", "element"] : [frame.columns[k].name])
                t.i32(4, compression.code)
                t.i64(5, ch.values)
                t.i64(6, ch.uncompressed)
                t.i64(7, ch.compressed)
                t.i64(9, ch.dataOffset)
                if ch.dictionary { t.i64(11, ch.start) }
                t.endStruct()
                t.endStruct()
                total += ch.uncompressed
            }
            t.i64(2, total)
            t.i64(3, g.rows)
            t.endStruct()
        }
        t.string(6, "sift")
        t.finish()
        out += t.out
        let n = UInt32(t.out.count)
        out += [UInt8(n & 0xff), UInt8((n >> 8) & 0xff), UInt8((n >> 16) & 0xff), UInt8(n >> 24)]
        out += Array("PAR1".utf8)
        return out
    }

    public static func write(_ frame: Frame, to path: String, compression: Compression = .snappy) throws {
        try FileBytes.writeAtomically(try bytes(frame, compression: compression), to: path)
    }

    static func types(_ t: DataType) -> (physical: Int, converted: Int?) {
        switch t {
        case .int: return (2, nil)
        case .float: return (5, nil)
        case .bool: return (0, nil)
        case .string: return (6, 0)
        case .date: return (1, 6)
        case .datetime: return (2, 10)
        case .list: return (6, 0) // the element's type: text
        }
    }

    /// `values`: level entries (rows, or a list column's items plus its null and empty rows).
    struct ChunkInfo { var start: Int; var dataOffset: Int; var compressed: Int; var uncompressed: Int; var dictionary: Bool; var values: Int }

    static func compress(_ data: [UInt8], _ c: Compression) throws -> [UInt8] {
        switch c {
        case .none: return data
        case .snappy: return try Codec.snappyCompress(data)
        case .gzip: return try Codec.deflate(data, format: .gzip)
        case .zstd: return try Codec.zstdCompress(data)
        }
    }

    static func writeChunk(_ c: Column, rows: Range<Int>, compression: Compression, pageRows: Int, into out: inout [UInt8]) throws -> ChunkInfo {
        let start = out.count
        var compressedTotal = 0, uncompressedTotal = 0
        func page(_ header: (inout ThriftWriter, Int, Int) -> Void, _ body: [UInt8]) throws {
            let packed = try compress(body, compression)
            var h = ThriftWriter()
            header(&h, body.count, packed.count)
            h.finish()
            out += h.out
            out += packed
            compressedTotal += h.out.count + packed.count
            uncompressedTotal += h.out.count + body.count
        }
        // Text already dictionary-encoded in memory (and not huge) gets a dictionary page.
        var dictionary: [String]? = nil
        if case .string(.dictionary(_, let values, _)) = c.storage, values.count <= 1 << 20 { dictionary = values }
        if let dictionary {
            var body: [UInt8] = []
            for v in dictionary { appendByteArray(Array(v.utf8), &body) }
            try page({ h, u, p in
                h.i32(1, 2); h.i32(2, u); h.i32(3, p)
                h.beginStruct(7); h.i32(1, dictionary.count); h.i32(2, 0); h.endStruct()
            }, body)
        }
        let dataOffset = out.count
        if case .list(let lists) = c.storage {
            return try writeListPages(c, lists, rows: rows, pageRows: pageRows, page: page, start: start, dataOffset: dataOffset,
                                      totals: { (compressedTotal, uncompressedTotal) })
        }
        var pageStart = rows.lowerBound
        repeat {
            let pageEnd = min(rows.upperBound, pageStart + pageRows)
            var levels = [UInt8]()
            levels.reserveCapacity(pageEnd - pageStart)
            for i in pageStart..<pageEnd { levels.append(c.isValid(i) ? 1 : 0) }
            var runs: [UInt8] = []
            HybridRLE.encodeRuns(levels, bitWidth: 1, into: &runs)
            let n = UInt32(runs.count)
            var body: [UInt8] = [UInt8(n & 0xff), UInt8((n >> 8) & 0xff), UInt8((n >> 16) & 0xff), UInt8(n >> 24)] + runs
            let valid = (pageStart..<pageEnd).filter { c.isValid($0) }
            var encoding = 0
            switch c.storage {
            case .int(let a), .datetime(let a):
                body.reserveCapacity(body.count + valid.count * 8)
                for i in valid { withUnsafeBytes(of: a[i].littleEndian) { body += $0 } }
            case .float(let a):
                body.reserveCapacity(body.count + valid.count * 8)
                for i in valid { withUnsafeBytes(of: a[i].bitPattern.littleEndian) { body += $0 } }
            case .date(let a):
                for i in valid { withUnsafeBytes(of: a[i].littleEndian) { body += $0 } }
            case .bool(let a):
                var byte: UInt8 = 0, bit = 0
                for i in valid {
                    if a[i] { byte |= 1 << UInt8(bit) }
                    bit += 1
                    if bit == 8 { body.append(byte); byte = 0; bit = 0 }
                }
                if bit > 0 { body.append(byte) }
            case .string(let s):
                if let dictionary, case .dictionary(let codes, _, _) = s {
                    encoding = 8
                    let width = max(1, HybridRLE.bitWidth(max(0, dictionary.count - 1)))
                    body.append(UInt8(width))
                    HybridRLE.encodeBitPacked(valid.map { UInt32(codes[$0]) }, bitWidth: width, into: &body)
                } else {
                    for i in valid { appendByteArray(Array(s.string(at: i).utf8), &body) }
                }
            case .list:
                break // written by writeListPages
            }
            let count = pageEnd - pageStart
            try page({ h, u, p in
                h.i32(1, 0); h.i32(2, u); h.i32(3, p)
                h.beginStruct(5); h.i32(1, count); h.i32(2, encoding); h.i32(3, 3); h.i32(4, 3); h.endStruct()
            }, body)
            pageStart = pageEnd
        } while pageStart < rows.upperBound
        return ChunkInfo(start: start, dataOffset: dataOffset, compressed: compressedTotal, uncompressed: uncompressedTotal, dictionary: dictionary != nil, values: rows.count)
    }

    /// A list column's pages: per row, repetition level 0 then 1 for each further item;
    /// definition level 0 for a null row, 1 for an empty list, 3 for an item (items are never null).
    static func writeListPages(_ c: Column, _ lists: [[String]], rows: Range<Int>, pageRows: Int,
                               page: ((inout ThriftWriter, Int, Int) -> Void, [UInt8]) throws -> Void,
                               start: Int, dataOffset: Int, totals: () -> (Int, Int)) throws -> ChunkInfo {
        var entries = 0
        var pageStart = rows.lowerBound
        repeat {
            let pageEnd = min(rows.upperBound, pageStart + pageRows)
            var reps: [UInt32] = [], defs: [UInt32] = []
            var values: [UInt8] = []
            for r in pageStart..<pageEnd {
                guard c.isValid(r) else { reps.append(0); defs.append(0); continue }
                let items = lists[r]
                if items.isEmpty { reps.append(0); defs.append(1); continue }
                for (k, item) in items.enumerated() {
                    reps.append(k == 0 ? 0 : 1)
                    defs.append(3)
                    appendByteArray(Array(item.utf8), &values)
                }
            }
            var body: [UInt8] = []
            for (levels, width) in [(reps, 1), (defs, 2)] {
                var encoded: [UInt8] = []
                HybridRLE.encodeBitPacked(levels, bitWidth: width, into: &encoded)
                let n = UInt32(encoded.count)
                body += [UInt8(n & 0xff), UInt8((n >> 8) & 0xff), UInt8((n >> 16) & 0xff), UInt8(n >> 24)] + encoded
            }
            body += values
            let count = reps.count
            entries += count
            try page({ h, u, p in
                h.i32(1, 0); h.i32(2, u); h.i32(3, p)
                h.beginStruct(5); h.i32(1, count); h.i32(2, 0); h.i32(3, 3); h.i32(4, 3); h.endStruct()
            }, body)
            pageStart = pageEnd
        } while pageStart < rows.upperBound
        let (compressed, uncompressed) = totals()
        return ChunkInfo(start: start, dataOffset: dataOffset, compressed: compressed, uncompressed: uncompressed, dictionary: false, values: entries)
    }

    static func appendByteArray(_ b: [UInt8], _ out: inout [UInt8]) {
        let n = UInt32(b.count)
        out += [UInt8(n & 0xff), UInt8((n >> 8) & 0xff), UInt8((n >> 16) & 0xff), UInt8(n >> 24)]
        out += b
    }
}
