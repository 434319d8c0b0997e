import CSiftCompression

/// Undoes Arrow's per-buffer body compression (LZ4 frame or ZSTD).
///
/// Why a whole new body: a compressed buffer starts with its decompressed length (or -1 when the
/// writer left it raw); decompressing every buffer of the batch into one new, 8-aligned body up
/// front lets the column decoders read compressed and plain batches the same way.
enum ArrowBodyCompression {
    /// Largest decompressed buffer accepted (a lying length must not allocate without bound).
    static let maxBufferBytes = 1 << 34

    static func decompress(body: UnsafeRawBufferPointer, batch: ArrowRecordBatchHeader, codec: Int) throws -> (body: [UInt8], buffers: [(offset: Int, length: Int)]) {
        var out: [UInt8] = []
        var buffers: [(offset: Int, length: Int)] = []
        buffers.reserveCapacity(batch.buffers.count)
        for (i, buffer) in batch.buffers.enumerated() {
            while out.count % 8 != 0 { out.append(0) }
            guard buffer.length > 0 else { buffers.append((out.count, 0)); continue }
            guard buffer.offset <= body.count - buffer.length, buffer.length >= 8 else {
                throw ArrowError("compressed buffer \(i) (\(buffer.length) bytes at \(buffer.offset)) does not fit the \(body.count)-byte body")
            }
            let size = Int64(littleEndian: body.loadUnaligned(fromByteOffset: buffer.offset, as: Int64.self))
            let src = UnsafeRawBufferPointer(rebasing: body[(buffer.offset + 8)..<(buffer.offset + buffer.length)])
            let start = out.count
            if size == -1 {
                out.append(contentsOf: src)
                buffers.append((start, src.count))
                continue
            }
            guard size >= 0, size <= maxBufferBytes else { throw ArrowError("compressed buffer \(i) claims \(size) bytes") }
            guard size > 0 else { buffers.append((start, 0)); continue }
            out.append(contentsOf: repeatElement(0, count: Int(size)))
            let status: Int32 = out.withUnsafeMutableBytes { dst in
                guard let base = dst.baseAddress, let source = src.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return -1 }
                let target = base.advanced(by: start).assumingMemoryBound(to: UInt8.self)
                return codec == 0
                    ? csift_lz4_frame_into(source, src.count, target, Int(size))
                    : csift_zstd_into(source, src.count, target, Int(size))
            }
            guard status == 0 else { throw ArrowError("buffer \(i) does not decompress (\(codec == 0 ? "LZ4" : "ZSTD") error \(status))") }
            buffers.append((start, Int(size)))
        }
        return (out, buffers)
    }
}
