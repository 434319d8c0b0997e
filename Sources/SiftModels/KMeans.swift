import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// k-means clustering: k-means++ seeding (greedy, with 2 + ln k candidates per centre, as
/// scikit-learn does), Lloyd iterations until the centres move less than `tol` × the mean column
/// variance, best of `nInit` seeded runs (each run's seed is derived from `seed` and its index;
/// every pass over the points is split across the cores in fixed chunks, so results do not depend
/// on scheduling or on the number of cores).
public struct KMeansFit: Sendable, Codable {
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

    public struct Options: Sendable, Codable {
        public var k: Int
        public var scale = true
        public var seed: UInt64 = 0
        public var nInit = 10
        public var maxIter = 300
        public var tol = 1e-4
        public init(k: Int) { self.k = k }
    }

    /// Rows with a finite value in every column; the columns as a column-major matrix.
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
        // Column-major, so the assignment pass can load eight points' coordinates at once.
        for j in 0..<d { for (i, r) in rows.enumerated() { x[j * rows.count + i] = arrays[j][r] } }
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
            for i in 0..<n { s += x[j * n + i] }
            means[j] = s / Double(n)
            var v = 0.0
            for i in 0..<n { v += (x[j * n + i] - means[j]) * (x[j * n + i] - means[j]) }
            let sd = (v / Double(n)).squareRoot()
            if o.scale { scales[j] = sd > 0 ? sd : 1 }
        }
        if o.scale {
            for j in 0..<d { for i in 0..<n { x[j * n + i] = (x[j * n + i] - means[j]) / scales[j] } }
        }
        // scikit-learn's tolerance: tol × the mean of the column variances (of the data clustered).
        var varianceSum = 0.0
        for j in 0..<d {
            var m = 0.0
            for i in 0..<n { m += x[j * n + i] }
            m /= Double(n)
            var v = 0.0
            for i in 0..<n { v += (x[j * n + i] - m) * (x[j * n + i] - m) }
            varianceSum += v / Double(n)
        }
        let tol = o.tol * varianceSum / Double(d)
        guard o.nInit <= KMeansFit.maxInits else {
            throw FrameError("n_init = \(o.nInit) is more starts than k-means can use (at most \(KMeansFit.maxInits))",
                             hint: "10 starts is the usual choice; more rarely lowers the inertia")
        }
        guard o.maxIter <= KMeansFit.maxIterations else {
            throw FrameError("max_iter = \(o.maxIter) is more than the limit of \(KMeansFit.maxIterations) iterations",
                             hint: "k-means usually converges in under 100 iterations")
        }
        // The starts run one after another; each pass over the points is split into fixed chunks
        // that run on all cores. The chunking depends only on n, so results are the same on any
        // machine, and the best start is the first with the lowest inertia.
        let points = x
        var best: Run?
        for r in 0..<o.nInit {
            try Cancellation.check()
            var rng = SplitMix64(seed: mix(o.seed, UInt64(r)))
            let run: Run = try points.withUnsafeBufferPointer { xp in
                let chunks = ChunkPlan(count: n)
                let centers = try plusPlus(xp, n: n, d: d, k: o.k, rng: &rng, chunks: chunks)
                return try lloyd(xp, n: n, d: d, k: o.k, centers: centers, maxIter: o.maxIter, tol: tol, chunks: chunks)
            }
            if best == nil || run.inertia < best!.inertia { best = run }
        }
        guard let best else { throw FrameError("k-means made no start") }
        var sizes = [Int](repeating: 0, count: o.k)
        for l in best.labels { sizes[l] += 1 }
        let centers = (0..<o.k).map { c in (0..<d).map { j in best.centers[c * d + j] * scales[j] + (o.scale ? means[j] : 0) } }
        return KMeansFit(columns: columns, k: o.k, centers: centers, sizes: sizes, inertia: best.inertia,
                         iterations: best.iterations, nInit: o.nInit, scaled: o.scale, means: means, scales: scales,
                         labels: best.labels, rows: rows, sourceRowCount: frame.rowCount, seed: o.seed)
    }

    /// Bounds on the options that size loops, so a typo cannot run for days.
    public static let maxInits = 10_000
    public static let maxIterations = 1_000_000

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

    /// Squared distance from point `i` of the column-major `x` (n points) to centre `k` of the
    /// row-major `c`.
    @inline(__always) static func distance2(_ x: UnsafeBufferPointer<Double>, _ i: Int, _ n: Int, _ c: UnsafeBufferPointer<Double>, _ k: Int, _ d: Int) -> Double {
        var s = 0.0
        for j in 0..<d {
            let t = x[j &* n &+ i] - c[k &* d &+ j]
            s += t * t
        }
        return s
    }

    /// Greedy k-means++: each new centre is the best (lowest potential) of 2 + ln k candidates
    /// drawn with probability proportional to the squared distance to the nearest centre so far.
    static func plusPlus(_ xp: UnsafeBufferPointer<Double>, n: Int, d: Int, k: Int, rng: inout SplitMix64, chunks: ChunkPlan) throws -> [Double] {
        var centers = [Double](repeating: 0, count: k * d)
        let trials = 2 + Int(log(Double(k)))
        let first = Int(rng.next() % UInt64(n))
        for j in 0..<d { centers[j] = xp[j * n + first] }
        let closest = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { closest.deallocate() }
        let potentials = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks.count)
        defer { potentials.deallocate() }
        chunks.run { c in
            var pot = 0.0
            for i in chunks.range(c) {
                var s = 0.0
                for j in 0..<d { let t = xp[j &* n &+ i] - xp[j &* n &+ first]; s += t * t }
                closest[i] = s
                pot += s
            }
            potentials[c] = pot
        }
        var potential = potentials.reduce(0, +)
        for c in 1..<max(1, k) {
            try Cancellation.check()
            var bestCandidate = -1
            var bestPotential = Double.infinity
            for _ in 0..<trials {
                // Draw an index with probability ∝ closest[i] (a linear scan of the cumulative sum).
                let target = rng.nextDouble() * potential
                var acc = 0.0
                var pick = n - 1
                for i in 0..<n {
                    acc += closest[i]
                    if acc > target { pick = i; break }
                }
                // The potential if `pick` became a centre (the distances are updated only for the winner).
                chunks.run { ch in
                    var pot = 0.0
                    for i in chunks.range(ch) {
                        var s = 0.0
                        for j in 0..<d { let t = xp[j &* n &+ i] - xp[j &* n &+ pick]; s += t * t }
                        pot += min(s, closest[i])
                    }
                    potentials[ch] = pot
                }
                let pot = potentials.reduce(0, +)
                if pot < bestPotential {
                    bestPotential = pot
                    bestCandidate = pick
                }
            }
            for j in 0..<d { centers[c * d + j] = xp[j * n + bestCandidate] }
            let chosen = bestCandidate
            chunks.run { ch in
                for i in chunks.range(ch) {
                    var s = 0.0
                    for j in 0..<d { let t = xp[j &* n &+ i] - xp[j &* n &+ chosen]; s += t * t }
                    if s < closest[i] { closest[i] = s }
                }
            }
            potential = bestPotential
        }
        return centers
    }

    /// Lloyd's iterations from the given centres (scikit-learn's stopping rules: labels unchanged,
    /// or total squared centre shift ≤ tol; an empty cluster takes the point farthest from its centre).
    /// One pass per iteration assigns every point and accumulates the new centres' sums, chunk by
    /// chunk in parallel; the partial sums are added in chunk order, so the result is deterministic.
    static func lloyd(_ xp: UnsafeBufferPointer<Double>, n: Int, d: Int, k: Int, centers start: [Double], maxIter: Int, tol: Double, chunks: ChunkPlan) throws -> Run {
        var centers = start
        var labels = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        var previous = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        labels.initialize(repeating: -1)
        previous.initialize(repeating: -1)
        defer { labels.deallocate(); previous.deallocate() }
        // Per chunk: k×d sums, then k counts, then the number of labels that changed.
        let stride = k * d + k + 1
        let partial = UnsafeMutableBufferPointer<Double>.allocate(capacity: stride * chunks.count)
        defer { partial.deallocate() }
        var iterations = 0
        var strict = false
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Int](repeating: 0, count: k)
        for _ in 0..<maxIter {
            try Cancellation.check()
            iterations += 1
            let (cur, prev) = (labels, previous)
            centers.withUnsafeBufferPointer { cp in
                chunks.run { ch in
                    let out = partial.baseAddress! + ch * stride
                    out.initialize(repeating: 0, count: stride)
                    var changed = 0
                    Nearest.assign(xp, n: n, d: d, centers: cp, k: k, range: chunks.range(ch), labels: cur) { i, best in
                        if cur[i] != prev[i] { changed &+= 1 }
                        out[k &* d &+ best] += 1
                        let s = out + best &* d
                        for j in 0..<d { s[j] += xp[j &* n &+ i] }
                    }
                    out[stride - 1] = Double(changed)
                }
            }
            for j in 0..<(k * d) { sums[j] = 0 }
            for c in 0..<k { counts[c] = 0 }
            var changed = 0
            for ch in 0..<chunks.count {
                let p = partial.baseAddress! + ch * stride
                for j in 0..<(k * d) { sums[j] += p[j] }
                for c in 0..<k { counts[c] += Int(p[k * d + c]) }
                changed += Int(p[stride - 1])
            }
            if counts.contains(0) {
                // Relocate each empty cluster to the point farthest from its centre (the centres
                // of this pass's assignment), as scikit-learn does.
                var distances = [Double](repeating: 0, count: n)
                centers.withUnsafeBufferPointer { cp in
                    for i in 0..<n { distances[i] = distance2(xp, i, n, cp, Int(labels[i]), d) }
                }
                for c in 0..<k where counts[c] == 0 {
                    var far = 0
                    for i in 1..<max(1, n) where distances[i] > distances[far] { far = i }
                    let old = Int(labels[far])
                    let before = labels[far] != previous[far]
                    counts[old] -= 1
                    for j in 0..<d { sums[old * d + j] -= xp[j * n + far] }
                    labels[far] = Int32(c)
                    let after = labels[far] != previous[far]
                    changed += (after ? 1 : 0) - (before ? 1 : 0)
                    counts[c] = 1
                    distances[far] = 0
                    for j in 0..<d { sums[c * d + j] = xp[j * n + far] }
                }
            }
            var shift = 0.0
            for c in 0..<k where counts[c] > 0 {
                for j in 0..<d {
                    let v = sums[c * d + j] / Double(counts[c])
                    shift += (v - centers[c * d + j]) * (v - centers[c * d + j])
                    centers[c * d + j] = v
                }
            }
            if changed == 0 { strict = true; break }
            if shift <= tol { break }
            swap(&labels, &previous)
        }
        if !strict {
            let cur = labels
            centers.withUnsafeBufferPointer { cp in
                chunks.run { ch in
                    Nearest.assign(xp, n: n, d: d, centers: cp, k: k, range: chunks.range(ch), labels: cur) { _, _ in }
                }
            }
        }
        var inertia = 0.0
        centers.withUnsafeBufferPointer { cp in
            for i in 0..<n { inertia += distance2(xp, i, n, cp, Int(labels[i]), d) }
        }
        return Run(centers: centers, labels: labels.map { Int($0) }, inertia: inertia, iterations: iterations)
    }

    /// The nearest centre (1-based cluster id) for each row of `frame` with every column (nil elsewhere).
    public func predict(_ frame: Frame) throws -> [Int?] {
        var (x, rows) = try Self.data(frame, columns)
        let d = columns.count
        let m = rows.count
        if scaled { for j in 0..<d { for i in 0..<m { x[j * m + i] = (x[j * m + i] - means[j]) / scales[j] } } }
        let c = centers.flatMap { row in (0..<d).map { j in scaled ? (row[j] - means[j]) / scales[j] : row[j] } }
        var out = [Int?](repeating: nil, count: frame.rowCount)
        x.withUnsafeBufferPointer { xp in
            c.withUnsafeBufferPointer { cp in
                for (i, r) in rows.enumerated() {
                    var best = 0
                    var bestD = Self.distance2(xp, i, m, cp, 0, d)
                    for k in 1..<max(1, self.k) {
                        let dist = Self.distance2(xp, i, m, cp, k, d)
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

/// The nearest centre of every point in a range, eight points at a time: the data are stored
/// column by column, so one vector load gives a coordinate of eight consecutive points, and each
/// lane sums its squared differences in column order exactly as the scalar loop does, so the
/// answer (first centre on ties) is the same to the last bit.
enum Nearest {
    typealias Lanes = SIMD8<Double>

    /// Writes the nearest centre of each point in `range` to `labels` and calls `visit(i, centre)`
    /// for each point in order, so callers can accumulate while the point is in cache.
    @inline(__always)
    static func assign(_ xp: UnsafeBufferPointer<Double>, n: Int, d: Int, centers cp: UnsafeBufferPointer<Double>, k: Int,
                       range: Range<Int>, labels: UnsafeMutableBufferPointer<Int32>, visit: (Int, Int) -> Void) {
        let base = xp.baseAddress!
        var i = range.lowerBound
        while i &+ Lanes.scalarCount <= range.upperBound {
            var bestD = Lanes(repeating: .infinity)
            var best = SIMD8<Int64>(repeating: 0)
            for c in 0..<k {
                var acc = Lanes(repeating: 0)
                for j in 0..<d {
                    let v = UnsafeRawPointer(base.advanced(by: j &* n &+ i)).loadUnaligned(as: Lanes.self)
                    let t = v - Lanes(repeating: cp[c &* d &+ j])
                    acc += t * t
                }
                let closer = acc .< bestD
                bestD.replace(with: acc, where: closer)
                best.replace(with: Int64(c), where: closer)
            }
            for l in 0..<Lanes.scalarCount {
                let c = Int(truncatingIfNeeded: best[l])
                labels[i &+ l] = Int32(truncatingIfNeeded: c)
                visit(i &+ l, c)
            }
            i &+= Lanes.scalarCount
        }
        while i < range.upperBound {
            var c = 0
            var bestD = Double.infinity
            for candidate in 0..<k {
                let dist = KMeansFit.distance2(xp, i, n, cp, candidate, d)
                if dist < bestD { bestD = dist; c = candidate }
            }
            labels[i] = Int32(truncatingIfNeeded: c)
            visit(i, c)
            i &+= 1
        }
    }
}
