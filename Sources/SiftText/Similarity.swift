/// Row-to-row similarity of dense feature rows and sparse TF-IDF rows.
public enum Similarity {
    /// Cosine of two dense vectors (0 when either is all zeros).
    public static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for i in a.indices { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i] }
        return na > 0 && nb > 0 ? dot / (na.squareRoot() * nb.squareRoot()) : 0
    }

    /// Cosine similarities of row `r` of `m` with every row of `other` (both sparse).
    public static func cosineRow(_ m: SparseMatrix, _ r: Int, against other: SparseMatrix,
                                 norms: [Double], otherNorms: [Double]) -> [Double] {
        (0..<other.rows).map { j in
            let d = m.dot(row: r, other, row: j)
            return norms[r] > 0 && otherNorms[j] > 0 ? d / (norms[r] * otherNorms[j]) : 0
        }
    }

    /// The indices of the n largest values (ties by index), skipping `exclude`.
    public static func top(_ values: [Double], n: Int, excluding exclude: Set<Int> = []) -> [Int] {
        let order = values.indices.filter { !exclude.contains($0) && !values[$0].isNaN }
            .sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
        return Array(order.prefix(n))
    }
}
