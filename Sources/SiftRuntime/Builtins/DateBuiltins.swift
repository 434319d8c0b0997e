import SiftFrame
import SiftLanguage

/// Dates and times beyond the calendar parts: strftime parsing and formatting, truncation to
/// weeks/months/quarters/years, ISO weeks, names, adding days and months, and date ranges.
/// Monthly (or weekly) aggregation is `group_by(month = date_trunc(d, "month")) |> summarize(…)`.
extension Session {
    func registerDates() {
        let I = interpreter
        for (name, datetime) in [("parse_date", false), ("parse_datetime", true)] {
            I.define(name, "\(name)(x, format: string = \"\(datetime ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d")\", *, strict: bool = true)",
                     "Reads text as \(datetime ? "a datetime" : "a date") with a strftime format (%Y %m %d %H %M %S %y %b %B %a %A %j %f %p %I; as pandas' to_datetime(format=…)); strict: false turns text that does not match into null.",
                     example: datetime ? "mutate(at = parse_datetime(stamp, \"%d/%m/%Y %H:%M\"))" : "mutate(day = parse_date(day_text, \"%d/%m/%Y\"))", category: "dates") { ctx in
                let format = try Self.strftime(ctx, "format", position: 1)
                let strict = try ctx.bool(ctx.optional("strict") ?? .bool(true), "strict")
                return try Args.liftValues(ctx.value(0), ctx) { try DateColumns.parse($0, format: format, datetime: datetime, strict: strict, function: name) }
            }
        }
        I.define("format_date", "format_date(x, format: string)", "Dates or datetimes as text in a strftime format (pandas' dt.strftime): also %u (weekday 1–7), %V/%G (ISO week and year), %U/%W (week of year).",
                 example: "mutate(label = format_date(order_date, \"%b %Y\"))", category: "dates") { ctx in
            let format = try Self.strftime(ctx, "format", position: 1)
            return try Args.liftValues(ctx.value(0), ctx) { try DateColumns.format($0, format) }
        }
        I.define("date_trunc", "date_trunc(x, unit: string)", "The first day of each value's week (from Monday), month, quarter or year (also day; hour, minute, second for datetimes), as pandas' dt.to_period(…).start_time. Group by it to aggregate per period.",
                 example: "group_by(month = date_trunc(order_date, \"month\")) |> summarize(revenue = sum(amount))", category: "dates") { ctx in
            let unitText = try ctx.string(ctx.value(1), "the unit", at: ctx.span(of: 1))
            guard let unit = CalendarMath.Unit(rawValue: unitText) else {
                throw ctx.error("unknown unit \"\(unitText)\"", hint: "units: " + CalendarMath.Unit.allCases.map(\.rawValue).joined(separator: ", "), at: ctx.span(of: 1))
            }
            return try Args.liftValues(ctx.value(0), ctx) { try DateColumns.trunc($0, unit) }
        }
        I.define("week", "week(date)", "The ISO week number (1–53; weeks start Monday), as pandas' dt.isocalendar().week.",
                 example: "mutate(order_week = week(order_date))", category: "dates") { ctx in
            try Args.liftValues(ctx.value(0), ctx) { try DateColumns.week($0) }
        }
        I.define("month_name", "month_name(date)", "The month's English name (January …), sorting in calendar order; pandas' dt.month_name().",
                 example: "mutate(m = month_name(order_date))", category: "dates") { ctx in
            try Args.liftValues(ctx.value(0), ctx) { try DateColumns.name($0, month: true) }
        }
        I.define("day_name", "day_name(date)", "The weekday's English name (Monday …), sorting Monday first; pandas' dt.day_name().",
                 example: "mutate(d = day_name(order_date))", category: "dates") { ctx in
            try Args.liftValues(ctx.value(0), ctx) { try DateColumns.name($0, month: false) }
        }
        for (name, months) in [("add_days", false), ("add_months", true)] {
            I.define(name, "\(name)(x, n)", months
                     ? "Adds n calendar months (n may be a column); the day is clamped to the month's end (Jan 31 + 1 month = Feb 28), as pandas' DateOffset(months=n)."
                     : "Adds n days (n may be a column; negative goes back); the same as x + n for dates.",
                     example: months ? "mutate(renewal = add_months(order_date, 12))" : "mutate(due = add_days(order_date, 30))", category: "dates") { ctx in
                let x = try ctx.value(0), n = try ctx.value(1)
                let (a, b, scalar) = try Self.pair(x, n)
                guard b.type == .int || b.nullCount == b.count else {
                    throw ctx.error("\(name)() adds whole numbers, got \(n.typeName)", at: ctx.span(of: 1))
                }
                let amounts = b.type == .int ? b : Column.constant(.null, count: b.count, type: .int)
                let r = try ctx.at(ctx.span) { months ? try DateColumns.addMonths(a, amounts) : try DateColumns.addDays(a, amounts) }
                return scalar ? Value(r[0]) : .column(r)
            }
        }
        I.define("date_range", "date_range(start, end, *, by: string = \"day\")",
                 "Dates from start to end (inclusive) every day, week, month, quarter or year, or a number of them (by: \"2 weeks\", \"3 months\"); a column named date, as pandas' date_range. Months step from start's day, clamped to each month's end.",
                 example: "frame(date: date_range(date(\"2024-01-01\"), date(\"2024-12-01\"), by: \"month\"))", category: "dates") { [unowned self] ctx in
            func day(_ i: Int) throws -> Int32 {
                switch try ctx.value(i) {
                case .date(let d): return d
                case .datetime(let t): return Int32(clamping: t >= 0 ? t / Temporal.microsPerDay : (t - Temporal.microsPerDay + 1) / Temporal.microsPerDay)
                case .string(let s):
                    guard let d = Temporal.parseDate(s) else { throw ctx.error("\"\(s)\" is not a YYYY-MM-DD date", at: ctx.span(of: i)) }
                    return d
                case let v: throw ctx.error("date_range() needs dates, got \(withArticle(v.typeName))", at: ctx.span(of: i))
                }
            }
            let start = try day(0), end = try day(1)
            let byText = try ctx.string(ctx.optional("by") ?? .string("day"), "by", at: ctx.span(ofNamed: "by"))
            guard let (count, unit) = Self.step(byText) else {
                throw ctx.error("by: must be a step such as \"day\", \"week\", \"month\", \"quarter\", \"year\" or \"2 weeks\", got \"\(byText)\"", at: ctx.span(ofNamed: "by"))
            }
            let days = try ctx.at(ctx.span) { try DateColumns.range(from: start, to: end, every: count, unit, limit: self.limits.maxResultRows) }
            return .column(Column(name: "date", storage: .date(days)))
        }
    }

    /// "month", "2 weeks", "3months", "day" → (count, unit).
    static func step(_ text: String) -> (Int, CalendarMath.Unit)? {
        let t = text.lowercased().filter { $0 != " " }
        let digits = t.prefix { $0.isNumber }
        var unit = String(t.dropFirst(digits.count))
        if unit.hasSuffix("s") { unit.removeLast() }
        guard let u = CalendarMath.Unit(rawValue: unit), [.day, .week, .month, .quarter, .year].contains(u) else { return nil }
        let n = digits.isEmpty ? 1 : Int(digits) ?? 0
        return n > 0 ? (n, u) : nil
    }

    static func strftime(_ ctx: CallContext, _ name: String, position: Int) throws -> StrftimeFormat {
        let text = try ctx.string(ctx.required(name, position: position), name, at: ctx.span(ofNamed: name))
        return try ctx.at(ctx.span(ofNamed: name) ?? ctx.span) { try StrftimeFormat(text) }
    }
}

extension Args {
    /// `lift` that also takes a list of plain values (as one column): `parse_date(["03/02/2024"], …)`.
    static func liftValues(_ v: Value, _ ctx: CallContext, _ f: (Column) throws -> Column) throws -> Value {
        if case .list = v { return .column(try f(try column(v, ctx))) }
        return try lift(v, ctx, f)
    }
}
