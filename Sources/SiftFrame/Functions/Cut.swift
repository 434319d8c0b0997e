/// Bins numbers into labelled intervals, pandas-style: right-closed `(a, b]` by default; values
/// outside every bin are null. Labels sort and group in bin order, not text order ("(5, 10]"
/// before "(10, 100]"): the result is an ordered dictionary (`StringStorage`) whose codes follow
/// the breaks. Repeated labels name one category, placed at the label's first bin.
public enum Binning {
    public static func cut(_ c: Column, breaks: [Double], labels: [String]? = nil, right: Bool = true) throws -> Column {
        guard let x = c.doubles else { throw FrameError("cut() needs numbers, got a \(c.type.rawValue) column") }
        guard breaks.count >= 2 else { throw FrameError("cut() needs at least two breaks") }
        guard zip(breaks, breaks.dropFirst()).allSatisfy({ $0 < $1 }) else { throw FrameError("cut() breaks must increase strictly") }
        let nbins = breaks.count - 1
        let names: [String]
        if let labels {
            guard labels.count == nbins else { throw FrameError("cut() got \(labels.count) labels for \(nbins) bins") }
            names = labels
        } else {
            func f(_ v: Double) -> String { v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int64(v)) : "\(v)" }
            names = (0..<nbins).map { right ? "(\(f(breaks[$0])), \(f(breaks[$0 + 1]))]" : "[\(f(breaks[$0])), \(f(breaks[$0 + 1])))" }
        }
        var codes = [Int32](repeating: 0, count: x.count)
        var valid = c.validity ?? Bitmap(count: x.count, allValid: true)
        for i in 0..<x.count where valid[i] {
            let v = x[i]
            // Binary search for the bin.
            var lo = 0, hi = nbins - 1, found = -1
            while lo <= hi {
                let mid = (lo + hi) / 2
                let a = breaks[mid], b = breaks[mid + 1]
                let inside = right ? (v > a && v <= b) : (v >= a && v < b)
                if inside { found = mid; break }
                if right ? v <= a : v < a { hi = mid - 1 } else { lo = mid + 1 }
            }
            if found < 0 { valid[i] = false } else { codes[i] = Int32(found) }
        }
        return Column(name: c.name, storage: .string(.deduplicated(codes: codes, values: names, ordered: true)), validity: valid)
    }
}
