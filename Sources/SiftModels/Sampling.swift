import SiftFrame

/// Seeded train/test splits.
public enum Sampling {
    /// Splits row indices 0..<rowCount into a training part of round(fraction × n) rows and a test
    /// part, each in original row order. With `strata` (a group code per row), every group is split
    /// in the same proportion, so rare classes appear on both sides.
    public static func split(rowCount: Int, fraction: Double, seed: UInt64, strata: [Int]? = nil) throws -> (train: [Int], test: [Int]) {
        guard fraction > 0, fraction < 1 else {
            throw FrameError("the training fraction must be between 0 and 1, got \(ScalarFormat.float(fraction))",
                             hint: "e.g. split(df, 0.8) keeps 80% of the rows for training")
        }
        var rng = SplitMix64(seed: seed)
        var groups: [[Int]]
        if let strata {
            var byCode: [Int: [Int]] = [:]
            var order: [Int] = []
            for (i, c) in strata.enumerated() {
                if byCode[c] == nil { order.append(c) }
                byCode[c, default: []].append(i)
            }
            groups = order.sorted().map { byCode[$0]! }
        } else {
            groups = [Array(0..<rowCount)]
        }
        var train: [Int] = [], test: [Int] = []
        for var g in groups {
            for i in stride(from: g.count - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                g.swapAt(i, j)
            }
            let k = Int((fraction * Double(g.count)).rounded())
            train += g[0..<k]
            test += g[k...]
        }
        return (train.sorted(), test.sorted())
    }
}
