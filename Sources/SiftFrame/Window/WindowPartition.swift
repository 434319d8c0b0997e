/// The rows of a window computation laid out partition by partition, each partition in its
/// `order_by` order: what every window kernel (cumsum, lag, rank, rolling, …) walks.
///
/// Kernels read `order[starts[p]..<starts[p + 1]]` for partition `p` and write results at the
/// original row positions, so no result ever needs a scatter step. Partitions are the groups of
/// a `group_by` (their ids), or the whole column as one partition.
public struct WindowPartition: Sendable {
    /// Frame rows, partition after partition, each partition in window order.
    public let order: [Int]
    /// Offsets into `order`: partition `p` is `starts[p]..<starts[p + 1]`.
    public let starts: [Int]

    public var rowCount: Int { order.count }
    public var partitionCount: Int { starts.count - 1 }

    public init(order: [Int], starts: [Int]) {
        self.order = order
        self.starts = starts
    }

    /// One partition of `rowCount` rows, in row order.
    public static func whole(_ rowCount: Int) -> WindowPartition {
        WindowPartition(order: Array(0..<rowCount), starts: [0, rowCount])
    }

    /// Partitions by group id (`ids[row]` in `0..<groupCount`), each ordered by `orderBy` (stable:
    /// ties keep row order; nulls last, as `sort`). Without group ids the whole frame is one partition.
    public init(ids: [Int32]?, groupCount: Int, orderBy: [SortKey], rowCount n: Int) {
        guard let ids, groupCount > 1 else {
            self.order = orderBy.isEmpty ? Array(0..<n) : Sorting.order(orderBy, rowCount: n)
            self.starts = [0, n]
            return
        }
        // Counting sort by group (stable), after ordering the rows by the window keys: one sort
        // of the whole frame, however many groups.
        let base = orderBy.isEmpty ? Array(0..<n) : Sorting.order(orderBy, rowCount: n)
        var counts = [Int](repeating: 0, count: groupCount + 1)
        ids.withUnsafeBufferPointer { ib in
            for i in 0..<n { counts[Int(ib[i]) + 1] += 1 }
        }
        for g in 0..<groupCount { counts[g + 1] += counts[g] }
        let starts = counts
        var next = counts
        var order = [Int](repeating: 0, count: n)
        ids.withUnsafeBufferPointer { ib in
            base.withUnsafeBufferPointer { bb in
                order.withUnsafeMutableBufferPointer { ob in
                    for k in 0..<n {
                        let r = bb[k]
                        let g = Int(ib[r])
                        ob[next[g]] = r
                        next[g] += 1
                    }
                }
            }
        }
        self.order = order
        self.starts = starts
    }

    /// Runs `body(range)` for each partition's range of `order`.
    @inline(__always) public func forEach(_ body: (Range<Int>) throws -> Void) rethrows {
        for p in 0..<partitionCount where starts[p] < starts[p + 1] { try body(starts[p]..<starts[p + 1]) }
    }
}
