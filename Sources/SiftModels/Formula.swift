import SiftFrame

/// The right-hand side of a model formula as term algebra, independent of the language's syntax
/// tree. Factors name columns of the frame the model is fitted on (computed terms such as
/// `log(x)` are added to that frame under their text by the caller first).
public indirect enum TermExpr: Sendable, Codable {
    case factor(String)
    /// `1`: the intercept.
    case intercept
    /// `0` (or `-1` at the start): no intercept.
    case noIntercept
    /// `.`: every column not used on the left-hand side.
    case dot
    case sum(TermExpr, TermExpr)
    case difference(TermExpr, TermExpr)
    /// `a:b`
    case interaction(TermExpr, TermExpr)
    /// `a*b` = `a + b + a:b`
    case product(TermExpr, TermExpr)
}

/// One term: the factors multiplied together, in the order written (empty for the intercept).
public struct Term: Hashable, Sendable, Codable {
    public let factors: [String]
    public init(_ factors: [String]) {
        var seen = Set<String>()
        self.factors = factors.filter { seen.insert($0).inserted }
    }
    public static func == (l: Term, r: Term) -> Bool { Set(l.factors) == Set(r.factors) }
    public func hash(into h: inout Hasher) { h.combine(Set(factors)) }
    public var label: String { factors.isEmpty ? "Intercept" : factors.joined(separator: ":") }
}

public enum TermAlgebra {
    /// Expands a right-hand side into distinct terms (patsy's rules: an implicit intercept first,
    /// `-` removes terms, `0` removes the intercept, `a:b` takes every pairing).
    public static func expand(_ rhs: TermExpr, dotColumns: [String]) -> (terms: [Term], intercept: Bool) {
        // The implicit intercept stays unless a `- 1` or `0` removed it (and no later `+ 1` restored it).
        let (terms, removed) = eval(rhs, dotColumns)
        let intercept = terms.contains { $0.factors.isEmpty } || !removed
        return (terms.filter { !$0.factors.isEmpty }, intercept)
    }

    private static func union(_ a: [Term], _ b: [Term]) -> [Term] {
        var out = a
        for t in b where !out.contains(t) { out.append(t) }
        return out
    }

    private static func eval(_ e: TermExpr, _ dot: [String]) -> ([Term], Bool) {
        switch e {
        case .factor(let n): return ([Term([n])], false)
        case .intercept: return ([Term([])], false)
        case .noIntercept: return ([], true)
        case .dot: return (dot.map { Term([$0]) }, false)
        case .sum(let a, let b):
            let (ta, da) = eval(a, dot), (tb, db) = eval(b, dot)
            var out = union(ta, tb)
            if db { out.removeAll { $0.factors.isEmpty } }
            return (out, da || db)
        case .difference(let a, let b):
            let (ta, da) = eval(a, dot)
            if case .noIntercept = b { return (union([Term([])], ta), da) }
            let (tb, _) = eval(b, dot)
            return (ta.filter { !tb.contains($0) }, da || tb.contains { $0.factors.isEmpty })
        case .interaction(let a, let b):
            let (ta, _) = eval(a, dot), (tb, _) = eval(b, dot)
            var out: [Term] = []
            for x in ta { for y in tb { out = union(out, [Term(x.factors + y.factors)]) } }
            return (out, false)
        case .product(let a, let b):
            let (ta, _) = eval(a, dot), (tb, _) = eval(b, dot)
            let (tab, _) = eval(.interaction(a, b), dot)
            return (union(union(ta, tb), tab), false)
        }
    }
}

/// How a factor enters the design: as numbers, or as a categorical with its (sorted) levels.
public enum FactorKind: Sendable, Equatable, Codable {
    case numeric
    case categorical(levels: [String])
}

/// One column of the design matrix: the product of its parts.
public struct DesignColumn: Sendable, Codable {
    public enum Part: Sendable, Codable {
        case value(String)
        /// 1 where the factor equals the level (by index into its levels), else 0.
        case indicator(String, Int)
    }
    public let name: String
    public let parts: [Part]
    /// The term it belongs to (for messages about collinearity).
    public let term: String
}

/// A formula bound to the data it was fitted on: the response, the factor kinds and levels and the
/// columns of the design, so the same design can be rebuilt on new data for prediction.
public struct Design: Sendable, Codable {
    public let response: String
    public let factors: [String: FactorKind]
    public let columns: [DesignColumn]
    public let hasIntercept: Bool
    /// Terms in design order (patsy's order: categorical-only terms first, then by numeric factors).
    public let terms: [Term]

    public var columnNames: [String] { columns.map(\.name) }
}

/// Model inputs as arrays: the design matrix, the response and the rows of the frame they came from.
public struct ModelData: Sendable {
    public var x: Matrix
    public var y: [Double]
    public var weights: [Double]?
    /// Row indices of the source frame, one per matrix row.
    public var rows: [Int]
    public var sourceRowCount: Int
    public var droppedRows: Int { sourceRowCount - rows.count }
}

public enum DesignBuilder {
    /// Categoricals with more levels than this are almost always an id column used by mistake.
    public static var maxLevels = 1000

    /// Binds terms to a frame: decides which factors are categorical, finds their levels on the
    /// complete rows, orders and codes the terms as patsy does (treatment contrasts, the first
    /// sorted level as reference; a categorical is coded in full where a lower-order term is
    /// missing, so no-intercept models get every level).
    /// With `fullCoding` every categorical gets one indicator per level (one-hot, as tree models
    /// want) instead of patsy's redundancy-free contrasts.
    public static func design(response: String, terms: [Term], intercept: Bool, frame: Frame,
                              extraColumns: [String] = [], fullCoding: Bool = false) throws -> (Design, [Int]) {
        var factorNames: [String] = []
        for t in terms { for f in t.factors where !factorNames.contains(f) { factorNames.append(f) } }
        for name in [response] + factorNames + extraColumns where !frame.hasColumn(name) {
            throw FrameError("no column named '\(name)'", hint: suggestion(name, frame.names))
        }
        for f in factorNames {
            let c = try frame.column(f)
            if c.type.isTemporal {
                throw FrameError("the \(c.type.rawValue) column '\(f)' cannot be a model term",
                                 hint: "derive a number from it first, e.g. year(\(f)) or days_between(\(f), today())")
            }
        }
        let rows = try completeRows(frame, [response] + factorNames + extraColumns)
        guard !rows.isEmpty else {
            throw FrameError("no complete rows to fit: every row has a null in '\(response)' or a term",
                             hint: "check the columns with schema(df), or fill nulls with fill_null")
        }
        var kinds: [String: FactorKind] = [:]
        for f in factorNames {
            let c = try frame.column(f)
            switch c.type {
            case .string, .bool:
                let levels = Self.levels(c, rows: rows)
                if levels.count > maxLevels {
                    throw FrameError("the text column '\(f)' has \(levels.count) distinct values, too many for a categorical term",
                                     hint: "leave it out of the formula (y ~ . - \(f)) or group its values first")
                }
                kinds[f] = .categorical(levels: levels)
            default:
                kinds[f] = .numeric
            }
        }
        var ordered = order(terms: terms, intercept: intercept, kinds: kinds)
        if fullCoding {
            ordered = ordered.map { term, _ in
                var coding: [String: Bool] = [:]
                for f in term.factors where kinds[f] != .numeric { coding[f] = true }
                return (term, [coding])
            }
        }
        var columns: [DesignColumn] = []
        if intercept { columns.append(DesignColumn(name: "Intercept", parts: [], term: "Intercept")) }
        for (term, codings) in ordered {
            for coding in codings { columns += expandColumns(term, coding, kinds) }
        }
        let design = Design(response: response, factors: kinds, columns: columns, hasIntercept: intercept,
                            terms: ordered.map(\.0))
        return (design, rows)
    }

    static func suggestion(_ name: String, _ names: [String]) -> String {
        var best: (String, Int)? = nil
        for c in names {
            let d = editDistance(Array(name.lowercased()), Array(c.lowercased()))
            if d <= max(1, name.count / 3), best == nil || d < best!.1 { best = (c, d) }
        }
        if let b = best { return "did you mean '\(b.0)'?" }
        return "columns are: " + names.prefix(12).joined(separator: ", ")
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }

    /// Rows where every named column holds a value (and numbers are finite).
    public static func completeRows(_ frame: Frame, _ names: [String]) throws -> [Int] {
        var keep = [Bool](repeating: true, count: frame.rowCount)
        for n in Set(names) {
            let c = try frame.column(n)
            if let v = c.validity { for i in 0..<frame.rowCount where !v[i] { keep[i] = false } }
            if case .float(let a) = c.storage { for i in 0..<frame.rowCount where !a[i].isFinite { keep[i] = false } }
        }
        return (0..<frame.rowCount).filter { keep[$0] }
    }

    static func levelText(_ c: Column, _ i: Int) -> String {
        switch c.storage {
        case .bool(let a): return a[i] ? "true" : "false"
        case .string(let s): return s.string(at: i)
        default: return ScalarFormat.plain(c[i])
        }
    }

    static func levels(_ c: Column, rows: [Int]) -> [String] {
        switch c.storage {
        case .bool(let a):
            var seen = [false, false]
            for i in rows { seen[a[i] ? 1 : 0] = true }
            return (seen[0] ? ["false"] : []) + (seen[1] ? ["true"] : [])
        default:
            var set = Set<String>()
            for i in rows { set.insert(levelText(c, i)) }
            return set.sorted()
        }
    }

    /// patsy's term order and contrast choice. Terms are bucketed by their numeric factors
    /// (the bucket with none first, then in order of appearance), sorted by degree within a bucket;
    /// each term's categorical part is split into the sub-terms not already spanned by earlier
    /// terms of its bucket, and sub-terms that differ by one factor merge into full coding of it.
    static func order(terms: [Term], intercept: Bool, kinds: [String: FactorKind]) -> [(Term, [[String: Bool]])] {
        func numericSet(_ t: Term) -> Set<String> { Set(t.factors.filter { kinds[$0] == .numeric }) }
        var all = terms
        if intercept { all.insert(Term([]), at: 0) }
        var buckets: [Set<String>] = []
        var members: [Set<String>: [Term]] = [:]
        for t in all {
            let b = numericSet(t)
            if members[b] == nil { buckets.append(b); members[b] = [] }
            members[b]!.append(t)
        }
        if let i = buckets.firstIndex(of: []) { buckets.remove(at: i); buckets.insert([], at: 0) }
        var out: [(Term, [[String: Bool]])] = []
        for b in buckets {
            let bucketTerms = stableSorted(members[b]!) { $0.factors.count < $1.factors.count }
            var used = Set<Set<String>>()
            for t in bucketTerms {
                let cats = t.factors.filter { kinds[$0] != .numeric }
                var subterms: [[String: Bool]] = []
                for subset in sortedSubsets(cats) where !used.contains(Set(subset)) {
                    used.insert(Set(subset))
                    var coding: [String: Bool] = [:]
                    for f in subset { coding[f] = false }
                    subterms.append(coding)
                }
                simplify(&subterms)
                if t.factors.isEmpty { continue }
                out.append((t, subterms))
            }
        }
        return out
    }

    static func stableSorted<T>(_ a: [T], by less: (T, T) -> Bool) -> [T] {
        a.enumerated().sorted { less($0.element, $1.element) || (!less($1.element, $0.element) && $0.offset < $1.offset) }.map(\.element)
    }

    /// All subsets of `items`, by size, then lexicographically by position (patsy's order).
    static func sortedSubsets(_ items: [String]) -> [[String]] {
        let n = items.count
        var subsets: [[Int]] = [[]]
        for i in stride(from: n - 1, through: 0, by: -1) {
            subsets = subsets.flatMap { [$0, [i] + $0] }
        }
        subsets.sort { a, b in
            if a.count != b.count { return a.count < b.count }
            return a.lexicographicallyPrecedes(b)
        }
        return subsets.map { $0.map { items[$0] } }
    }

    /// Merges a sub-term into a later one that has exactly one more (reduced) factor, making that
    /// factor fully coded; repeats until nothing merges.
    static func simplify(_ subterms: inout [[String: Bool]]) {
        func canAbsorb(_ long: [String: Bool], _ short: [String: Bool]) -> String? {
            guard long.count == short.count + 1 else { return nil }
            for (k, v) in short where long[k] != v { return nil }
            let extra = long.keys.filter { short[$0] == nil }
            guard extra.count == 1, long[extra[0]] == false else { return nil }
            return extra[0]
        }
        var changed = true
        while changed {
            changed = false
            outer: for s in subterms.indices {
                for l in (s + 1)..<max(s + 1, subterms.count) {
                    if let f = canAbsorb(subterms[l], subterms[s]) {
                        subterms[l][f] = true
                        subterms.remove(at: s)
                        changed = true
                        break outer
                    }
                }
            }
        }
    }

    /// Columns of one sub-term, named as patsy names them, the leftmost factor varying fastest.
    static func expandColumns(_ term: Term, _ coding: [String: Bool], _ kinds: [String: FactorKind]) -> [DesignColumn] {
        var perFactor: [[(String, DesignColumn.Part)]] = []
        for f in term.factors {
            if kinds[f] == .numeric {
                perFactor.append([(f, .value(f))])
            } else if let full = coding[f], case .categorical(let levels)? = kinds[f] {
                let start = full ? 0 : 1
                perFactor.append((start..<levels.count).map { i in
                    (full ? "\(f)[\(levels[i])]" : "\(f)[T.\(levels[i])]", .indicator(f, i))
                })
            }
        }
        var ordered: [[(String, DesignColumn.Part)]] = []
        let counts = perFactor.map(\.count)
        let total = counts.reduce(1, *)
        if total > 0 {
            for k in 0..<total {
                var rem = k
                var pick: [(String, DesignColumn.Part)] = []
                for (fi, c) in counts.enumerated() {
                    pick.append(perFactor[fi][rem % c])
                    rem /= c
                }
                ordered.append(pick)
            }
        }
        return ordered.map { parts in
            DesignColumn(name: parts.map(\.0).joined(separator: ":"), parts: parts.map(\.1), term: term.label)
        }
    }

    // MARK: building matrices

    enum FactorData {
        case values([Double])
        case codes([Int])
    }

    /// The design matrix for `rows` of `frame`. Unseen categorical levels are an error.
    public static func matrix(_ design: Design, frame: Frame, rows: [Int]) throws -> Matrix {
        var data: [String: FactorData] = [:]
        for (name, kind) in design.factors {
            let c = try frame.column(name)
            switch kind {
            case .numeric:
                guard let d = c.doubles, c.type != .bool else {
                    throw FrameError("the term '\(name)' must be numeric here, got \(c.type.rawValue)",
                                     hint: "the model was fitted with '\(name)' as a number")
                }
                data[name] = .values(rows.map { d[$0] })
            case .categorical(let levels):
                guard c.type == .string || c.type == .bool else {
                    throw FrameError("the term '\(name)' must be text or true/false here, got \(c.type.rawValue)",
                                     hint: "the model was fitted with '\(name)' as a categorical")
                }
                var index: [String: Int] = [:]
                for (i, l) in levels.enumerated() { index[l] = i }
                var codes = [Int](repeating: 0, count: rows.count)
                for (k, r) in rows.enumerated() {
                    let t = levelText(c, r)
                    guard let code = index[t] else {
                        throw FrameError("'\(name)' has the value \"\(t)\", which the model did not see when it was fitted",
                                         hint: "known values: " + levels.prefix(10).joined(separator: ", "))
                    }
                    codes[k] = code
                }
                data[name] = .codes(codes)
            }
        }
        let n = rows.count
        var m = Matrix(rows: n, cols: design.columns.count)
        m.data.withUnsafeMutableBufferPointer { out in
            for (j, col) in design.columns.enumerated() {
                let base = j * n
                for i in 0..<n { out[base + i] = 1 }
                for part in col.parts {
                    switch part {
                    case .value(let f):
                        guard case .values(let v)? = data[f] else { continue }
                        for i in 0..<n { out[base + i] *= v[i] }
                    case .indicator(let f, let level):
                        guard case .codes(let c)? = data[f] else { continue }
                        for i in 0..<n where c[i] != level { out[base + i] = 0 }
                    }
                }
            }
        }
        return m
    }

    /// The design matrix, response and weights for fitting.
    public static func modelData(_ design: Design, frame: Frame, rows: [Int], response: (Column, [Int]) throws -> [Double],
                                 weights: String? = nil) throws -> ModelData {
        let x = try matrix(design, frame: frame, rows: rows)
        let y = try response(try frame.column(design.response), rows)
        var w: [Double]? = nil
        if let wn = weights {
            let c = try frame.column(wn)
            guard let d = c.doubles, c.type != .bool else {
                throw FrameError("weights must be numbers, but '\(wn)' is \(c.type.rawValue)")
            }
            let ws = rows.map { d[$0] }
            if let bad = ws.first(where: { !($0 > 0) }) {
                throw FrameError("weights must be positive, but '\(wn)' holds \(ScalarFormat.float(bad))",
                                 hint: "filter out rows with zero or negative weight first")
            }
            w = ws
        }
        return ModelData(x: x, y: y, weights: w, rows: rows, sourceRowCount: frame.rowCount)
    }

    /// A numeric response (ints, floats, or true/false as 1/0).
    public static func numericResponse(_ c: Column, _ rows: [Int]) throws -> [Double] {
        guard let d = c.doubles else {
            throw FrameError("the response '\(c.name)' is \(c.type.rawValue), but this model needs numbers",
                             hint: c.type == .string ? "for a yes/no outcome use logit(); to use codes, cast(\(c.name), \"float\")" : "convert it to a number first")
        }
        return rows.map { d[$0] }
    }
}
