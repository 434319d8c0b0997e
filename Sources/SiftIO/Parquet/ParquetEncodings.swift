/// Parquet's non-plain value encodings that writers use when asked (pyarrow's `column_encoding`,
/// Spark's v2 writer): DELTA_BINARY_PACKED (integers), DELTA_LENGTH_BYTE_ARRAY and
/// DELTA_BYTE_ARRAY (strings), BYTE_STREAM_SPLIT (floats, integers, fixed-length values). Each
/// decoder rewrites the values into the PLAIN layout, so the one plain decoder does every
/// physical-to-Sift conversion (dates, timestamps, decimals, unsigned ints) for every encoding;
/// the extra copy is cheap next to decompression and these encodings are rare. Every read is
/// bounds-checked: a corrupt page is a `Corrupt` error with a message, never a crash.
enum ParquetEncodings {
    struct Corrupt: Error { var message: String }

    /// Most values one page may declare (a corrupt header must not allocate terabytes).
    static let maxValues = 1 << 28

    static func varint(_ p: UnsafeRawBufferPointer, _ pos: inout Int, _ end: Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard pos < end else { throw Corrupt(message: "delta header ends early") }
            let b = p[pos]
            pos += 1
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 70 else { throw Corrupt(message: "varint too long") }
        }
    }

    static func zigzag(_ u: UInt64) -> Int64 { Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1) }

    /// DELTA_BINARY_PACKED: a header (block size, miniblocks per block, value count, first value),
    /// then blocks of a min delta and bit-packed miniblocks of deltas above it. Decodes `count`
    /// values (arithmetic wraps, as the format specifies) and returns them with the position after
    /// the last miniblock used.
    static func deltaBinaryPacked(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, count: Int) throws -> (values: [Int64], end: Int) {
        var pos = start
        let blockSize = try varint(p, &pos, end)
        let miniblocks = try varint(p, &pos, end)
        let total = try varint(p, &pos, end)
        let first = zigzag(try varint(p, &pos, end))
        guard blockSize > 0, blockSize <= 1 << 20, blockSize % 128 == 0, miniblocks > 0, miniblocks <= blockSize,
              blockSize % miniblocks == 0, (blockSize / miniblocks) % 32 == 0 else {
            throw Corrupt(message: "bad delta header (block of \(blockSize) values in \(miniblocks) miniblocks)")
        }
        guard total <= UInt64(maxValues), Int(total) >= count else {
            throw Corrupt(message: "delta header declares \(total) values where \(count) are needed")
        }
        let perMini = Int(blockSize / miniblocks)
        let minis = Int(miniblocks)
        var out = [Int64]()
        out.reserveCapacity(count)
        guard count > 0 else { return (out, pos) }
        out.append(first)
        var last = first
        var widths = [Int](repeating: 0, count: minis)
        while out.count < count {
            let minDelta = zigzag(try varint(p, &pos, end))
            guard minis <= end - pos else { throw Corrupt(message: "delta block's bit widths run past the page") }
            for m in 0..<minis { widths[m] = Int(p[pos + m]) }
            pos += minis
            for m in 0..<minis where out.count < count {
                let w = widths[m]
                guard w <= 64 else { throw Corrupt(message: "delta bit width \(w)") }
                let n = min(perMini, count - out.count)
                let full = perMini * w / 8
                // The last miniblock may be cut short by some writers: only the bits used must be there.
                guard (n * w + 7) / 8 <= end - pos else { throw Corrupt(message: "delta miniblock runs past the page") }
                if w == 0 {
                    for _ in 0..<n { last = last &+ minDelta; out.append(last) }
                } else {
                    var bit = 0
                    for _ in 0..<n {
                        var v: UInt64 = 0
                        var got = 0
                        while got < w {
                            let at = pos + (bit >> 3)
                            let off = bit & 7
                            let take = min(8 - off, w - got)
                            let chunk = (UInt64(p[at]) >> UInt64(off)) & ((1 << UInt64(take)) - 1)
                            v |= chunk << UInt64(got)
                            got += take
                            bit += take
                        }
                        last = last &+ minDelta &+ Int64(bitPattern: v)
                        out.append(last)
                    }
                }
                pos += min(full, end - pos)
            }
        }
        return (out, pos)
    }

    /// DELTA_LENGTH_BYTE_ARRAY: delta-packed lengths, then every value's bytes back to back.
    /// Returns offsets (count + 1) into the page and the position after the last byte.
    static func deltaLengths(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, count: Int) throws -> (offsets: [Int], end: Int) {
        let (lengths, dataStart) = try deltaBinaryPacked(p, start, end, count: count)
        var offsets = [Int]()
        offsets.reserveCapacity(count + 1)
        var at = dataStart
        offsets.append(at)
        for len in lengths.prefix(count) {
            guard len >= 0, len <= end - at else { throw Corrupt(message: "a string of \(len) bytes runs past the page") }
            at += Int(len)
            offsets.append(at)
        }
        return (offsets, at)
    }

    /// Appends a value in the PLAIN layout: BYTE_ARRAY values with their 4-byte length, fixed ones bare.
    static func appendPlain(_ bytes: UnsafeRawBufferPointer, fixed: Bool, into out: inout [UInt8]) {
        if !fixed {
            let n = UInt32(bytes.count)
            out.append(UInt8(n & 0xff)); out.append(UInt8((n >> 8) & 0xff)); out.append(UInt8((n >> 16) & 0xff)); out.append(UInt8(n >> 24))
        }
        out.append(contentsOf: bytes)
    }

    /// DELTA_LENGTH_BYTE_ARRAY rewritten as PLAIN.
    static func deltaLengthByteArray(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, count: Int, fixedLength: Int?) throws -> [UInt8] {
        let (offsets, _) = try deltaLengths(p, start, end, count: count)
        var out = [UInt8]()
        out.reserveCapacity(offsets.last! - offsets[0] + 4 * count)
        for i in 0..<count {
            let len = offsets[i + 1] - offsets[i]
            if let w = fixedLength, len != w { throw Corrupt(message: "a value of \(len) bytes in a column of \(w)-byte values") }
            appendPlain(UnsafeRawBufferPointer(rebasing: p[offsets[i]..<offsets[i + 1]]), fixed: fixedLength != nil, into: &out)
        }
        return out
    }

    /// DELTA_BYTE_ARRAY (incremental encoding): delta-packed prefix lengths, then the suffixes as
    /// DELTA_LENGTH_BYTE_ARRAY; each value is the previous one's prefix plus its suffix. Rewritten as PLAIN.
    static func deltaByteArray(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, count: Int, fixedLength: Int?) throws -> [UInt8] {
        let (prefixes, suffixStart) = try deltaBinaryPacked(p, start, end, count: count)
        let (offsets, _) = try deltaLengths(p, suffixStart, end, count: count)
        var out = [UInt8]()
        var previous = [UInt8]()
        var value = [UInt8]()
        for i in 0..<count {
            let prefix = prefixes[i]
            guard prefix >= 0, prefix <= previous.count else { throw Corrupt(message: "a prefix of \(prefix) bytes is longer than the previous value (\(previous.count))") }
            value.removeAll(keepingCapacity: true)
            value.append(contentsOf: previous[0..<Int(prefix)])
            value.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[offsets[i]..<offsets[i + 1]]))
            if let w = fixedLength, value.count != w { throw Corrupt(message: "a value of \(value.count) bytes in a column of \(w)-byte values") }
            value.withUnsafeBytes { appendPlain($0, fixed: fixedLength != nil, into: &out) }
            swap(&previous, &value)
        }
        return out
    }

    /// BYTE_STREAM_SPLIT: byte k of every value, then byte k + 1 of every value, …; rewritten as
    /// PLAIN (`width` bytes per value).
    static func byteStreamSplit(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, count: Int, width: Int) throws -> [UInt8] {
        guard width > 0 else { throw Corrupt(message: "byte-stream-split values of width \(width)") }
        guard count <= (end - start) / width else { throw Corrupt(message: "\(count) values need \(count * width) bytes, the page has \(end - start)") }
        var out = [UInt8](repeating: 0, count: count * width)
        out.withUnsafeMutableBytes { o in
            for k in 0..<width {
                let stream = start + k * count
                for i in 0..<count { o[i * width + k] = p[stream + i] }
            }
        }
        return out
    }
}
