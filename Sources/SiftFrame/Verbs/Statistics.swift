import Dispatch

/// Frame-wide summaries: `describe` and correlation matrices.
public enum Statistics {
    /// One row per column: type, count, nulls, mean, std, min, quartiles, max (numeric columns),
    /// distinct and most frequent value (other columns). Columns are summarized in parallel.
    public static func describe(_ frame: Frame) throws -> Frame {
        let n = frame.columnCount
        var rows = [ColumnSummary?](repeating: nil, count: n)
        rows.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            DispatchQueue.concurrentPerform(iterations: n) { j in out[j] = summarizeColumn(frame.columns[j]) }
        }
        let summaries = rows.map { $0! }
        let labels = ["mean", "std", "min", "25%", "50%", "75%", "max"]
        var cols: [Column] = [
            Column(name: "column", storage: .string(.make(frame.names))),
            Column(name: "type", storage: .string(.make(frame.columns.map { $0.type.rawValue }))),
            Column(name: "count", storage: .int(summaries.map(\.count))),
            Column(name: "nulls", storage: .int(summaries.map(\.nulls))),
        ]
        for (k, l) in labels.enumerated() { cols.append(Column.from(scalars: summaries.map { $0.stats[k] }, name: l, type: .float)) }
        cols.append(Column.from(scalars: summaries.map(\.distinct), name: "distinct", type: .int))
        cols.append(Column.from(scalars: summaries.map(\.top), name: "top", type: .string))
        return try Frame(columns: cols)
    }

    struct ColumnSummary {
        var count: Int64
        var nulls: Int64
        var stats: [Scalar]
        var distinct: Scalar
        var top: Scalar
    }

    static func summarizeColumn(_ c: Column) -> ColumnSummary {
        let valid = Int64(c.count - c.nullCount)
        var summary = ColumnSummary(count: valid, nulls: Int64(c.nullCount), stats: Array(repeating: .null, count: 7), distinct: .null, top: .null)
        if c.type == .int || c.type == .float {
            // The valid values in row order, copied once through raw buffers.
            let n = c.count
            let words = c.validity?.words ?? []
            let hasValidity = c.validity != nil
            func valid<T>(_ a: [T], _ convert: (T) -> Double) -> [Double] {
                [Double](unsafeUninitializedCapacity: n) { buf, count in
                    var w = 0
                    a.withUnsafeBufferPointer { src in
                        words.withUnsafeBufferPointer { wb in
                            for i in 0..<n where !hasValidity || (wb[i >> 6] >> UInt64(i & 63)) & 1 == 1 {
                                buf[w] = convert(src[i])
                                w += 1
                            }
                        }
                    }
                    count = w
                }
            }
            var v: [Double]
            switch c.storage {
            case .float(let a): v = valid(a) { $0 }
            case .int(let a): v = valid(a) { Double($0) }
            default: return summary
            }
            guard !v.isEmpty else { return summary }
            var sum = 0.0, lo = Double.infinity, hi = -Double.infinity
            var ss = 0.0
            let mean: Double = v.withUnsafeBufferPointer { vb in
                for d in vb { sum += d; lo = Swift.min(lo, d); hi = Swift.max(hi, d) }
                let mean = sum / Double(vb.count)
                for d in vb { ss += (d - mean) * (d - mean) }
                return mean
            }
            let std: Scalar = v.count > 1 ? .float((ss / Double(v.count - 1)).squareRoot()) : .null
            let qs = Selection.quantiles(&v, [0.25, 0.5, 0.75])
            summary.stats = [.float(mean), std, .float(lo)] + qs.map { .float($0) } + [.float(hi)]
            return summary
        }
        // Distinct count and most frequent value need equal codes, not ordered ones: plain text
        // is hashed in place, skipping the sort of its distinct values.
        if case .string(.plain(let offsets, let bytes)) = c.storage, c.count >= partitionedTextRows {
            let (distinct, topRow) = plainDistinctAndTop(offsets, bytes, c.validity)
            summary.distinct = .int(Int64(distinct))
            if topRow >= 0 { summary.top = .string(ScalarFormat.plain(c[topRow])) }
            return summary
        }
        var codes: [Int32]
        var card: Int
        if case .string(.plain(let offsets, let bytes)) = c.storage {
            var interner = ByteInterner()
            codes = [Int32](repeating: -1, count: c.count)
            bytes.withUnsafeBufferPointer { b in
                for i in 0..<c.count where c.isValid(i) {
                    codes[i] = interner.intern(UnsafeBufferPointer(rebasing: b[offsets[i]..<offsets[i + 1]]))
                }
            }
            card = interner.count
        } else {
            (codes, card) = KeyCodes.sorted(c)
            if c.nullCount > 0 {
                card -= 1
                for i in 0..<c.count where !c.isValid(i) { codes[i] = -1 }
            }
        }
        summary.distinct = .int(Int64(card))
        var freq = [Int](repeating: 0, count: card)
        var firstRow = [Int](repeating: -1, count: card)
        codes.withUnsafeBufferPointer { cb in
            freq.withUnsafeMutableBufferPointer { fb in
                firstRow.withUnsafeMutableBufferPointer { rb in
                    for i in 0..<cb.count where cb[i] >= 0 {
                        let k = Int(cb[i])
                        fb[k] &+= 1
                        if rb[k] < 0 { rb[k] = i }
                    }
                }
            }
        }
        var best = -1
        for k in 0..<card where best < 0 || freq[k] > freq[best] || (freq[k] == freq[best] && firstRow[k] < firstRow[best]) { best = k }
        if best >= 0 { summary.top = .string(ScalarFormat.plain(c[firstRow[best]])) }
        return summary
    }
    /// Free-text columns at least this long are counted in two hash partitions at once.
    static let partitionedTextRows = 100_000

    /// Distinct values and the most frequent one (ties: the one seen first) of plain text, in
    /// two partitions by the top bit of each value's hash, one per core. Every value falls in
    /// exactly one partition, so the count and the winner equal those of one pass.
    static func plainDistinctAndTop(_ offsets: [Int], _ bytes: [UInt8], _ validity: Bitmap?) -> (distinct: Int, topRow: Int) {
        let n = offsets.count - 1
        var results = [(distinct: Int, freq: Int, row: Int)](repeating: (0, 0, -1), count: 2)
        bytes.withUnsafeBufferPointer { b in
            offsets.withUnsafeBufferPointer { o in
                results.withUnsafeMutableBufferPointer { rb in
                    let out = rb.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: 2) { part in
                        var interner = ByteInterner()
                        var freq: [Int] = []
                        var first: [Int] = []
                        for i in 0..<n where validity?[i] ?? true {
                            let cell = UnsafeBufferPointer(rebasing: b[o[i]..<o[i + 1]])
                            let h = ByteInterner.hash(cell)
                            guard Int(h >> 63) == part else { continue }
                            let code = Int(interner.intern(cell, hash: h))
                            if code == freq.count { freq.append(0); first.append(i) }
                            freq[code] += 1
                        }
                        var best = -1
                        for k in freq.indices where best < 0 || freq[k] > freq[best] || (freq[k] == freq[best] && first[k] < first[best]) { best = k }
                        (out + part).pointee = (freq.count, best >= 0 ? freq[best] : 0, best >= 0 ? first[best] : -1)
                    }
                }
            }
        }
        let a = results[0], z = results[1]
        let top: Int
        if a.row < 0 { top = z.row } else if z.row < 0 { top = a.row } else if a.freq != z.freq { top = a.freq > z.freq ? a.row : z.row } else { top = min(a.row, z.row) }
        return (a.distinct + z.distinct, top)
    }

    public enum CorrelationMethod: String, Sendable { case pearson, spearman }

    /// Correlation matrix over numeric columns with pairwise deletion of nulls (pandas' rule): each
    /// pair uses the rows where both columns hold a value. Spearman drops those incomplete rows
    /// first and then ranks what remains, so each pair is ranked over its own rows.
    public static func corr(_ frame: Frame, columns: [String], method: CorrelationMethod = .pearson) throws -> Frame {
        let names = columns.isEmpty ? frame.columns.filter { $0.type.isNumeric }.map(\.name) : columns
        guard !names.isEmpty else { throw FrameError("corr() found no numeric columns") }
        var data: [[Double]] = []
        var valid: [Column] = []
        for n in names {
            let c = try frame.column(n)
            guard let x = c.doubles else { throw FrameError("corr() needs numeric columns; '\(n)' is \(c.type.rawValue)") }
            data.append(x)
            valid.append(c)
        }
        var out: [Column] = [Column(name: "column", storage: .string(.make(names)))]
        for j in names.indices {
            var col = [Scalar]()
            for i in names.indices {
                let r: Double?
                switch method {
                case .pearson: r = pearson(data[i], data[j], valid[i], valid[j])
                case .spearman: r = spearman(data[i], data[j], valid[i], valid[j])
                }
                col.append(r.map { .float($0) } ?? .null)
            }
            out.append(Column.from(scalars: col, name: names[j], type: .float))
        }
        return try Frame(columns: out)
    }

    /// Spearman's rho over the rows where both cells hold a value: the complete pairs are ranked
    /// (average ranks for ties) and correlated with Pearson.
    static func spearman(_ x: [Double], _ y: [Double], _ cx: Column, _ cy: Column) -> Double? {
        let rows = (0..<x.count).filter { cx.isValid($0) && cy.isValid($0) }
        guard rows.count > 1 else { return nil }
        let rx = ranks(rows.map { x[$0] }), ry = ranks(rows.map { y[$0] })
        let all = Column(name: "", storage: .float(rx))
        return pearson(rx, ry, all, all)
    }

    public static func pearson(_ x: [Double], _ y: [Double], _ cx: Column, _ cy: Column) -> Double? {
        var n = 0.0, mx = 0.0, my = 0.0
        for i in 0..<x.count where cx.isValid(i) && cy.isValid(i) { n += 1; mx += x[i]; my += y[i] }
        guard n > 1 else { return nil }
        mx /= n; my /= n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<x.count where cx.isValid(i) && cy.isValid(i) {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Average ranks, 1-based (ties share their mean rank).
    static func ranks(_ x: [Double]) -> [Double] {
        let idx = x.indices.sorted { x[$0] < x[$1] }
        var r = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < idx.count {
            var j = i
            while j + 1 < idx.count && x[idx[j + 1]] == x[idx[i]] { j += 1 }
            let avg = Double(i + j) / 2 + 1
            for k in i...j { r[idx[k]] = avg }
            i = j + 1
        }
        return r
    }
}

/// Order statistics without a full sort: quickselect places each requested rank in O(n).
public enum Selection {
    /// Quantiles with linear interpolation (pandas' default); `v` is reordered. The requested
    /// ranks are selected in increasing order, each search starting where the last one ended.
    public static func quantiles(_ v: inout [Double], _ qs: [Double]) -> [Double] {
        guard !v.isEmpty else { return qs.map { _ in .nan } }
        let n = v.count
        return v.withUnsafeMutableBufferPointer { buf -> [Double] in
            // Large columns: two radix passes instead of a quickselect per quantile.
            if let fast = RadixQuantiles.quantiles(buf, qs) { return fast }
            var results = [Double](repeating: 0, count: qs.count)
            var floor = 0
            for (k, q) in qs.enumerated().sorted(by: { $0.element < $1.element }) {
                let pos = q * Double(n - 1)
                let lo = min(n - 1, Int(pos.rounded(.down)))
                let a = select(buf, lo, from: max(0, min(floor, lo)))
                floor = lo
                var value = a
                if pos > Double(lo), lo + 1 < n {
                    // The next order statistic is the smallest value above position lo.
                    var b = Double.infinity
                    for i in (lo + 1)..<n where buf[i] < b { b = buf[i] }
                    // b - a overflows for order statistics more than the largest Double apart
                    // (-1.7e308 and 1.7e308); the weighted sum of the two cannot.
                    let t = pos - Double(lo), gap = b - a
                    value = gap.isFinite ? a + gap * t : a * (1 - t) + b * t
                }
                results[k] = value
            }
            return results
        }
    }

    /// Puts the k-th smallest value at index k (everything before is ≤, after is ≥) and returns it.
    /// Positions before `from` must already hold values ≤ every value from `from` on.
    public static func select(_ v: inout [Double], _ k: Int) -> Double {
        v.withUnsafeMutableBufferPointer { select($0, k, from: 0) }
    }

    static func select(_ v: UnsafeMutableBufferPointer<Double>, _ k: Int, from start: Int) -> Double {
        var lo = start, hi = v.count - 1
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        while lo < hi {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            let pivot = v[lo + Int(state % UInt64(hi - lo + 1))]
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return v[k]
    }
}
