/// Parquet's RLE / bit-packed hybrid encoding, used for definition levels, dictionary indices and
/// (in v2 pages) booleans: a varint header whose low bit picks a bit-packed run of 8-value groups
/// (LSB first) or a repeated value stored in ceil(width/8) bytes.
enum HybridRLE {
    struct Corrupt: Error { var message: String; var offset: Int }

    /// Decodes `count` values of `bitWidth` bits from `p[start..<end]` into `out` (which must hold
    /// `count`). Returns the position after the last byte used.
    @discardableResult
    static func decode(_ p: UnsafeRawBufferPointer, start: Int, end: Int, bitWidth: Int, count: Int,
                       into out: UnsafeMutablePointer<UInt32>) throws -> Int {
        guard bitWidth >= 0, bitWidth <= 32 else { throw Corrupt(message: "bit width \(bitWidth) is out of range", offset: start) }
        var pos = start
        var written = 0
        if bitWidth == 0 { out.update(repeating: 0, count: count); return pos }
        let mask: UInt64 = bitWidth == 32 ? 0xffff_ffff : (1 << UInt64(bitWidth)) - 1
        let valueBytes = (bitWidth + 7) / 8
        while written < count {
            // varint header
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard pos < end else { throw Corrupt(message: "encoded values end after \(written) of \(count)", offset: pos) }
                let b = p[pos]; pos += 1
                header |= UInt64(b & 0x7f) << shift
                if b & 0x80 == 0 { break }
                shift += 7
                guard shift < 64 else { throw Corrupt(message: "bad run header", offset: pos) }
            }
            if header & 1 == 1 {
                let groups = Int(truncatingIfNeeded: header >> 1)
                guard groups > 0, groups <= (end - pos) else {
                    if groups == 0 { continue }
                    throw Corrupt(message: "a bit-packed run is longer than the data", offset: pos)
                }
                let values = min(groups * 8, count - written)
                let needBytes = (values * bitWidth + 7) / 8
                guard needBytes <= end - pos else { throw Corrupt(message: "a bit-packed run is longer than the data", offset: pos) }
                let o = out + written
                // Fast path: one unaligned 8-byte load per value while 8 bytes remain (a value of
                // up to 32 bits plus a 7-bit shift fits); the tail goes byte by byte.
                var k = 0
                var bitPos = 0
                if let base = p.baseAddress {
                    while k < values, pos + (bitPos >> 3) + 8 <= end {
                        let word = base.loadUnaligned(fromByteOffset: pos + (bitPos >> 3), as: UInt64.self)
                        o[k] = UInt32(truncatingIfNeeded: (UInt64(littleEndian: word) >> UInt64(bitPos & 7)) & mask)
                        bitPos += bitWidth
                        k += 1
                    }
                }
                var acc: UInt64 = 0
                var bits = 0
                var bi = pos + (bitPos >> 3)
                if k < values, bitPos & 7 != 0 {
                    acc = UInt64(p[bi]) >> UInt64(bitPos & 7)
                    bits = 8 - (bitPos & 7)
                    bi += 1
                }
                while k < values {
                    while bits < bitWidth { acc |= UInt64(p[bi]) << UInt64(bits); bi += 1; bits += 8 }
                    o[k] = UInt32(truncatingIfNeeded: acc & mask)
                    acc >>= UInt64(bitWidth)
                    bits -= bitWidth
                    k += 1
                }
                written += values
                pos += min(groups * bitWidth, end - pos)
            } else {
                let run = Int(truncatingIfNeeded: header >> 1)
                guard valueBytes <= end - pos else { throw Corrupt(message: "a run's value is cut off", offset: pos) }
                var v: UInt32 = 0
                for k in 0..<valueBytes { v |= UInt32(p[pos + k]) << UInt32(8 * k) }
                pos += valueBytes
                guard run >= 0 else { throw Corrupt(message: "bad run length", offset: pos) }
                let n = min(run, count - written)
                (out + written).update(repeating: v, count: n)
                written += n
            }
        }
        return pos
    }

    static func bitWidth(_ maxValue: Int) -> Int {
        var w = 0
        while (1 << w) <= maxValue { w += 1 }
        return w
    }

    // MARK: writing

    /// Encodes values as bit-packed groups of 8 (padded), the simplest valid hybrid stream.
    static func encodeBitPacked(_ values: [UInt32], bitWidth: Int, into out: inout [UInt8]) {
        guard !values.isEmpty else { return }
        if bitWidth == 0 { appendVarint(UInt64(values.count) << 1, &out); return }
        let groups = (values.count + 7) / 8
        appendVarint(UInt64(groups) << 1 | 1, &out)
        var acc: UInt64 = 0
        var bits = 0
        for i in 0..<(groups * 8) {
            let v = i < values.count ? UInt64(values[i]) : 0
            acc |= v << UInt64(bits)
            bits += bitWidth
            while bits >= 8 { out.append(UInt8(truncatingIfNeeded: acc)); acc >>= 8; bits -= 8 }
        }
        if bits > 0 { out.append(UInt8(truncatingIfNeeded: acc)) }
    }

    /// Encodes 0/1 levels as RLE runs (long null-free stretches cost a few bytes).
    static func encodeRuns(_ values: [UInt8], bitWidth: Int, into out: inout [UInt8]) {
        var i = 0
        let valueBytes = (bitWidth + 7) / 8
        while i < values.count {
            var j = i + 1
            while j < values.count && values[j] == values[i] { j += 1 }
            appendVarint(UInt64(j - i) << 1, &out)
            var v = UInt32(values[i])
            for _ in 0..<valueBytes { out.append(UInt8(v & 0xff)); v >>= 8 }
            i = j
        }
    }

    static func appendVarint(_ v: UInt64, _ out: inout [UInt8]) {
        var v = v
        while v >= 0x80 { out.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }
}
