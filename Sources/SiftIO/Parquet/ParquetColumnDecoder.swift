import SiftFrame

/// Decodes one leaf column across all its row groups into a Sift column: page headers, codecs,
/// dictionary and plain encodings, definition levels (nulls), and the conversion from Parquet's
/// physical/logical types to Sift's. String dictionaries of every row group merge into one, so a
/// dictionary-encoded Parquet column stays a dictionary-encoded Sift column (no per-cell strings).
///
/// Speed: output arrays are reserved once from the footer's sizes; string pages are appended as
/// whole byte blocks with shifted offsets (never string by string); dictionary pages are kept as
/// raw bytes and made into Swift strings once, at the end, only if the column stays dictionary
/// encoded (a writer that falls back to plain pages, as pyarrow does past 1 MB of dictionary,
/// never pays for them). Hot loops work on local arrays, not on this object's properties.
final class ParquetColumnDecoder {
    typealias Leaf = ParquetMetadata.Leaf

    let leaf: Leaf
    let file: String
    let target: DataType
    var notes: [String] = []

    // Accumulated output, one array per target type.
    var ints: [Int64] = []
    var floats: [Double] = []
    var bools: [Bool] = []
    var dates: [Int32] = []
    // Strings: dictionary mode until a plain page arrives, then plain bytes. In dictionary mode a
    // code indexes the concatenation of every row group's dictionary page (dictOffsets/dictBytes).
    var codes: [Int32] = []
    var dictOffsets: [Int] = [0]
    var dictBytes: [UInt8] = []
    var plainMode = false
    var offsets: [Int] = [0]
    var textBytes: [UInt8] = []
    /// Row positions that are null.
    var nullRows: [Int] = []
    /// A list leaf's rows: each row's items as text (see ParquetListColumn.swift).
    var lists: [[String]] = []
    var rows = 0

    // The current row group's dictionary.
    var dictionary: Dense?

    /// Values of one page (or a dictionary), nulls not included, already in the target's form.
    enum Dense {
        case ints([Int64]), floats([Double]), bools([Bool]), dates([Int32])
        /// Byte strings as offsets into one buffer.
        case strings(offsets: [Int], bytes: [UInt8])
        /// For a dictionary page of strings: each entry's global code.
        case codes([Int32])
        var count: Int {
            switch self {
            case .ints(let a): return a.count
            case .floats(let a): return a.count
            case .bools(let a): return a.count
            case .dates(let a): return a.count
            case .strings(let o, _): return o.count - 1
            case .codes(let a): return a.count
            }
        }
    }

    init(leaf: Leaf, file: String) {
        self.leaf = leaf
        self.file = file
        self.target = ParquetMetadata.siftType(leaf)
        // A list's items become text per row; a global string dictionary would not help.
        if leaf.isList { plainMode = true }
    }

    func corrupt(_ what: String, at offset: Int) -> FrameError {
        FrameError("\(file): corrupt page in column '\(leaf.name)' at byte offset \(offset): \(what)", isIO: true)
    }

    static let codecNames = [0: "none", 1: "snappy", 2: "gzip", 3: "lzo", 4: "brotli", 5: "lz4", 6: "zstd", 7: "lz4_raw"]

    /// Decodes one column chunk whose bytes (starting at file offset `base`) are `chunk`.
    func decodeChunk(_ chunk: [UInt8], base: Int, codec: Int, rowsInGroup: Int, maxRows: Int) throws {
        dictionary = nil
        rawDictionary = nil
        let name = ParquetColumnDecoder.codecNames[codec] ?? "codec \(codec)"
        guard [0, 1, 2, 4, 5, 6, 7].contains(codec) else {
            throw FrameError("\(file): column '\(leaf.name)' is compressed with \(name), which Sift does not read", hint: "rewrite the file with snappy, gzip, zstd, lz4, brotli or no compression", isIO: true)
        }
        let startRows = rows
        // A list leaf's pages hold level entries, not rows: read the chunk to its end (a row's
        // items may continue on the next page).
        let maxEntries = leaf.isList ? min(ParquetEncodings.maxValues, ParquetSource.maxRows &* 16) : maxRows
        try chunk.withUnsafeBytes { (all: UnsafeRawBufferPointer) in
            var pos = 0
            while (leaf.isList || rows - startRows < rowsInGroup) && pos < all.count {
                try Cancellation.check()
                let headerAt = pos
                var reader = ThriftReader(all, at: pos)
                let header: ThriftStruct
                do { header = try reader.structure() } catch let e as ThriftReader.Failure {
                    throw corrupt("bad page header (\(e.message))", at: base + e.offset)
                }
                pos = reader.pos
                guard let type = header.int(1), let uncompressed = header.int(2), let compressed = header.int(3),
                      compressed >= 0, uncompressed >= 0, compressed <= all.count - pos else {
                    throw corrupt("the page header's sizes do not fit the column chunk", at: base + headerAt)
                }
                guard uncompressed <= 1 << 30 else { throw corrupt("page claims \(uncompressed) bytes", at: base + headerAt) }
                let body = UnsafeRawBufferPointer(rebasing: all[pos..<(pos + compressed)])
                pos += compressed
                func inflate(_ raw: UnsafeRawBufferPointer, _ size: Int) throws -> [UInt8] {
                    if codec == 0 {
                        guard raw.count == size else { throw corrupt("page size \(raw.count) differs from its declared \(size)", at: base + headerAt) }
                        return Array(raw)
                    }
                    do { return try Codec.decompress(raw, codec: name, size: size, what: "\(file) column '\(leaf.name)' page at byte offset \(base + headerAt)") }
                }
                switch type {
                case 2: // dictionary page
                    guard let dh = header.structure(7), let n = dh.int(1), n >= 0, n <= uncompressed * 8 + 8 else {
                        throw corrupt("bad dictionary page header", at: base + headerAt)
                    }
                    let data = try inflate(body, uncompressed)
                    let values = try data.withUnsafeBytes { try decodePlain($0, 0, $0.count, count: n, at: base + headerAt) }
                    dictionary = internDictionary(values)
                case 0: // data page v1
                    guard let dh = header.structure(5), let n = dh.int(1), let encoding = dh.int(2), n >= 0 else {
                        throw corrupt("bad data page header", at: base + headerAt)
                    }
                    guard n <= maxEntries - (leaf.isList ? 0 : rows) else { throw corrupt("the page holds more values than the file has rows", at: base + headerAt) }
                    let data = try inflate(body, uncompressed)
                    try data.withUnsafeBytes { p in
                        var at = 0
                        // Repetition levels, then definition levels, each with a 4-byte length.
                        func lengthPrefixedLevels(_ what: String, max: Int, encodingField: Int16) throws -> [UInt32] {
                            guard dh.int(encodingField) ?? 3 == 3 else { throw corrupt("\(what) levels use the retired BIT_PACKED encoding", at: base + headerAt) }
                            guard p.count - at >= 4 else { throw corrupt("\(what) levels missing", at: base + headerAt) }
                            let len = Int(p.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
                            guard len <= p.count - at - 4 else { throw corrupt("\(what) levels run past the page", at: base + headerAt) }
                            let out = try levels(p, at + 4, at + 4 + len, count: n, max: max, what: what, at: base + headerAt)
                            at += 4 + len
                            return out
                        }
                        var reps: [UInt32]? = nil
                        var defs: [UInt32]? = nil
                        if leaf.maxRepetition > 0 { reps = try lengthPrefixedLevels("repetition", max: leaf.maxRepetition, encodingField: 4) }
                        if leaf.maxDefinition > 0 { defs = try lengthPrefixedLevels("definition", max: leaf.maxDefinition, encodingField: 3) }
                        try values(p, at, p.count, encoding: encoding, count: n, defs: defs, reps: reps, at: base + headerAt)
                    }
                case 3: // data page v2
                    guard let dh = header.structure(8), let n = dh.int(1), let encoding = dh.int(4),
                          let defLen = dh.int(5), let repLen = dh.int(6), n >= 0, defLen >= 0, repLen >= 0,
                          defLen + repLen <= body.count, defLen + repLen <= uncompressed else {
                        throw corrupt("bad data page (v2) header", at: base + headerAt)
                    }
                    guard n <= maxEntries - (leaf.isList ? 0 : rows) else { throw corrupt("the page holds more values than the file has rows", at: base + headerAt) }
                    // Levels are never compressed in v2 pages: repetition, then definition.
                    var reps: [UInt32]? = nil
                    var defs: [UInt32]? = nil
                    if leaf.maxRepetition > 0 {
                        reps = try levels(body, 0, repLen, count: n, max: leaf.maxRepetition, what: "repetition", at: base + headerAt)
                    }
                    if leaf.maxDefinition > 0 {
                        defs = try levels(body, repLen, repLen + defLen, count: n, max: leaf.maxDefinition, what: "definition", at: base + headerAt)
                    }
                    let rest = UnsafeRawBufferPointer(rebasing: body[(repLen + defLen)...])
                    let compressedFlag = dh[7]?.bool ?? true
                    let data = compressedFlag ? try inflate(rest, uncompressed - repLen - defLen) : Array(rest)
                    try data.withUnsafeBytes { p in
                        try values(p, 0, p.count, encoding: encoding, count: n, defs: defs, reps: reps, at: base + headerAt)
                    }
                default:
                    continue // index pages and unknown pages are skipped
                }
                if rows - startRows > rowsInGroup {
                    throw corrupt("the pages hold more rows than the row group's \(rowsInGroup)", at: base + headerAt)
                }
            }
        }
        if rows - startRows != rowsInGroup {
            throw FrameError("\(file): column '\(leaf.name)' has \(rows - startRows) values in a row group of \(rowsInGroup) rows (truncated or corrupt file)", isIO: true)
        }
    }

    func levels(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, count: Int, max: Int, what: String, at offset: Int) throws -> [UInt32] {
        var out = [UInt32](repeating: 0, count: count)
        do {
            try out.withUnsafeMutableBufferPointer { o in
                guard let b = o.baseAddress else { return }
                try HybridRLE.decode(p, start: start, end: end, bitWidth: HybridRLE.bitWidth(max), count: count, into: b)
            }
        } catch let e as HybridRLE.Corrupt {
            throw corrupt("\(what) levels: \(e.message)", at: offset)
        }
        for v in out where v > UInt32(max) { throw corrupt("\(what) level \(v) is above the column's maximum \(max)", at: offset) }
        return out
    }

    /// Decodes a data page's values (non-null only) and appends them with the nulls the levels say.
    func values(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, encoding: Int, count: Int, defs: [UInt32]?, reps: [UInt32]? = nil, at offset: Int) throws {
        var present = count
        if let defs {
            let maxDef = UInt32(leaf.maxDefinition)
            present = 0
            for d in defs where d == maxDef { present += 1 }
        }
        if encoding == 0, present == count, !leaf.isList, try appendPlainDirectly(p, start, end, count: count, at: offset) { return }
        let dense: Dense
        switch encoding {
        case 0:
            dense = try decodePlain(p, start, end, count: present, at: offset)
        case 2, 8:
            guard let dictionary else { throw corrupt("dictionary-encoded page without a dictionary page", at: offset) }
            guard present > 0 else { dense = empty(); break }
            guard start < end else { throw corrupt("dictionary indices missing", at: offset) }
            let width = Int(p[start])
            var idx = [UInt32](repeating: 0, count: present)
            do {
                try idx.withUnsafeMutableBufferPointer { o in
                    try HybridRLE.decode(p, start: start + 1, end: end, bitWidth: width, count: present, into: o.baseAddress!)
                }
            } catch let e as HybridRLE.Corrupt { throw corrupt("dictionary indices: \(e.message)", at: offset) }
            let limit = UInt32(dictionary.count)
            for i in idx where i >= limit { throw corrupt("dictionary index \(i) is past the dictionary's \(limit) entries", at: offset) }
            dense = gather(dictionary, idx)
        case 3 where leaf.physical == .boolean:
            guard end - start >= 4 else { throw corrupt("boolean run lengths missing", at: offset) }
            let len = Int(p.loadUnaligned(fromByteOffset: start, as: UInt32.self).littleEndian)
            guard len <= end - start - 4 else { throw corrupt("boolean runs run past the page", at: offset) }
            var raw = [UInt32](repeating: 0, count: present)
            do {
                try raw.withUnsafeMutableBufferPointer { o in
                    guard let b = o.baseAddress else { return }
                    try HybridRLE.decode(p, start: start + 4, end: start + 4 + len, bitWidth: 1, count: present, into: b)
                }
            } catch let e as HybridRLE.Corrupt { throw corrupt("booleans: \(e.message)", at: offset) }
            dense = .bools(raw.map { $0 != 0 })
        case 5, 6, 7, 9:
            dense = try decodeEncoded(p, start, end, encoding: encoding, count: present, at: offset)
        default:
            throw FrameError("\(file): column '\(leaf.name)' uses encoding \(encoding), which Sift does not read", hint: "write the file with plain, dictionary, delta or byte-stream-split encoding", isIO: true)
        }
        guard dense.count == present else { throw corrupt("\(dense.count) values for \(present) non-null rows", at: offset) }
        if leaf.isList {
            guard let reps else { throw corrupt("a list column's page has no repetition levels", at: offset) }
            try appendList(dense, defs: defs, reps: reps, count: count, at: offset)
        } else {
            append(dense, defs: defs, count: count)
        }
    }

    /// The common case of a PLAIN page without nulls whose values need no conversion (INT64 ints
    /// and µs timestamps, DOUBLEs, INT32 dates): its bytes go straight into the reserved output,
    /// with no intermediate array. Returns false when the page needs the general path.
    func appendPlainDirectly(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, count n: Int, at offset: Int) throws -> Bool {
        func copy<T: FixedWidthInteger>(_ out: inout [T]) throws {
            let bytes = n * MemoryLayout<T>.size
            guard bytes <= end - start else { throw corrupt("\(n) values need \(bytes) bytes, the page has \(end - start)", at: offset) }
            let old = out.count
            out.append(contentsOf: repeatElement(0, count: n))
            guard n > 0, let src = p.baseAddress else { return }
            out.withUnsafeMutableBytes { dst in
                (dst.baseAddress! + old * MemoryLayout<T>.size).copyMemory(from: src + start, byteCount: bytes)
            }
        }
        switch (leaf.physical, leaf.logical, target) {
        case (.int64, .none, .int), (.int64, .int(64, true), .int), (.int64, .timestamp(1_000_000), .datetime):
            try copy(&ints)
        case (.int32, .date, .date):
            try copy(&dates)
        case (.double, _, .float) where leaf.logical == .none:
            guard n * 8 <= end - start else { throw corrupt("\(n) values need \(n * 8) bytes, the page has \(end - start)", at: offset) }
            let old = floats.count
            floats.append(contentsOf: repeatElement(0, count: n))
            if n > 0, let src = p.baseAddress {
                floats.withUnsafeMutableBytes { dst in (dst.baseAddress! + old * 8).copyMemory(from: src + start, byteCount: n * 8) }
            }
        default:
            return false
        }
        rows += n
        return true
    }

    /// The DELTA_* and BYTE_STREAM_SPLIT encodings, rewritten as PLAIN and decoded as such.
    func decodeEncoded(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, encoding: Int, count: Int, at offset: Int) throws -> Dense {
        let names = [5: "DELTA_BINARY_PACKED", 6: "DELTA_LENGTH_BYTE_ARRAY", 7: "DELTA_BYTE_ARRAY", 9: "BYTE_STREAM_SPLIT"]
        let fixed: Int? = leaf.physical == .fixedLenByteArray ? leaf.typeLength : nil
        let plain: [UInt8]
        do {
            switch (encoding, leaf.physical) {
            case (5, .int32):
                let v = try ParquetEncodings.deltaBinaryPacked(p, start, end, count: count).values
                plain = [UInt8](unsafeUninitializedCapacity: count * 4) { b, n in
                    for i in 0..<count { UnsafeMutableRawPointer(b.baseAddress! + i * 4).storeBytes(of: Int32(truncatingIfNeeded: v[i]).littleEndian, as: Int32.self) }
                    n = count * 4
                }
            case (5, .int64):
                let v = try ParquetEncodings.deltaBinaryPacked(p, start, end, count: count).values
                plain = [UInt8](unsafeUninitializedCapacity: count * 8) { b, n in
                    for i in 0..<count { UnsafeMutableRawPointer(b.baseAddress! + i * 8).storeBytes(of: v[i].littleEndian, as: Int64.self) }
                    n = count * 8
                }
            case (6, .byteArray), (6, .fixedLenByteArray):
                plain = try ParquetEncodings.deltaLengthByteArray(p, start, end, count: count, fixedLength: fixed)
            case (7, .byteArray), (7, .fixedLenByteArray):
                plain = try ParquetEncodings.deltaByteArray(p, start, end, count: count, fixedLength: fixed)
            case (9, .float), (9, .int32):
                plain = try ParquetEncodings.byteStreamSplit(p, start, end, count: count, width: 4)
            case (9, .double), (9, .int64):
                plain = try ParquetEncodings.byteStreamSplit(p, start, end, count: count, width: 8)
            case (9, .fixedLenByteArray):
                plain = try ParquetEncodings.byteStreamSplit(p, start, end, count: count, width: leaf.typeLength)
            default:
                throw corrupt("the \(names[encoding] ?? "") encoding does not apply to \(leaf.physical) values", at: offset)
            }
        } catch let e as ParquetEncodings.Corrupt {
            throw corrupt("\(names[encoding] ?? "") values: \(e.message)", at: offset)
        }
        return try plain.withUnsafeBytes { try decodePlain($0, 0, $0.count, count: count, at: offset) }
    }

    func empty() -> Dense {
        switch target {
        case .int, .datetime: return .ints([])
        case .float: return .floats([])
        case .bool: return .bools([])
        case .date: return .dates([])
        case .string, .list: return plainMode ? .strings(offsets: [0], bytes: []) : .codes([])
        }
    }

    func gather(_ dict: Dense, _ idx: [UInt32]) -> Dense {
        switch dict {
        // Indices were checked against the dictionary's size: unchecked reads.
        case .ints(let a): return .ints(ParquetColumnDecoder.take(a, idx))
        case .floats(let a): return .floats(ParquetColumnDecoder.take(a, idx))
        case .bools(let a): return .bools(ParquetColumnDecoder.take(a, idx))
        case .dates(let a): return .dates(ParquetColumnDecoder.take(a, idx))
        case .codes(let a): return .codes(ParquetColumnDecoder.take(a, idx))
        case .strings(let o, let b):
            var offs = [0]
            offs.reserveCapacity(idx.count + 1)
            var bytes: [UInt8] = []
            for i in idx { bytes.append(contentsOf: b[o[Int(i)]..<o[Int(i) + 1]]); offs.append(bytes.count) }
            return .strings(offsets: offs, bytes: bytes)
        }
    }

    /// `values[idx[i]]` for every i; every index must be below `values.count`.
    static func take<T>(_ values: [T], _ idx: [UInt32]) -> [T] {
        values.withUnsafeBufferPointer { v in
            idx.withUnsafeBufferPointer { ix in
                [T](unsafeUninitializedCapacity: ix.count) { out, n in
                    for i in 0..<ix.count { (out.baseAddress! + i).initialize(to: v[Int(ix[i])]) }
                    n = ix.count
                }
            }
        }
    }

    /// A string dictionary page becomes codes into the column's concatenated dictionaries.
    func internDictionary(_ values: Dense) -> Dense {
        rawDictionary = values
        guard case .strings(let o, let b) = values, !plainMode else { return values }
        let first = dictOffsets.count - 1
        let n = o.count - 1
        // Codes are Int32: a column whose dictionaries pass that many entries reads as plain text.
        guard first + n < Int(Int32.max) else { switchToPlain(); return values }
        let shift = dictBytes.count
        dictBytes.append(contentsOf: b)
        dictOffsets.append(contentsOf: o.dropFirst().lazy.map { $0 + shift })
        return .codes((0..<n).map { Int32(first + $0) })
    }
    var rawDictionary: Dense?

    /// One dictionary entry as a string.
    func dictString(_ code: Int32) -> String {
        let c = Int(code)
        return String(decoding: dictBytes[dictOffsets[c]..<dictOffsets[c + 1]], as: UTF8.self)
    }

    /// Leaves dictionary mode: every code so far becomes bytes.
    func switchToPlain() {
        guard !plainMode else { return }
        plainMode = true
        var offs = offsets, bytes = textBytes
        offsets = []; textBytes = []
        offs.reserveCapacity(offs.count + codes.count)
        dictBytes.withUnsafeBufferPointer { d in
            for c in codes {
                let r = dictOffsets[Int(c)]..<dictOffsets[Int(c) + 1]
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: d[r]))
                offs.append(bytes.count)
            }
        }
        offsets = offs; textBytes = bytes
        codes = []
        if let raw = rawDictionary, case .codes = dictionary { dictionary = raw }
    }

    /// Reserves the output for `rows` rows (and about `bytes` bytes of text), so pages append
    /// without regrowing.
    func reserve(rows: Int, bytes: Int) {
        let n = max(0, min(rows, 1 << 31))
        guard !leaf.isList else { return }
        switch target {
        case .int, .datetime: ints.reserveCapacity(n)
        case .float: floats.reserveCapacity(n)
        case .bool: bools.reserveCapacity(n)
        case .date: dates.reserveCapacity(n)
        case .string:
            codes.reserveCapacity(n)
            offsets.reserveCapacity(n + 1)
            textBytes.reserveCapacity(max(0, min(bytes, 1 << 31)))
        case .list: break
        }
    }

    func append(_ dense: Dense, defs: [UInt32]?, count: Int) {
        var dense = dense
        if case .strings = dense, target == .string, !plainMode { switchToPlain() }
        if case .codes(let c) = dense, plainMode {
            // Codes of a dictionary interned before plain mode began: materialize their values.
            var offs = [0]
            var bytes: [UInt8] = []
            for code in c { bytes += dictBytes[dictOffsets[Int(code)]..<dictOffsets[Int(code) + 1]]; offs.append(bytes.count) }
            dense = .strings(offsets: offs, bytes: bytes)
        }
        let base = rows
        // Positions of the nulls within this page.
        var nullsHere: [Int] = []
        if let defs {
            let maxDef = UInt32(leaf.maxDefinition)
            defs.withUnsafeBufferPointer { d in
                for i in 0..<d.count where d[i] != maxDef { nullsHere.append(i) }
            }
        }
        rows += count
        if !nullsHere.isEmpty { nullRows.append(contentsOf: nullsHere.lazy.map { $0 + base }) }
        func spread<T>(_ values: [T], _ zero: T, into out: inout [T]) {
            if nullsHere.isEmpty { out.append(contentsOf: values); return }
            out.reserveCapacity(out.count + count)
            var v = 0, n = 0
            for i in 0..<count {
                if n < nullsHere.count && nullsHere[n] == i { out.append(zero); n += 1 } else { out.append(values[v]); v += 1 }
            }
        }
        switch dense {
        case .ints(let a): if target == .datetime || target == .int { spread(a, 0, into: &ints) }
        case .floats(let a): spread(a, 0, into: &floats)
        case .bools(let a): spread(a, false, into: &bools)
        case .dates(let a): spread(a, 0, into: &dates)
        case .codes(let a): spread(a, 0, into: &codes)
        case .strings(let o, let b):
            // The page's bytes are the non-null values back to back: one block copy, then
            // offsets shifted by where the block lands (a null repeats the previous offset).
            let shift = textBytes.count - o[0]
            textBytes.append(contentsOf: b[o[0]..<o[o.count - 1]])
            if nullsHere.isEmpty {
                offsets.append(contentsOf: o.dropFirst().lazy.map { $0 + shift })
            } else {
                var offs = offsets
                offsets = []
                offs.reserveCapacity(offs.count + count)
                var v = 0, n = 0
                for i in 0..<count {
                    if n < nullsHere.count && nullsHere[n] == i { n += 1 } else { v += 1 }
                    offs.append(o[v] + shift)
                }
                offsets = offs
            }
        }
    }

    /// The dictionary-mode strings: each distinct entry once (row groups' dictionaries overlap).
    func dictionaryStorage() -> StringStorage {
        let n = dictOffsets.count - 1
        guard n > 0 else { return .dictionary(codes: codes, values: [""]) }
        var index: [String: Int32] = [:]
        index.reserveCapacity(n)
        var values: [String] = []
        values.reserveCapacity(n)
        var remap = [Int32](repeating: 0, count: n)
        var identity = true
        for e in 0..<n {
            let s = dictString(Int32(e))
            if let k = index[s] { remap[e] = k; identity = false; continue }
            let k = Int32(values.count)
            index[s] = k
            values.append(s)
            remap[e] = k
        }
        let mapped = identity ? codes : codes.map { remap[Int($0)] }
        return .dictionary(codes: mapped, values: values)
    }

    /// The finished column.
    func column() -> Column {
        let validity: Bitmap?
        if nullRows.isEmpty { validity = nil } else {
            var b = Bitmap(count: rows, allValid: true)
            for r in nullRows { b[r] = false }
            validity = b
        }
        let storage: ColumnStorage
        switch target {
        case .int: storage = .int(ints)
        case .datetime: storage = .datetime(ints)
        case .float: storage = .float(floats)
        case .bool: storage = .bool(bools)
        case .date: storage = .date(dates)
        case .list: storage = .list(lists)
        case .string:
            if plainMode { storage = .string(.plain(offsets: offsets, bytes: textBytes)) } else { storage = .string(dictionaryStorage()) }
        }
        return Column(name: leaf.name, storage: storage, validity: validity)
    }

    // MARK: plain values

    func decodePlain(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, count n: Int, at offset: Int) throws -> Dense {
        let avail = end - start
        func need(_ bytes: Int) throws {
            guard bytes <= avail else { throw corrupt("\(n) values need \(bytes) bytes, the page has \(avail)", at: offset) }
        }
        switch leaf.physical {
        case .boolean:
            try need((n + 7) / 8)
            return .bools((0..<n).map { i in (p[start + i >> 3] >> UInt8(i & 7)) & 1 == 1 })
        case .int32:
            try need(n * 4)
            let raw = [Int32](unsafeUninitializedCapacity: n) { b, c in
                if n > 0 { UnsafeMutableRawBufferPointer(b).copyMemory(from: UnsafeRawBufferPointer(rebasing: p[start..<(start + n * 4)])) }
                c = n
            }
            switch leaf.logical {
            case .date: return .dates(raw)
            case .decimal(let scale): let d = pow10(scale); return .floats(raw.map { Double($0) / d })
            case .int(_, false): return .ints(raw.map { Int64(UInt32(bitPattern: $0)) })
            default: return .ints(raw.map { Int64($0) })
            }
        case .int64:
            try need(n * 8)
            var raw = [Int64](unsafeUninitializedCapacity: n) { b, c in
                if n > 0 { UnsafeMutableRawBufferPointer(b).copyMemory(from: UnsafeRawBufferPointer(rebasing: p[start..<(start + n * 8)])) }
                c = n
            }
            switch leaf.logical {
            case .decimal(let scale): let d = pow10(scale); return .floats(raw.map { Double($0) / d })
            case .timestamp(let units):
                if units == 1000 { for i in raw.indices { raw[i] = raw[i] &* 1000 } }
                else if units == 1_000_000_000 { for i in raw.indices { raw[i] = floorDiv(raw[i], 1000) } }
                return .ints(raw)
            default: return .ints(raw)
            }
        case .int96:
            try need(n * 12)
            return .ints((0..<n).map { i in
                let at = start + i * 12
                let nanos = p.loadUnaligned(fromByteOffset: at, as: Int64.self)
                let julian = Int64(p.loadUnaligned(fromByteOffset: at + 8, as: Int32.self))
                return (julian - 2_440_588) &* 86_400_000_000 &+ nanos / 1000
            })
        case .float:
            try need(n * 4)
            return .floats((0..<n).map { i in Double(p.loadUnaligned(fromByteOffset: start + i * 4, as: Float.self)) })
        case .double:
            try need(n * 8)
            return .floats([Double](unsafeUninitializedCapacity: n) { b, c in
                if n > 0 { UnsafeMutableRawBufferPointer(b).copyMemory(from: UnsafeRawBufferPointer(rebasing: p[start..<(start + n * 8)])) }
                c = n
            })
        case .byteArray:
            var offs = [Int]()
            offs.reserveCapacity(n + 1)
            offs.append(0)
            var pos = start
            // First pass: lengths and bounds; second: one copy of all bytes without the prefixes.
            var total = 0
            for _ in 0..<n {
                guard end - pos >= 4 else { throw corrupt("a string's length is cut off", at: offset) }
                let len = Int(p.loadUnaligned(fromByteOffset: pos, as: UInt32.self).littleEndian)
                guard len <= end - pos - 4 else { throw corrupt("a string of \(len) bytes runs past the page", at: offset) }
                pos += 4 + len
                total += len
                offs.append(total)
            }
            var bytes = [UInt8](repeating: 0, count: total)
            bytes.withUnsafeMutableBytes { dst in
                var src = start
                for i in 0..<n {
                    let len = offs[i + 1] - offs[i]
                    if len > 0 { (dst.baseAddress! + offs[i]).copyMemory(from: p.baseAddress! + src + 4, byteCount: len) }
                    src += 4 + len
                }
            }
            if case .decimal(let scale) = leaf.logical {
                return .floats((0..<n).map { i in bigEndianDecimal(bytes[offs[i]..<offs[i + 1]], scale) })
            }
            return .strings(offsets: offs, bytes: bytes)
        case .fixedLenByteArray:
            let w = leaf.typeLength
            guard w > 0 else { throw corrupt("fixed-length values of length \(w)", at: offset) }
            try need(n * w)
            if case .decimal(let scale) = leaf.logical {
                return .floats((0..<n).map { i in bigEndianDecimal(ArraySlice(UnsafeRawBufferPointer(rebasing: p[(start + i * w)..<(start + i * w + w)])), scale) })
            }
            // Other fixed-length values (UUIDs, float16) read as lowercase hex text.
            var offs = [0]
            var bytes: [UInt8] = []
            let hex = Array("0123456789abcdef".utf8)
            for i in 0..<n {
                for k in 0..<w { let b = p[start + i * w + k]; bytes.append(hex[Int(b >> 4)]); bytes.append(hex[Int(b & 15)]) }
                offs.append(bytes.count)
            }
            return .strings(offsets: offs, bytes: bytes)
        }
    }

    func pow10(_ scale: Int) -> Double {
        var d = 1.0
        for _ in 0..<max(0, min(scale, 400)) { d *= 10 }
        return d
    }

    func bigEndianDecimal(_ b: ArraySlice<UInt8>, _ scale: Int) -> Double {
        guard let first = b.first else { return 0 }
        var v = 0.0
        let negative = first & 0x80 != 0
        for byte in b { v = v * 256 + Double(negative ? ~byte : byte) }
        if negative { v = -(v + 1) }
        return v / pow10(scale)
    }

    func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
