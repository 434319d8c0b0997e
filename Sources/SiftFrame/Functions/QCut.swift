/// Quantile bins (pandas' `qcut(x, q)`): the edges are the quantiles of the values at
/// 0, 1/q, …, 1 (linear interpolation, as `quantile`), or at the given fractions; every value
/// falls in one bin, the lowest edge included. Labels are the intervals, "[a, b]" for the first
/// and "(a, b]" after it (pandas writes the first as "(a - 0.001, b]"), or the given labels; they
/// sort in bin order. Repeated edges (too many equal values) are an error, as pandas'.
extension Binning {
    public static func qcut(_ c: Column, fractions: [Double], labels: [String]?) throws -> Column {
        guard c.type != .bool, let x = c.doubles else { throw FrameError("qcut() needs numbers, got a \(c.type.rawValue) column") }
        guard fractions.count >= 2, zip(fractions, fractions.dropFirst()).allSatisfy({ $0 < $1 }), fractions.first! >= 0, fractions.last! <= 1 else {
            throw FrameError("qcut() needs increasing fractions between 0 and 1 (or a number of bins)")
        }
        let present = (0..<x.count).filter { c.isValid($0) }.map { x[$0] }.sorted()
        guard !present.isEmpty else {
            return Column(name: c.name, storage: .string(.dictionary(codes: [Int32](repeating: 0, count: c.count), values: [""])), validity: Bitmap(count: c.count, allValid: false))
        }
        let edges = fractions.map { Aggregate.quantile(sorted: present, $0) }
        guard zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw FrameError("qcut(): the bin edges \(edges.map { ScalarFormat.float($0) }.joined(separator: ", ")) repeat", hint: "use fewer bins; many values are equal")
        }
        func f(_ v: Double) -> String {
            if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
            return ScalarFormat.fixed(v, decimals: ScalarFormat.decimalsNeeded(v, cap: 3))
        }
        let nbins = edges.count - 1
        let names = labels ?? (0..<nbins).map { ($0 == 0 ? "[" : "(") + "\(f(edges[$0])), \(f(edges[$0 + 1]))]" }
        guard names.count == nbins else { throw FrameError("qcut() got \(names.count) labels for \(nbins) bins") }
        var codes = [Int32](repeating: 0, count: x.count)
        var valid = c.validity ?? Bitmap(count: x.count, allValid: true)
        for i in 0..<x.count where valid[i] {
            let v = x[i]
            if v < edges[0] || v > edges[nbins] { valid[i] = false; continue }
            // The first bin whose upper edge is ≥ v (the lowest edge belongs to bin 0).
            var lo = 0, hi = nbins - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if v <= edges[mid + 1] { hi = mid } else { lo = mid + 1 }
            }
            codes[i] = Int32(lo)
        }
        return Column(name: c.name, storage: .string(.deduplicated(codes: codes, values: names, ordered: true)), validity: valid)
    }
}
