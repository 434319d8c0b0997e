import SiftFrame

/// Builds one column from cells that arrive one by one with their own types (JSON values, Excel
/// cells), then settles the column's type from all of them: int when every value is an integer,
/// float when all are numbers, bool, date, datetime (ISO text too, when `parseTemporalText`),
/// and string when kinds mix (numbers and booleans then keep their text form).
struct CellColumnBuilder {
    let name: String
    var cells: [Scalar] = []
    var parseTemporalText: Bool

    init(name: String, padding: Int = 0, parseTemporalText: Bool = true) {
        self.name = name
        self.parseTemporalText = parseTemporalText
        cells = Array(repeating: .null, count: padding)
    }

    mutating func append(_ s: Scalar) { cells.append(s) }
    mutating func pad(to n: Int) { if cells.count < n { cells.append(contentsOf: repeatElement(.null, count: n - cells.count)) } }

    func inferredType() -> DataType? {
        var type: DataType? = nil
        var allTemporalText = parseTemporalText
        var sawText = false
        for c in cells {
            guard let t = c.dataType else { continue }
            if t == .string {
                sawText = true
                if allTemporalText, case .string(let s) = c, Temporal.parseDate(s) == nil, Temporal.parseDateTime(s) == nil { allTemporalText = false }
            }
            if type == nil { type = t; continue }
            if type == t { continue }
            if (type == .int && t == .float) || (type == .float && t == .int) { type = .float; continue }
            if (type == .date && t == .datetime) || (type == .datetime && t == .date) { type = .datetime; continue }
            type = .string
        }
        if type == .string, sawText, allTemporalText {
            // ISO text (and real dates) only: a date column, or datetime when any has a time.
            var anyTime = false
            for c in cells {
                switch c {
                case .string(let s): if Temporal.parseDate(s) == nil { anyTime = true }
                case .datetime: anyTime = true
                case .date, .null: break
                default: return .string
                }
            }
            return anyTime ? .datetime : .date
        }
        return type
    }

    /// The finished column, with `forced` overriding inference (cells that do not convert are
    /// an error naming the first one).
    func column(forced: DataType? = nil, source: String) throws -> Column {
        let t = forced ?? inferredType() ?? .string
        var converted = cells
        for (i, c) in cells.enumerated() {
            guard let ct = c.dataType, ct != t else { continue }
            guard let v = convert(c, to: t) else {
                throw FrameError("\(source): column '\(name)' row \(i + 1): \(ScalarFormat.plain(c)) is not \(withArticleIO(t.rawValue))", hint: "read it as string with types: {\(name): \"string\"}")
            }
            converted[i] = v
        }
        return Column.from(scalars: converted, name: name, type: t)
    }

    func convert(_ c: Scalar, to t: DataType) -> Scalar? {
        switch (c, t) {
        case (.int(let v), .float): return .float(Double(v))
        case (.date(let d), .datetime): return .datetime(Int64(d) * Temporal.microsPerDay)
        case (.bool(let b), .int): return .int(b ? 1 : 0)
        case (.bool(let b), .float): return .float(b ? 1 : 0)
        case (_, .string): return .string(ScalarFormat.plain(c))
        case (.string(let s), _): return Scalar.parse(s, as: t)
        case (.float(let v), .int): return v == v.rounded() && abs(v) < 9.2e18 ? .int(Int64(v)) : nil
        case (.datetime(let m), .date):
            let (q, r) = m.quotientAndRemainder(dividingBy: Temporal.microsPerDay)
            return .date(Int32(truncatingIfNeeded: r < 0 ? q - 1 : q))
        default: return nil
        }
    }
}

func withArticleIO(_ noun: String) -> String {
    guard let first = noun.lowercased().first else { return noun }
    return ("aeiou".contains(first) ? "an " : "a ") + noun
}
