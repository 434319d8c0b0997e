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
        let n = x.rows, p = x.cols
        let classifier = classCount > 1
        loss = classifier ? .logLoss : .squaredError
        let k = classCount > 2 ? classCount : 1
        outputs = k
        self.classCount = classCount
        self.options = options
        featureCount = p
        guard n >= 2 else { throw FrameError("boosted trees need at least two rows") }

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

        var raw = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
        for c in 0..<k { for i in 0..<n { raw[c][i] = base[c] } }
        var gradients = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
        var hessians = [[Double]](repeating: [Double](repeating: 1, count: n), count: k)
        var forest: [[Tree]] = []
        var gains = [Double](repeating: 0, count: p)
        var trainLoss: [Double] = [], validLoss: [Double] = []
        func lossOf(_ rows: [Int]) -> Double {
            guard !rows.isEmpty else { return .nan }
            var s = 0.0
            for i in rows {
                if !classifier { let d = raw[0][i] - y[i]; s += 0.5 * d * d }
                else if k == 1 {
                    let e = raw[0][i]
                    s += (e > 0 ? e + log1p(exp(-e)) : log1p(exp(e))) - y[i] * e
                } else {
                    var mx = -Double.infinity
                    for c in 0..<k { mx = max(mx, raw[c][i]) }
                    var z = 0.0
                    for c in 0..<k { z += exp(raw[c][i] - mx) }
                    s += mx + log(z) - raw[Int(y[i])][i]
                }
            }
            return s / Double(rows.count)
        }
        let builder = HistogramTreeBuilder(binned: binned, binner: binner, featureCount: p, options: options)
        for _ in 0..<options.iterations {
            try Cancellation.check()
            // Gradients and hessians of the loss at the current raw scores.
            for i in trainRows {
                if !classifier {
                    gradients[0][i] = raw[0][i] - y[i]
                } else if k == 1 {
                    let pr = 1 / (1 + exp(-raw[0][i]))
                    gradients[0][i] = pr - y[i]
                    hessians[0][i] = pr * (1 - pr)
                } else {
                    var mx = -Double.infinity
                    for c in 0..<k { mx = max(mx, raw[c][i]) }
                    var z = 0.0
                    for c in 0..<k { z += exp(raw[c][i] - mx) }
                    for c in 0..<k {
                        let pr = exp(raw[c][i] - mx) / z
                        gradients[c][i] = pr - (Int(y[i]) == c ? 1 : 0)
                        hessians[c][i] = pr * (1 - pr)
                    }
                }
            }
            var rows = trainRows
            if options.subsample < 1 {
                for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
                rows = Array(rows.prefix(max(1, Int((Double(rows.count) * options.subsample).rounded())))).sorted()
            }
            var iteration: [Tree] = []
            for c in 0..<k {
                let (tree, treeGains, leaves) = builder.grow(rows: rows, g: gradients[c], h: hessians[c])
                for j in 0..<p { gains[j] += treeGains[j] }
                // The grown rows' scores from their leaves; every other row (validation, rows left
                // out by subsample) through the tree.
                var grown = [Bool](repeating: false, count: n)
                for leaf in leaves { for r in leaf.rows { raw[c][r] += leaf.value; grown[r] = true } }
                for i in 0..<n where !grown[i] { raw[c][i] += tree.predict(x, row: i) }
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
        trees = forest
        self.gains = gains
        self.trainLoss = trainLoss
        self.validationLoss = validLoss
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

    public func predictAll(_ x: Matrix) -> [Double] {
        let width = loss == .squaredError ? 1 : classCount
        // Every tree's nodes in one flat array (children as absolute indices), walked through raw
        // pointers: the per-row loop then touches no reference counts. The same sums in the same
        // order as `predict`.
        var flat: [Node] = [], roots: [(output: Int, root: Int)] = []
        for iteration in trees {
            for (c, t) in iteration.enumerated() {
                let offset = Int32(flat.count)
                roots.append((c, flat.count))
                flat += t.nodes.map { n in
                    var m = n
                    if m.feature >= 0 { m.left += offset; m.right += offset }
                    return m
                }
            }
        }
        let rows = x.rows
        return flat.withUnsafeBufferPointer { nodes in
            x.data.withUnsafeBufferPointer { data in
                Batch.rows(rows, width: width) { row, acc in
                    var raw = baseline
                    for (c, root) in roots {
                        var i = root
                        while nodes[i].feature >= 0 {
                            let n = nodes[i]
                            i = Int(data[Int(n.feature) * rows + row] <= n.threshold ? n.left : n.right)
                        }
                        raw[c] += nodes[i].value
                    }
                    let v = probabilities(raw)
                    for c in 0..<width { acc[c] = v[c] }
                }
            }
        }
    }
}

/// Feature values to bins: at most maxBins − 1 thresholds per feature.
struct Binner: Sendable {
    /// thresholds[f]: ascending; bin b holds values ≤ thresholds[b] (and > thresholds[b − 1]).
    let thresholds: [[Double]]

    init(x: Matrix, rows: [Int], maxBins: Int) {
        var all: [[Double]] = []
        for j in 0..<x.cols {
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
            all.append(t)
        }
        thresholds = all
    }

    /// Column-major bin codes of every row.
    func bin(_ x: Matrix) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: x.rows * x.cols)
        for j in 0..<x.cols {
            let t = thresholds[j]
            for i in 0..<x.rows {
                let v = x[i, j]
                var lo = 0, hi = t.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if v <= t[mid] { hi = mid } else { lo = mid + 1 }
                }
                out[j * x.rows + i] = UInt8(lo)
            }
        }
        return out
    }
}

/// Grows one tree best-first on gradient/hessian histograms, as scikit-learn's grower: a node's
/// histograms (per feature and bin: the sums of g and h and the row count) are built from its rows'
/// gradients gathered into contiguous arrays, features in parallel on large nodes; of two children
/// only the smaller one's are built, the larger one's are the parent's minus the smaller's.
struct HistogramTreeBuilder {
    let binned: [UInt8]
    let binner: Binner
    let featureCount: Int
    let options: BoostedTrees.Options
    var n: Int { featureCount == 0 ? 0 : binned.count / featureCount }
    static let bins = 256

    /// Per feature f and bin b at f · 256 + b.
    struct Histogram {
        var g: [Double]
        var h: [Double]
        var count: [Int]

        init(features: Int) {
            g = [Double](repeating: 0, count: features * HistogramTreeBuilder.bins)
            h = g
            count = [Int](repeating: 0, count: features * HistogramTreeBuilder.bins)
        }

        /// parent − child, bin by bin.
        func minus(_ o: Histogram) -> Histogram {
            var out = self
            for i in 0..<g.count {
                out.g[i] -= o.g[i]
                out.h[i] -= o.h[i]
                out.count[i] -= o.count[i]
            }
            return out
        }
    }

    struct Candidate {
        var node: Int
        var rows: [Int]
        var depth: Int
        var g: Double
        var h: Double
        var histogram: Histogram
        var gain = -Double.infinity
        var feature = -1
        var bin = 0
    }

    /// The histograms of `rows`.
    func histogram(_ rows: [Int], g: [Double], h: [Double]) -> Histogram {
        var hist = Histogram(features: featureCount)
        let m = rows.count
        guard m > 0, featureCount > 0 else { return hist }
        // Gradients in row order, so each feature's pass reads them sequentially.
        var og = [Double](repeating: 0, count: m), oh = [Double](repeating: 0, count: m)
        for (k, r) in rows.enumerated() { og[k] = g[r]; oh[k] = h[r] }
        let nRows = n, bins = Self.bins
        binned.withUnsafeBufferPointer { b in
        rows.withUnsafeBufferPointer { rs in
        og.withUnsafeBufferPointer { gp in
        oh.withUnsafeBufferPointer { hp in
        hist.g.withUnsafeMutableBufferPointer { sg in
        hist.h.withUnsafeMutableBufferPointer { sh in
        hist.count.withUnsafeMutableBufferPointer { cnt in
            let sgp = sg.baseAddress!, shp = sh.baseAddress!, cntp = cnt.baseAddress!
            func one(_ f: Int) {
                let col = b.baseAddress! + f * nRows
                let hg = sgp + f * bins, hh = shp + f * bins, hc = cntp + f * bins
                for k in 0..<m {
                    let bin = Int(col[rs[k]])
                    hg[bin] += gp[k]
                    hh[bin] += hp[k]
                    hc[bin] += 1
                }
            }
            if m * featureCount >= 50_000 && featureCount > 1 {
                DispatchQueue.concurrentPerform(iterations: featureCount) { one($0) }
            } else {
                for f in 0..<featureCount { one(f) }
            }
        } } } } } } }
        return hist
    }

    /// The best split of a candidate from its histograms (feature order breaks near-ties).
    func bestSplit(_ c: inout Candidate) {
        let lam = options.l2
        let minLeaf = options.minSamplesLeaf
        guard c.rows.count >= 2 * minLeaf else { return }
        if let d = options.maxDepth, c.depth >= d { return }
        let parentScore = c.g * c.g / (c.h + lam)
        let bins = Self.bins
        for f in 0..<featureCount {
            let nb = binner.thresholds[f].count + 1
            guard nb > 1 else { continue }
            var gl = 0.0, hl = 0.0, nl = 0
            for bin in 0..<(nb - 1) {
                let at = f * bins + bin
                gl += c.histogram.g[at]; hl += c.histogram.h[at]; nl += c.histogram.count[at]
                let nr = c.rows.count - nl
                if nl < minLeaf { continue }
                if nr < minLeaf { break }
                let gr = c.g - gl, hr = c.h - hl
                if hl < 1e-3 || hr < 1e-3 { continue }
                let gain = gl * gl / (hl + lam) + gr * gr / (hr + lam) - parentScore
                if gain > c.gain + 1e-12 * max(abs(c.gain), 1) || (c.feature < 0 && gain > c.gain) {
                    c.gain = gain
                    c.feature = f
                    c.bin = bin
                }
            }
        }
        if c.gain <= 0 { c.feature = -1 }
    }

    /// The tree, the split gain per feature, and each leaf's rows with its value (so the caller
    /// can update the training rows' scores without walking the tree).
    func grow(rows: [Int], g: [Double], h: [Double]) -> (BoostedTrees.Tree, [Double], [(rows: [Int], value: Double)]) {
        var nodes: [BoostedTrees.Node] = []
        var gains = [Double](repeating: 0, count: featureCount)
        let lr = options.learningRate, lam = options.l2
        func leafValue(_ gs: Double, _ hs: Double) -> Double { -lr * gs / (hs + lam) }
        var gs = 0.0, hs = 0.0
        for r in rows { gs += g[r]; hs += h[r] }
        nodes.append(BoostedTrees.Node(value: leafValue(gs, hs), samples: Int32(rows.count)))
        var leafRows: [Int: [Int]] = [0: rows]
        var root = Candidate(node: 0, rows: rows, depth: 0, g: gs, h: hs, histogram: histogram(rows, g: g, h: h))
        bestSplit(&root)
        var open: [Candidate] = root.feature >= 0 ? [root] : []
        var leaves = 1
        while !open.isEmpty && leaves < options.maxLeafNodes {
            let i = open.indices.max { open[$0].gain < open[$1].gain } ?? 0
            let c = open.remove(at: i)
            let f = c.feature
            let threshold = binner.thresholds[f][c.bin]
            var left: [Int] = [], right: [Int] = []
            left.reserveCapacity(c.rows.count)
            right.reserveCapacity(c.rows.count)
            let base = f * n
            binned.withUnsafeBufferPointer { b in
                for r in c.rows { if Int(b[base + r]) <= c.bin { left.append(r) } else { right.append(r) } }
            }
            var gl = 0.0, hl = 0.0
            for r in left { gl += g[r]; hl += h[r] }
            let gr = c.g - gl, hr = c.h - hl
            let li = nodes.count, ri = nodes.count + 1
            nodes.append(BoostedTrees.Node(value: leafValue(gl, hl), samples: Int32(left.count)))
            nodes.append(BoostedTrees.Node(value: leafValue(gr, hr), samples: Int32(right.count)))
            nodes[c.node].feature = Int32(f)
            nodes[c.node].threshold = threshold
            nodes[c.node].left = Int32(li)
            nodes[c.node].right = Int32(ri)
            leafRows[c.node] = nil
            leafRows[li] = left
            leafRows[ri] = right
            gains[f] += c.gain
            leaves += 1
            // Only children that could split again need histograms: the smaller built, the larger by subtraction.
            let canSplit = { (count: Int, depth: Int) in count >= 2 * options.minSamplesLeaf && (options.maxDepth.map { depth < $0 } ?? true) }
            let depth = c.depth + 1
            guard leaves < options.maxLeafNodes, canSplit(left.count, depth) || canSplit(right.count, depth) else { continue }
            let leftSmaller = left.count <= right.count
            let small = histogram(leftSmaller ? left : right, g: g, h: h)
            let large = c.histogram.minus(small)
            var lc = Candidate(node: li, rows: left, depth: depth, g: gl, h: hl, histogram: leftSmaller ? small : large)
            var rc = Candidate(node: ri, rows: right, depth: depth, g: gr, h: hr, histogram: leftSmaller ? large : small)
            bestSplit(&lc)
            bestSplit(&rc)
            if lc.feature >= 0 { open.append(lc) }
            if rc.feature >= 0 { open.append(rc) }
        }
        let leafList = leafRows.keys.sorted().map { (rows: leafRows[$0]!, value: nodes[$0].value) }
        return (BoostedTrees.Tree(nodes: nodes), gains, leafList)
    }
}
