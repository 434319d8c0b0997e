/// Selection vectors: the row numbers a filter keeps, as 32-bit integers in increasing order.
/// Kernels read the selected rows of the unfiltered columns through them, so a filter feeding a
/// group-by never copies a column, and a filter that does materialise gathers each column once.
public enum RowSelection {
    /// Frames up to this many rows can be addressed by 32-bit row numbers.
    public static let maxRows = Int(Int32.max)

    /// Rows where `flags` is true and (when given) `validity` marks a value: null counts as false,
    /// as in SQL's `WHERE`. Built branch-free (every row is written, the write position advances
    /// by the row's bit), in fixed chunks on both cores; each chunk writes to its own buffer, so
    /// the result does not depend on the number of threads.
    public static func rows(flags: [Bool], validity: Bitmap?) -> [Int32] {
        let n = flags.count
        guard n > 0, n <= maxRows else { return n == 0 ? [] : (0..<n).compactMap { flags[$0] && (validity?[$0] ?? true) ? Int32($0) : nil } }
        let plan = ChunkPlan(count: n, minimum: 1 << 17, maxChunks: 8)
        var parts = [[Int32]](repeating: [], count: plan.count)
        flags.withUnsafeBufferPointer { fb in
            let words = validity?.words ?? []
            words.withUnsafeBufferPointer { wb in
                let f = UnsafeRawPointer(fb.baseAddress!).assumingMemoryBound(to: UInt8.self)
                let hasValidity = validity != nil
                parts.withUnsafeMutableBufferPointer { pp in
                    let out = pp.baseAddress!
                    plan.run { c in
                        let r = plan.range(c)
                        // One spare slot: the last row is written even when it is not kept.
                        let local = [Int32](unsafeUninitializedCapacity: r.count + 1) { buf, count in
                            let o = buf.baseAddress!
                            var w = 0
                            if hasValidity {
                                for i in r {
                                    o[w] = Int32(truncatingIfNeeded: i)
                                    let bit = (wb[i >> 6] >> UInt64(i & 63)) & 1
                                    w &+= Int(UInt64(f[i] & 1) & bit)
                                }
                            } else {
                                for i in r {
                                    o[w] = Int32(truncatingIfNeeded: i)
                                    w &+= Int(f[i] & 1)
                                }
                            }
                            count = w
                        }
                        (out + c).pointee = local
                    }
                }
            }
        }
        if parts.count == 1 { return parts[0] }
        var out = [Int32]()
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for p in parts { out.append(contentsOf: p) }
        return out
    }

    /// Rows kept by a true/false mask column (null = not kept).
    public static func rows(mask: Column) throws -> [Int32] {
        guard case .bool(let flags) = mask.storage else {
            throw FrameError("filter condition must be true/false per row, got \(mask.type)", hint: "compare a column, e.g. filter(spend > 100)")
        }
        return rows(flags: flags, validity: mask.validity)
    }

    /// The selection as `Int` row indices (for `Column.take`).
    public static func indices(_ rows: [Int32]) -> [Int] { rows.map { Int($0) } }
}
