/// Aggregations over a column, whole or per group. Nulls are skipped (as in pandas and SQL);
/// an aggregate over no values is null, except counts, which are 0.
public enum AggregateFunction: String, CaseIterable, Sendable {
    case count, sum, mean, median, min, max, std, `var`, quantile, nDistinct = "n_distinct", first, last, nullCount = "null_count"
}

public enum Aggregate {
    /// Aggregates `column` per group (or as one group when `grouping` is nil).
    public static func run(_ fn: AggregateFunction, _ column: Column, grouping: Grouping?, q: Double = 0.5, name: String? = nil) throws -> Column {
        let n = column.count
        let g = grouping?.groupCount ?? 1
        let ids = grouping?.ids
        @inline(__always) func gid(_ i: Int) -> Int { ids.map { Int($0[i]) } ?? 0 }
        let outName = name ?? column.name
        let valid = column.validity

        switch fn {
        case .count, .nullCount:
            var counts = [Int64](repeating: 0, count: g)
            for i in 0..<n where (valid?[i] ?? true) == (fn == .count) { counts[gid(i)] += 1 }
            return Column(name: outName, storage: .int(counts))
        case .first, .last:
            var pick = [Int](repeating: -1, count: g)
            for i in 0..<n where valid?[i] ?? true {
                let k = gid(i)
                if fn == .last || pick[k] < 0 { pick[k] = i }
            }
            return column.take(pick).renamed(outName)
        case .nDistinct:
            let (codes, _) = KeyCodes.sorted(column)
            var seen = [Set<Int32>](repeating: [], count: g)
            for i in 0..<n where valid?[i] ?? true { seen[gid(i)].insert(codes[i]) }
            return Column(name: outName, storage: .int(seen.map { Int64($0.count) }))
        case .min, .max:
            if !column.type.isNumeric || column.type == .bool {
                if column.type == .bool { break }
                // Order-based: min/max of dates and strings by their sorted codes.
                let (codes, _) = KeyCodes.sorted(column)
                var pick = [Int](repeating: -1, count: g)
                for i in 0..<n where valid?[i] ?? true {
                    let k = gid(i)
                    if pick[k] < 0 || (fn == .min ? codes[i] < codes[pick[k]] : codes[i] > codes[pick[k]]) { pick[k] = i }
                }
                return column.take(pick).renamed(outName)
            }
            if case .int(let a) = column.storage {
                var out = [Int64](repeating: fn == .min ? .max : .min, count: g)
                var has = Bitmap(count: g, allValid: false)
                for i in 0..<n where valid?[i] ?? true {
                    let k = gid(i)
                    out[k] = fn == .min ? Swift.min(out[k], a[i]) : Swift.max(out[k], a[i])
                    has[k] = true
                }
                return Column(name: outName, storage: .int(out), validity: has)
            }
        default: break
        }
        guard let x = column.doubles else {
            throw FrameError("\(fn.rawValue)() needs numbers, got the \(column.type.rawValue) column '\(column.name)'", hint: column.type == .string ? "use count(), n_distinct() or first() on text" : nil)
        }
        var has = Bitmap(count: g, allValid: false)
        switch fn {
        case .sum, .mean:
            // Fixed chunk order (ChunkedSums), the same as the fused group-by kernel's.
            var (sum, cnt) = x.withUnsafeBufferPointer { xb in
                GroupAggregate.withSelection(ids) { idp in
                    ChunkedSums.sums(positions: n, groups: g, selection: nil, ids: idp, validity: valid) { xb[$0] }
                }
            }
            if fn == .sum, case .int(let a) = column.storage {
                // Integer sums stay exact integers unless they overflow.
                var isum = [Int64](repeating: 0, count: g)
                var overflow = false
                for i in 0..<n where valid?[i] ?? true {
                    let k = gid(i)
                    let (r, o) = isum[k].addingReportingOverflow(a[i])
                    isum[k] = r
                    overflow = overflow || o
                }
                if !overflow {
                    for k in 0..<g where cnt[k] > 0 { has[k] = true }
                    return Column(name: outName, storage: .int(isum), validity: has)
                }
            }
            if fn == .sum {
                // A sum over no values is null, like every aggregate except counts.
                for k in 0..<g where cnt[k] > 0 { has[k] = true }
                return Column(name: outName, storage: .float(sum), validity: has)
            }
            for k in 0..<g where cnt[k] > 0 { sum[k] /= Double(cnt[k]); has[k] = true }
            return Column(name: outName, storage: .float(sum), validity: has)
        case .std, .var:
            // Two-pass (mean, then squared deviations) for accuracy; sample variance (ddof = 1).
            var mean = [Double](repeating: 0, count: g)
            var cnt = [Int](repeating: 0, count: g)
            for i in 0..<n where valid?[i] ?? true { let k = gid(i); mean[k] += x[i]; cnt[k] += 1 }
            for k in 0..<g where cnt[k] > 0 { mean[k] /= Double(cnt[k]) }
            var ss = [Double](repeating: 0, count: g)
            for i in 0..<n where valid?[i] ?? true { let k = gid(i); let d = x[i] - mean[k]; ss[k] += d * d }
            var out = [Double](repeating: 0, count: g)
            for k in 0..<g where cnt[k] > 1 {
                out[k] = ss[k] / Double(cnt[k] - 1)
                if fn == .std { out[k] = out[k].squareRoot() }
                has[k] = true
            }
            return Column(name: outName, storage: .float(out), validity: has)
        case .min, .max:
            var out = [Double](repeating: fn == .min ? .infinity : -.infinity, count: g)
            for i in 0..<n where valid?[i] ?? true {
                let k = gid(i)
                out[k] = fn == .min ? Swift.min(out[k], x[i]) : Swift.max(out[k], x[i])
                has[k] = true
            }
            if column.type == .bool {
                return Column(name: outName, storage: .bool(out.map { $0 > 0.5 }), validity: has)
            }
            return Column(name: outName, storage: .float(out), validity: has)
        case .median, .quantile:
            guard q >= 0, q <= 1 else { throw FrameError("quantile must be between 0 and 1, got \(q)") }
            var buckets = [[Double]](repeating: [], count: g)
            for i in 0..<n where valid?[i] ?? true { buckets[gid(i)].append(x[i]) }
            var out = [Double](repeating: 0, count: g)
            for k in 0..<g where !buckets[k].isEmpty {
                out[k] = quantile(sorted: buckets[k].sorted(), fn == .median ? 0.5 : q)
                has[k] = true
            }
            return Column(name: outName, storage: .float(out), validity: has)
        default:
            throw FrameError("\(fn.rawValue)() does not apply to \(column.type.rawValue) columns")
        }
    }

    /// Linear interpolation between closest ranks (pandas' and numpy's default).
    public static func quantile(sorted v: [Double], _ q: Double) -> Double {
        guard !v.isEmpty else { return .nan }
        let pos = q * Double(v.count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = Swift.min(lo + 1, v.count - 1)
        return v[lo] + (v[hi] - v[lo]) * (pos - Double(lo))
    }

    /// One value for a whole column.
    public static func scalar(_ fn: AggregateFunction, _ column: Column, q: Double = 0.5) throws -> Scalar {
        let c = try run(fn, column, grouping: nil, q: q)
        return c.count == 0 ? .null : c[0]
    }
}
