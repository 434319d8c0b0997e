/// Calendar steps on day counts: ISO weeks, truncation to a period's start, adding months (with
/// the day clamped to the month's end, as pandas' `DateOffset(months=n)`).
public enum CalendarMath {
    @inline(__always) static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// ISO 8601 week-numbering year and week (weeks start Monday; week 1 holds the year's first
    /// Thursday), as pandas' `dt.isocalendar()`.
    public static func isoWeek(_ day: Int32) -> (year: Int, week: Int) {
        let thursday = day - Int32(Temporal.weekday(day)) + 4
        let y = Temporal.civil(thursday).year
        let jan1 = Temporal.days(year: y, month: 1, day: 1)
        return (y, Int(thursday - jan1) / 7 + 1)
    }

    public enum Unit: String, CaseIterable, Sendable { case day, week, month, quarter, year, hour, minute, second }

    /// The first day of the period holding `day` (weeks start on Monday).
    public static func trunc(_ day: Int32, _ unit: Unit) -> Int32 {
        switch unit {
        case .day, .hour, .minute, .second: return day
        case .week: return day - Int32(Temporal.weekday(day) - 1)
        case .month:
            let (y, m, _) = Temporal.civil(day)
            return Temporal.days(year: y, month: m, day: 1)
        case .quarter:
            let (y, m, _) = Temporal.civil(day)
            return Temporal.days(year: y, month: (m - 1) / 3 * 3 + 1, day: 1)
        case .year: return Temporal.days(year: Temporal.civil(day).year, month: 1, day: 1)
        }
    }

    /// The start of the period holding a datetime (microseconds).
    public static func trunc(micros t: Int64, _ unit: Unit) -> Int64 {
        let day = floorDiv(t, Temporal.microsPerDay)
        switch unit {
        case .hour: return floorDiv(t, 3_600_000_000) * 3_600_000_000
        case .minute: return floorDiv(t, 60_000_000) * 60_000_000
        case .second: return floorDiv(t, 1_000_000) * 1_000_000
        default: return Int64(trunc(Int32(clamping: day), unit)) * Temporal.microsPerDay
        }
    }

    /// `day` plus `months` calendar months, the day of month clamped to the target month's length
    /// (Jan 31 + 1 month = Feb 28/29); nil beyond the supported years.
    public static func addMonths(_ day: Int32, _ months: Int64) -> Int32? {
        let (y, m, d) = Temporal.civil(day)
        let (total, o) = Int64(y * 12 + (m - 1)).addingReportingOverflow(months)
        guard !o, abs(total / 12) < 1_000_000 else { return nil }
        let ny = Int(floorDiv(total, 12)), nm = Int(total - Int64(ny) * 12) + 1
        return Temporal.days(year: ny, month: nm, day: min(d, Temporal.daysIn(month: nm, year: ny)))
    }
}
