import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// k-means clustering: k-means++ seeding (greedy, with 2 + ln k candidates per centre, as
/// scikit-learn does), Lloyd iterations until the centres move less than `tol` × the mean column
/// variance, best of `nInit` seeded runs (run in parallel; each run's seed is derived from `seed`
/// and its index, so results do not depend on scheduling).
public struct KMeansFit: Sendable {
    public let columns: [String]
    public let k: Int
    /// Centres in the original units of the columns.
    public let centers: [[Double]]
    public let sizes: [Int]
    /// Sum of squared distances to the nearest centre, in the space clustered (standardized
    /// when `scaled`).
    public let inertia: Double
    public let iterations: Int
    public let nInit: Int
    public let scaled: Bool
    public let means: [Double]
    public let scales: [Double]
    /// Cluster (0-based) of each row used.
    public let labels: [Int]
    public let rows: [Int]
    public let sourceRowCount: Int
    public let seed: UInt64
    public var droppedRows: Int { sourceRowCount - rows.count }

    public struct Options: Sendable {
        public var k: Int
        public var scale = true
        public var seed: UInt64 = 0
        public var nInit = 10
        public var maxIter = 300
        public var tol = 1e-4
        public init(k: Int) { self.k = k }
    }

    /// Rows with a value in every column; the columns as a row-major matrix.
    static func data(_ frame: Frame, _ columns: [String]) throws -> (x: [Double], rows: [Int]) {
        guard !columns.isEmpty else { throw FrameError("k-means needs at least one column", hint: "columns: [age, income]") }
        var arrays: [[Double]] = []
        for name in columns {
            let c = try frame.column(name)
            guard let d = c.doubles, c.type == .int || c.type == .float else {
                throw FrameError("k-means needs numeric columns, but '\(name)' is \(c.type.rawValue)",
                                 hint: "choose numeric columns with columns: [...]")
            }
            arrays.append(d)
        }
        let rows = try DesignBuilder.completeRows(frame, columns)
        let d = columns.count
        var x = [Double](repeating: 0, count: rows.count * d)
        for (i, r) in rows.enumerated() { for j in 0..<d { x[i * d + j] = arrays[j][r] } }
        return (x, rows)
    }

    public static func fit(_ frame: Frame, columns: [String], options o: Options) throws -> KMeansFit {
        var (x, rows) = try data(frame, columns)
        let n = rows.count, d = columns.count
        guard o.k >= 1 else { throw FrameError("k must be at least 1, got \(o.k)") }
        guard o.k <= n else {
            throw FrameError("k = \(o.k) is larger than the number of rows to cluster (\(n)\(rows.count < frame.rowCount ? " after leaving out rows with nulls" : ""))",
                             hint: "use a smaller k")
        }
        guard o.nInit >= 1, o.maxIter >= 1 else { throw FrameError("n_init and max_iter must be at least 1") }
        var means = [Double](repeating: 0, count: d), scales = [Double](repeating: 1, count: d)
        for j in 0..<d {
            var s = 0.0
            for i in 0..<n { s += x[i * d + j] }
            means[j] = s / Double(n)
            var v = 0.0
            for i in 0..<n { v += (x[i * d + j] - means[j]) * (x[i * d + j] - means[j]) }
            let sd = (v / Double(n)).squareRoot()
            if o.scale { scales[j] = sd > 0 ? sd : 1 }
        }
        if o.scale {
            for i in 0..<n { for j in 0..<d { x[i * d + j] = (x[i * d + j] - means[j]) / scales[j] } }
        }
        // scikit-learn's tolerance: tol × the mean of the column variances (of the data clustered).
        var varianceSum = 0.0
        for j in 0..<d {
            var m = 0.0
            for i in 0..<n { m += x[i * d + j] }
            m /= Double(n)
            var v = 0.0
            for i in 0..<n { v += (x[i * d + j] - m) * (x[i * d + j] - m) }
            varianceSum += v / Double(n)
        }
        let tol = o.tol * varianceSum / Double(d)
        let points = x
        // Each run writes only its own slot, so the runs need no lock.
        let slots = UnsafeMutableBufferPointer<Run?>.allocate(capacity: o.nInit)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        DispatchQueue.concurrentPerform(iterations: o.nInit) { r in
            var rng = SplitMix64(seed: mix(o.seed, UInt64(r)))
            let centers = plusPlus(points, n: n, d: d, k: o.k, rng: &rng)
            slots[r] = lloyd(points, n: n, d: d, k: o.k, centers: centers, maxIter: o.maxIter, tol: tol)
        }
        let runs = Array(slots)
        // The lowest inertia wins; ties go to the earlier run, so the result is deterministic.
        var best = runs[0]!
        for r in runs.dropFirst() where r!.inertia < best.inertia { best = r! }
        var sizes = [Int](repeating: 0, count: o.k)
        for l in best.labels { sizes[l] += 1 }
        let centers = (0..<o.k).map { c in (0..<d).map { j in best.centers[c * d + j] * scales[j] + (o.scale ? means[j] : 0) } }
        return KMeansFit(columns: columns, k: o.k, centers: centers, sizes: sizes, inertia: best.inertia,
                         iterations: best.iterations, nInit: o.nInit, scaled: o.scale, means: means, scales: scales,
                         labels: best.labels, rows: rows, sourceRowCount: frame.rowCount, seed: o.seed)
    }

    struct Run: Sendable {
        var centers: [Double]
        var labels: [Int]
        var inertia: Double
        var iterations: Int
    }

    static func mix(_ seed: UInt64, _ i: UInt64) -> UInt64 {
        var g = SplitMix64(seed: seed ^ (i &* 0x9E37_79B9_7F4A_7C15))
        _ = g.next()
        return g.next()
    }

    @inline(__always) static func distance2(_ x: UnsafeBufferPointer<Double>, _ i: Int, _ c: UnsafeBufferPointer<Double>, _ k: Int, _ d: Int) -> Double {
        var s = 0.0
        for j in 0..<d {
            let t = x[i * d + j] - c[k * d + j]
            s += t * t
        }
        return s
    }

    /// Greedy k-means++: each new centre is the best (lowest potential) of 2 + ln k candidates
    /// drawn with probability proportional to the squared distance to the nearest centre so far.
    static func plusPlus(_ x: [Double], n: Int, d: Int, k: Int, rng: inout SplitMix64) -> [Double] {
        var centers = [Double](repeating: 0, count: k * d)
        let trials = 2 + Int(log(Double(k)))
        let first = Int(rng.next() % UInt64(n))
        for j in 0..<d { centers[j] = x[first * d + j] }
        var closest = [Double](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xp in
            centers.withUnsafeBufferPointer { cp in
                for i in 0..<n { closest[i] = distance2(xp, i, cp, 0, d) }
            }
        }
        var potential = closest.reduce(0, +)
        for c in 1..<max(1, k) {
            var bestCandidate = -1
            var bestPotential = Double.infinity
            var bestDistances: [Double] = []
            for _ in 0..<trials {
                // Draw an index with probability ∝ closest[i] (a linear scan of the cumulative sum).
                let target = rng.nextDouble() * potential
                var acc = 0.0
                var pick = n - 1
                for i in 0..<n {
                    acc += closest[i]
                    if acc > target { pick = i; break }
                }
                var distances = closest
                var pot = 0.0
                x.withUnsafeBufferPointer { xp in
                    for i in 0..<n {
                        var s = 0.0
                        for j in 0..<d {
                            let t = xp[i * d + j] - xp[pick * d + j]
                            s += t * t
                        }
                        if s < distances[i] { distances[i] = s }
                        pot += distances[i]
                    }
                }
                if pot < bestPotential {
                    bestPotential = pot
                    bestCandidate = pick
                    bestDistances = distances
                }
            }
            for j in 0..<d { centers[c * d + j] = x[bestCandidate * d + j] }
            closest = bestDistances
            potential = bestPotential
        }
        return centers
    }

    /// Lloyd's iterations from the given centres (scikit-learn's stopping rules: labels unchanged,
    /// or total squared centre shift ≤ tol; an empty cluster takes the point farthest from its centre).
    static func lloyd(_ x: [Double], n: Int, d: Int, k: Int, centers start: [Double], maxIter: Int, tol: Double) -> Run {
        var centers = start
        var labels = [Int](repeating: -1, count: n)
        var previous = labels
        var iterations = 0
        var strict = false
        var distances = [Double](repeating: 0, count: n)
        func assign() {
            x.withUnsafeBufferPointer { xp in
                centers.withUnsafeBufferPointer { cp in
                    for i in 0..<n {
                        var best = 0
                        var bestD = distance2(xp, i, cp, 0, d)
                        for c in 1..<max(1, k) {
                            let dist = distance2(xp, i, cp, c, d)
                            if dist < bestD { bestD = dist; best = c }
                        }
                        labels[i] = best
                        distances[i] = bestD
                    }
                }
            }
        }
        for _ in 0..<maxIter {
            iterations += 1
            assign()
            var sums = [Double](repeating: 0, count: k * d)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                let l = labels[i]
                counts[l] += 1
                for j in 0..<d { sums[l * d + j] += x[i * d + j] }
            }
            for c in 0..<k where counts[c] == 0 {
                // Relocate an empty cluster to the point farthest from its centre.
                var far = 0
                for i in 1..<max(1, n) where distances[i] > distances[far] { far = i }
                let old = labels[far]
                counts[old] -= 1
                for j in 0..<d { sums[old * d + j] -= x[far * d + j] }
                labels[far] = c
                counts[c] = 1
                distances[far] = 0
                for j in 0..<d { sums[c * d + j] = x[far * d + j] }
            }
            var shift = 0.0
            for c in 0..<k where counts[c] > 0 {
                for j in 0..<d {
                    let v = sums[c * d + j] / Double(counts[c])
                    shift += (v - centers[c * d + j]) * (v - centers[c * d + j])
                    centers[c * d + j] = v
                }
            }
            if labels == previous { strict = true; break }
            if shift <= tol { break }
            previous = labels
        }
        if !strict { assign() }
        var inertia = 0.0
        x.withUnsafeBufferPointer { xp in
            centers.withUnsafeBufferPointer { cp in
                for i in 0..<n { inertia += distance2(xp, i, cp, labels[i], d) }
            }
        }
        return Run(centers: centers, labels: labels, inertia: inertia, iterations: iterations)
    }

    /// The nearest centre (1-based cluster id) for each row of `frame` with every column (nil elsewhere).
    public func predict(_ frame: Frame) throws -> [Int?] {
        var (x, rows) = try Self.data(frame, columns)
        let d = columns.count
        if scaled { for i in 0..<rows.count { for j in 0..<d { x[i * d + j] = (x[i * d + j] - means[j]) / scales[j] } } }
        let c = centers.flatMap { row in (0..<d).map { j in scaled ? (row[j] - means[j]) / scales[j] : row[j] } }
        var out = [Int?](repeating: nil, count: frame.rowCount)
        x.withUnsafeBufferPointer { xp in
            c.withUnsafeBufferPointer { cp in
                for (i, r) in rows.enumerated() {
                    var best = 0
                    var bestD = Self.distance2(xp, i, cp, 0, d)
                    for k in 1..<max(1, self.k) {
                        let dist = Self.distance2(xp, i, cp, k, d)
                        if dist < bestD { bestD = dist; best = k }
                    }
                    out[r] = best + 1
                }
            }
        }
        return out
    }

    /// Cluster ids (1-based, as users count) lined up with the rows of the data clustered.
    public var assignments: [Int?] {
        var out = [Int?](repeating: nil, count: sourceRowCount)
        for (i, r) in rows.enumerated() { out[r] = labels[i] + 1 }
        return out
    }
}

