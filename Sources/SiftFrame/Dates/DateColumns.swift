/// Column kernels for dates: parsing and formatting with strftime formats, truncation to a
/// period, ISO weeks, month and day names, adding days and months, and date ranges.
///
/// Text columns that are dictionary-encoded (a few distinct dates repeated, as in most exports)
/// are parsed once per distinct value.
public enum DateColumns {
    /// Parses text with `format`: a date column, or a datetime column when `datetime`. Values
    /// that do not match are an error when `strict`, else null. Date and datetime inputs convert.
    public static func parse(_ c: Column, format: StrftimeFormat, datetime: Bool, strict: Bool, function: String) throws -> Column {
        try format.checkParseable()
        switch c.storage {
        case .date(let d):
            return datetime ? Column(name: c.name, storage: .datetime(d.map { Int64($0) * Temporal.microsPerDay }), validity: c.validity) : c
        case .datetime(let t):
            return datetime ? c : Column(name: c.name, storage: .date(t.map { Int32(clamping: CalendarMath.floorDiv($0, Temporal.microsPerDay)) }), validity: c.validity)
        case .string(let s):
            let n = c.count
            var valid = c.validity ?? Bitmap(count: n, allValid: true)
            var micros = [Int64](repeating: 0, count: n)
            func fail(_ text: String) throws {
                if strict {
                    throw FrameError("\(function)(): \"\(text)\" does not match the format \"\(format.text)\"", hint: "check the format, or pass strict: false to turn such values into null")
                }
            }
            switch s {
            case .dictionary(let codes, let values, _):
                var used = [Bool](repeating: false, count: values.count)
                for i in 0..<n where c.isValid(i) { used[Int(codes[i])] = true }
                var parsed = [Int64?](repeating: nil, count: values.count)
                for (k, v) in values.enumerated() where used[k] {
                    parsed[k] = format.parse(v)
                    if parsed[k] == nil { try fail(v) }
                }
                for i in 0..<n where c.isValid(i) {
                    if let t = parsed[Int(codes[i])] { micros[i] = t } else { valid[i] = false }
                }
            case .plain(let offsets, let bytes):
                try bytes.withUnsafeBufferPointer { b in
                    for i in 0..<n where c.isValid(i) {
                        if let t = format.parse(UnsafeBufferPointer(rebasing: b[offsets[i]..<offsets[i + 1]])) { micros[i] = t } else {
                            try fail(s.string(at: i))
                            valid[i] = false
                        }
                    }
                }
            }
            let storage: ColumnStorage = datetime ? .datetime(micros) : .date(micros.map { Int32(clamping: CalendarMath.floorDiv($0, Temporal.microsPerDay)) })
            return Column(name: c.name, storage: storage, validity: valid)
        default:
            throw FrameError("\(function)() needs text, got a \(c.type.rawValue) column")
        }
    }

    /// Microseconds of a date or datetime column (dates at midnight).
    static func micros(_ c: Column, _ function: String) throws -> [Int64] {
        switch c.storage {
        case .date(let d): return d.map { Int64($0) * Temporal.microsPerDay }
        case .datetime(let t): return t
        default: throw FrameError("\(function)() needs a date or datetime, got a \(c.type.rawValue) column", hint: "parse text first with parse_date(x, \"%Y-%m-%d\")")
        }
    }

    static func days(_ c: Column, _ function: String) throws -> [Int32] {
        switch c.storage {
        case .date(let d): return d
        case .datetime(let t): return t.map { Int32(clamping: CalendarMath.floorDiv($0, Temporal.microsPerDay)) }
        default: throw FrameError("\(function)() needs a date or datetime, got a \(c.type.rawValue) column", hint: "parse text first with parse_date(x, \"%Y-%m-%d\")")
        }
    }

    /// Dates as text in a strftime format (pandas' `dt.strftime`).
    public static func format(_ c: Column, _ f: StrftimeFormat) throws -> Column {
        let t = try micros(c, "format_date")
        // Many rows share few dates: format each distinct value once.
        var cache: [Int64: String] = [:]
        let out = (0..<c.count).map { i -> String in
            guard c.isValid(i) else { return "" }
            if let s = cache[t[i]] { return s }
            let s = f.format(t[i])
            if cache.count < 100_000 { cache[t[i]] = s }
            return s
        }
        return Column(name: c.name, storage: .string(.make(out)), validity: c.validity)
    }

    /// The start of each value's period; dates stay dates, datetimes stay datetimes.
    public static func trunc(_ c: Column, _ unit: CalendarMath.Unit) throws -> Column {
        switch c.storage {
        case .date(let d):
            guard [.day, .week, .month, .quarter, .year].contains(unit) else {
                throw FrameError("date_trunc(): a date has no \(unit.rawValue)s", hint: "units of a date: day, week, month, quarter, year")
            }
            return Column(name: c.name, storage: .date(d.map { CalendarMath.trunc($0, unit) }), validity: c.validity)
        case .datetime(let t):
            return Column(name: c.name, storage: .datetime(t.map { CalendarMath.trunc(micros: $0, unit) }), validity: c.validity)
        default:
            throw FrameError("date_trunc() needs a date or datetime, got a \(c.type.rawValue) column", hint: "parse text first with parse_date(x, \"%Y-%m-%d\")")
        }
    }

    /// ISO week number 1–53 (pandas' `dt.isocalendar().week`).
    public static func week(_ c: Column) throws -> Column {
        let d = try days(c, "week")
        return Column(name: c.name, storage: .int(d.map { Int64(CalendarMath.isoWeek($0).week) }), validity: c.validity)
    }

    /// English month or day names (pandas' `dt.month_name()`, `dt.day_name()`).
    public static func name(_ c: Column, month: Bool) throws -> Column {
        let d = try days(c, month ? "month_name" : "day_name")
        let codes = d.map { Int32(month ? Temporal.civil($0).month - 1 : Temporal.weekday($0) - 1) }
        let values = month ? StrftimeFormat.monthNames : StrftimeFormat.dayNames
        // Calendar order, not alphabetical: sorting by the name sorts January before February.
        return Column(name: c.name, storage: .string(.dictionary(codes: codes, values: values, ordered: true)), validity: c.validity)
    }

    /// `x + n` days (n per row or one for all); datetimes keep their time of day.
    public static func addDays(_ c: Column, _ n: Column) throws -> Column {
        try add(c, n, "add_days") { d, k in
            let (r, o) = Int64(d).addingReportingOverflow(k)
            return o || r > Int64(Int32.max) || r < Int64(Int32.min) ? nil : Int32(r)
        }
    }

    /// `x + n` calendar months, the day clamped to the month's end (pandas' `DateOffset(months=n)`).
    public static func addMonths(_ c: Column, _ n: Column) throws -> Column {
        try add(c, n, "add_months") { CalendarMath.addMonths($0, $1) }
    }

    static func add(_ c: Column, _ n: Column, _ function: String, _ step: (Int32, Int64) -> Int32?) throws -> Column {
        guard n.count == c.count else { throw FrameError("\(function)(): \(c.count) dates but \(n.count) amounts") }
        guard case .int(let k) = n.storage else { throw FrameError("\(function)() needs whole numbers to add, got \(n.type.rawValue)") }
        var valid = Bitmap.and(c.validity, n.validity) ?? Bitmap(count: c.count, allValid: true)
        switch c.storage {
        case .date(let d):
            var out = [Int32](repeating: 0, count: d.count)
            for i in 0..<d.count where valid[i] {
                if let r = step(d[i], k[i]) { out[i] = r } else { valid[i] = false }
            }
            return Column(name: c.name, storage: .date(out), validity: valid)
        case .datetime(let t):
            var out = [Int64](repeating: 0, count: t.count)
            for i in 0..<t.count where valid[i] {
                let day = CalendarMath.floorDiv(t[i], Temporal.microsPerDay)
                let time = t[i] - day * Temporal.microsPerDay
                // A day past ±292,000 years has no microsecond datetime: null, like any date out of range.
                if let r = step(Int32(clamping: day), k[i]),
                   case let (m, o) = Int64(r).multipliedReportingOverflow(by: Temporal.microsPerDay), !o,
                   case let (t, o2) = m.addingReportingOverflow(time), !o2 { out[i] = t } else { valid[i] = false }
            }
            return Column(name: c.name, storage: .datetime(out), validity: valid)
        default:
            throw FrameError("\(function)() needs a date or datetime, got a \(c.type.rawValue) column", hint: "parse text first with parse_date(x, \"%Y-%m-%d\")")
        }
    }

    /// Dates from `start` to `end` inclusive every `count` `unit`s (pandas' `date_range` with
    /// "D", "W", "MS", "QS", "YS" when start is on the period's first day; months step from
    /// start's day, clamped to each month's end).
    public static func range(from start: Int32, to end: Int32, every count: Int, _ unit: CalendarMath.Unit, limit: Int) throws -> [Int32] {
        guard count > 0 else { throw FrameError("date_range() needs a positive step") }
        let factor: Int64
        switch unit {
        case .day, .month: factor = 1
        case .week: factor = 7
        case .quarter: factor = 3
        case .year: factor = 12
        default: throw FrameError("date_range() steps by day, week, month, quarter or year")
        }
        var out: [Int32] = []
        var k = 0
        while true {
            // The k-th step, in days or months; any overflow means past every date (the end).
            let (steps, o1) = Int64(k).multipliedReportingOverflow(by: Int64(count))
            let (offset, o2) = steps.multipliedReportingOverflow(by: factor)
            var d: Int32? = nil
            if !o1 && !o2 {
                if unit == .day || unit == .week {
                    let (sum, o3) = Int64(start).addingReportingOverflow(offset)
                    d = o3 ? nil : Int32(exactly: sum)
                } else {
                    d = CalendarMath.addMonths(start, offset)
                }
            }
            guard let d, d <= end else { break }
            out.append(d)
            k += 1
            guard out.count <= limit else { throw FrameError("date_range() would make more than \(limit) dates", hint: "use a larger step or a shorter span") }
        }
        return out
    }
}

extension DateColumns {
    /// `read_csv(dates: "%d/%m/%Y")`: every text column (but those in `except`) whose non-null
    /// values all match the format, and that has at least one, becomes a date column (datetime
    /// when the format has a time). Others stay as they are: a column of names never half-parses.
    public static func parseMatching(_ f: Frame, format: StrftimeFormat, except: Set<String>) throws -> Frame {
        try format.checkParseable()
        var out = f
        for c in f.columns where c.type == .string && !except.contains(c.name) && c.nullCount < c.count {
            let parsed = try parse(c, format: format, datetime: format.hasTime, strict: false, function: "read_csv")
            if parsed.nullCount == c.nullCount { out = try out.with(parsed) }
        }
        return out
    }
}
