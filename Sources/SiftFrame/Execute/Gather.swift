import Dispatch

/// Gathering the rows of a selection vector: one typed copy per column, columns spread over
/// both cores. Materialising a filter (`Frame.filter`) and the outputs of sort and join go
/// through here; the result equals `take` with the same rows.
extension Column {
    /// The cells at `rows` (each a valid row number), in that order.
    public func gather(_ rows: [Int32]) -> Column {
        let m = rows.count
        func pick<T>(_ a: [T]) -> [T] {
            [T](unsafeUninitializedCapacity: m) { buf, count in
                a.withUnsafeBufferPointer { src in
                    rows.withUnsafeBufferPointer { r in
                        for j in 0..<m { (buf.baseAddress! + j).initialize(to: src[Int(r[j])]) }
                    }
                }
                count = m
            }
        }
        var valid: Bitmap? = nil
        if let v = validity {
            var words = [UInt64](repeating: 0, count: (m + 63) >> 6)
            v.words.withUnsafeBufferPointer { src in
                rows.withUnsafeBufferPointer { r in
                    for j in 0..<m {
                        let i = Int(r[j])
                        let bit = (src[i >> 6] >> UInt64(i & 63)) & 1
                        words[j >> 6] |= bit << UInt64(j & 63)
                    }
                }
            }
            valid = Bitmap(words: words, count: m)
        }
        let s: ColumnStorage
        switch storage {
        case .int(let a): s = .int(pick(a))
        case .float(let a): s = .float(pick(a))
        case .bool(let a): s = .bool(pick(a))
        case .date(let a): s = .date(pick(a))
        case .datetime(let a): s = .datetime(pick(a))
        case .string(.dictionary(let codes, let values, let ordered)): s = .string(.dictionary(codes: pick(codes), values: values, ordered: ordered))
        case .string(.plain(let offsets, let bytes)): s = .string(Column.gatherPlain(offsets, bytes, rows))
        case .list(let a): s = .list(pick(a))
        }
        return Column(name: name, storage: s, validity: valid)
    }

    static func gatherPlain(_ offsets: [Int], _ bytes: [UInt8], _ rows: [Int32]) -> StringStorage {
        let m = rows.count
        var total = 0
        offsets.withUnsafeBufferPointer { o in
            for r in rows { let i = Int(r); total += o[i + 1] - o[i] }
        }
        var newBytes: [UInt8] = []
        let newOffsets = [Int](unsafeUninitializedCapacity: m + 1) { obuf, ocount in
            newBytes = [UInt8](unsafeUninitializedCapacity: max(total, 1)) { bbuf, bcount in
                bytes.withUnsafeBufferPointer { src in
                    offsets.withUnsafeBufferPointer { o in
                        var w = 0
                        obuf[0] = 0
                        for j in 0..<m {
                            let i = Int(rows[j])
                            let a = o[i], n = o[i + 1] - a
                            if n > 0 { (bbuf.baseAddress! + w).update(from: src.baseAddress! + a, count: n) }
                            w += n
                            obuf[j + 1] = w
                        }
                        bcount = w
                    }
                }
            }
            ocount = m + 1
        }
        return .plain(offsets: newOffsets, bytes: newBytes)
    }
}

extension Frame {
    /// The rows of a selection vector, every column gathered (in parallel when worth it).
    public func gather(_ rows: [Int32]) -> Frame {
        Frame(uncheckedColumns: Frame.parallelMap(columns, work: rows.count) { $0.gather(rows) }, rowCount: rows.count)
    }

    /// `transform` of each column, on both cores when there is enough work to pay for a thread.
    static func parallelMap(_ columns: [Column], work: Int, _ transform: (Column) -> Column) -> [Column] {
        guard columns.count > 1, work * columns.count >= 1 << 18 else { return columns.map(transform) }
        var out = [Column?](repeating: nil, count: columns.count)
        out.withUnsafeMutableBufferPointer { buf in
            let base = buf.baseAddress!
            DispatchQueue.concurrentPerform(iterations: columns.count) { k in (base + k).pointee = transform(columns[k]) }
        }
        return out.compactMap { $0 }
    }
}
