import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftFrame

/// CART decision trees (binary splits on `feature <= threshold`, thresholds halfway between
/// neighbouring values), grown depth-first choosing the split with the largest impurity decrease,
/// as scikit-learn's `DecisionTreeClassifier` / `DecisionTreeRegressor` do.
public struct DecisionTree: Sendable, Codable {
    public enum Criterion: String, Sendable, Codable {
        case gini, entropy
        case squaredError = "squared_error"
    }

    public struct Options: Sendable, Codable {
        public var criterion: Criterion
        public var maxDepth: Int? = nil
        public var minSamplesLeaf = 1
        public var minSamplesSplit = 2
        /// Features tried per split (nil = all); the random forest uses fewer.
        public var maxFeatures: Int? = nil
        public var seed: UInt64 = 0
        public init(criterion: Criterion) { self.criterion = criterion }
    }

    public struct Node: Sendable, Codable {
        /// -1 for a leaf.
        public var feature: Int
        public var threshold: Double
        public var left: Int
        public var right: Int
        /// Class weights (classification) or [mean] (regression) at the node.
        public var value: [Double]
        public var weight: Double
        public var samples: Int
        public var impurity: Double
    }

    public let nodes: [Node]
    public let featureCount: Int
    public let classCount: Int
    /// Unnormalized impurity decrease per feature.
    public let rawImportances: [Double]
    public let options: Options
    public var isClassifier: Bool { options.criterion != .squaredError }

    public var depth: Int {
        func d(_ i: Int) -> Int { nodes[i].feature < 0 ? 0 : 1 + max(d(nodes[i].left), d(nodes[i].right)) }
        return nodes.isEmpty ? 0 : d(0)
    }
    public var leafCount: Int { nodes.filter { $0.feature < 0 }.count }

    /// Importances normalized to sum to 1 (all zero for a single leaf).
    public var importances: [Double] {
        let total = rawImportances.reduce(0, +)
        return total > 0 ? rawImportances.map { $0 / total } : rawImportances
    }

    /// Grows a tree. `x` is column-major (n × p), `y` holds class indices (0..<classCount) or
    /// values; `weights` are per-sample multiplicities (bootstrap counts) or nil for all ones.
    public init(x: Matrix, y: [Double], classCount: Int, weights: [Double]? = nil, options: Options,
                presorted: [[Int32]]? = nil) {
        var builder = TreeBuilder(x: x, y: y, classCount: classCount, weights: weights, options: options, presorted: presorted)
        builder.build()
        nodes = builder.nodes
        featureCount = x.cols
        self.classCount = classCount
        rawImportances = builder.importance
        self.options = options
    }

    /// Sorted row indices per feature, shared by the trees of a forest.
    public static func presort(_ x: Matrix) -> [[Int32]] {
        let n = x.rows
        return (0..<x.cols).map { f in
            x.data.withUnsafeBufferPointer { d in
                let base = f * n
                return (0..<Int32(n)).sorted { d[base + Int($0)] < d[base + Int($1)] }
            }
        }
    }

    /// The index of the leaf row `row` of `x` falls in.
    @inline(__always) func leafIndex(_ x: Matrix, row: Int) -> Int {
        var i = 0
        while nodes[i].feature >= 0 {
            i = x[row, nodes[i].feature] <= nodes[i].threshold ? nodes[i].left : nodes[i].right
        }
        return i
    }

    /// Adds the leaf's class probabilities (or its prediction) for row `row` into `acc`.
    @inline(__always) func accumulate(_ x: Matrix, row: Int, into acc: inout [Double]) {
        let node = nodes[leafIndex(x, row: row)]
        if !isClassifier { acc[0] += node.value[0]; return }
        let total = node.weight
        for k in 0..<acc.count { acc[k] += node.value[k] / total }
    }

    /// Class probabilities (classification) or [prediction] (regression) for row `row` of `x`.
    public func predict(_ x: Matrix, row: Int) -> [Double] {
        var acc = [Double](repeating: 0, count: isClassifier ? classCount : 1)
        accumulate(x, row: row, into: &acc)
        return acc
    }

    /// Predictions for every row of `x` (row-major, `classCount` or 1 values per row), on all cores.
    public func predictAll(_ x: Matrix) -> [Double] {
        Batch.rows(x.rows, width: isClassifier ? classCount : 1) { row, acc in accumulate(x, row: row, into: &acc) }
    }
}

/// The growing state: samples of the current node sit in a contiguous range of `order[f]` for
/// every feature f, sorted by that feature, so a split is a stable partition of each range.
struct TreeBuilder {
    let x: Matrix
    let classCount: Int
    let options: DecisionTree.Options
    /// (y, weight) per sample, packed so the scan takes one cache miss per sample, not two.
    let yw: [SIMD2<Double>]
    var order: [[Int32]]
    /// The feature's values in the same order as `order[f]`, so scans read them sequentially.
    var values: [[Double]]
    var goesLeft: [Bool]
    var scratch: [Int32]
    var scratchValues: [Double]
    var nodes: [DecisionTree.Node] = []
    var importance: [Double]
    var rng: SplitMix64
    var totalWeight = 0.0

    init(x: Matrix, y: [Double], classCount: Int, weights: [Double]?, options: DecisionTree.Options, presorted: [[Int32]]?) {
        self.x = x
        self.classCount = classCount
        self.options = options
        let n = x.rows
        let ws = weights ?? [Double](repeating: 1, count: n)
        yw = (0..<n).map { SIMD2(y[$0], ws[$0]) }
        let sorted = presorted ?? DecisionTree.presort(x)
        let data = x.data
        var order: [[Int32]] = [], values: [[Double]] = []
        for f in 0..<x.cols {
            let idx = weights == nil ? sorted[f] : sorted[f].filter { ws[Int($0)] > 0 }
            order.append(idx)
            let base = f * n
            values.append(data.withUnsafeBufferPointer { d in idx.map { d[base + Int($0)] } })
        }
        self.order = order
        self.values = values
        goesLeft = [Bool](repeating: false, count: n)
        scratch = [Int32](repeating: 0, count: order.first?.count ?? 0)
        scratchValues = [Double](repeating: 0, count: order.first?.count ?? 0)
        importance = [Double](repeating: 0, count: x.cols)
        rng = SplitMix64(seed: options.seed)
    }

    var isClassifier: Bool { options.criterion != .squaredError }

    /// Statistics of a set of samples: class weights, or (weight, Σwy, Σwy²).
    func stats(_ start: Int, _ end: Int) -> [Double] {
        let idx = order[0]
        if isClassifier {
            var counts = [Double](repeating: 0, count: classCount)
            for k in start..<end { let v = yw[Int(idx[k])]; counts[Int(v.x)] += v.y }
            return counts
        }
        var s = [0.0, 0.0, 0.0]
        for k in start..<end {
            let v = yw[Int(idx[k])]
            s[0] += v.y; s[1] += v.y * v.x; s[2] += v.y * v.x * v.x
        }
        return s
    }

    func impurity(_ s: [Double]) -> Double {
        switch options.criterion {
        case .gini:
            let t = s.reduce(0, +)
            guard t > 0 else { return 0 }
            return 1 - s.reduce(0) { $0 + ($1 / t) * ($1 / t) }
        case .entropy:
            let t = s.reduce(0, +)
            guard t > 0 else { return 0 }
            return -s.reduce(0) { $0 + ($1 > 0 ? ($1 / t) * log2($1 / t) : 0) }
        case .squaredError:
            guard s[0] > 0 else { return 0 }
            let m = s[1] / s[0]
            return max(0, s[2] / s[0] - m * m)
        }
    }

    mutating func build() {
        let count = order.first?.count ?? 0
        guard count > 0 else { return }
        let root = stats(0, count)
        totalWeight = isClassifier ? root.reduce(0, +) : root[0]
        _ = grow(0, count, depth: 0, stats: root)
        for f in importance.indices { importance[f] /= totalWeight }
    }

    struct Split {
        var feature = -1
        var threshold = 0.0
        var position = 0
        var proxy = -Double.infinity
        var left: [Double] = []
        var right: [Double] = []
    }

    /// Adds the node for samples [start, end) and its subtree; returns its index.
    mutating func grow(_ start: Int, _ end: Int, depth: Int, stats s: [Double]) -> Int {
        let weight = isClassifier ? s.reduce(0, +) : s[0]
        let imp = impurity(s)
        let value = isClassifier ? s : [s[0] > 0 ? s[1] / s[0] : 0]
        let index = nodes.count
        nodes.append(DecisionTree.Node(feature: -1, threshold: 0, left: -1, right: -1, value: value, weight: weight,
                                       samples: end - start, impurity: imp))
        let n = end - start
        if let md = options.maxDepth, depth >= md { return index }
        // A stop request (Ctrl-C, a cell timeout) ends the growth; the caller discards the tree.
        if Cancellation.isRequested { return index }
        // A split needs minSamplesLeaf rows on each side; n / 2 < minSamplesLeaf is n < 2 · minSamplesLeaf
        // without the product, which overflows for a huge option (a huge value means one leaf).
        if n < options.minSamplesSplit || n / 2 < options.minSamplesLeaf || imp <= 1e-7 { return index }
        guard let split = bestSplit(start, end, total: s) else { return index }
        // Partition every feature's range stably into left then right.
        let first = order[split.feature]
        for k in start..<end { goesLeft[Int(first[k])] = k < start + split.position }
        for f in 0..<order.count {
            var l = start, r = 0
            goesLeft.withUnsafeBufferPointer { gl in
            scratch.withUnsafeMutableBufferPointer { si in
            scratchValues.withUnsafeMutableBufferPointer { sv in
            values[f].withUnsafeMutableBufferPointer { v in
            order[f].withUnsafeMutableBufferPointer { o in
                for k in start..<end {
                    let i = o[k]
                    if gl[Int(i)] { o[l] = i; v[l] = v[k]; l += 1 } else { si[r] = i; sv[r] = v[k]; r += 1 }
                }
                for k in 0..<r { o[l + k] = si[k]; v[l + k] = sv[k] }
            }
            }
            }
            }
            }
        }
        let mid = start + split.position
        let wl = isClassifier ? split.left.reduce(0, +) : split.left[0]
        let wr = isClassifier ? split.right.reduce(0, +) : split.right[0]
        importance[split.feature] += weight * imp - wl * impurity(split.left) - wr * impurity(split.right)
        let l = grow(start, mid, depth: depth + 1, stats: split.left)
        let r = grow(mid, end, depth: depth + 1, stats: split.right)
        nodes[index].feature = split.feature
        nodes[index].threshold = split.threshold
        nodes[index].left = l
        nodes[index].right = r
        return index
    }

    /// The split with the best proxy for the impurity decrease over the features tried.
    mutating func bestSplit(_ start: Int, _ end: Int, total: [Double]) -> Split? {
        let p = x.cols
        var features = Array(0..<p)
        let limit = min(options.maxFeatures ?? p, p)
        if limit < p {
            for i in stride(from: p - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                features.swapAt(i, j)
            }
        }
        var best = Split()
        var visited = 0
        let minLeaf = options.minSamplesLeaf
        let width = isClassifier ? classCount : 3
        let classifier = isClassifier
        let criterion = options.criterion
        let count = end - start
        // Scratch sums for the left and right sides, as raw buffers: this loop runs once per
        // sample, feature and level, so it must not touch reference counts or bounds checks.
        let left = UnsafeMutableBufferPointer<Double>.allocate(capacity: width)
        let right = UnsafeMutableBufferPointer<Double>.allocate(capacity: width)
        defer { left.deallocate(); right.deallocate() }
        yw.withUnsafeBufferPointer { ywp in
            for f in features {
                if visited >= limit && best.feature >= 0 { break }
                order[f].withUnsafeBufferPointer { o in
                values[f].withUnsafeBufferPointer { vv in
                    let idx = UnsafeBufferPointer(rebasing: o[start..<end])
                    let v = UnsafeBufferPointer(rebasing: vv[start..<end])
                    if v[count - 1] <= v[0] + 1e-7 { return }   // constant in this node
                    visited += 1
                    for c in 0..<width { left[c] = 0; right[c] = total[c] }
                    var bestProxy = best.proxy
                    var bestPos = -1
                    for pos in 1..<count {
                        let s = ywp[Int(idx[pos - 1])]
                        let yi = s.x, wi = s.y
                        if classifier {
                            let c = Int(yi)
                            left[c] += wi
                            right[c] -= wi
                        } else {
                            left[0] += wi; left[1] += wi * yi; left[2] += wi * yi * yi
                            right[0] -= wi; right[1] -= wi * yi; right[2] -= wi * yi * yi
                        }
                        if pos < minLeaf || count - pos < minLeaf { continue }
                        if v[pos] <= v[pos - 1] + 1e-7 { continue }   // no threshold between (nearly) equal values
                        let proxy = Self.proxy(criterion, UnsafeBufferPointer(left), UnsafeBufferPointer(right), width)
                        if proxy > bestProxy { bestProxy = proxy; bestPos = pos }
                    }
                    guard bestPos > 0 else { return }
                    // Recompute the sums at the winning position (cheaper than copying at every improvement).
                    var l = [Double](repeating: 0, count: width)
                    for k in 0..<bestPos {
                        let s = ywp[Int(idx[k])]
                        if classifier { l[Int(s.x)] += s.y } else { l[0] += s.y; l[1] += s.y * s.x; l[2] += s.y * s.x * s.x }
                    }
                    let a = v[bestPos - 1], b = v[bestPos]
                    var t = a / 2 + b / 2
                    if t == b || !t.isFinite { t = a }
                    best = Split(feature: f, threshold: t, position: bestPos, proxy: bestProxy, left: l,
                                 right: zip(total, l).map { $0 - $1 })
                }
                }
            }
        }
        return best.feature >= 0 ? best : nil
    }

    /// scikit-learn's proxy for the impurity decrease: larger is better, and it differs from the
    /// weighted decrease by a constant of the node.
    @inline(__always) static func proxy(_ criterion: DecisionTree.Criterion, _ l: UnsafeBufferPointer<Double>, _ r: UnsafeBufferPointer<Double>, _ width: Int) -> Double {
        switch criterion {
        case .gini:
            var wl = 0.0, wr = 0.0, sl = 0.0, sr = 0.0
            for c in 0..<width { wl += l[c]; wr += r[c]; sl += l[c] * l[c]; sr += r[c] * r[c] }
            return sl / wl + sr / wr
        case .entropy:
            var wl = 0.0, wr = 0.0
            for c in 0..<width { wl += l[c]; wr += r[c] }
            var h = 0.0
            for c in 0..<width {
                if l[c] > 0 { h += l[c] * log2(l[c] / wl) }
                if r[c] > 0 { h += r[c] * log2(r[c] / wr) }
            }
            return h
        case .squaredError:
            return l[1] * l[1] / l[0] + r[1] * r[1] / r[0]
        }
    }
}

/// A random forest: trees grown on bootstrap samples with a random subset of features tried at
/// each split, on all cores; each tree's randomness comes from (seed, tree index), so the forest is
/// the same for a seed however the trees are scheduled.
public struct RandomForest: Sendable, Codable {
    public let trees: [DecisionTree]
    public let classCount: Int
    public let isClassifier: Bool
    /// Out-of-bag predictions' accuracy (classification) or R² (regression), when computable.
    public let oobScore: Double?

    public static func defaultMaxFeatures(_ p: Int, classifier: Bool) -> Int {
        classifier ? max(1, Int(Double(p).squareRoot())) : p
    }

    public init(x: Matrix, y: [Double], classCount: Int, trees requested: Int, options: DecisionTree.Options, bootstrap: Bool = true) {
        // At least one tree: the buffers below cannot have a negative size, and an empty forest predicts nothing.
        let count = Swift.max(1, requested)
        let n = x.rows
        let sorted = DecisionTree.presort(x)
        let slots = UnsafeMutableBufferPointer<DecisionTree?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        let bags = UnsafeMutableBufferPointer<[Double]>.allocate(capacity: count)
        bags.initialize(repeating: [])
        defer { slots.deallocate(); bags.deallocate() }
        DispatchQueue.concurrentPerform(iterations: count) { t in
            // After a stop request the remaining trees are not grown; the caller discards the forest.
            if Cancellation.isRequested { return }
            var rng = SplitMix64(seed: options.seed &+ UInt64(t) &* 0x9E37_79B9_7F4A_7C15)
            _ = rng.next()
            var weights = [Double](repeating: bootstrap ? 0 : 1, count: n)
            if bootstrap { for _ in 0..<n { weights[Int(rng.next() % UInt64(n))] += 1 } }
            var o = options
            o.seed = rng.next()
            slots[t] = DecisionTree(x: x, y: y, classCount: classCount, weights: weights, options: o, presorted: sorted)
            bags[t] = weights
        }
        trees = slots.compactMap { $0 }
        self.classCount = classCount
        isClassifier = options.criterion != .squaredError
        // Out-of-bag score: each row predicted by the trees that did not see it (rows in parallel).
        if bootstrap && trees.count == count {
            let classifier = isClassifier, width = classifier ? classCount : 1, trees = self.trees
            let bagged = Array(bags)
            // Per row: [prediction (class index or value), number of out-of-bag trees].
            let oob = Batch.rows(n, width: 2) { i, out in
                var acc = [Double](repeating: 0, count: width)
                var m = 0
                for (t, tree) in trees.enumerated() where bagged[t][i] == 0 {
                    tree.accumulate(x, row: i, into: &acc)
                    m += 1
                }
                guard m > 0 else { return }
                out[1] = Double(m)
                if classifier {
                    out[0] = Double(acc.indices.max { acc[$0] < acc[$1] || (acc[$0] == acc[$1] && $0 > $1) }!)
                } else {
                    out[0] = acc[0] / Double(m)
                }
            }
            var correct = 0.0, seen = 0.0, ssRes = 0.0, values: [Double] = []
            for i in 0..<n where oob[2 * i + 1] > 0 {
                seen += 1
                if classifier {
                    if oob[2 * i] == y[i] { correct += 1 }
                } else {
                    ssRes += (oob[2 * i] - y[i]) * (oob[2 * i] - y[i])
                    values.append(y[i])
                }
            }
            if seen == 0 {
                oobScore = nil
            } else if classifier {
                oobScore = correct / seen
            } else {
                let mean = values.reduce(0, +) / Double(values.count)
                let ssTot = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                oobScore = ssTot > 0 ? 1 - ssRes / ssTot : nil
            }
        } else {
            oobScore = nil
        }
    }

    public func predict(_ x: Matrix, row: Int) -> [Double] {
        var acc = [Double](repeating: 0, count: isClassifier ? classCount : 1)
        for t in trees { t.accumulate(x, row: row, into: &acc) }
        return acc.map { $0 / Double(trees.count) }
    }

    /// Predictions for every row of `x` (row-major, `classCount` or 1 values per row), on all cores.
    public func predictAll(_ x: Matrix) -> [Double] {
        let width = isClassifier ? classCount : 1
        return Batch.rows(x.rows, width: width) { row, acc in
            for t in trees { t.accumulate(x, row: row, into: &acc) }
            for k in 0..<width { acc[k] /= Double(trees.count) }
        }
    }

    /// Mean of the trees' normalized importances.
    public var importances: [Double] {
        guard let p = trees.first?.featureCount else { return [] }
        var acc = [Double](repeating: 0, count: p)
        for t in trees { for (j, v) in t.importances.enumerated() { acc[j] += v } }
        let total = acc.reduce(0, +)
        return total > 0 ? acc.map { $0 / total } : acc
    }
}

/// Row-parallel evaluation into one row-major buffer (predictions of trees, forests, k-NN).
enum Batch {
    static func rows(_ n: Int, width: Int, _ body: (Int, inout [Double]) -> Void) -> [Double] {
        var out = [Double](repeating: 0, count: n * width)
        let chunks = max(1, min(64, n / 4096))
        out.withUnsafeMutableBufferPointer { o in
            let base = o.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var acc = [Double](repeating: 0, count: width)
                let lo = c * n / chunks, hi = (c + 1) * n / chunks
                for row in lo..<hi {
                    // After a stop request the rest is skipped; the interpreter discards the result.
                    if row & 1023 == 0 && Cancellation.isRequested { return }
                    for k in 0..<width { acc[k] = 0 }
                    body(row, &acc)
                    for k in 0..<width { base[row * width + k] = acc[k] }
                }
            }
        }
        return out
    }
}
