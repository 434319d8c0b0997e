import SiftFrame

/// Neighbourhood collaborative filtering.
///
/// Similarity between two items (item-based) or two users (user-based), by name:
/// - `cosine`: the cosine of their rating vectors, a missing rating counting as 0;
/// - `pearson`: Pearson's correlation over the users (items) who rated both, each side centred on
///   its mean over those common ratings — what pandas' `DataFrame.corr()` gives on the user × item
///   matrix (pairwise complete); 0 when fewer than two common ratings or no variation;
/// - `centered_cosine`: the cosine of the vectors centred on each one's mean over all its ratings,
///   a missing rating counting as 0 after centring (this was called "pearson" before; it is not
///   Pearson's correlation: on sparse data it shrinks toward 0).
/// A prediction is mean-centred: for item-based CF
/// r̂(u, i) = μ_i + Σ_j s(i, j)(r_uj − μ_j) / Σ_j s(i, j) over the k items j most similar to i among
/// those u rated (positive similarities only); user-based CF is the same with users.
public struct Recommender: Sendable {
    public enum Basis: String, Sendable { case user, item }
    public enum Similarity: String, Sendable, CaseIterable { case cosine, pearson, centered_cosine }

    public let basis: Basis
    public let similarity: Similarity
    public let k: Int
    public let users: [Scalar]
    public let items: [Scalar]
    let userIndex: [Scalar: Int]
    let itemIndex: [Scalar: Int]
    /// Ratings by user (item, rating), sorted by item; and by item (user, rating), sorted by user.
    let byUser: [[(Int, Double)]]
    let byItem: [[(Int, Double)]]
    public let userMeans: [Double]
    public let itemMeans: [Double]
    public let ratingCount: Int
    let itemNorms: [Double]
    let userNorms: [Double]
    /// The similarity matrix of the basis (items or users), precomputed when it is small
    /// (≤ 2,000 × 2,000); otherwise rows are computed when needed.
    var matrix: [[Double]]? = nil

    public init(users u: [Scalar], items it: [Scalar], ratings r: [Double], basis: Basis, similarity: Similarity, k: Int) throws {
        guard !r.isEmpty else { throw FrameError("no ratings to learn from") }
        var ui: [Scalar: Int] = [:], ii: [Scalar: Int] = [:]
        var users: [Scalar] = [], items: [Scalar] = []
        for s in u where ui[s] == nil { ui[s] = users.count; users.append(s) }
        for s in it where ii[s] == nil { ii[s] = items.count; items.append(s) }
        var byUser = [[Int: Double]](repeating: [:], count: users.count)
        for t in 0..<r.count {
            // A repeated (user, item) pair keeps its last rating.
            byUser[ui[u[t]]!][ii[it[t]]!] = r[t]
        }
        var byItem = [[(Int, Double)]](repeating: [], count: items.count)
        var userLists: [[(Int, Double)]] = []
        var count = 0
        for (uIdx, m) in byUser.enumerated() {
            let sorted = m.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            userLists.append(sorted)
            for (iIdx, v) in sorted { byItem[iIdx].append((uIdx, v)); count += 1 }
        }
        self.basis = basis
        self.similarity = similarity
        self.k = k
        self.users = users
        self.items = items
        userIndex = ui
        itemIndex = ii
        self.byUser = userLists
        self.byItem = byItem
        userMeans = userLists.map { l in l.reduce(0) { $0 + $1.1 } / Double(max(1, l.count)) }
        itemMeans = byItem.map { l in l.reduce(0) { $0 + $1.1 } / Double(max(1, l.count)) }
        ratingCount = count
        let center = similarity == .centered_cosine
        let im = itemMeans, um = userMeans
        itemNorms = byItem.enumerated().map { i, l in l.reduce(0) { let x = $1.1 - (center ? im[i] : 0); return $0 + x * x }.squareRoot() }
        userNorms = userLists.enumerated().map { u, l in l.reduce(0) { let x = $1.1 - (center ? um[u] : 0); return $0 + x * x }.squareRoot() }
        let size = basis == .item ? items.count : users.count
        if size <= 2000 {
            let me = self
            matrix = (0..<size).map { basis == .item ? me.itemSimilarities($0) : me.userSimilarities($0) }
        }
    }

    /// Ratings per item, in the order of `items`.
    public var itemCounts: [Int] { byItem.map(\.count) }

    public func hasUser(_ s: Scalar) -> Bool { userIndex[s] != nil }
    public func hasItem(_ s: Scalar) -> Bool { itemIndex[s] != nil }

    /// Similarities of item `i` to every item (item-based vectors are columns of the rating matrix).
    func itemSimilarities(_ i: Int) -> [Double] {
        if similarity == .pearson { return Self.pearson(byItem[i], through: byUser, count: items.count) }
        let center = similarity == .centered_cosine
        var dots = [Double](repeating: 0, count: items.count)
        for (u, rui) in byItem[i] {
            let a = rui - (center ? itemMeans[i] : 0)
            for (j, ruj) in byUser[u] { dots[j] += a * (ruj - (center ? itemMeans[j] : 0)) }
        }
        return dots.enumerated().map { j, d in itemNorms[i] > 0 && itemNorms[j] > 0 ? d / (itemNorms[i] * itemNorms[j]) : 0 }
    }

    /// Similarities of user `u` to every user.
    func userSimilarities(_ u: Int) -> [Double] {
        if similarity == .pearson { return Self.pearson(byUser[u], through: byItem, count: users.count) }
        let center = similarity == .centered_cosine
        var dots = [Double](repeating: 0, count: users.count)
        for (i, rui) in byUser[u] {
            let a = rui - (center ? userMeans[u] : 0)
            for (v, rvi) in byItem[i] { dots[v] += a * (rvi - (center ? userMeans[v] : 0)) }
        }
        return dots.enumerated().map { v, d in userNorms[u] > 0 && userNorms[v] > 0 ? d / (userNorms[u] * userNorms[v]) : 0 }
    }

    /// Pearson correlations of one vector (`own`: (other-side index, rating)) with every vector of
    /// its kind, over the common ratings only (pairwise complete, as pandas' corr). `through[x]` lists
    /// the ratings made by (or of) the other-side entity x. Sums of ratings are exact for the usual
    /// whole-number scales, so n·Σab − Σa·Σb loses nothing.
    static func pearson(_ own: [(Int, Double)], through: [[(Int, Double)]], count: Int) -> [Double] {
        var n = [Double](repeating: 0, count: count)
        var sa = n, sb = n, saa = n, sbb = n, sab = n
        for (x, a) in own {
            for (j, b) in through[x] {
                n[j] += 1; sa[j] += a; sb[j] += b; saa[j] += a * a; sbb[j] += b * b; sab[j] += a * b
            }
        }
        return (0..<count).map { j in
            guard n[j] >= 2 else { return 0 }
            let num = n[j] * sab[j] - sa[j] * sb[j]
            let va = n[j] * saa[j] - sa[j] * sa[j], vb = n[j] * sbb[j] - sb[j] * sb[j]
            guard va > 0, vb > 0 else { return 0 }
            return max(-1, min(1, num / (va.squareRoot() * vb.squareRoot())))
        }
    }

    /// Similarities of user `u` to every user under the model's measure (for `similar_users`).
    public func similarUsers(_ user: Scalar, n: Int) -> [(user: Scalar, similarity: Double)]? {
        guard let u = userIndex[user] else { return nil }
        let s = basis == .user ? (matrix?[u] ?? userSimilarities(u)) : userSimilarities(u)
        return (0..<users.count).filter { $0 != u && s[$0] != 0 }
            .sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
            .prefix(n).map { (users[$0], s[$0]) }
    }

    /// Similarities of item `item` to every item (in `items` order); nil for an unknown item.
    public func itemSimilarityRow(_ item: Scalar) -> [Double]? {
        guard let i = itemIndex[item] else { return nil }
        return basis == .item ? (matrix?[i] ?? itemSimilarities(i)) : itemSimilarities(i)
    }

    /// Predicted ratings of user `u` for every item (nil where no neighbour supports a prediction).
    func predictions(user u: Int) -> [Double?] {
        var out = [Double?](repeating: nil, count: items.count)
        switch basis {
        case .user:
            let sims = matrix?[u] ?? userSimilarities(u)
            for i in 0..<items.count {
                var neighbours = byItem[i].filter { $0.0 != u && sims[$0.0] > 0 }
                guard !neighbours.isEmpty else { continue }
                if neighbours.count > k {
                    neighbours.sort { sims[$0.0] > sims[$1.0] || (sims[$0.0] == sims[$1.0] && $0.0 < $1.0) }
                    neighbours = Array(neighbours.prefix(k))
                }
                var num = 0.0, den = 0.0
                for (v, rvi) in neighbours { num += sims[v] * (rvi - userMeans[v]); den += sims[v] }
                out[i] = userMeans[u] + num / den
            }
        case .item:
            let rated = byUser[u]
            guard !rated.isEmpty else { return out }
            // Similarity rows of the items u rated give, for every item i, s(i, j) for those j.
            let rows = rated.map { matrix?[$0.0] ?? itemSimilarities($0.0) }
            for i in 0..<items.count {
                var neighbours: [(Double, Double, Int)] = []   // (similarity, centred rating, j)
                for (r, (j, ruj)) in rated.enumerated() where j != i && rows[r][i] > 0 {
                    neighbours.append((rows[r][i], ruj - itemMeans[j], j))
                }
                guard !neighbours.isEmpty else { continue }
                if neighbours.count > k {
                    neighbours.sort { $0.0 > $1.0 || ($0.0 == $1.0 && $0.2 < $1.2) }
                    neighbours = Array(neighbours.prefix(k))
                }
                var num = 0.0, den = 0.0
                for (s, c, _) in neighbours { num += s * c; den += s }
                out[i] = itemMeans[i] + num / den
            }
        }
        return out
    }

    /// A predicted rating; nil for an unknown user or item, or when no neighbour supports one.
    public func predict(user: Scalar, item: Scalar) -> Double? {
        guard let u = userIndex[user], let i = itemIndex[item] else { return nil }
        return predictions(user: u)[i]
    }

    /// Predictions for many (user, item) pairs, computing each user's predictions once.
    public func predict(pairs: [(Scalar, Scalar)]) -> [Double?] {
        var cache: [Int: [Double?]] = [:]
        return pairs.map { user, item in
            guard let u = userIndex[user], let i = itemIndex[item] else { return nil }
            if cache[u] == nil { cache[u] = predictions(user: u) }
            return cache[u]![i]
        }
    }

    /// The n items with the highest predicted rating that the user has not rated.
    public func recommend(user: Scalar, n: Int) -> [(item: Scalar, score: Double)]? {
        guard let u = userIndex[user] else { return nil }
        let seen = Set(byUser[u].map(\.0))
        let p = predictions(user: u)
        let candidates = (0..<items.count).compactMap { i -> (Int, Double)? in
            guard !seen.contains(i), let s = p[i] else { return nil }
            return (i, s)
        }
        return candidates.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(n).map { (items[$0.0], $0.1) }
    }

    /// The n items most similar to `item` (by this model's similarity measure on item vectors).
    public func similarItems(_ item: Scalar, n: Int) -> [(item: Scalar, similarity: Double)]? {
        guard let i = itemIndex[item] else { return nil }
        let s = basis == .item ? (matrix?[i] ?? itemSimilarities(i)) : itemSimilarities(i)
        return (0..<items.count).filter { $0 != i && s[$0] != 0 }
            .sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
            .prefix(n).map { (items[$0], s[$0]) }
    }

    /// Ranking quality on held-out ratings: for each user with at least one relevant held-out item
    /// (rating ≥ `relevant`), precision@k = hits / k and recall@k = hits / relevant items, where hits
    /// are relevant held-out items among the top k recommendations; averaged over those users.
    public func rankingMetrics(testUsers: [Scalar], testItems: [Scalar], testRatings: [Double], k: Int, relevant: Double)
        -> (precision: Double, recall: Double, users: Int) {
        var relevantByUser: [Scalar: Set<Scalar>] = [:]
        for t in 0..<testUsers.count where testRatings[t] >= relevant {
            relevantByUser[testUsers[t], default: []].insert(testItems[t])
        }
        var p = 0.0, r = 0.0, count = 0
        for (user, rel) in relevantByUser {
            guard let recs = recommend(user: user, n: k) else { continue }
            let hits = recs.filter { rel.contains($0.item) }.count
            p += Double(hits) / Double(k)
            r += Double(hits) / Double(rel.count)
            count += 1
        }
        return count == 0 ? (.nan, .nan, 0) : (p / Double(count), r / Double(count), count)
    }
}
