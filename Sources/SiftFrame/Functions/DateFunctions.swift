/// Calendar parts and differences for date and datetime columns.
public enum DateFunctions {
    public enum Part: String, Sendable { case year, month, day, weekday, hour, minute, second, quarter, dayOfYear = "day_of_year" }

    static func days(_ c: Column, _ fn: String) throws -> [Int32] {
        switch c.storage {
        case .date(let d): return d
        case .datetime(let t): return t.map { Int32(clamping: Cast.floorDiv($0, Temporal.microsPerDay)) }
        case .string:
            return try days(Cast.cast(c, to: .date), fn)
        default: throw FrameError("\(fn)() needs a date, got a \(c.type.rawValue) column", hint: "parse text with date(x)")
        }
    }

    public static func part(_ c: Column, _ part: Part) throws -> Column {
        let fn = part.rawValue
        if [.hour, .minute, .second].contains(part) {
            guard case .datetime(let t) = c.storage else {
                if case .date = c.storage { return Column(name: c.name, storage: .int(Array(repeating: 0, count: c.count)), validity: c.validity) }
                throw FrameError("\(fn)() needs a datetime, got a \(c.type.rawValue) column")
            }
            let out = t.map { v -> Int64 in
                var r = v % Temporal.microsPerDay
                if r < 0 { r += Temporal.microsPerDay }
                let s = r / 1_000_000
                return part == .hour ? s / 3600 : part == .minute ? s / 60 % 60 : s % 60
            }
            return Column(name: c.name, storage: .int(out), validity: c.validity)
        }
        let d = try days(c, fn)
        let valid = c.type == .string ? try Cast.cast(c, to: .date).validity : c.validity
        let out: [Int64] = d.map { day in
            switch part {
            case .weekday: return Int64(Temporal.weekday(day))
            case .dayOfYear:
                let y = Temporal.civil(day).year
                return Int64(day - Temporal.days(year: y, month: 1, day: 1) + 1)
            default:
                let (y, m, dd) = Temporal.civil(day)
                switch part {
                case .year: return Int64(y)
                case .month: return Int64(m)
                case .quarter: return Int64((m - 1) / 3 + 1)
                default: return Int64(dd)
                }
            }
        }
        return Column(name: c.name, storage: .int(out), validity: valid)
    }

    /// Whole days from `a` to `b` (positive when `b` is later), as in `days_between(signup, today)`.
    /// With a datetime on either side, whole days of elapsed time rounded down, as pandas'
    /// `(b - a).days` (23:00 to 01:00 the next day is 0); a date counts from its midnight.
    public static func daysBetween(_ a: Column, _ b: Column) throws -> Column {
        let x = try days(a, "days_between"), y = try days(b, "days_between")
        guard x.count == y.count else { throw FrameError("days_between() got columns of different lengths") }
        let va = a.type == .string ? try Cast.cast(a, to: .date).validity : a.validity
        let vb = b.type == .string ? try Cast.cast(b, to: .date).validity : b.validity
        guard a.type == .datetime || b.type == .datetime else {
            return Column(name: a.name, storage: .int(zip(x, y).map { Int64($1) - Int64($0) }), validity: Bitmap.and(va, vb))
        }
        // Microseconds of each side (nil past ±292,000 years, where 64 bits of them overflow).
        func micros(_ c: Column, _ d: [Int32]) -> [Int64?] {
            if case .datetime(let t) = c.storage { return t }
            return d.map { let (m, o) = Int64($0).multipliedReportingOverflow(by: Temporal.microsPerDay); return o ? nil : m }
        }
        let (ma, mb) = (micros(a, x), micros(b, y))
        let out = (0..<x.count).map { i -> Int64 in
            // Out of microsecond range: whole calendar days are exact enough there.
            guard let s = ma[i], let e = mb[i] else { return Int64(y[i]) - Int64(x[i]) }
            let (d, o) = e.subtractingReportingOverflow(s)
            return o ? Int64(y[i]) - Int64(x[i]) : Cast.floorDiv(d, Temporal.microsPerDay)
        }
        return Column(name: a.name, storage: .int(out), validity: Bitmap.and(va, vb))
    }
}
