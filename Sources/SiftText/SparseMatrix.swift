/// A compressed sparse row matrix of doubles: document-term matrices are almost all zeros
/// (a short review uses a dozen of tens of thousands of terms), so only the non-zeros are kept.
public struct SparseMatrix: Sendable {
    public let rows: Int
    public let columns: Int
    /// Row r's entries are at `rowStart[r] ..< rowStart[r + 1]` of `indices`/`values`.
    public var rowStart: [Int]
    /// Column indices, ascending within each row.
    public var indices: [Int32]
    public var values: [Double]

    public init(rows: Int, columns: Int, rowStart: [Int], indices: [Int32], values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.rowStart = rowStart
        self.indices = indices
        self.values = values
    }

    public var nonZeroCount: Int { values.count }

    @inline(__always) public func range(ofRow r: Int) -> Range<Int> { rowStart[r]..<rowStart[r + 1] }

    public func value(_ r: Int, _ c: Int) -> Double {
        for k in range(ofRow: r) where Int(indices[k]) == c { return values[k] }
        return 0
    }

    public func dense(row r: Int) -> [Double] {
        var out = [Double](repeating: 0, count: columns)
        for k in range(ofRow: r) { out[Int(indices[k])] = values[k] }
        return out
    }

    /// Euclidean norm of each row.
    public func rowNorms() -> [Double] {
        (0..<rows).map { r in
            var s = 0.0
            for k in range(ofRow: r) { s += values[k] * values[k] }
            return s.squareRoot()
        }
    }

    /// Dot product of row a of self and row b of other (both with ascending indices).
    public func dot(row a: Int, _ other: SparseMatrix, row b: Int) -> Double {
        var i = rowStart[a], j = other.rowStart[b]
        let ie = rowStart[a + 1], je = other.rowStart[b + 1]
        var s = 0.0
        while i < ie && j < je {
            let ci = indices[i], cj = other.indices[j]
            if ci == cj { s += values[i] * other.values[j]; i += 1; j += 1 } else if ci < cj { i += 1 } else { j += 1 }
        }
        return s
    }

    /// The rows at `order`, in that order.
    public func takeRows(_ order: [Int]) -> SparseMatrix {
        var start = [0], idx: [Int32] = [], vals: [Double] = []
        for r in order {
            let rr = range(ofRow: r)
            idx.append(contentsOf: indices[rr]); vals.append(contentsOf: values[rr])
            start.append(idx.count)
        }
        return SparseMatrix(rows: order.count, columns: columns, rowStart: start, indices: idx, values: vals)
    }
}
