/// The typed payload of a column: one contiguous array per column, never a boxed value per cell.
public enum ColumnStorage: Sendable {
    case int([Int64])
    case float([Double])
    case bool([Bool])
    case string(StringStorage)
    /// Days since 1970-01-01.
    case date([Int32])
    /// Microseconds since 1970-01-01T00:00:00 (no time zone).
    case datetime([Int64])
    /// A list of strings per row (the tokens of a text). The smallest list column that text analysis
    /// needs: cells are independent arrays, nulls are marked by the validity bitmap as for every type.
    case list([[String]])
}

/// A named, typed, nullable column.
public struct Column: Sendable {
    public var name: String
    public var storage: ColumnStorage
    /// `nil` means the column has no nulls, which lets kernels skip the checks entirely.
    public var validity: Bitmap?
    /// How tables show the values (set by `format()`); the values themselves are unchanged, and
    /// CSV output ignores it. Verbs that build new columns drop it: formatting is a last step.
    public var displayFormat: DisplayFormat?

    public init(name: String, storage: ColumnStorage, validity: Bitmap? = nil) {
        self.name = name
        self.storage = storage
        self.validity = validity?.simplified
    }

    public var count: Int {
        switch storage {
        case .int(let a): return a.count
        case .float(let a): return a.count
        case .bool(let a): return a.count
        case .string(let s): return s.count
        case .date(let a): return a.count
        case .datetime(let a): return a.count
        case .list(let a): return a.count
        }
    }

    public var type: DataType {
        switch storage {
        case .int: return .int
        case .float: return .float
        case .bool: return .bool
        case .string: return .string
        case .date: return .date
        case .datetime: return .datetime
        case .list: return .list
        }
    }

    public var nullCount: Int { validity?.nullCount ?? 0 }

    @inline(__always) public func isValid(_ i: Int) -> Bool { validity?[i] ?? true }

    public subscript(i: Int) -> Scalar {
        guard isValid(i) else { return .null }
        switch storage {
        case .int(let a): return .int(a[i])
        case .float(let a): return .float(a[i])
        case .bool(let a): return .bool(a[i])
        case .string(let s): return .string(s.string(at: i))
        case .date(let a): return .date(a[i])
        case .datetime(let a): return .datetime(a[i])
        case .list(let a): return .list(a[i])
        }
    }

    public func renamed(_ newName: String) -> Column {
        var c = self
        c.name = newName
        return c
    }

    /// Gathers rows by index; an index of -1 produces a null (used by outer joins).
    /// Typed copies through raw buffers: every sort, join and group output goes through here.
    public func take(_ indices: [Int]) -> Column {
        let m = indices.count
        var hasMissing = false
        indices.withUnsafeBufferPointer { ib in
            for i in ib where i < 0 { hasMissing = true; break }
        }
        var valid: Bitmap? = nil
        if validity != nil || hasMissing {
            var words = [UInt64](repeating: 0, count: (m + 63) >> 6)
            let source = validity?.words ?? []
            let hasValidity = validity != nil
            indices.withUnsafeBufferPointer { ib in
                source.withUnsafeBufferPointer { src in
                    words.withUnsafeMutableBufferPointer { w in
                        for j in 0..<m {
                            let i = ib[j]
                            let bit: UInt64 = i < 0 ? 0 : (hasValidity ? (src[i >> 6] >> UInt64(i & 63)) & 1 : 1)
                            w[j >> 6] |= bit << UInt64(j & 63)
                        }
                    }
                }
            }
            valid = Bitmap(words: words, count: m)
        }
        func gather<T>(_ a: [T], _ zero: T) -> [T] {
            [T](unsafeUninitializedCapacity: m) { buf, count in
                a.withUnsafeBufferPointer { src in
                    indices.withUnsafeBufferPointer { ib in
                        let o = buf.baseAddress!
                        if hasMissing {
                            for j in 0..<m { let i = ib[j]; (o + j).initialize(to: i < 0 ? zero : src[i]) }
                        } else {
                            for j in 0..<m { (o + j).initialize(to: src[ib[j]]) }
                        }
                    }
                }
                count = m
            }
        }
        let s: ColumnStorage
        switch storage {
        case .int(let a): s = .int(gather(a, 0))
        case .float(let a): s = .float(gather(a, 0))
        case .bool(let a): s = .bool(gather(a, false))
        case .string(.dictionary(let codes, let values, let ordered)): s = .string(.dictionary(codes: gather(codes, 0), values: values, ordered: ordered))
        case .string(let st): s = .string(st.take(indices))
        case .date(let a): s = .date(gather(a, 0))
        case .datetime(let a): s = .datetime(gather(a, 0))
        case .list(let a): s = .list(gather(a, []))
        }
        return Column(name: name, storage: s, validity: valid)
    }

    public func slice(_ range: Range<Int>) -> Column { take(Array(range)) }

    /// A column of `count` copies of one value; used to broadcast scalars against columns.
    public static func constant(_ value: Scalar, count: Int, name: String = "", type: DataType? = nil) -> Column {
        switch value {
        case .null:
            let t = type ?? .float
            return Column(name: name, storage: ColumnStorage.empty(t, count: count), validity: Bitmap(count: count, allValid: false))
        case .int(let v): return Column(name: name, storage: .int(Array(repeating: v, count: count)))
        case .float(let v): return Column(name: name, storage: .float(Array(repeating: v, count: count)))
        case .bool(let v): return Column(name: name, storage: .bool(Array(repeating: v, count: count)))
        case .string(let v): return Column(name: name, storage: .string(.dictionary(codes: Array(repeating: 0, count: count), values: [v])))
        case .date(let v): return Column(name: name, storage: .date(Array(repeating: v, count: count)))
        case .datetime(let v): return Column(name: name, storage: .datetime(Array(repeating: v, count: count)))
        case .list(let v): return Column(name: name, storage: .list(Array(repeating: v, count: count)))
        }
    }

    /// Builds a column from cells, choosing the narrowest type that holds them all
    /// (int and float mix to float; anything else mixed falls back to strings).
    public static func from(scalars: [Scalar], name: String, type hint: DataType? = nil) -> Column {
        var type: DataType? = hint
        if type == nil {
            for s in scalars {
                guard let t = s.dataType else { continue }
                if type == nil { type = t } else if type != t {
                    if (type == .int && t == .float) || (type == .float && t == .int) { type = .float } else if type == .date && t == .datetime || type == .datetime && t == .date { type = .datetime } else { type = .string }
                }
            }
        }
        let t = type ?? .float
        var valid = Bitmap(count: scalars.count, allValid: true)
        for (i, s) in scalars.enumerated() where s.isNull { valid[i] = false }
        let storage: ColumnStorage
        switch t {
        case .int: storage = .int(scalars.map { if case .int(let v) = $0 { return v }; if case .bool(let b) = $0 { return b ? 1 : 0 }; return 0 })
        case .float: storage = .float(scalars.map { $0.asDouble ?? 0 })
        case .bool: storage = .bool(scalars.map { if case .bool(let v) = $0 { return v }; return false })
        case .date: storage = .date(scalars.map { if case .date(let v) = $0 { return v }; return 0 })
        case .datetime: storage = .datetime(scalars.map {
            if case .datetime(let v) = $0 { return v }
            if case .date(let d) = $0 { return Int64(d) * 86_400_000_000 }
            return 0 })
        case .string: storage = .string(.make(scalars.map { $0.isNull ? "" : ScalarFormat.plain($0) }))
        case .list: storage = .list(scalars.map { if case .list(let v) = $0 { return v }; return $0.isNull ? [] : [ScalarFormat.plain($0)] })
        }
        return Column(name: name, storage: storage, validity: valid)
    }
}

extension ColumnStorage {
    static func empty(_ type: DataType, count: Int) -> ColumnStorage {
        switch type {
        case .int: return .int(Array(repeating: 0, count: count))
        case .float: return .float(Array(repeating: 0, count: count))
        case .bool: return .bool(Array(repeating: false, count: count))
        case .string: return .string(.dictionary(codes: Array(repeating: 0, count: count), values: [""]))
        case .date: return .date(Array(repeating: 0, count: count))
        case .datetime: return .datetime(Array(repeating: 0, count: count))
        case .list: return .list(Array(repeating: [], count: count))
        }
    }
}

extension Column {
    /// Numeric cells as doubles (bools as 0/1); nil for non-numeric columns.
    public var doubles: [Double]? {
        switch storage {
        case .float(let a): return a
        case .int(let a): return a.map(Double.init)
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        default: return nil
        }
    }

    /// Row indices that hold a value.
    public var validIndices: [Int] {
        guard let v = validity else { return Array(0..<count) }
        return (0..<count).filter { v[$0] }
    }
}
