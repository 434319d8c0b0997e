import SiftFrame

/// An .xlsx worksheet as a `TableSource`. The workbook's parts are read from the zip as needed;
/// the sheet XML is scanned by hand (no DOM): shared strings, inline strings, numbers, booleans,
/// error cells (null), formulas' cached results, and dates from serial numbers whose cell style
/// has a date format (1900 and 1904 date systems). `read(columns:)` skips the unread columns'
/// cells without decoding their text. The header row names the columns (`header: false` names
/// them by letter: A, B, …); `range: "B3:F200"` limits the area.
public final class ExcelSource: TableSource {
    public enum Sheet: Sendable { case name(String), position(Int) }

    public let name: String
    let zip: ZipArchive
    public let sheetNames: [String]
    let sheetPart: String
    public let sheetName: String
    let area: CellRange?
    let header: Bool
    let types: [String: DataType]
    private var cached: Frame?
    private var sharedStrings: [String]?
    private var styleKinds: [DateKind?] = []
    private var date1904 = false

    enum DateKind { case date, datetime }

    struct CellRange: Equatable {
        var firstRow: Int, lastRow: Int, firstCol: Int, lastCol: Int
    }

    public var notes: [String] { [] }

    public convenience init(path: String, display: String? = nil, sheet: Sheet? = nil, range: String? = nil, header: Bool = true, types: [String: DataType] = [:]) throws {
        let shown = display ?? path
        try self.init(bytes: try Input.bytes(path, display: shown), name: shown, sheet: sheet, range: range, header: header, types: types)
    }

    /// A workbook already in memory (tests, the fuzzer); `name` names it in errors.
    public init(bytes: [UInt8], name shown: String, sheet: Sheet? = nil, range: String? = nil, header: Bool = true, types: [String: DataType] = [:]) throws {
        name = shown
        zip = try ZipArchive(bytes: bytes, file: shown)
        self.header = header
        self.types = types
        if let range {
            guard let r = ExcelSource.parseRange(range) else {
                throw FrameError("range \"\(range)\" is not a cell range", hint: "write it like \"A1:D100\" (or \"B3:F\" for every row from 3)")
            }
            area = r
        } else { area = nil }
        // workbook.xml: sheet names and relationship ids; its rels map ids to parts.
        let workbook = try zip.read("xl/workbook.xml")
        let rels = zip.has("xl/_rels/workbook.xml.rels") ? try zip.read("xl/_rels/workbook.xml.rels") : []
        var targets: [String: String] = [:]
        rels.withUnsafeBufferPointer { b in
            var i = 0
            while let lt = XMLScan.nextTag(b, Array("Relationship".utf8), from: i, end: b.count), let (gt, _) = XMLScan.tagEnd(b, lt, end: b.count) {
                if let id = XMLScan.attribute(b, lt, gt, "Id"), let t = XMLScan.attribute(b, lt, gt, "Target") {
                    targets[id] = t.hasPrefix("/") ? String(t.dropFirst()) : (t.hasPrefix("xl/") ? t : "xl/" + t)
                }
                i = gt
            }
        }
        var sheets: [(String, String)] = []
        var is1904 = false
        workbook.withUnsafeBufferPointer { b in
            if let lt = XMLScan.nextTag(b, Array("workbookPr".utf8), from: 0, end: b.count), let (gt, _) = XMLScan.tagEnd(b, lt, end: b.count) {
                let v = XMLScan.attribute(b, lt, gt, "date1904")
                is1904 = v == "1" || v == "true"
            }
            var i = 0
            while let lt = XMLScan.nextTag(b, Array("sheet".utf8), from: i, end: b.count), let (gt, _) = XMLScan.tagEnd(b, lt, end: b.count) {
                let n = XMLScan.attribute(b, lt, gt, "name") ?? "Sheet\(sheets.count + 1)"
                let id = XMLScan.attribute(b, lt, gt, "id") ?? ""
                sheets.append((n, targets[id] ?? "xl/worksheets/sheet\(sheets.count + 1).xml"))
                i = gt
            }
        }
        date1904 = is1904
        sheetNames = sheets.map(\.0)
        guard !sheets.isEmpty else { throw FrameError("\(shown): the workbook has no sheets", isIO: true) }
        let chosen: (String, String)
        switch sheet {
        case nil: chosen = sheets[0]
        case .name(let n):
            guard let s = sheets.first(where: { $0.0 == n }) ?? sheets.first(where: { $0.0.lowercased() == n.lowercased() }) else {
                throw FrameError("\(shown) has no sheet named '\(n)'", hint: "sheets: " + sheetNames.map { "'\($0)'" }.joined(separator: ", "))
            }
            chosen = s
        case .position(let p):
            guard p >= 1, p <= sheets.count else {
                throw FrameError("\(shown) has \(sheets.count) sheet\(sheets.count == 1 ? "" : "s"); sheet: \(p) is out of range", hint: "sheets are numbered from 1: " + sheetNames.enumerated().map { "\($0.offset + 1) = '\($0.element)'" }.joined(separator: ", "))
            }
            chosen = sheets[p - 1]
        }
        sheetName = chosen.0
        sheetPart = chosen.1
    }

    /// The sheet names of a workbook, in order.
    public static func sheets(path: String, display: String? = nil) throws -> [String] {
        try ExcelSource(path: path, display: display).sheetNames
    }

    // MARK: workbook parts

    func loadSharedStrings() throws -> [String] {
        if let sharedStrings { return sharedStrings }
        var out: [String] = []
        if zip.has("xl/sharedStrings.xml") {
            let xml = try zip.read("xl/sharedStrings.xml")
            xml.withUnsafeBufferPointer { b in
                var i = 0
                let si = Array("si".utf8), closeSi = Array("</si>".utf8)
                while let lt = XMLScan.nextTag(b, si, from: i, end: b.count), let (gt, selfClosing) = XMLScan.tagEnd(b, lt, end: b.count) {
                    if selfClosing { out.append(""); i = gt; continue }
                    let end = ExcelSource.findSeq(b, closeSi, from: gt, end: b.count) ?? b.count
                    out.append(ExcelSource.textRuns(b, gt + 1, end))
                    i = end
                }
            }
        }
        sharedStrings = out
        return out
    }

    func loadStyles() throws {
        guard zip.has("xl/styles.xml") else { return }
        let xml = try zip.read("xl/styles.xml")
        var custom: [Int: String] = [:]
        var kinds: [DateKind?] = []
        xml.withUnsafeBufferPointer { b in
            var i = 0
            while let lt = XMLScan.nextTag(b, Array("numFmt".utf8), from: i, end: b.count), let (gt, _) = XMLScan.tagEnd(b, lt, end: b.count) {
                if let id = XMLScan.attribute(b, lt, gt, "numFmtId").flatMap({ Int($0) }), let code = XMLScan.attribute(b, lt, gt, "formatCode") { custom[id] = code }
                i = gt
            }
            guard let start = XMLScan.nextTag(b, Array("cellXfs".utf8), from: 0, end: b.count) else { return }
            let end = ExcelSource.findSeq(b, Array("cellXfs>".utf8), from: start + 8, end: b.count) ?? b.count
            i = start + 1
            while let lt = XMLScan.nextTag(b, Array("xf".utf8), from: i, end: end), let (gt, _) = XMLScan.tagEnd(b, lt, end: end) {
                let id = XMLScan.attribute(b, lt, gt, "numFmtId").flatMap { Int($0) } ?? 0
                kinds.append(ExcelSource.dateKind(id, custom[id]))
                i = gt
            }
        }
        styleKinds = kinds
    }

    static func dateKind(_ id: Int, _ code: String?) -> DateKind? {
        switch id {
        case 14...17: return .date
        case 18...22, 45...47: return .datetime
        default: break
        }
        guard let code else { return nil }
        // Letters outside quotes, brackets and escapes decide: y/d (and m with them) are dates, h/s times.
        var plain = ""
        var inQuote = false, inBracket = false, escape = false
        for ch in code.lowercased() {
            if escape { escape = false; continue }
            if ch == "\\" { escape = true; continue }
            if ch == "\"" { inQuote.toggle(); continue }
            if inQuote { continue }
            if ch == "[" { inBracket = true; continue }
            if ch == "]" { inBracket = false; continue }
            if inBracket { continue }
            plain.append(ch)
        }
        let hasDate = plain.contains("y") || plain.contains("d")
        let hasTime = plain.contains("h") || plain.contains("s")
        if hasDate { return hasTime ? .datetime : .date }
        return hasTime ? .datetime : nil
    }

    static func findSeq(_ b: UnsafeBufferPointer<UInt8>, _ s: [UInt8], from: Int, end: Int) -> Int? {
        guard let first = s.first else { return nil }
        var i = from
        while i + s.count <= end {
            guard let j = XMLScan.find(b, first, from: i, end: end - s.count + 1) else { return nil }
            if XMLScan.matches(b, j, s, end) { return j }
            i = j + 1
        }
        return nil
    }

    /// The concatenated `<t>` texts inside `b[start..<end]`, leaving out phonetic runs (`<rPh>`).
    static func textRuns(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var out = ""
        var i = start
        let t = Array("t".utf8), rPh = Array("<rPh".utf8), closeRPh = Array("</rPh>".utf8), closeT = Array("</".utf8)
        while let lt = XMLScan.nextTag(b, t, from: i, end: end) {
            if let ph = findSeq(b, rPh, from: i, end: lt), let phEnd = findSeq(b, closeRPh, from: ph, end: end) {
                i = phEnd + closeRPh.count
                continue
            }
            guard let (gt, selfClosing) = XMLScan.tagEnd(b, lt, end: end) else { break }
            if selfClosing { i = gt + 1; continue }
            let close = findSeq(b, closeT, from: gt + 1, end: end) ?? end
            out += XMLScan.decode(UnsafeBufferPointer(rebasing: b[(gt + 1)..<close]))
            i = close
        }
        return out
    }

    // MARK: references

    /// "B12" → (row 12, column 2), 1-based.
    static func parseRef(_ s: Substring) -> (row: Int?, col: Int?) {
        var col = 0, row = 0
        var i = s.startIndex
        while i < s.endIndex, let a = s[i].asciiValue, (65...90).contains(a) || (97...122).contains(a) {
            col = col * 26 + Int((a & 0xdf) - 64)
            guard col <= 16_384 else { return (nil, nil) }
            i = s.index(after: i)
        }
        while i < s.endIndex, let d = s[i].wholeNumberValue, s[i].isASCII {
            row = row * 10 + d
            guard row <= 1_048_576 else { return (nil, nil) }
            i = s.index(after: i)
        }
        guard i == s.endIndex else { return (nil, nil) }
        return (row > 0 ? row : nil, col > 0 ? col : nil)
    }

    static func parseRange(_ text: String) -> CellRange? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 1 else { return nil }
        let a = parseRef(parts[0])
        let b: (row: Int?, col: Int?) = parts.count == 2 ? parseRef(parts[1]) : (nil, nil)
        guard a.col != nil || a.row != nil else { return nil }
        if parts.count == 2, b.col == nil, b.row == nil { return nil }
        let r = CellRange(firstRow: a.row ?? 1, lastRow: b.row ?? 1_048_576, firstCol: a.col ?? 1, lastCol: b.col ?? 16_384)
        guard r.firstRow <= r.lastRow, r.firstCol <= r.lastCol else { return nil }
        return r
    }

    static func letters(_ col: Int) -> String {
        var c = col, s = ""
        while c > 0 { let r = (c - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; c = (c - 1) / 26 }
        return s
    }

    // MARK: reading

    public func schema() throws -> [ColumnInfo] {
        try frame(wantedNames: nil).columns.map { ColumnInfo(name: $0.name, type: $0.type) }
    }

    public func read(columns: [String]?) throws -> Frame {
        if columns == nil { return try frame(wantedNames: nil) }
        return try frame(wantedNames: columns)
    }

    /// One scanned cell.
    struct Cell { var row: Int; var col: Int; var value: Scalar }

    func frame(wantedNames: [String]?) throws -> Frame {
        if wantedNames == nil, let cached { return cached }
        let xml = try zip.read(sheetPart)
        let strings = try loadSharedStrings()
        if styleKinds.isEmpty { try loadStyles() }
        let kinds = styleKinds
        let epoch = date1904 ? 24_107.0 : 25_569.0
        return try xml.withUnsafeBufferPointer { b -> Frame in
            // Pass 1: the header row (and the area's first row), reading every column.
            var headerRow: [Int: String] = [:]
            var firstRow: Int? = nil
            var minCol = Int.max, maxCol = 0
            var wanted: Set<Int>? = nil
            var dataStart = 0
            if header {
                var firstRowEnd = 0
                try scan(b, strings: strings, kinds: kinds, epoch: epoch, wanted: nil, from: 0, stopAfterFirstRow: true) { cell, pos in
                    firstRow = firstRow ?? cell.row
                    headerRow[cell.col] = cell.value.isNull ? "" : ScalarFormat.plain(cell.value)
                    firstRowEnd = pos
                }
                dataStart = firstRowEnd
            }
            // Column names by position (header cells, or letters); pandas-style .1 suffixes for repeats.
            func names(for cols: [Int]) -> [Int: String] {
                var out: [Int: String] = [:]
                var seen: [String: Int] = [:]
                for c in cols {
                    var n = header ? (headerRow[c] ?? "") : ExcelSource.letters(c)
                    if n.isEmpty { n = "column_\(ExcelSource.letters(c))" }
                    if let k = seen[n] { seen[n] = k + 1; n = "\(n).\(k + 1)" } else { seen[n] = 0 }
                    out[c] = n
                }
                return out
            }
            if let wantedNames {
                let headerCols = headerRow.keys.sorted()
                let byName = names(for: headerCols)
                var index: [String: Int] = [:]
                for (c, n) in byName { index[n] = c }
                var set = Set<Int>()
                for n in wantedNames {
                    guard let c = index[n] else {
                        throw FrameError("\(name) (sheet '\(sheetName)') has no column '\(n)'", hint: "columns: " + headerCols.compactMap { byName[$0] }.prefix(20).joined(separator: ", "))
                    }
                    set.insert(c)
                }
                wanted = set
            }
            // Pass 2: the data rows.
            var cols: [Int: CellColumnBuilder] = [:]
            var dataFirstRow: Int? = nil
            var lastRow = 0
            try scan(b, strings: strings, kinds: kinds, epoch: epoch, wanted: wanted, from: dataStart, stopAfterFirstRow: false) { cell, _ in
                if header, let f = firstRow, cell.row <= f { return }
                if dataFirstRow == nil { dataFirstRow = header ? (firstRow ?? 0) + 1 : cell.row }
                let r = cell.row - (dataFirstRow ?? cell.row)
                guard r >= 0 else { return }
                if cols[cell.col] == nil { cols[cell.col] = CellColumnBuilder(name: "", parseTemporalText: false) }
                cols[cell.col]!.pad(to: r)
                if cols[cell.col]!.cells.count == r { cols[cell.col]!.append(cell.value) } else { cols[cell.col]!.cells[r] = cell.value }
                if !cell.value.isNull { lastRow = max(lastRow, r + 1) }
                minCol = min(minCol, cell.col)
                maxCol = max(maxCol, cell.col)
            }
            // Columns: the header's (or, without one, every column that holds a value), in sheet order.
            var colList: [Int]
            if header {
                colList = headerRow.keys.sorted()
                // Data columns past the header's last named column still count.
                for c in cols.keys where headerRow[c] == nil && cols[c]!.cells.contains(where: { !$0.isNull }) { colList.append(c) }
                colList.sort()
                if let area { colList = colList.filter { $0 >= area.firstCol && $0 <= area.lastCol } }
            } else {
                colList = minCol <= maxCol ? Array(minCol...maxCol) : []
            }
            if let wanted { colList = colList.filter { wanted.contains($0) } }
            let named = names(for: colList)
            var columns: [Column] = []
            for c in colList {
                var builder = cols[c] ?? CellColumnBuilder(name: "", parseTemporalText: false)
                if builder.cells.count > lastRow { builder.cells.removeLast(builder.cells.count - lastRow) }
                builder.pad(to: lastRow)
                let n = named[c] ?? ExcelSource.letters(c)
                builder = CellColumnBuilder(copying: builder, name: n)
                columns.append(try builder.column(forced: types[n], source: "\(name) (sheet '\(sheetName)')"))
            }
            let f: Frame
            if let wantedNames {
                f = try Frame(columns: columns).select(wantedNames)
            } else {
                f = try Frame(columns: columns)
                cached = f
            }
            return f
        }
    }

    /// Scans the cells of the sheet in document order, calling `each` for those inside the area
    /// and the wanted columns (nil = all). Unwanted cells are skipped without decoding.
    func scan(_ b: UnsafeBufferPointer<UInt8>, strings: [String], kinds: [DateKind?], epoch: Double, wanted: Set<Int>?,
              from: Int, stopAfterFirstRow: Bool, _ each: (Cell, Int) throws -> Void) throws {
        let end = b.count
        var i = from
        var row = 0, col = 0
        var firstRowSeen: Int? = nil
        let closeC = Array("</c>".utf8)
        let vTag = Array("v".utf8), isTag = Array("is".utf8), sheetDataName = Array("sheetData".utf8), closeAny = Array("</".utf8)
        var count = 0
        while let lt = XMLScan.find(b, 60, from: i, end: end) {
            var j = lt + 1
            guard j < end else { break }
            if b[j] == 47 { // a closing tag: only </sheetData> matters
                var n = j + 1
                var q = n
                while q < end, b[q] != 62, b[q] != 58 { q += 1 }
                if q < end, b[q] == 58 { n = q + 1 }
                if XMLScan.matches(b, n, sheetDataName, end) { return }
                i = j
                continue
            }
            // tag name (prefix skipped)
            var k = j
            while k < end, b[k] != 32, b[k] != 62, b[k] != 47, b[k] != 58 { k += 1 }
            if k < end, b[k] == 58 { j = k + 1; k = j; while k < end, b[k] != 32, b[k] != 62, b[k] != 47 { k += 1 } }
            let len = k - j
            if len == 3, b[j] == 114, b[j + 1] == 111, b[j + 2] == 119 { // <row
                guard let (gt, _) = XMLScan.tagEnd(b, lt, end: end) else { break }
                let r = XMLScan.attribute(b, lt, gt, "r").flatMap { Int($0) } ?? (row + 1)
                if stopAfterFirstRow, firstRowSeen != nil, area.map({ r >= $0.firstRow }) ?? true { return }
                row = r
                col = 0
                i = gt + 1
                continue
            }
            if len == 1, b[j] == 99 { // <c
                guard let (gt, selfClosing) = XMLScan.tagEnd(b, lt, end: end) else { break }
                count += 1
                if count & 0xffff == 0 { try Cancellation.check() }
                var ref: Range<Int>? = nil, style: Range<Int>? = nil, type: Range<Int>? = nil
                ExcelSource.cellAttributes(b, lt, gt, &ref, &style, &type)
                var c = col + 1
                var rr = row
                if let ref {
                    let p = ExcelSource.parseRef(b, ref)
                    if let pc = p.col { c = pc }
                    if let pr = p.row { rr = pr }
                }
                col = c
                let contentEnd = selfClosing ? gt : (ExcelSource.findSeq(b, closeC, from: gt + 1, end: end) ?? end)
                i = selfClosing ? gt + 1 : min(end, contentEnd + 4)
                if let area, rr < area.firstRow || rr > area.lastRow || c < area.firstCol || c > area.lastCol {
                    if rr > area.lastRow { return }
                    continue
                }
                if stopAfterFirstRow {
                    if let f = firstRowSeen, rr != f { return }
                    firstRowSeen = rr
                }
                if let wanted, !wanted.contains(c) { continue }
                if selfClosing { continue }
                let t = type.map { ExcelSource.cellType(b, $0) } ?? "n"
                var value: Scalar = .null
                if t == "inlineStr" {
                    if let isAt = XMLScan.nextTag(b, isTag, from: gt + 1, end: contentEnd) {
                        value = .string(ExcelSource.textRuns(b, isAt, contentEnd))
                    }
                } else if let vAt = XMLScan.nextTag(b, vTag, from: gt + 1, end: contentEnd), let (vgt, vSelf) = XMLScan.tagEnd(b, vAt, end: contentEnd), !vSelf {
                    let vEnd = ExcelSource.findSeq(b, closeAny, from: vgt + 1, end: contentEnd) ?? contentEnd
                    let text = UnsafeBufferPointer(rebasing: b[(vgt + 1)..<vEnd])
                    switch t {
                    case "s":
                        guard let idx = Int(String(decoding: text, as: UTF8.self)), idx >= 0, idx < strings.count else {
                            throw FrameError("\(name): corrupt sheet '\(sheetName)': cell \(ExcelSource.letters(c))\(rr) refers to shared string \(String(decoding: text, as: UTF8.self)) of \(strings.count)", isIO: true)
                        }
                        value = .string(strings[idx])
                    case "str": value = .string(XMLScan.decode(text))
                    case "b": value = .bool(text.first == 49)
                    case "e": value = .null
                    case "d":
                        let s = String(decoding: text, as: UTF8.self)
                        if let d = Temporal.parseDate(s) { value = .date(d) } else if let dt = Temporal.parseDateTime(s) { value = .datetime(dt) } else { value = .string(s) }
                    default:
                        guard let v = ExcelSource.number(text) else {
                            value = .string(XMLScan.decode(text))
                            break
                        }
                        let s = style.flatMap { ExcelSource.smallInt(b, $0) }
                        if let s, s >= 0, s < kinds.count, let kind = kinds[s], v.isFinite, abs(v) < 3_000_000 {
                            // Serial days since 1899-12-30 (1900 system; serials before 1900-03-01 carry Lotus's leap-day bug).
                            let serial = epoch == 25_569 && v < 61 ? v + 1 : v
                            let ms = ((serial - epoch) * 86_400_000).rounded()
                            if kind == .date && ms.truncatingRemainder(dividingBy: 86_400_000) == 0 {
                                value = .date(Int32(ms / 86_400_000))
                            } else {
                                value = .datetime(Int64(ms) * 1000)
                            }
                        } else if v == v.rounded(), abs(v) < 9.0e15 {
                            value = .int(Int64(v))
                        } else {
                            value = .float(v)
                        }
                    }
                }
                try each(Cell(row: rr, col: c, value: value), i)
                continue
            }
            i = lt + 1
        }
    }
}

extension ExcelSource {
    /// The r, s and t attributes of a `<c>` tag, compared as bytes (this runs once per cell).
    @inline(__always)
    static func cellAttributes(_ b: UnsafeBufferPointer<UInt8>, _ lt: Int, _ gt: Int, _ ref: inout Range<Int>?, _ style: inout Range<Int>?, _ type: inout Range<Int>?) {
        var i = lt + 2
        while i < gt {
            while i < gt, b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13 { i += 1 }
            let ns = i
            while i < gt, b[i] != 61, b[i] != 32 { i += 1 }
            let nameLen = i - ns
            while i < gt, b[i] != 34, b[i] != 39 { i += 1 }
            guard i < gt else { return }
            let q = b[i]
            let vs = i + 1
            var ve = vs
            while ve < gt, b[ve] != q { ve += 1 }
            if nameLen == 1 {
                switch b[ns] {
                case 114: ref = vs..<ve
                case 115: style = vs..<ve
                case 116: type = vs..<ve
                default: break
                }
            }
            i = ve + 1
        }
    }

    /// "B12" as bytes → (row, column), 1-based.
    @inline(__always)
    static func parseRef(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> (row: Int?, col: Int?) {
        var col = 0, row = 0
        var i = r.lowerBound
        while i < r.upperBound, (65...90).contains(b[i]) || (97...122).contains(b[i]) {
            col = col * 26 + Int((b[i] & 0xdf) - 64)
            if col > 16_384 { return (nil, nil) }
            i += 1
        }
        while i < r.upperBound, (48...57).contains(b[i]) {
            row = row * 10 + Int(b[i] - 48)
            if row > 1_048_576 { return (nil, nil) }
            i += 1
        }
        guard i == r.upperBound else { return (nil, nil) }
        return (row > 0 ? row : nil, col > 0 ? col : nil)
    }

    static func cellType(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        switch r.count {
        case 1:
            switch b[r.lowerBound] { case 115: return "s"; case 98: return "b"; case 101: return "e"; case 100: return "d"; default: return "n" }
        case 3: return "str"
        default: return String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
        }
    }

    static func smallInt(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
        guard !r.isEmpty, r.count < 10 else { return nil }
        var v = 0
        for i in r { guard (48...57).contains(b[i]) else { return nil }; v = v * 10 + Int(b[i] - 48) }
        return v
    }

    /// A cell's number: plain integers without going through text, anything else via Double(String).
    @inline(__always)
    static func number(_ t: UnsafeBufferPointer<UInt8>) -> Double? {
        if t.count > 0, t.count < 16 {
            var v = 0
            var neg = false
            var i = 0
            if t[0] == 45 { neg = true; i = 1 }
            var ok = i < t.count
            while i < t.count { let c = t[i]; if c < 48 || c > 57 { ok = false; break }; v = v * 10 + Int(c - 48); i += 1 }
            if ok { return Double(neg ? -v : v) }
        }
        return Double(String(decoding: t, as: UTF8.self))
    }
}

extension CellColumnBuilder {
    init(copying other: CellColumnBuilder, name: String) {
        self.init(name: name, parseTemporalText: other.parseTemporalText)
        cells = other.cells
    }
}
