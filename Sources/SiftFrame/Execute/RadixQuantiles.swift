/// Exact order statistics of a large column by radix selection: one pass counts the values in
/// 65,536 buckets of their order-preserving bit pattern (sign, exponent and the top mantissa
/// bits), a second pass keeps only the values of the few buckets that hold a requested rank,
/// and quickselect finishes inside those. Two linear passes instead of a quickselect and a
/// minimum scan per quantile (`describe` asks for three on every numeric column).
///
/// The k-th smallest value is unique as a value, so the answers equal `Selection.quantiles`
/// bit for bit (same interpolation code); columns holding NaN or -0.0, where the order or the
/// sign of a zero depends on where values sit, are left to quickselect (nil).
enum RadixQuantiles {
    static let minimumCount = 1 << 14

    @inline(__always) static func key(_ bits: UInt64) -> UInt64 { bits >> 63 == 1 ? ~bits : bits | (1 << 63) }

    static func quantiles(_ v: UnsafeMutableBufferPointer<Double>, _ qs: [Double]) -> [Double]? {
        let n = v.count
        guard n >= minimumCount else { return nil }
        var hist = [Int](repeating: 0, count: 1 << 16)
        let ok = hist.withUnsafeMutableBufferPointer { h -> Bool in
            for i in 0..<n {
                let b = v[i].bitPattern
                if b == 0x8000_0000_0000_0000 || (b & 0x7FF0_0000_0000_0000 == 0x7FF0_0000_0000_0000 && b & 0x000F_FFFF_FFFF_FFFF != 0) { return false }
                h[Int(key(b) >> 48)] &+= 1
            }
            return true
        }
        guard ok else { return nil }
        // The ranks each quantile needs: lo, and lo + 1 when it interpolates.
        var ranks: [Int] = []
        for q in qs {
            let pos = q * Double(n - 1)
            let lo = min(n - 1, Int(pos.rounded(.down)))
            ranks.append(lo)
            if pos > Double(lo), lo + 1 < n { ranks.append(lo + 1) }
        }
        var start = [Int](repeating: 0, count: 1 << 16)
        var sum = 0
        for b in 0..<(1 << 16) { start[b] = sum; sum += hist[b] }
        func bucket(_ rank: Int) -> Int {
            var lo = 0, hi = (1 << 16) - 1
            while lo < hi { let mid = (lo + hi + 1) / 2; if start[mid] <= rank { lo = mid } else { hi = mid - 1 } }
            return lo
        }
        // Each wanted bucket gets a list (slot + 1 in `slotOf`; 0 = not wanted).
        var slotOf = [Int32](repeating: 0, count: 1 << 16)
        var lists: [[Double]] = []
        for r in ranks where slotOf[bucket(r)] == 0 {
            lists.append([])
            lists[lists.count - 1].reserveCapacity(hist[bucket(r)])
            slotOf[bucket(r)] = Int32(lists.count)
        }
        slotOf.withUnsafeBufferPointer { w in
            for i in 0..<n {
                let x = v[i]
                let s = Int(w[Int(key(x.bitPattern) >> 48)])
                if s > 0 { lists[s - 1].append(x) }
            }
        }
        func order(_ rank: Int) -> Double {
            let b = bucket(rank)
            return Selection.select(&lists[Int(slotOf[b]) - 1], rank - start[b])
        }
        var results = [Double](repeating: 0, count: qs.count)
        for (k, q) in qs.enumerated() {
            let pos = q * Double(n - 1)
            let lo = min(n - 1, Int(pos.rounded(.down)))
            let a = order(lo)
            var value = a
            if pos > Double(lo), lo + 1 < n {
                let b = order(lo + 1)
                // The same interpolation as Selection.quantiles.
                let t = pos - Double(lo), gap = b - a
                value = gap.isFinite ? a + gap * t : a * (1 - t) + b * t
            }
            results[k] = value
        }
        return results
    }
}
