/// Frame-wide summaries: `describe` and correlation matrices.
public enum Statistics {
    /// One row per column: type, count, nulls, mean, std, min, quartiles, max, distinct, top.
    public static func describe(_ frame: Frame) throws -> Frame {
        var names = [String](), types = [String]()
        var count = [Int64](), nulls = [Int64](), distinct = [Int64]()
        var stats = [[Scalar]](repeating: [], count: 8)  // mean std min q25 median q75 max
        var top = [Scalar]()
        for c in frame.columns {
            names.append(c.name)
            types.append(c.type.rawValue)
            let valid = Int64(c.count - c.nullCount)
            count.append(valid)
            nulls.append(Int64(c.nullCount))
            let (codes, card) = KeyCodes.sorted(c)
            distinct.append(Int64(card - (c.nullCount > 0 ? 1 : 0)))
            if c.type.isNumeric && c.type != .bool, let x = c.doubles {
                var v = [Double]()
                v.reserveCapacity(c.count)
                for i in 0..<c.count where c.isValid(i) { v.append(x[i]) }
                v.sort()
                let mean = try Aggregate.scalar(.mean, c), std = try Aggregate.scalar(.std, c)
                let qs: [Scalar] = [0, 0.25, 0.5, 0.75, 1].map { v.isEmpty ? .null : .float(Aggregate.quantile(sorted: v, $0)) }
                let row = [mean, std] + qs
                for k in 0..<7 { stats[k].append(row[k]) }
                top.append(.null)
            } else {
                for k in 0..<7 { stats[k].append(.null) }
                // Most frequent value (first in order on ties).
                var freq = [Int](repeating: 0, count: card)
                for i in 0..<c.count where c.isValid(i) { freq[Int(codes[i])] += 1 }
                var best = -1
                for k in 0..<card where best < 0 || freq[k] > freq[best] { best = k }
                if best >= 0, freq[best] > 0, let row = codes.firstIndex(of: Int32(best)) {
                    top.append(.string(ScalarFormat.plain(c[row])))
                } else { top.append(.null) }
            }
        }
        let labels = ["mean", "std", "min", "25%", "50%", "75%", "max"]
        var cols: [Column] = [
            Column(name: "column", storage: .string(.make(names))),
            Column(name: "type", storage: .string(.make(types))),
            Column(name: "count", storage: .int(count)),
            Column(name: "nulls", storage: .int(nulls)),
        ]
        for (k, l) in labels.enumerated() { cols.append(Column.from(scalars: stats[k], name: l, type: .float)) }
        cols.append(Column(name: "distinct", storage: .int(distinct)))
        cols.append(Column.from(scalars: top, name: "top", type: .string))
        return try Frame(columns: cols)
    }

    public enum CorrelationMethod: String, Sendable { case pearson, spearman }

    /// Correlation matrix over numeric columns with pairwise deletion of nulls (pandas' rule).
    public static func corr(_ frame: Frame, columns: [String], method: CorrelationMethod = .pearson) throws -> Frame {
        let names = columns.isEmpty ? frame.columns.filter { $0.type.isNumeric }.map(\.name) : columns
        guard !names.isEmpty else { throw FrameError("corr() found no numeric columns") }
        var data: [[Double]] = []
        var valid: [Column] = []
        for n in names {
            let c = try frame.column(n)
            guard var x = c.doubles else { throw FrameError("corr() needs numeric columns; '\(n)' is \(c.type.rawValue)") }
            if method == .spearman { x = ranks(x, c) }
            data.append(x)
            valid.append(c)
        }
        var out: [Column] = [Column(name: "column", storage: .string(.make(names)))]
        for j in names.indices {
            var col = [Scalar]()
            for i in names.indices {
                col.append(pearson(data[i], data[j], valid[i], valid[j]).map { .float($0) } ?? .null)
            }
            out.append(Column.from(scalars: col, name: names[j], type: .float))
        }
        return try Frame(columns: out)
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

    /// Average ranks (ties share their mean rank), over valid cells.
    static func ranks(_ x: [Double], _ c: Column) -> [Double] {
        let idx = (0..<x.count).filter { c.isValid($0) }.sorted { x[$0] < x[$1] }
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
