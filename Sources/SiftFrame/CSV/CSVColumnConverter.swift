#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns one column's cells into typed storage chunk by chunk, while the file streams past, and
/// decides the column's type exactly as `ColumnBuilderFromCSV` does over a whole column.
///
/// That works in one pass because the typed spellings are disjoint except that every `int` is
/// also a `float`: `true`/`false`, `YYYY-MM-DD` (exactly 10 bytes) and datetimes (16 bytes or
/// more, with a time) are never numbers and never each other. So the first non-null cell names
/// the only candidate type; a later cell that does not fit either widens `int` to `float`
/// (converting the stored integers, which round exactly as re-parsing their text would) or, in
/// every other case, proves the column is text. Text needs the original bytes, which are gone by
/// then, so the converter asks for a restart: the reader streams the file again for that
/// column alone, starting it as text.
struct CSVColumnConverter {
    /// What the converter needs from the reader once the file has streamed past.
    enum Verdict: Equatable {
        case done
        /// Read the column again, starting as this type (its values so far cannot be reused).
        case restart(DataType)
        /// A declared type the fast parsers refuse: the whole-file reader handles the slow
        /// spellings and reports errors with their line numbers.
        case wholeFile
    }

    private enum State { case undecided, int, float, bool, date, datetime, dictionary, plain, stopped }

    private var state: State
    private let forced: Bool
    private(set) var verdict = Verdict.done
    /// Rows consumed so far.
    private(set) var rows = 0
    /// How many rows the file probably has, for reserving storage once instead of doubling.
    var expectedRows = 0

    private var validity = ValidityBuilder()
    private var ints: [Int64] = []
    private var floats: [Double] = []
    private var bools: [Bool] = []
    private var dates: [Int32] = []
    private var datetimes: [Int64] = []
    /// An integer column that held `-0` cannot widen in place: as a float it must stay -0.0.
    private var sawNegativeZero = false
    private var interner = ByteInterner()
    private var codes: [Int32] = []
    private var scratch: [UInt8] = []
    private var offsets: [Int] = []
    private var text: [UInt8] = []

    /// `start` nil infers the type; a declared type (`forced`) never widens.
    init(start: DataType?, forced: Bool) {
        self.forced = forced
        switch start {
        case nil: state = .undecided
        case .int?: state = .int
        case .float?: state = .float
        case .bool?: state = .bool
        case .date?: state = .date
        case .datetime?: state = .datetime
        case .string?, .list?: state = .dictionary
        }
    }

    /// Converts the column's cells of one chunk.
    mutating func consume(_ cells: ColumnBuilderFromCSV) {
        if rows == 0 { reserveForStart() }
        var r = 0
        let n = cells.rowCount
        while r < n {
            switch state {
            case .undecided: r = runUndecided(cells, from: r)
            case .int: r = runInt(cells, from: r)
            case .float:
                var v = floats
                floats = []
                r = runTyped(cells, from: r, values: &v, zero: 0.0, FloatCells.self)
                floats = v
            case .bool:
                var v = bools
                bools = []
                r = runTyped(cells, from: r, values: &v, zero: false, BoolCells.self)
                bools = v
            case .date:
                var v = dates
                dates = []
                r = runTyped(cells, from: r, values: &v, zero: Int32(0), DateCells.self)
                dates = v
            case .datetime:
                var v = datetimes
                datetimes = []
                r = runTyped(cells, from: r, values: &v, zero: Int64(0), DateTimeCells.self)
                datetimes = v
            case .dictionary: r = runDictionary(cells, from: r)
            case .plain: r = runPlain(cells, from: r)
            case .stopped: return
            }
        }
    }

    /// The finished column; only meaningful when `verdict` is `.done`.
    func finish(name: String) -> Column {
        let storage: ColumnStorage
        switch state {
        case .undecided:
            // No values at all: text, every cell the empty string (null or `""`), as one code.
            storage = .string(.dictionary(codes: [Int32](repeating: 0, count: rows), values: rows > 0 ? [""] : []))
        case .int: storage = .int(ints)
        case .float: storage = .float(floats)
        case .bool: storage = .bool(bools)
        case .date: storage = .date(dates)
        case .datetime: storage = .datetime(datetimes)
        case .dictionary: storage = .string(.dictionary(codes: codes, values: interner.strings()))
        case .plain, .stopped: storage = .string(.plain(offsets: offsets, bytes: text))
        }
        return Column(name: name, storage: storage, validity: validity.bitmap)
    }

    // MARK: - States

    /// Only null cells so far. Records which were `""` (an empty string if the column is text).
    private mutating func runUndecided(_ cells: ColumnBuilderFromCSV, from r0: Int) -> Int {
        guard let base = cells.bytes.baseAddress else { return cells.rowCount }
        for r in r0..<cells.rowCount {
            let cell = cells.cell(r)
            if let (s, e) = cells.span(cell) {
                let p = base + s, n = e - s
                if NumberParsing.parseInt(p, n) != nil { becomeTyped(.int) } else if NumberParsing.parseDouble(p, n) != nil { becomeTyped(.float) } else if ColumnBuilderFromCSV.parseBoolBytes(p, n) != nil { becomeTyped(.bool) } else if Temporal.parseDate(UnsafeBufferPointer(start: p, count: n)) != nil { becomeTyped(.date) } else if Temporal.parseDateTime(UnsafeBufferPointer(start: p, count: n)) != nil { becomeTyped(.datetime) } else { becomeText() }
                return r
            }
            if case .null = cell { validity.append(false) } else { validity.append(true) }
            rows += 1
        }
        return cells.rowCount
    }

    private mutating func becomeTyped(_ t: DataType) {
        let before = rows
        validity = .allNull(before)
        validity.reserve(rows: max(expectedRows, before))
        let capacity = max(expectedRows, before)
        switch t {
        case .int: ints.reserveCapacity(capacity); ints.append(contentsOf: repeatElement(0, count: before)); state = .int
        case .float: floats.reserveCapacity(capacity); floats.append(contentsOf: repeatElement(0, count: before)); state = .float
        case .bool: bools.reserveCapacity(capacity); bools.append(contentsOf: repeatElement(false, count: before)); state = .bool
        case .date: dates.reserveCapacity(capacity); dates.append(contentsOf: repeatElement(0, count: before)); state = .date
        case .datetime: datetimes.reserveCapacity(capacity); datetimes.append(contentsOf: repeatElement(0, count: before)); state = .datetime
        case .string, .list: becomeText()
        }
    }

    /// Earlier rows were all null or `""`: both intern the empty string, as code 0.
    private mutating func becomeText() {
        codes.reserveCapacity(max(expectedRows, rows))
        codes.append(contentsOf: repeatElement(0, count: rows))
        if rows > 0 { _ = interner.intern(UnsafeBufferPointer(start: nil, count: 0)) }
        state = .dictionary
    }

    private mutating func reserveForStart() {
        guard expectedRows > 0 else { return }
        validity.reserve(rows: expectedRows)
        switch state {
        case .int: ints.reserveCapacity(expectedRows)
        case .float: floats.reserveCapacity(expectedRows)
        case .bool: bools.reserveCapacity(expectedRows)
        case .date: dates.reserveCapacity(expectedRows)
        case .datetime: datetimes.reserveCapacity(expectedRows)
        case .dictionary: codes.reserveCapacity(expectedRows)
        case .undecided, .plain, .stopped: break
        }
    }

    /// A cell the column's type refuses, at a point where earlier values cannot be kept.
    private mutating func stop(_ verdict: Verdict) {
        self.verdict = verdict
        state = .stopped
        ints = []; floats = []; bools = []; dates = []; datetimes = []; codes = []; offsets = []; text = []
        interner = ByteInterner()
    }

    private mutating func refused() {
        stop(forced ? .wholeFile : .restart(.string))
    }

    /// The common case of a typed column, in a tight loop: from `r0`, every cell that is
    /// missing, a null token or parses is stored straight into `values` through a pointer.
    /// Returns the first row it leaves to the caller's general per-row code: a quoted cell or
    /// one `parse` refuses. Storage grows in blocks of 256 rows, so a column whose cells
    /// alternate between the two paths costs a block's fill per row, not the chunk's.
    @inline(__always)
    private mutating func fastRun<P: CSVCellParser>(_ cells: ColumnBuilderFromCSV, from r0: Int, values: inout [P.Value], zero: P.Value, _ parser: P.Type) -> Int {
        let n = cells.rowCount
        guard r0 < n, let base = cells.bytes.baseAddress else { return r0 }
        Self.ensureCapacity(&values, values.count + n - r0)
        let fields = cells.fields, column = cells.column, longestNull = cells.longestNull
        var r = r0
        while r < n {
            let block = min(256, n - r)
            let w0 = values.count
            values.append(contentsOf: repeatElement(zero, count: block))
            var taken = 0
            values.withUnsafeMutableBufferPointer { out in
                while taken < block {
                    let (s32, e32) = fields.bounds(r + taken, column)
                    if s32 == CSVScanner.missing {
                        validity.append(false)
                    } else {
                        let s = Int(s32), e = Int(e32)
                        if s < e, base[s] == CSVScanner.quote { return }
                        if e - s <= longestNull, cells.isNullToken(s, e) {
                            validity.append(false)
                        } else {
                            guard let v = P.parse(base + s, e - s) else { return }
                            out[w0 + taken] = v
                            validity.append(true)
                        }
                    }
                    taken += 1
                }
            }
            if taken < block { values.removeLast(block - taken) }
            r += taken
            rows += taken
            if taken < block { break }
        }
        return r
    }

    private mutating func runInt(_ cells: ColumnBuilderFromCSV, from r0: Int) -> Int {
        guard let base = cells.bytes.baseAddress else { return cells.rowCount }
        var values = ints
        ints = []
        defer { ints = values }
        let q = fastRun(cells, from: r0, values: &values, zero: 0, IntCells.self)
        guard q < cells.rowCount else { return q }
        // One row the fast loop left: the general rules, then back to the fast loop.
        for r in q..<(q + 1) {
            guard let (s, e) = cells.span(cells.cell(r)) else {
                values.append(0)
                validity.append(false)
                rows += 1
                continue
            }
            guard let v = NumberParsing.parseInt(base + s, e - s) else {
                if !forced, NumberParsing.parseDouble(base + s, e - s) != nil {
                    if sawNegativeZero {
                        values = []
                        stop(.restart(.float))
                        return cells.rowCount
                    }
                    // Integers so far, a float now: the column is float. Double(Int64) rounds
                    // to nearest like parsing the same digits would.
                    var widened = [Double]()
                    widened.reserveCapacity(max(expectedRows, values.count))
                    for x in values { widened.append(Double(x)) }
                    values = []
                    floats = widened
                    state = .float
                    return r
                }
                values = []
                refused()
                return cells.rowCount
            }
            if v == 0, !sawNegativeZero, memchr(base + s, Int32(UInt8(ascii: "-")), e - s) != nil { sawNegativeZero = true }
            values.append(v)
            validity.append(true)
            rows += 1
        }
        return q + 1
    }

    /// `values` is the state's array, moved out of `self` by the caller so appends stay in place.
    private mutating func runTyped<P: CSVCellParser>(_ cells: ColumnBuilderFromCSV, from r0: Int, values: inout [P.Value], zero: P.Value, _ parser: P.Type) -> Int {
        guard let base = cells.bytes.baseAddress else { return cells.rowCount }
        let q = fastRun(cells, from: r0, values: &values, zero: zero, P.self)
        guard q < cells.rowCount else { return q }
        // One row the fast loop left: the general rules, then back to the fast loop.
        for r in q..<(q + 1) {
            guard let (s, e) = cells.span(cells.cell(r)) else {
                values.append(zero)
                validity.append(false)
                rows += 1
                continue
            }
            guard let v = P.parse(base + s, e - s) else {
                values = []
                refused()
                return cells.rowCount
            }
            values.append(v)
            validity.append(true)
            rows += 1
        }
        return q + 1
    }

    private mutating func runDictionary(_ cells: ColumnBuilderFromCSV, from r0: Int) -> Int {
        let bytes = cells.bytes
        let empty = UnsafeBufferPointer(start: bytes.baseAddress, count: 0)
        for r in r0..<cells.rowCount {
            let code: Int32
            switch cells.cell(r) {
            case .null:
                validity.append(false)
                code = interner.intern(empty)
            case .raw(let s, let e):
                validity.append(true)
                code = interner.intern(UnsafeBufferPointer(rebasing: bytes[s..<e]))
            case .quoted(let s, let e):
                validity.append(true)
                scratch.removeAll(keepingCapacity: true)
                CSVReader.appendUnescaped(bytes, s, e, to: &scratch)
                code = scratch.withUnsafeBufferPointer { interner.intern($0) }
            }
            codes.append(code)
            rows += 1
            // The whole-column rule, row for row: mostly distinct values do not pay for a dictionary.
            if interner.count > 256 && interner.count * 20 > rows && rows - 1 > 2048 {
                becomePlain()
                return r + 1
            }
        }
        return cells.rowCount
    }

    /// Rewrites the rows so far from codes to one byte buffer with offsets.
    private mutating func becomePlain() {
        var bytesSoFar = [UInt8]()
        var offs = [Int]()
        offs.reserveCapacity(max(expectedRows, rows) + 1)
        offs.append(0)
        for r in 0..<rows {
            if validity[r] { interner.append(code: codes[r], to: &bytesSoFar) }
            offs.append(bytesSoFar.count)
        }
        // Reserve for the rest at the rate seen so far, so the buffer rarely has to double.
        let estimate = rows > 0 ? bytesSoFar.count / rows * max(expectedRows, rows) * 9 / 8 : 0
        var textBuffer = [UInt8]()
        textBuffer.reserveCapacity(max(estimate, bytesSoFar.count))
        textBuffer.append(contentsOf: bytesSoFar)
        text = textBuffer
        offsets = offs
        codes = []
        interner = ByteInterner()
        state = .plain
    }

    /// Copies the chunk's cells into the text buffer through raw pointers, as the whole-file
    /// builder does: per-cell `append` calls cost a fifth of the load time.
    private mutating func runPlain(_ cells: ColumnBuilderFromCSV, from r0: Int) -> Int {
        let n = cells.rowCount
        guard r0 < n, let base = cells.bytes.baseAddress else { return n }
        // An upper bound on the bytes to add: unescaping only shortens quoted cells.
        var bound = 0
        for r in r0..<n {
            let (s, e) = cells.fields.bounds(r, cells.column)
            if s != CSVScanner.missing { bound += Int(e - s) }
        }
        var out = text
        text = []
        var offs = offsets
        offsets = []
        let w0 = out.count
        Self.ensureCapacity(&out, w0 + bound)
        Self.ensureCapacity(&offs, offs.count + n - r0)
        out.append(contentsOf: repeatElement(0, count: bound))
        let o0 = offs.count
        offs.append(contentsOf: repeatElement(0, count: n - r0))
        var w = w0
        out.withUnsafeMutableBufferPointer { obuf in
            offs.withUnsafeMutableBufferPointer { offBuf in
                guard let dst = obuf.baseAddress else { return }
                for r in r0..<n {
                    switch cells.cell(r) {
                    case .null:
                        validity.append(false)
                    case .raw(let s, let e):
                        validity.append(true)
                        (dst + w).update(from: base + s, count: e - s)
                        w += e - s
                    case .quoted(let s, let e):
                        validity.append(true)
                        w += CSVScanner.copyUnquoted(base, from: s, to: e, into: dst + w)
                    }
                    offBuf[o0 + r - r0] = w
                }
            }
        }
        out.removeLast(w0 + bound - w)
        rows += n - r0
        text = out
        offsets = offs
        return n
    }

    /// Grows geometrically: `reserveCapacity` alone would grow to exactly the amount asked,
    /// copying the column again every chunk.
    private static func ensureCapacity<T>(_ a: inout [T], _ needed: Int) {
        if a.capacity < needed { a.reserveCapacity(max(needed, a.capacity * 2)) }
    }
}

/// How one typed column spells its values: a type per parser, so the converter's loops are
/// specialised with the parse inlined (a closure argument stayed an indirect call per cell).
protocol CSVCellParser {
    associatedtype Value
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Value?
}

/// `parseInt`, except that a zero spelled with a minus sign (`-0`) is left to the converter's
/// general path, which remembers it (see `sawNegativeZero`).
enum IntCells: CSVCellParser {
    @inline(__always) static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard let v = NumberParsing.parseInt(p, n) else { return nil }
        if v == 0 {
            for k in 0..<n where p[k] == UInt8(ascii: "-") { return nil }
        }
        return v
    }
}

enum FloatCells: CSVCellParser {
    @inline(__always) static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? { NumberParsing.parseDouble(p, n) }
}

enum BoolCells: CSVCellParser {
    @inline(__always) static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? { ColumnBuilderFromCSV.parseBoolBytes(p, n) }
}

enum DateCells: CSVCellParser {
    @inline(__always) static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? { Temporal.parseDate(UnsafeBufferPointer(start: p, count: n)) }
}

enum DateTimeCells: CSVCellParser {
    @inline(__always) static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? { Temporal.parseDateTime(UnsafeBufferPointer(start: p, count: n)) }
}
