/// Element-wise comparisons and three-valued logic. Comparing with null gives null, and `filter`
/// drops null rows, as SQL and pandas users expect.
public enum ComparisonOp: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

    @inline(__always) func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        case .greaterEqual: return a >= b
        }
    }
}

public enum ColumnCompare {
    public static func compare(_ op: ComparisonOp, _ a: Column, _ b: Column) throws -> Column {
        let n = a.count
        guard b.count == n else { throw FrameError("cannot compare columns of \(a.count) and \(b.count) rows") }
        let valid = Bitmap.and(a.validity, b.validity)
        var out = [Bool](repeating: false, count: n)
        switch (a.storage, b.storage) {
        case (.int(let x), .int(let y)): for i in 0..<n { out[i] = op.holds(x[i], y[i]) }
        case (.date(let x), .date(let y)): for i in 0..<n { out[i] = op.holds(x[i], y[i]) }
        case (.datetime(let x), .datetime(let y)): for i in 0..<n { out[i] = op.holds(x[i], y[i]) }
        case (.bool(let x), .bool(let y)): for i in 0..<n { out[i] = op.holds(x[i] ? 1 : 0, y[i] ? 1 : 0) }
        case (.date(let x), .datetime(let y)): for i in 0..<n { out[i] = op.holds(Int64(x[i]) * Temporal.microsPerDay, y[i]) }
        case (.datetime(let x), .date(let y)): for i in 0..<n { out[i] = op.holds(x[i], Int64(y[i]) * Temporal.microsPerDay) }
        case (.string(let x), .string(let y)):
            if case .dictionary(let cx, let vx, _) = x, case .dictionary(let cy, let vy, _) = y, vy.count == 1, op == .equal || op == .notEqual {
                // Column against a constant: compare codes, not strings (dictionary values are
                // distinct, so one code holds every cell equal to the constant).
                let target = vx.firstIndex(of: vy[0]).map(Int32.init) ?? -1
                let want = op == .equal
                for i in 0..<n { out[i] = (cx[i] == target) == want }
                _ = cy
            } else if case .dictionary(let cx, let vx, _) = x, case .dictionary(_, let vy, _) = y, vy.count == 1 {
                let per = vx.map { op.holds($0, vy[0]) }
                for i in 0..<n { out[i] = per[Int(cx[i])] }
            } else {
                for i in 0..<n { out[i] = op.holds(x.string(at: i), y.string(at: i)) }
            }
        case (.date, .string), (.datetime, .string):
            return try compare(op, a, Cast.cast(b, to: a.type))
        case (.string, .date), (.string, .datetime):
            return try compare(op, Cast.cast(a, to: b.type), b)
        default:
            guard let x = a.doubles, let y = b.doubles else {
                throw FrameError("cannot compare \(a.type.rawValue) with \(b.type.rawValue)", hint: a.type == .string || b.type == .string ? "quote text values, or cast(x, \"float\") to compare numbers" : nil)
            }
            for i in 0..<n { out[i] = op.holds(x[i], y[i]) }
        }
        return Column(name: a.name, storage: .bool(out), validity: valid)
    }

    /// `column op constant` for numbers without broadcasting the constant into a column: the
    /// same answers as `compare` with a constant column (ints compare as ints, mixed int and
    /// float as doubles), one pass over the column. nil for other types.
    public static func compare(_ op: ComparisonOp, _ a: Column, constant: Scalar) -> Column? {
        let out: [Bool]
        switch (a.storage, constant) {
        case (.int(let x), .int(let v)): out = fill(op, x, v)
        case (.float(let x), .float(let v)): out = fill(op, x, v)
        case (.float(let x), .int(let v)): out = fill(op, x, Double(v))
        case (.int(let x), .float(let v)): out = fill(op, x.map(Double.init), v)
        case (.string(.plain(let offsets, let bytes)), .string(let v)) where op == .equal || op == .notEqual:
            guard let eq = plainEquals(offsets, bytes, v) else { return nil }
            out = op == .equal ? eq : eq.map { !$0 }
        default: return nil
        }
        return Column(name: a.name, storage: .bool(out), validity: a.validity)
    }

    /// Plain text `== constant` without a String per row, for an ASCII constant: an ASCII row
    /// equals it exactly when the bytes do (ASCII text has no other canonical spelling); rows
    /// holding other bytes are compared as Strings, as the general path does. nil otherwise.
    static func plainEquals(_ offsets: [Int], _ bytes: [UInt8], _ v: String) -> [Bool]? {
        let p = Array(v.utf8)
        guard p.allSatisfy({ $0 < 0x80 }) else { return nil }
        let n = offsets.count - 1
        var out = [Bool](repeating: false, count: n)
        bytes.withUnsafeBufferPointer { b in
            p.withUnsafeBufferPointer { pb in
                offsets.withUnsafeBufferPointer { o in
                    for i in 0..<n where o[i + 1] - o[i] == pb.count {
                        out[i] = UnsafeBufferPointer(rebasing: b[o[i]..<o[i + 1]]).elementsEqual(pb)
                    }
                }
            }
        }
        for i in TextPredicates.nonASCIIRows(offsets, bytes) {
            out[i] = String(decoding: bytes[offsets[i]..<offsets[i + 1]], as: UTF8.self) == v
        }
        return out
    }

    @inline(__always)
    static func fill<T: Comparable>(_ op: ComparisonOp, _ x: [T], _ v: T) -> [Bool] {
        [Bool](unsafeUninitializedCapacity: x.count) { buf, count in
            x.withUnsafeBufferPointer { src in
                let o = buf.baseAddress!
                switch op {
                case .equal: for i in 0..<src.count { (o + i).initialize(to: src[i] == v) }
                case .notEqual: for i in 0..<src.count { (o + i).initialize(to: src[i] != v) }
                case .less: for i in 0..<src.count { (o + i).initialize(to: src[i] < v) }
                case .lessEqual: for i in 0..<src.count { (o + i).initialize(to: src[i] <= v) }
                case .greater: for i in 0..<src.count { (o + i).initialize(to: src[i] > v) }
                case .greaterEqual: for i in 0..<src.count { (o + i).initialize(to: src[i] >= v) }
                }
            }
            count = x.count
        }
    }

    static func bools(_ c: Column, _ what: String) throws -> [Bool] {
        guard case .bool(let x) = c.storage else {
            throw FrameError("\(what) needs true/false values, got \(c.type.rawValue)", hint: "compare first, e.g. x > 0")
        }
        return x
    }

    /// Kleene logic: `false and null` is false, `true or null` is true, otherwise null propagates.
    public static func and(_ a: Column, _ b: Column) throws -> Column { try logic(a, b, isAnd: true) }
    public static func or(_ a: Column, _ b: Column) throws -> Column { try logic(a, b, isAnd: false) }

    static func logic(_ a: Column, _ b: Column, isAnd: Bool) throws -> Column {
        let x = try bools(a, isAnd ? "and" : "or"), y = try bools(b, isAnd ? "and" : "or")
        let n = x.count
        var out = [Bool](repeating: false, count: n)
        if a.validity == nil && b.validity == nil {
            if isAnd { for i in 0..<n { out[i] = x[i] && y[i] } } else { for i in 0..<n { out[i] = x[i] || y[i] } }
            return Column(name: a.name, storage: .bool(out), validity: nil)
        }
        var v = Bitmap(count: n, allValid: true)
        for i in 0..<n {
            let va = a.isValid(i), vb = b.isValid(i)
            if isAnd {
                if (va && !x[i]) || (vb && !y[i]) { out[i] = false } else if va && vb { out[i] = true } else { v[i] = false }
            } else {
                if (va && x[i]) || (vb && y[i]) { out[i] = true } else if va && vb { out[i] = false } else { v[i] = false }
            }
        }
        return Column(name: a.name, storage: .bool(out), validity: v)
    }

    public static func not(_ a: Column) throws -> Column {
        let x = try bools(a, "not")
        return Column(name: a.name, storage: .bool(x.map { !$0 }), validity: a.validity)
    }

    /// `x in [..]`: true when the value is one of the listed values; null stays null.
    public static func isIn(_ a: Column, _ values: [Scalar]) throws -> Column {
        var out = [Bool](repeating: false, count: a.count)
        switch a.storage {
        case .string(let s):
            let set = Set(values.compactMap { v -> String? in if case .string(let t) = v { return t }; return nil })
            if case .dictionary(let codes, let dict, _) = s {
                let per = dict.map { set.contains($0) }
                for i in 0..<a.count { out[i] = per[Int(codes[i])] }
            } else {
                for i in 0..<a.count { out[i] = set.contains(s.string(at: i)) }
            }
        case .int(let x):
            // Exact: listed ints (and bools as 0/1) as Int64; a listed float matches the int of
            // the same value, so 3.0 matches 3 and 2^53 never matches 2^53 + 1.
            let (exact, _) = numericTargets(values)
            for i in 0..<a.count { out[i] = exact.contains(x[i]) }
        case .float(let x):
            let (exact, floats) = numericTargets(values)
            for i in 0..<a.count { out[i] = floats.contains(x[i]) || (Int64(exactly: x[i]).map(exact.contains) ?? false) }
        default:
            let targets = Set(values)
            let numeric = Set(values.compactMap(\.asDouble))
            for i in 0..<a.count {
                let v = a[i]
                if let d = v.asDouble, a.type.isNumeric { out[i] = numeric.contains(d) } else { out[i] = targets.contains(v) }
            }
        }
        return Column(name: a.name, storage: .bool(out), validity: a.validity)
    }

    /// The numbers in an `in` list: integral values as exact Int64 (ints, bools as 0/1, and floats
    /// that hold a whole number in range), and the non-integral floats as doubles.
    static func numericTargets(_ values: [Scalar]) -> (ints: Set<Int64>, floats: Set<Double>) {
        var ints = Set<Int64>(), floats = Set<Double>()
        for v in values {
            switch v {
            case .int(let i): ints.insert(i)
            case .bool(let b): ints.insert(b ? 1 : 0)
            case .float(let d): if let i = Int64(exactly: d) { ints.insert(i) } else { floats.insert(d) }
            default: break
            }
        }
        return (ints, floats)
    }
}
