/// Per-group sums of doubles in one fixed order, shared by the serial and the parallel paths.
///
/// The positions are cut into `ChunkPlan` chunks (their number depends only on how many
/// positions there are); each chunk sums its positions in order into its own accumulators, and
/// the chunks' partial sums are added in chunk order. Every caller (the fused group-by, the
/// per-column `Aggregate.run`) goes through here, so they agree to the last bit whatever the
/// number of cores. Null cells add a masked +0.0 instead of branching (the sum never becomes
/// -0.0, so this is exact) and do not count.
enum ChunkedSums {
    /// Chunks get their own accumulators (padded to 64-byte lines) when this many fit; beyond
    /// that the chunks run one after another into one reused buffer, in the same order.
    static let maxParallelCells = 1 << 20

    /// - Parameters:
    ///   - value: the cell at a row (after `selection` maps a position to a row).
    ///   - ids: the group (or slot) of each position; nil = one group.
    @inline(__always)
    static func sums(positions m: Int, groups g: Int, selection: UnsafePointer<Int32>?, ids: UnsafePointer<Int32>?,
                     validity: Bitmap?, value: (Int) -> Double) -> (sums: [Double], counts: [Int]) {
        let plan = ChunkPlan(count: m)
        // Each chunk's block is whole 64-byte lines plus one spare line, so no two chunks' sums
        // share a cache line whatever the buffer's alignment.
        let stride = ((max(g, 1) + 7) & ~7) + 8
        var sums = [Double](repeating: 0, count: g)
        var counts = [Int](repeating: 0, count: g)
        let words = validity?.words ?? []
        let hasValidity = validity != nil
        words.withUnsafeBufferPointer { wb in
            func chunk(_ c: Int, _ s: UnsafeMutablePointer<Double>, _ n: UnsafeMutablePointer<Int>) {
                for p in plan.range(c) {
                    let r = selection.map { Int($0[p]) } ?? p
                    let k = ids.map { Int($0[p]) } ?? 0
                    let bit = hasValidity ? (wb[r >> 6] >> UInt64(r & 63)) & 1 : 1
                    let x = value(r)
                    s[k] += Double(bitPattern: x.bitPattern & (0 &- bit))
                    n[k] &+= Int(bit)
                }
            }
            if plan.count == 1 {
                sums.withUnsafeMutableBufferPointer { s in counts.withUnsafeMutableBufferPointer { n in
                    if g > 0 { chunk(0, s.baseAddress!, n.baseAddress!) }
                } }
                return
            }
            if plan.count * stride <= maxParallelCells {
                var ps = [Double](repeating: 0, count: plan.count * stride)
                var pn = [Int](repeating: 0, count: plan.count * stride)
                ps.withUnsafeMutableBufferPointer { s in pn.withUnsafeMutableBufferPointer { n in
                    let sb = s.baseAddress!, nb = n.baseAddress!
                    plan.run { c in chunk(c, sb + c * stride, nb + c * stride) }
                } }
                for c in 0..<plan.count {
                    for k in 0..<g { sums[k] += ps[c * stride + k]; counts[k] += pn[c * stride + k] }
                }
            } else {
                var ps = [Double](repeating: 0, count: g)
                var pn = [Int](repeating: 0, count: g)
                for c in 0..<plan.count {
                    for k in 0..<g { ps[k] = 0; pn[k] = 0 }
                    ps.withUnsafeMutableBufferPointer { s in pn.withUnsafeMutableBufferPointer { n in
                        chunk(c, s.baseAddress!, n.baseAddress!)
                    } }
                    for k in 0..<g { sums[k] += ps[k]; counts[k] += pn[k] }
                }
            }
        }
        return (sums, counts)
    }
}
