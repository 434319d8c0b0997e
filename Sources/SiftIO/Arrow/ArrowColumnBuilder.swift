import SiftFrame

/// Decodes one field's buffers batch after batch and appends them to a growing Sift column.
///
/// Why whole buffers at a time: results arrive as many record batches (Spark sends 10,000 rows
/// each), so every batch's values are widened or copied into the column's one array with raw
/// memory copies and tight loops; no value is boxed, and the final `Column` adopts the arrays.
final class ArrowColumnBuilder {
    let field: ArrowField
    private let kind: Kind
    private var validity = ArrowValidityBuilder()
    private var ints: [Int64] = []
    private var floats: [Double] = []
    private var bools: [Bool] = []
    private var dates: [Int32] = []
    private var offsets: [Int] = [0]
    private var bytes: [UInt8] = []
    private var codes: [Int32] = []
    private var dictionaryValues: [String] = []
    private var dictionaryVersion = -1
    private var dictionaryBase = 0
    private var dictionaryAdded = 0

    private enum Kind { case int, float, decimal, bool, string, dictionary, date, datetime, null }

    init(field: ArrowField) throws {
        self.field = field
        if field.dictionary != nil {
            guard field.type == .utf8 || field.type == .largeUtf8 else {
                throw ArrowError("column '\(field.name)' is dictionary-encoded \(field.type); Sift reads dictionary-encoded strings only")
            }
            kind = .dictionary
            return
        }
        switch field.type {
        case .null: kind = .null
        case .int: kind = .int
        case .floatingPoint(let bits):
            guard bits != 16 else { throw ArrowError("column '\(field.name)' is a half-precision float, which Sift does not read; cast it to double") }
            kind = .float
        case .decimal(_, _, let width):
            guard width == 128 else { throw ArrowError("column '\(field.name)' is a \(width)-bit decimal; cast it to double") }
            kind = .decimal
        case .bool: kind = .bool
        case .utf8, .largeUtf8: kind = .string
        case .date: kind = .date
        case .timestamp: kind = .datetime
        case .unsupported(let name):
            throw ArrowError("column '\(field.name)' has Arrow type \(name), which Sift has no column for; cast it in SQL (to string, for example)")
        }
    }

    func reserve(_ rows: Int) {
        validity.reserve(rows)
        switch kind {
        case .int, .datetime: ints.reserveCapacity(rows)
        case .float, .decimal: floats.reserveCapacity(rows)
        case .bool: bools.reserveCapacity(rows)
        case .date: dates.reserveCapacity(rows)
        case .string: offsets.reserveCapacity(rows + 1)
        case .dictionary: codes.reserveCapacity(rows)
        case .null: break
        }
    }

    /// Appends one batch's values for this field.
    func append(node: (length: Int, nullCount: Int), buffers: inout ArrowBufferCursor, dictionaries: [Int64: ArrowDictionary]) throws {
        let n = node.length
        if kind == .null {
            validity.appendNulls(n)
            return
        }
        // The data buffer must hold n values before any array grows by n (a corrupt row count
        // must fail here, not allocate).
        guard buffers.peekLength(1) >= minimumDataBytes(n) else {
            throw ArrowError("column '\(field.name)': data buffer of \(buffers.peekLength(1)) bytes is too short for \(n) values")
        }
        let bitmap = try buffers.take()
        if node.nullCount == 0 || bitmap.isEmpty {
            guard node.nullCount == 0 else { throw ArrowError("column '\(field.name)' has \(node.nullCount) nulls but no validity bitmap") }
            validity.appendValid(n)
        } else {
            try validity.append(bitmap: bitmap, count: n)
        }
        switch kind {
        case .int: try appendInts(try buffers.take(), n)
        case .float: try appendFloats(try buffers.take(), n)
        case .decimal: try appendDecimals(try buffers.take(), n)
        case .bool: try appendBools(try buffers.take(), n)
        case .date: try appendDates(try buffers.take(), n)
        case .datetime: try appendTimestamps(try buffers.take(), n)
        case .string:
            let off = try buffers.take()
            try appendStrings(offsets: off, data: try buffers.take(), n)
        case .dictionary: try appendIndices(try buffers.take(), n, dictionaries: dictionaries)
        case .null: break
        }
    }

    /// The finished column (the builder is spent).
    func finish() -> Column {
        let mask = validity.finish()
        let storage: ColumnStorage
        switch kind {
        case .int: storage = .int(ints)
        case .float, .decimal: storage = .float(floats)
        case .null: storage = .float([Double](repeating: 0, count: validity.count))
        case .bool: storage = .bool(bools)
        case .date: storage = .date(dates)
        case .datetime: storage = .datetime(ints)
        case .string: storage = .string(.plain(offsets: offsets, bytes: bytes))
        case .dictionary:
            // Null cells hold code 0, which must name a value even when the dictionary is empty.
            if dictionaryValues.isEmpty, !codes.isEmpty { dictionaryValues = [""] }
            storage = .string(.deduplicated(codes: codes, values: dictionaryValues))
        }
        return Column(name: field.name, storage: storage, validity: mask)
    }

    /// Bytes the first buffer after the validity bitmap needs for `n` values.
    private func minimumDataBytes(_ n: Int) -> Int {
        if let d = field.dictionary { return n * d.indexBitWidth / 8 }
        switch field.type {
        case .int(let width, _): return n * width / 8
        case .floatingPoint(let bits): return n * bits / 8
        case .decimal: return n * 16
        case .bool: return (n + 7) / 8
        case .date(let ms): return n * (ms ? 8 : 4)
        case .timestamp: return n * 8
        case .utf8: return n == 0 ? 0 : (n + 1) * 4
        case .largeUtf8: return n == 0 ? 0 : (n + 1) * 8
        case .null, .unsupported: return 0
        }
    }

    // MARK: fixed-width values

    private func need(_ buffer: UnsafeRawBufferPointer, _ n: Int, _ width: Int) throws {
        guard buffer.count >= n * width else {
            throw ArrowError("column '\(field.name)': data buffer of \(buffer.count) bytes is too short for \(n) values of \(width) bytes")
        }
    }

    /// Grows `array` by `n` zeros and lets `fill` write them.
    private func extend<T: Numeric>(_ array: inout [T], _ n: Int, _ fill: (UnsafeMutableBufferPointer<T>) throws -> Void) rethrows {
        let old = array.count
        array.append(contentsOf: repeatElement(0, count: n))
        try array.withUnsafeMutableBufferPointer { try fill(UnsafeMutableBufferPointer(rebasing: $0[old..<(old + n)])) }
    }

    private func appendInts(_ data: UnsafeRawBufferPointer, _ n: Int) throws {
        guard case .int(let width, let signed) = field.type else { return }
        try need(data, n, width / 8)
        try extend(&ints, n) { out in
            switch (width, signed) {
            case (64, true):
                if n > 0, let src = data.baseAddress { UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: src, byteCount: n * 8) }
            case (32, true): for i in 0..<n { out[i] = Int64(Int32(littleEndian: data.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
            case (16, true): for i in 0..<n { out[i] = Int64(Int16(littleEndian: data.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) }
            case (8, true): for i in 0..<n { out[i] = Int64(Int8(bitPattern: data[i])) }
            case (64, false):
                for i in 0..<n {
                    let v = UInt64(littleEndian: data.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
                    guard v <= UInt64(Int64.max) else { throw ArrowError("column '\(field.name)': unsigned value \(v) does not fit a 64-bit signed int") }
                    out[i] = Int64(v)
                }
            case (32, false): for i in 0..<n { out[i] = Int64(UInt32(littleEndian: data.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
            case (16, false): for i in 0..<n { out[i] = Int64(UInt16(littleEndian: data.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
            default: for i in 0..<n { out[i] = Int64(data[i]) }
            }
        }
    }

    private func appendFloats(_ data: UnsafeRawBufferPointer, _ n: Int) throws {
        guard case .floatingPoint(let bits) = field.type else { return }
        try need(data, n, bits / 8)
        extend(&floats, n) { out in
            if bits == 64 {
                if n > 0, let src = data.baseAddress { UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: src, byteCount: n * 8) }
            } else {
                for i in 0..<n { out[i] = Double(Float(bitPattern: UInt32(littleEndian: data.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))) }
            }
        }
    }

    /// 128-bit two's-complement little-endian integers scaled by 10^-scale, as doubles.
    private func appendDecimals(_ data: UnsafeRawBufferPointer, _ n: Int) throws {
        guard case .decimal(_, let scale, _) = field.type else { return }
        try need(data, n, 16)
        var divisor = 1.0
        for _ in 0..<abs(scale) { divisor *= 10 }
        if scale < 0 { divisor = 1 / divisor }
        extend(&floats, n) { out in
            for i in 0..<n {
                var lo = UInt64(littleEndian: data.loadUnaligned(fromByteOffset: 16 * i, as: UInt64.self))
                var hi = UInt64(littleEndian: data.loadUnaligned(fromByteOffset: 16 * i + 8, as: UInt64.self))
                // The magnitude of a negative value (two's complement) keeps the low bits exact.
                let negative = hi >> 63 == 1
                if negative {
                    lo = ~lo &+ 1
                    hi = ~hi &+ (lo == 0 ? 1 : 0)
                }
                let magnitude = (Double(hi) * 18446744073709551616.0 + Double(lo)) / divisor
                out[i] = negative ? -magnitude : magnitude
            }
        }
    }

    private func appendBools(_ data: UnsafeRawBufferPointer, _ n: Int) throws {
        guard data.count * 8 >= n else { throw ArrowError("column '\(field.name)': boolean buffer too short for \(n) values") }
        let old = bools.count
        bools.append(contentsOf: repeatElement(false, count: n))
        bools.withUnsafeMutableBufferPointer { out in
            for i in 0..<n { out[old + i] = (data[i >> 3] >> UInt8(i & 7)) & 1 == 1 }
        }
    }

    private func appendDates(_ data: UnsafeRawBufferPointer, _ n: Int) throws {
        guard case .date(let ms) = field.type else { return }
        try need(data, n, ms ? 8 : 4)
        extend(&dates, n) { out in
            if ms {
                for i in 0..<n {
                    let v = Int64(littleEndian: data.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))
                    let days = v >= 0 ? v / 86_400_000 : (v + 1) / 86_400_000 - 1  // floor, no overflow at Int64.min
                    out[i] = Int32(clamping: days)
                }
            } else if n > 0, let src = data.baseAddress {
                UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: src, byteCount: n * 4)
            }
        }
    }

    /// Seconds, milliseconds or nanoseconds become microseconds (nanoseconds rounded down).
    private func appendTimestamps(_ data: UnsafeRawBufferPointer, _ n: Int) throws {
        guard case .timestamp(let unit, _) = field.type else { return }
        try need(data, n, 8)
        try extend(&ints, n) { out in
            if n > 0, let src = data.baseAddress { UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: src, byteCount: n * 8) }
            switch unit {
            case 0, 1:
                let factor: Int64 = unit == 0 ? 1_000_000 : 1000
                for i in 0..<n {
                    let (v, overflow) = out[i].multipliedReportingOverflow(by: factor)
                    guard !overflow else { throw ArrowError("column '\(field.name)': timestamp \(out[i]) is out of range") }
                    out[i] = v
                }
            case 3:
                for i in 0..<n {
                    let v = out[i]
                    out[i] = v >= 0 ? v / 1000 : -((-(v + 1)) / 1000) - 1
                }
            default: break
            }
        }
    }

    // MARK: strings

    private func appendStrings(offsets off: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer, _ n: Int) throws {
        let large = field.type == .largeUtf8
        let width = large ? 8 : 4
        guard n > 0 else { return }
        guard off.count >= (n + 1) * width else { throw ArrowError("column '\(field.name)': offsets buffer too short for \(n) strings") }
        @inline(__always) func at(_ i: Int) -> Int {
            large ? Int(Int64(littleEndian: off.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)))
                  : Int(Int32(littleEndian: off.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
        }
        let first = at(0), last = at(n)
        guard first >= 0, first <= last, last <= data.count else {
            throw ArrowError("column '\(field.name)': string offsets \(first)..<\(last) do not fit the \(data.count)-byte data buffer")
        }
        let base = bytes.count - first
        let old = offsets.count
        offsets.append(contentsOf: repeatElement(0, count: n))
        var previous = first
        var ordered = true
        offsets.withUnsafeMutableBufferPointer { out in
            for i in 1...n {
                let o = at(i)
                ordered = ordered && o >= previous
                previous = o
                out[old + i - 1] = o + base
            }
        }
        guard ordered else { throw ArrowError("column '\(field.name)': string offsets decrease") }
        if last > first { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[first..<last])) }
    }

    private func appendIndices(_ data: UnsafeRawBufferPointer, _ n: Int, dictionaries: [Int64: ArrowDictionary]) throws {
        guard let encoding = field.dictionary else { return }
        guard let dictionary = dictionaries[encoding.id] else {
            throw ArrowError("column '\(field.name)' uses dictionary \(encoding.id), which no dictionary batch sent before its record batch")
        }
        if dictionary.version != dictionaryVersion {
            dictionaryBase = dictionaryValues.count
            dictionaryValues.append(contentsOf: dictionary.values)
            dictionaryAdded = dictionary.values.count
            dictionaryVersion = dictionary.version
        } else if dictionary.values.count > dictionaryAdded {
            dictionaryValues.append(contentsOf: dictionary.values[dictionaryAdded...])
            dictionaryAdded = dictionary.values.count
        }
        let width = encoding.indexBitWidth / 8
        try need(data, n, width)
        let size = dictionary.values.count
        guard dictionaryBase + size < Int(Int32.max) else { throw ArrowError("column '\(field.name)': dictionaries too large") }
        let start = validity.count - n
        let base = dictionaryBase
        try extend(&codes, n) { out in
            for i in 0..<n {
                let index: Int
                switch width {
                case 1: index = encoding.indexSigned ? Int(Int8(bitPattern: data[i])) : Int(data[i])
                case 2: index = Int(Int16(littleEndian: data.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self)))
                case 4: index = Int(Int32(littleEndian: data.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
                default: index = Int(Int64(littleEndian: data.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)))
                }
                if index >= 0, index < size {
                    out[i] = Int32(base + index)
                } else if validity.isValid(start + i) {
                    throw ArrowError("column '\(field.name)': dictionary index \(index) is outside its \(size) values")
                } else {
                    out[i] = 0
                }
            }
        }
    }
}
