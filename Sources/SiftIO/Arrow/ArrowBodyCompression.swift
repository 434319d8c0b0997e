import CSiftCompression

/// Undoes Arrow's per-buffer body compression (LZ4 frame or ZSTD).
///
/// Why a whole new body: a compressed buffer starts with its decompressed length (or -1 when the
/// writer left it raw); decompressing every buffer of the batch into one new, 8-aligned body up
/// front lets the column decoders read compressed and plain batches the same way. All lengths
/// are read and checked before anything is allocated, and the new body is not zero-filled
/// first, so a corrupt length costs a failed decompression, not gigabytes of writes.
enum ArrowBodyCompression {
    /// Largest decompressed buffer accepted (Arrow's 32-bit offsets cap a string buffer at 2 GiB).
    static let maxBufferBytes = 1 << 31
    /// Largest decompressed batch accepted.
    static let maxBodyBytes = 1 << 34

    private enum Part { case empty, raw(Range<Int>), compressed(Range<Int>, size: Int) }

    static func decompress(body: UnsafeRawBufferPointer, batch: ArrowRecordBatchHeader, codec: Int) throws -> (body: [UInt8], buffers: [(offset: Int, length: Int)]) {
        var parts: [Part] = []
        var buffers: [(offset: Int, length: Int)] = []
        var total = 0
        for (i, buffer) in batch.buffers.enumerated() {
            total = (total + 7) & ~7
            guard buffer.length > 0 else { parts.append(.empty); buffers.append((total, 0)); continue }
            guard buffer.offset <= body.count - buffer.length, buffer.length >= 8 else {
                throw ArrowError("compressed buffer \(i) (\(buffer.length) bytes at \(buffer.offset)) does not fit the \(body.count)-byte body")
            }
            let size = Int64(littleEndian: body.loadUnaligned(fromByteOffset: buffer.offset, as: Int64.self))
            let payload = (buffer.offset + 8)..<(buffer.offset + buffer.length)
            if size == -1 {
                parts.append(.raw(payload))
                buffers.append((total, payload.count))
                total += payload.count
            } else {
                guard size >= 0, size <= maxBufferBytes else { throw ArrowError("compressed buffer \(i) claims \(size) bytes") }
                parts.append(size == 0 ? .empty : .compressed(payload, size: Int(size)))
                buffers.append((total, Int(size)))
                total += Int(size)
            }
            guard total <= maxBodyBytes else { throw ArrowError("compressed record batch claims more than \(maxBodyBytes) bytes") }
        }
        var failure: ArrowError?
        let out = [UInt8](unsafeUninitializedCapacity: max(total, 1)) { dst, count in
            count = 0
            guard let base = dst.baseAddress, let src = body.baseAddress else { return }
            var written = 0
            for (i, part) in parts.enumerated() {
                let start = buffers[i].offset
                if start > written { (base + written).initialize(repeating: 0, count: start - written) }
                switch part {
                case .empty: break
                case .raw(let r):
                    UnsafeMutableRawPointer(base + start).copyMemory(from: src + r.lowerBound, byteCount: r.count)
                case .compressed(let r, let size):
                    let input = (src + r.lowerBound).assumingMemoryBound(to: UInt8.self)
                    let status = codec == 0
                        ? csift_lz4_frame_into(input, r.count, base + start, size)
                        : csift_zstd_into(input, r.count, base + start, size)
                    if status != 0 {
                        failure = ArrowError("buffer \(i) does not decompress (\(codec == 0 ? "LZ4" : "ZSTD") error \(status))")
                        return
                    }
                }
                written = start + buffers[i].length
            }
            count = written
        }
        if let failure { throw failure }
        return (out, buffers)
    }
}
