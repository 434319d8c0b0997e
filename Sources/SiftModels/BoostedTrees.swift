#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import SiftFrame

/// Histogram-based gradient-boosted trees, after scikit-learn's HistGradientBoosting: each feature
/// is cut into at most 255 bins (midpoints between distinct values, or quantiles when there are
/// more), trees grow best-first (the leaf with the largest gain splits next) on per-bin sums of
/// gradients and hessians, up to `maxLeafNodes` leaves, and each leaf's value is −G/(H + λ) times
/// the learning rate. Losses: squared error (regression), log-loss (two classes), and the
/// multinomial log-loss with one tree per class per iteration. Early stopping holds out a
/// validation fraction (stratified for classes) and stops once the validation loss has not improved
/// by `tolerance` in `noChange` iterations. `subsample` < 1 draws that share of the training rows
/// (without replacement) for each iteration, as stochastic gradient boosting does; scikit-learn's
/// HistGradientBoosting has no such option (its default, 1, is the same).
public struct BoostedTrees: Sendable, Codable {
    public enum Loss: String, Sendable, Codable { case squaredError = "squared_error", logLoss = "log_loss" }

    public struct Options: Sendable, Codable {
        public var iterations = 100
        public var learningRate = 0.1
        public var maxDepth: Int? = nil
        public var maxLeafNodes = 31
        public var minSamplesLeaf = 20
        public var l2 = 0.0
        public var maxBins = 255
        public var subsample = 1.0
        /// nil = scikit-learn's "auto": on when there are more than 10,000 rows.
        public var earlyStopping: Bool? = nil
        public var validationFraction = 0.1
        public var noChange = 10
        public var tolerance = 1e-7
        public var seed: UInt64 = 0
        public init() {}
    }

    public struct Node: Sendable, Codable {
        public var feature: Int32 = -1
        public var threshold = 0.0
        public var left: Int32 = -1
        public var right: Int32 = -1
        public var value = 0.0
        public var samples: Int32 = 0
    }

    public struct Tree: Sendable, Codable {
        public var nodes: [Node]
        func predict(_ x: Matrix, row: Int) -> Double {
            var i = 0
            while nodes[i].feature >= 0 {
                let n = nodes[i]
                i = Int(x[row, Int(n.feature)] <= n.threshold ? n.left : n.right)
            }
            return nodes[i].value
        }
    }

    public let loss: Loss
    /// 1 for regression and two classes, else the number of classes (one tree per class per iteration).
    public let outputs: Int
    public let classCount: Int
    public let baseline: [Double]
    /// trees[iteration][output]
    public let trees: [[Tree]]
    public let options: Options
    public let featureCount: Int
    /// Total split gain per design column.
    public let gains: [Double]
    public let trainLoss: [Double]
    public let validationLoss: [Double]
    public let usedEarlyStopping: Bool

    public var iterations: Int { trees.count }
    public var isClassifier: Bool { loss == .logLoss }
    public var importances: [Double] {
        let total = gains.reduce(0, +)
        return total > 0 ? gains.map { $0 / total } : gains
    }

    public init(x: Matrix, y: [Double], classCount: Int, options: Options) throws {
        var unused: [Double] = []
        try self.init(x: x, y: y, classCount: classCount, options: options, trainingRaw: &unused)
    }

    /// The fitted model and the raw scores of every row of `x` at the end of the fit (output c of
    /// row i at c · rows + i). They are the very sums `predictAll` would form (the baseline plus
    /// each tree's leaf value, in the same order), so a caller scoring the training rows (the
    /// training accuracy) need not walk every tree again. Returned beside the model, not stored in
    /// it: it is as large as the data and is not part of the saved model.
    public static func fit(x: Matrix, y: [Double], classCount: Int, options: Options) throws -> (model: BoostedTrees, trainingRaw: [Double]) {
        var raw: [Double] = []
        let model = try BoostedTrees(x: x, y: y, classCount: classCount, options: options, trainingRaw: &raw)
        return (model, raw)
    }

    init(x: Matrix, y: [Double], classCount: Int, options: Options, trainingRaw: inout [Double]) throws {
        let n = x.rows, p = x.cols
        let classifier = classCount > 1
        loss = classifier ? .logLoss : .squaredError
        let k = classCount > 2 ? classCount : 1
        outputs = k
        self.classCount = classCount
        self.options = options
        featureCount = p
        guard n >= 2 else { throw FrameError("boosted trees need at least two rows") }
        guard y.count == n else { throw FrameError("boosted trees need one response per row") }

        // Train/validation split.
        var rng = SplitMix64(seed: options.seed)
        let early = options.earlyStopping ?? (n > 10_000)
        usedEarlyStopping = early
        var trainRows = Array(0..<n), validRows: [Int] = []
        if early {
            var groups: [[Int]] = classifier ? Array(repeating: [], count: classCount) : [Array(0..<n)]
            if classifier { for i in 0..<n { groups[Int(y[i])].append(i) } }
            trainRows = []
            for var g in groups {
                for i in stride(from: g.count - 1, to: 0, by: -1) { g.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
                let nv = Int((Double(g.count) * options.validationFraction).rounded())
                validRows += g.prefix(nv)
                trainRows += g.dropFirst(nv)
            }
            trainRows.sort()
            validRows.sort()
            guard !trainRows.isEmpty, !validRows.isEmpty else { throw FrameError("too few rows to hold out a validation fraction for early stopping", hint: "use early_stopping: false") }
        }

        // Bins from the training rows.
        let binner = Binner(x: x, rows: trainRows, maxBins: options.maxBins)
        let binned = binner.bin(x)

        // Baseline raw scores.
        let nt = trainRows.count
        var base = [Double](repeating: 0, count: k)
        if !classifier {
            base[0] = trainRows.reduce(0) { $0 + y[$1] } / Double(nt)
        } else if k == 1 {
            let pos = trainRows.reduce(0) { $0 + y[$1] } / Double(nt)
            let pc = min(max(pos, 1e-15), 1 - 1e-15)
            base[0] = log(pc / (1 - pc))
        } else {
            var counts = [Double](repeating: 0, count: k)
            for r in trainRows { counts[Int(y[r])] += 1 }
            let logs = counts.map { log(max($0 / Double(nt), 1e-15)) }
            let mean = logs.reduce(0, +) / Double(k)
            base = logs.map { $0 - mean }
        }
        baseline = base

        // Scores, gradients and hessians flat, output-major (output c of row i at c · n + i), and
        // walked through raw pointers: one allocation each, no per-access uniqueness checks. The
        // per-row work runs on all cores in fixed chunks; every row's values depend on that row
        // alone, so the results are the same on any number of threads.
        var raw = [Double](repeating: 0, count: k * n)
        for c in 0..<k { for i in 0..<n { raw[c * n + i] = base[c] } }
        var gradients = [Double](repeating: 0, count: k * n)
        var hessians = [Double](repeating: 1, count: k * n)
        var terms = [Double](repeating: 0, count: n)
        var forest: [[Tree]] = []
        var gains = [Double](repeating: 0, count: p)
        var trainLoss: [Double] = [], validLoss: [Double] = []
        let builder = HistogramTreeBuilder(binned: binned, binner: binner, featureCount: p, options: options)

        try raw.withUnsafeMutableBufferPointer { rawBuffer in
        try gradients.withUnsafeMutableBufferPointer { gradBuffer in
        try hessians.withUnsafeMutableBufferPointer { hessBuffer in
        try terms.withUnsafeMutableBufferPointer { termBuffer in
        try y.withUnsafeBufferPointer { yBuffer in
            let rs = rawBuffer.baseAddress!, gs = gradBuffer.baseAddress!, hs = hessBuffer.baseAddress!
            let ts = termBuffer.baseAddress!, ys = yBuffer.baseAddress!

            /// The mean loss over `rows`: each row's term on all cores, then summed in row order
            /// (the same sum, to the last bit, as a single loop).
            func lossOf(_ rows: [Int]) -> Double {
                guard !rows.isEmpty else { return .nan }
                rows.withUnsafeBufferPointer { rb in
                    let rp = rb.baseAddress!
                    ChunkPlan(count: rb.count, chunkSize: rowChunk).forEachRange { range in
                        for t in range {
                            let i = rp[t]
                            if !classifier { let d = rs[i] - ys[i]; ts[t] = 0.5 * d * d }
                            else if k == 1 {
                                let e = rs[i]
                                ts[t] = (e > 0 ? e + log1p(exp(-e)) : log1p(exp(e))) - ys[i] * e
                            } else {
                                var mx = -Double.infinity
                                for c in 0..<k { mx = max(mx, rs[c * n + i]) }
                                var z = 0.0
                                for c in 0..<k { z += exp(rs[c * n + i] - mx) }
                                ts[t] = mx + log(z) - rs[Int(ys[i]) * n + i]
                            }
                        }
                    }
                }
                var s = 0.0
                for t in 0..<rows.count { s += ts[t] }
                return s / Double(rows.count)
            }

            for _ in 0..<options.iterations {
                try Cancellation.check()
                // Gradients and hessians of the loss at the current raw scores.
                trainRows.withUnsafeBufferPointer { tb in
                    let tp = tb.baseAddress!
                    ChunkPlan(count: tb.count, chunkSize: rowChunk).forEachRange { range in
                        for t in range {
                            let i = tp[t]
                            if !classifier {
                                gs[i] = rs[i] - ys[i]
                            } else if k == 1 {
                                let pr = 1 / (1 + exp(-rs[i]))
                                gs[i] = pr - ys[i]
                                hs[i] = pr * (1 - pr)
                            } else {
                                var mx = -Double.infinity
                                for c in 0..<k { mx = max(mx, rs[c * n + i]) }
                                var z = 0.0
                                for c in 0..<k { z += exp(rs[c * n + i] - mx) }
                                for c in 0..<k {
                                    let pr = exp(rs[c * n + i] - mx) / z
                                    gs[c * n + i] = pr - (Int(ys[i]) == c ? 1 : 0)
                                    hs[c * n + i] = pr * (1 - pr)
                                }
                            }
                        }
                    }
                }
                var rows = trainRows
                if options.subsample < 1 {
                    for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
                    rows = Array(rows.prefix(max(1, Int((Double(rows.count) * options.subsample).rounded())))).sorted()
                }
                // Rows the trees are not grown on (validation, rows left out by subsample): their
                // scores come from walking the tree.
                let outside: [Int]
                if rows.count == trainRows.count {
                    outside = validRows
                } else {
                    var grown = [Bool](repeating: false, count: n)
                    for r in rows { grown[r] = true }
                    outside = (0..<n).filter { !grown[$0] }
                }
                var iteration: [Tree] = []
                for c in 0..<k {
                    let grownTree = builder.grow(rows: rows, g: gs + c * n, h: hs + c * n)
                    let tree = grownTree.tree
                    for j in 0..<p { gains[j] += grownTree.gains[j] }
                    // The grown rows' scores from their leaves; each row is in one leaf, so the
                    // leaves can be added in any order.
                    let out = rs + c * n
                    grownTree.order.withUnsafeBufferPointer { ob in
                        let op = ob.baseAddress!
                        let leaves = grownTree.leaves
                        DispatchQueue.concurrentPerform(iterations: leaves.count) { l in
                            let leaf = leaves[l]
                            for t in leaf.lo..<leaf.hi { out[Int(op[t])] += leaf.value }
                        }
                    }
                    outside.withUnsafeBufferPointer { ob in
                        let op = ob.baseAddress!
                        ChunkPlan(count: ob.count, chunkSize: rowChunk).forEachRange { range in
                            for t in range { let i = op[t]; out[i] += tree.predict(x, row: i) }
                        }
                    }
                    iteration.append(tree)
                }
                forest.append(iteration)
                trainLoss.append(lossOf(trainRows))
                if early {
                    validLoss.append(lossOf(validRows))
                    // scikit-learn's rule: stop when none of the last noChange scores beats the one before them by tol.
                    let m = options.noChange
                    if validLoss.count > m {
                        let reference = validLoss[validLoss.count - m - 1]
                        if !validLoss.suffix(m).contains(where: { $0 < reference - options.tolerance }) { break }
                    }
                }
            }
        } } } } }
        trees = forest
        self.gains = gains
        self.trainLoss = trainLoss
        self.validationLoss = validLoss
        trainingRaw = raw
    }

    /// Raw scores of one row (one per output).
    public func raw(_ x: Matrix, row: Int) -> [Double] {
        var out = baseline
        for iteration in trees { for (c, t) in iteration.enumerated() { out[c] += t.predict(x, row: row) } }
        return out
    }

    /// Class probabilities (classification) or the value (regression) for one row.
    public func predict(_ x: Matrix, row: Int) -> [Double] { probabilities(raw(x, row: row)) }

    /// Raw scores to class probabilities (classification) or the value (regression).
    func probabilities(_ r: [Double]) -> [Double] {
        switch loss {
        case .squaredError: return r
        case .logLoss:
            if outputs == 1 { let p = 1 / (1 + exp(-r[0])); return [1 - p, p] }
            let mx = r.max() ?? 0
            let e = r.map { exp($0 - mx) }
            let z = e.reduce(0, +)
            return e.map { $0 / z }
        }
    }

    /// Raw scores to class probabilities (classification) or the value (regression), written to
    /// `out` (width: classCount for a classifier, else 1) from the row's raw scores `r`. The same
    /// arithmetic as `probabilities(_:)`, without its arrays.
    @inline(__always)
    func writeOutputs(_ r: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        switch loss {
        case .squaredError: out[0] = r[0]
        case .logLoss:
            if outputs == 1 { let p = 1 / (1 + exp(-r[0])); out[0] = 1 - p; out[1] = p; return }
            var mx = r[0]
            for c in 1..<outputs where r[c] > mx { mx = r[c] }
            var z = 0.0
            for c in 0..<outputs { let e = exp(r[c] - mx); out[c] = e; z += e }
            for c in 0..<outputs { out[c] = out[c] / z }
        }
    }

    /// Probabilities (or values) of every row from raw scores laid out as `fit` returns them
    /// (output c of row i at c · rows + i): row-major, as `predictAll`, which gives the same
    /// numbers for the same rows. nil when `raw` is not `outputs` scores for each of `rows` rows
    /// (the caller then predicts the rows instead).
    public func outputs(fromRaw raw: [Double], rows: Int) -> [Double]? {
        let width = loss == .squaredError ? 1 : classCount
        let k = outputs
        guard raw.count == k * rows else { return nil }
        var out = [Double](repeating: 0, count: rows * width)
        raw.withUnsafeBufferPointer { rb in
            out.withUnsafeMutableBufferPointer { ob in
                let rp = rb.baseAddress!, op = ob.baseAddress!
                ChunkPlan(count: rows, chunkSize: rowChunk).forEachRange { range in
                    var r = [Double](repeating: 0, count: k)
                    r.withUnsafeMutableBufferPointer { scratch in
                        let s = scratch.baseAddress!
                        for i in range {
                            for c in 0..<k { s[c] = rp[c * rows + i] }
                            writeOutputs(s, op + i * width)
                        }
                    }
                }
            }
        }
        return out
    }

    public func predictAll(_ x: Matrix) -> [Double] {
        let width = loss == .squaredError ? 1 : classCount
        let k = outputs
        // Every tree's nodes in one flat array (children as absolute indices), walked through raw
        // pointers: the per-row loop then touches no reference counts and allocates nothing. The
        // same sums in the same order as `predict`.
        var flat: [Node] = [], roots: [Int] = [], rootOutput: [Int] = []
        for iteration in trees {
            for (c, t) in iteration.enumerated() {
                let offset = Int32(flat.count)
                roots.append(flat.count)
                rootOutput.append(c)
                flat += t.nodes.map { n in
                    var m = n
                    if m.feature >= 0 { m.left += offset; m.right += offset }
                    return m
                }
            }
        }
        let rows = x.rows
        var out = [Double](repeating: 0, count: rows * width)
        flat.withUnsafeBufferPointer { nb in
        x.data.withUnsafeBufferPointer { db in
        out.withUnsafeMutableBufferPointer { ob in
        baseline.withUnsafeBufferPointer { bb in
            let nodes = nb.baseAddress!, data = db.baseAddress!, op = ob.baseAddress!, base = bb.baseAddress!
            ChunkPlan(count: rows, chunkSize: rowChunk).forEachRange { range in
                var scratch = [Double](repeating: 0, count: k)
                scratch.withUnsafeMutableBufferPointer { sb in
                    let r = sb.baseAddress!
                    for row in range {
                        // After a stop request the rest is skipped; the interpreter discards the result.
                        if row & 1023 == 0 && Cancellation.isRequested { return }
                        for c in 0..<k { r[c] = base[c] }
                        for t in 0..<roots.count {
                            var i = roots[t]
                            while nodes[i].feature >= 0 {
                                let n = nodes[i]
                                i = Int(data[Int(n.feature) * rows + row] <= n.threshold ? n.left : n.right)
                            }
                            r[rootOutput[t]] += nodes[i].value
                        }
                        writeOutputs(r, op + row * width)
                    }
                }
            }
        } } } }
        return out
    }
}

/// Fixed-size chunks of an index range run on all cores. The chunk boundaries do not depend on
/// the number of threads, and callers only use it for work in which each index is independent (or
/// write per-index results and reduce them afterwards in index order), so results are identical on
/// one core or many.
/// Row passes run in fixed chunks of 8,192 rows: each row's values depend on that row alone and
/// losses are summed in row order, so results never depend on the number of cores.
private let rowChunk = 8192

/// Feature values to bins: at most maxBins − 1 thresholds per feature.
struct Binner: Sendable {
    /// thresholds[f]: ascending; bin b holds values ≤ thresholds[b] (and > thresholds[b − 1]).
    let thresholds: [[Double]]

    init(x: Matrix, rows: [Int], maxBins: Int) {
        // Each feature's thresholds on their own core (each depends on its column alone).
        var all = [[Double]](repeating: [], count: x.cols)
        all.withUnsafeMutableBufferPointer { out in
            let op = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: x.cols) { j in op[j] = Self.thresholds(x, column: j, rows: rows, maxBins: maxBins) }
        }
        thresholds = all
    }

    static func thresholds(_ x: Matrix, column j: Int, rows: [Int], maxBins: Int) -> [Double] {
        var values = rows.map { x[$0, j] }
        values.sort()
        var distinct: [Double] = []
        for v in values where distinct.last != v { distinct.append(v) }
        var t: [Double] = []
        if distinct.count <= maxBins {
            for i in 0..<(max(distinct.count, 1) - 1) { t.append((distinct[i] + distinct[i + 1]) / 2) }
        } else {
            // Percentiles of the values (numpy's "midpoint" rule), as scikit-learn's binning.
            for q in 1..<maxBins {
                let pos = Double(q) / Double(maxBins) * Double(values.count - 1)
                let lo = Int(pos.rounded(.down)), hi = Int(pos.rounded(.up))
                let v = lo == hi ? values[lo] : (values[lo] + values[hi]) / 2
                if t.last != v { t.append(v) }
            }
        }
        return t
    }

    /// Column-major bin codes of every row.
    func bin(_ x: Matrix) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: x.rows * x.cols)
        let n = x.rows
        out.withUnsafeMutableBufferPointer { ob in
        x.data.withUnsafeBufferPointer { xb in
            let op = ob.baseAddress!, xp = xb.baseAddress!
            // Features × fixed row chunks on all cores; every code depends on its value alone.
            let plan = ChunkPlan(count: n, chunkSize: rowChunk)
            DispatchQueue.concurrentPerform(iterations: x.cols * plan.count) { task in
                let j = task / plan.count, c = task % plan.count
                thresholds[j].withUnsafeBufferPointer { tb in
                    let t = tb.baseAddress!, count = tb.count
                    for i in plan.range(c) {
                        let v = xp[j * n + i]
                        var lo = 0, hi = count
                        while lo < hi {
                            let mid = (lo + hi) / 2
                            if v <= t[mid] { hi = mid } else { lo = mid + 1 }
                        }
                        op[j * n + i] = UInt8(lo)
                    }
                }
            }
        } }
        return out
    }
}

/// Grows one tree best-first on gradient/hessian histograms, as scikit-learn's grower: a node's
/// histograms (per feature and bin: the sums of g and h and the row count) are built from its rows'
/// gradients gathered into contiguous arrays, features in parallel on large nodes; of two children
/// only the smaller one's are built, the larger one's are the parent's minus the smaller's. A
/// node's rows are a range of one index buffer, partitioned in place (stably, so each node keeps
/// its rows in their original order and every sum is taken in the same order as before).
struct HistogramTreeBuilder {
    let binned: [UInt8]
    let binner: Binner
    let featureCount: Int
    let options: BoostedTrees.Options
    var n: Int { featureCount == 0 ? 0 : binned.count / featureCount }
    static let bins = 256

    /// One bin of one feature's histogram: the three sums side by side, so adding a row touches
    /// one cache line. A histogram holds feature f's bin b at f · 256 + b.
    struct BinSums {
        var g = 0.0
        var h = 0.0
        var count = 0
    }

    struct Candidate {
        var node: Int
        /// The node's rows are order[lo..<hi].
        var lo: Int
        var hi: Int
        var depth: Int
        var g: Double
        var h: Double
        var histogram: [BinSums]
        var gain = -Double.infinity
        var feature = -1
        var bin = 0
        var count: Int { hi - lo }
    }

    /// A grown tree, the split gain per feature, and its leaves: each leaf's rows are
    /// order[lo..<hi], so the caller can update the training rows' scores without walking the tree.
    struct Grown {
        var tree: BoostedTrees.Tree
        var gains: [Double]
        var order: [Int]
        var leaves: [(lo: Int, hi: Int, value: Double)]
    }

    /// The histograms of the rows order[lo..<hi]; `og` and `oh` are scratch space for their
    /// gradients and hessians gathered in row order, so each feature's pass reads them sequentially.
    func histogram(_ lo: Int, _ hi: Int, order: UnsafePointer<Int>, g: UnsafePointer<Double>, h: UnsafePointer<Double>,
                   og: UnsafeMutablePointer<Double>, oh: UnsafeMutablePointer<Double>) -> [BinSums] {
        var hist = [BinSums](repeating: BinSums(), count: featureCount * Self.bins)
        let m = hi - lo
        guard m > 0, featureCount > 0 else { return hist }
        let rs = order + lo
        for k in 0..<m { let r = rs[k]; og[k] = g[r]; oh[k] = h[r] }
        let nRows = n, bins = Self.bins
        binned.withUnsafeBufferPointer { b in
        hist.withUnsafeMutableBufferPointer { hb in
            let bp = b.baseAddress!, hp = hb.baseAddress!
            func one(_ f: Int) {
                let col = bp + f * nRows
                let hf = hp + f * bins
                for k in 0..<m {
                    let bin = Int(col[rs[k]])
                    hf[bin].g += og[k]
                    hf[bin].h += oh[k]
                    hf[bin].count += 1
                }
            }
            if m * featureCount >= 50_000 && featureCount > 1 {
                DispatchQueue.concurrentPerform(iterations: featureCount) { one($0) }
            } else {
                for f in 0..<featureCount { one(f) }
            }
        } }
        return hist
    }

    /// The best split of a candidate from its histograms (feature order breaks near-ties).
    func bestSplit(_ c: inout Candidate) {
        let lam = options.l2
        let minLeaf = options.minSamplesLeaf
        let total = c.count
        guard total >= 2 * minLeaf else { return }
        if let d = options.maxDepth, c.depth >= d { return }
        let parentScore = c.g * c.g / (c.h + lam)
        let bins = Self.bins
        var best = c.gain, bestFeature = c.feature, bestBin = c.bin
        c.histogram.withUnsafeBufferPointer { hb in
            let hist = hb.baseAddress!
            for f in 0..<featureCount {
                let nb = binner.thresholds[f].count + 1
                guard nb > 1 else { continue }
                var gl = 0.0, hl = 0.0, nl = 0
                for bin in 0..<(nb - 1) {
                    let s = hist[f * bins + bin]
                    gl += s.g; hl += s.h; nl += s.count
                    let nr = total - nl
                    if nl < minLeaf { continue }
                    if nr < minLeaf { break }
                    let gr = c.g - gl, hr = c.h - hl
                    if hl < 1e-3 || hr < 1e-3 { continue }
                    let gain = gl * gl / (hl + lam) + gr * gr / (hr + lam) - parentScore
                    if gain > best + 1e-12 * max(abs(best), 1) || (bestFeature < 0 && gain > best) {
                        best = gain
                        bestFeature = f
                        bestBin = bin
                    }
                }
            }
        }
        c.gain = best
        c.feature = best <= 0 ? -1 : bestFeature
        c.bin = bestBin
    }

    /// Grows a tree on `rows` with the gradients g and hessians h (indexed by row).
    func grow(rows: [Int], g: UnsafePointer<Double>, h: UnsafePointer<Double>) -> Grown {
        var nodes: [BoostedTrees.Node] = []
        var ranges: [(lo: Int, hi: Int)] = []
        var gains = [Double](repeating: 0, count: featureCount)
        let lr = options.learningRate, lam = options.l2
        func leafValue(_ gs: Double, _ hs: Double) -> Double { -lr * gs / (hs + lam) }
        var order = rows
        let m = rows.count
        var scratch = [Int](repeating: 0, count: m)
        var og = [Double](repeating: 0, count: m), oh = [Double](repeating: 0, count: m)
        order.withUnsafeMutableBufferPointer { orderBuffer in
        scratch.withUnsafeMutableBufferPointer { scratchBuffer in
        og.withUnsafeMutableBufferPointer { ogBuffer in
        oh.withUnsafeMutableBufferPointer { ohBuffer in
        binned.withUnsafeBufferPointer { binnedBuffer in
            let op = orderBuffer.baseAddress!, sp = scratchBuffer.baseAddress!
            let ogp = ogBuffer.baseAddress!, ohp = ohBuffer.baseAddress!, bp = binnedBuffer.baseAddress!
            func histogram(_ lo: Int, _ hi: Int) -> [BinSums] {
                self.histogram(lo, hi, order: op, g: g, h: h, og: ogp, oh: ohp)
            }
            var gs = 0.0, hs = 0.0
            for t in 0..<m { let r = op[t]; gs += g[r]; hs += h[r] }
            nodes.append(BoostedTrees.Node(value: leafValue(gs, hs), samples: Int32(m)))
            ranges.append((0, m))
            var root = Candidate(node: 0, lo: 0, hi: m, depth: 0, g: gs, h: hs, histogram: histogram(0, m))
            bestSplit(&root)
            var open: [Candidate] = root.feature >= 0 ? [root] : []
            var leaves = 1
            while !open.isEmpty && leaves < options.maxLeafNodes {
                let i = open.indices.max { open[$0].gain < open[$1].gain } ?? 0
                let c = open.remove(at: i)
                let f = c.feature
                let threshold = binner.thresholds[f][c.bin]
                // Stable partition of the node's rows: the left ones compacted in place, the right
                // ones through the scratch buffer. Branch-free (each row is written to both and
                // only the matching cursor moves): which side a row goes to is a coin flip the
                // branch predictor cannot learn.
                let col = bp + f * n, cut = UInt8(c.bin)
                var mid = c.lo, nr = 0
                for t in c.lo..<c.hi {
                    let r = op[t]
                    let isLeft = col[r] <= cut ? 1 : 0
                    op[mid] = r
                    sp[nr] = r
                    mid += isLeft
                    nr += 1 - isLeft
                }
                for t in 0..<nr { op[mid + t] = sp[t] }
                // The left child's sums in row order.
                var gl = 0.0, hl = 0.0
                for t in c.lo..<mid { let r = op[t]; gl += g[r]; hl += h[r] }
                let leftCount = mid - c.lo, rightCount = c.hi - mid
                let gr = c.g - gl, hr = c.h - hl
                let li = nodes.count, ri = nodes.count + 1
                nodes.append(BoostedTrees.Node(value: leafValue(gl, hl), samples: Int32(leftCount)))
                nodes.append(BoostedTrees.Node(value: leafValue(gr, hr), samples: Int32(rightCount)))
                ranges.append((c.lo, mid))
                ranges.append((mid, c.hi))
                nodes[c.node].feature = Int32(f)
                nodes[c.node].threshold = threshold
                nodes[c.node].left = Int32(li)
                nodes[c.node].right = Int32(ri)
                gains[f] += c.gain
                leaves += 1
                // Only children that could split again need histograms: the smaller built, the larger by subtraction.
                let canSplit = { (count: Int, depth: Int) in count >= 2 * options.minSamplesLeaf && (options.maxDepth.map { depth < $0 } ?? true) }
                let depth = c.depth + 1
                guard leaves < options.maxLeafNodes, canSplit(leftCount, depth) || canSplit(rightCount, depth) else { continue }
                let leftSmaller = leftCount <= rightCount
                let small = leftSmaller ? histogram(c.lo, mid) : histogram(mid, c.hi)
                var large = small
                for j in 0..<large.count {
                    large[j].g = c.histogram[j].g - small[j].g
                    large[j].h = c.histogram[j].h - small[j].h
                    large[j].count = c.histogram[j].count - small[j].count
                }
                var lc = Candidate(node: li, lo: c.lo, hi: mid, depth: depth, g: gl, h: hl, histogram: leftSmaller ? small : large)
                var rc = Candidate(node: ri, lo: mid, hi: c.hi, depth: depth, g: gr, h: hr, histogram: leftSmaller ? large : small)
                bestSplit(&lc)
                bestSplit(&rc)
                if lc.feature >= 0 { open.append(lc) }
                if rc.feature >= 0 { open.append(rc) }
            }
        } } } } }
        let leafList = nodes.indices.filter { nodes[$0].feature < 0 }.map { (lo: ranges[$0].lo, hi: ranges[$0].hi, value: nodes[$0].value) }
        return Grown(tree: BoostedTrees.Tree(nodes: nodes), gains: gains, order: order, leaves: leafList)
    }
}
