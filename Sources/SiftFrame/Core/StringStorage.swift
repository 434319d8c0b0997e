/// String cells without one heap object per cell: either all bytes in one buffer with offsets
/// (high-cardinality text such as comments), or small integer codes into a dictionary of distinct
/// values (categoricals such as region or channel, where grouping and comparing work on codes).
///
/// Sorting, grouping, `min`/`max` and `distinct` order strings by their text, except in an
/// *ordered* dictionary (`ordered: true`), where the order of `values` is the order of the
/// category: code 0 sorts first, then code 1, and so on. `Binning.cut` builds one so its labels
/// sort in bin order ("(5, 10]" before "(10, 100]"). Row-gathering verbs keep the flag (`take`,
/// and so filter, sort, head, joins' gathered columns, `first`/`last`/`min`/`max` per group);
/// `Concat` keeps it when every part holding a value is an ordered dictionary with the same
/// values. Anything that builds new text (text functions, casts, `coalesce`) gives an ordinary,
/// text-ordered column. Comparisons (`<`, `==`, `in`) always compare the text.
public enum StringStorage: Sendable {
    /// `offsets.count == count + 1`; cell `i` is `bytes[offsets[i]..<offsets[i+1]]`, valid UTF-8.
    case plain(offsets: [Int], bytes: [UInt8])
    /// Cell `i` is `values[codes[i]]`; null cells hold code 0 and are masked by validity.
    /// `values` holds each string once (code fast paths such as `ColumnCompare` rely on it): a
    /// builder whose values may repeat goes through `deduplicated`. With `ordered`, codes follow
    /// the category order rather than the text order (see above).
    case dictionary(codes: [Int32], values: [String], ordered: Bool = false)

    public var count: Int {
        switch self {
        case .plain(let offsets, _): return offsets.count - 1
        case .dictionary(let codes, _, _): return codes.count
        }
    }

    @inline(__always) public func string(at i: Int) -> String {
        switch self {
        case .plain(let offsets, let bytes):
            return bytes.withUnsafeBufferPointer { buf in
                String(decoding: UnsafeBufferPointer(rebasing: buf[offsets[i]..<offsets[i + 1]]), as: UTF8.self)
            }
        case .dictionary(let codes, let values, _):
            return values[Int(codes[i])]
        }
    }

    /// Builds storage from Swift strings, dictionary-encoding when few values repeat a lot.
    public static func make(_ strings: [String]) -> StringStorage {
        var index: [String: Int32] = [:]
        var values: [String] = []
        var codes = [Int32]()
        codes.reserveCapacity(strings.count)
        let limit = max(64, strings.count / 4)
        for s in strings {
            if let c = index[s] { codes.append(c); continue }
            if values.count >= limit { return plain(strings) }
            let c = Int32(values.count)
            index[s] = c
            values.append(s)
            codes.append(c)
        }
        return .dictionary(codes: codes, values: values)
    }

    /// A dictionary from values that may repeat (e.g. after mapping each value, or repeated
    /// labels): each distinct string is kept once, at its first position, and the codes of its
    /// repeats are merged into that one. With `ordered`, the category order is that of the first
    /// occurrences.
    public static func deduplicated(codes: [Int32], values: [String], ordered: Bool = false) -> StringStorage {
        let (remap, distinct) = mergeRepeats(values)
        guard let remap else { return .dictionary(codes: codes, values: values, ordered: ordered) }
        return .dictionary(codes: codes.map { remap[Int($0)] }, values: distinct, ordered: ordered)
    }

    /// For values with repeats: the code each old code becomes, and the distinct values in
    /// first-occurrence order; `(nil, values)` when nothing repeats.
    static func mergeRepeats(_ values: [String]) -> (remap: [Int32]?, values: [String]) {
        var index: [String: Int32] = [:]
        index.reserveCapacity(values.count)
        var remap = [Int32]()
        remap.reserveCapacity(values.count)
        var distinct = [String]()
        for v in values {
            if let k = index[v] { remap.append(k) } else {
                let k = Int32(distinct.count)
                index[v] = k
                distinct.append(v)
                remap.append(k)
            }
        }
        return distinct.count == values.count ? (nil, values) : (remap, distinct)
    }

    /// True for an ordered dictionary (codes follow the category order, not the text).
    public var isOrdered: Bool {
        if case .dictionary(_, _, true) = self { return true }
        return false
    }

    public static func plain(_ strings: [String]) -> StringStorage {
        var offsets = [Int]()
        offsets.reserveCapacity(strings.count + 1)
        var bytes = [UInt8]()
        offsets.append(0)
        for s in strings {
            bytes.append(contentsOf: s.utf8)
            offsets.append(bytes.count)
        }
        return .plain(offsets: offsets, bytes: bytes)
    }

    /// Gathers rows; index -1 yields an empty placeholder (the caller masks it as null).
    public func take(_ indices: [Int]) -> StringStorage {
        switch self {
        case .dictionary(let codes, let values, let ordered):
            return .dictionary(codes: indices.map { $0 < 0 ? 0 : codes[$0] }, values: values, ordered: ordered)
        case .plain(let offsets, let bytes):
            // Sized in advance and copied with raw pointers: gathers of text columns are on the
            // path of every sort, filter and join.
            var total = 0
            for i in indices where i >= 0 { total += offsets[i + 1] - offsets[i] }
            var newBytes: [UInt8] = []
            let newOffsets = [Int](unsafeUninitializedCapacity: indices.count + 1) { obuf, ocount in
                newBytes = [UInt8](unsafeUninitializedCapacity: max(total, 1)) { bbuf, bcount in
                    bytes.withUnsafeBufferPointer { src in
                        var w = 0
                        obuf[0] = 0
                        for (j, i) in indices.enumerated() {
                            if i >= 0 {
                                let a = offsets[i], n = offsets[i + 1] - a
                                if n > 0 { (bbuf.baseAddress! + w).update(from: src.baseAddress! + a, count: n) }
                                w += n
                            }
                            obuf[j + 1] = w
                        }
                        bcount = w
                    }
                }
                ocount = indices.count + 1
            }
            return .plain(offsets: newOffsets, bytes: newBytes)
        }
    }

    /// Equal strings get equal codes, and codes increase with the strings' order (the text order,
    /// or for an ordered dictionary the category order), so the result can serve grouping,
    /// joining and sorting alike. Codes cover every cell, including the placeholders of nulls.
    public func sortedCodes() -> (codes: [Int32], values: [String]) {
        switch self {
        case .dictionary(let codes, let values, true):
            let (remap, distinct) = StringStorage.mergeRepeats(values)
            guard let remap else { return (codes, values) }
            return (codes.map { remap[Int($0)] }, distinct)
        case .dictionary(let codes, let values, false):
            let order = values.indices.sorted { values[$0] < values[$1] }
            var remap = [Int32](repeating: 0, count: values.count)
            var sortedValues = [String]()
            sortedValues.reserveCapacity(values.count)
            var last: String? = nil
            for o in order {
                if let l = last, l == values[o] {
                    remap[o] = Int32(sortedValues.count - 1)
                } else {
                    remap[o] = Int32(sortedValues.count)
                    sortedValues.append(values[o])
                    last = values[o]
                }
            }
            return (codes.map { remap[Int($0)] }, sortedValues)
        case .plain(let offsets, let bytes):
            // Hash the bytes in place; only distinct values become Strings.
            var interner = ByteInterner()
            var codes = [Int32](repeating: 0, count: count)
            bytes.withUnsafeBufferPointer { b in
                for i in 0..<count {
                    codes[i] = interner.intern(UnsafeBufferPointer(rebasing: b[offsets[i]..<offsets[i + 1]]))
                }
            }
            return StringStorage.dictionary(codes: codes, values: interner.strings()).sortedCodes()
        }
    }
}
