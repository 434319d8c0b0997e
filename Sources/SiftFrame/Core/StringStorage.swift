/// String cells without one heap object per cell: either all bytes in one buffer with offsets
/// (high-cardinality text such as comments), or small integer codes into a dictionary of distinct
/// values (categoricals such as region or channel, where grouping and comparing work on codes).
public enum StringStorage: Sendable {
    /// `offsets.count == count + 1`; cell `i` is `bytes[offsets[i]..<offsets[i+1]]`, valid UTF-8.
    case plain(offsets: [Int], bytes: [UInt8])
    /// Cell `i` is `values[codes[i]]`; null cells hold code 0 and are masked by validity.
    case dictionary(codes: [Int32], values: [String])

    public var count: Int {
        switch self {
        case .plain(let offsets, _): return offsets.count - 1
        case .dictionary(let codes, _): return codes.count
        }
    }

    @inline(__always) public func string(at i: Int) -> String {
        switch self {
        case .plain(let offsets, let bytes):
            return bytes.withUnsafeBufferPointer { buf in
                String(decoding: UnsafeBufferPointer(rebasing: buf[offsets[i]..<offsets[i + 1]]), as: UTF8.self)
            }
        case .dictionary(let codes, let values):
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
        case .dictionary(let codes, let values):
            return .dictionary(codes: indices.map { $0 < 0 ? 0 : codes[$0] }, values: values)
        case .plain(let offsets, let bytes):
            var newOffsets = [Int]()
            newOffsets.reserveCapacity(indices.count + 1)
            newOffsets.append(0)
            var total = 0
            for i in indices where i >= 0 { total += offsets[i + 1] - offsets[i] }
            var newBytes = [UInt8]()
            newBytes.reserveCapacity(total)
            for i in indices {
                if i >= 0 { newBytes.append(contentsOf: bytes[offsets[i]..<offsets[i + 1]]) }
                newOffsets.append(newBytes.count)
            }
            return .plain(offsets: newOffsets, bytes: newBytes)
        }
    }

    /// Equal strings get equal codes, and codes increase with the strings' order, so the result
    /// can serve grouping, joining and sorting alike.
    public func sortedCodes() -> (codes: [Int32], values: [String]) {
        switch self {
        case .dictionary(let codes, let values):
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
        case .plain:
            var index: [String: Int32] = [:]
            var values: [String] = []
            var codes = [Int32]()
            codes.reserveCapacity(count)
            for i in 0..<count {
                let s = string(at: i)
                if let c = index[s] { codes.append(c) } else {
                    let c = Int32(values.count)
                    index[s] = c
                    values.append(s)
                    codes.append(c)
                }
            }
            return StringStorage.dictionary(codes: codes, values: values).sortedCodes()
        }
    }
}
