import SiftFrame

/// Tick marks for a date axis at calendar boundaries. Round numbers of days (what a plain numeric
/// axis would pick: day 19,000, 19,500) fall on arbitrary dates and pad the axis by up to a step
/// of years; a reader expects the first of a month, a quarter or a year.
enum CalendarTicks {
    /// A tick interval: a number of hours, days or months (quarters are 3 months, years 12).
    enum Unit: Equatable {
        case hours(Int), days(Int), months(Int)

        /// Roughly how many days one step covers, to choose a unit from the span.
        var approximateDays: Double {
            switch self {
            case .hours(let h): return Double(h) / 24
            case .days(let d): return Double(d)
            case .months(let m): return Double(m) * 30.44
            }
        }
    }

    static let units: [Unit] = [
        .hours(1), .hours(3), .hours(6), .hours(12),
        .days(1), .days(2), .days(7), .days(14),
        .months(1), .months(3), .months(6), .months(12), .months(24), .months(60), .months(120),
        .months(240), .months(600), .months(1200), .months(6000), .months(12000),
    ]

    static func ticks(lo: Double, hi: Double, maxTicks: Int) -> [ChartScale.Tick] {
        let span = hi - lo
        let unit = units.first { span / $0.approximateDays <= Double(maxTicks) } ?? .months(120_000)
        var out: [ChartScale.Tick] = []
        switch unit {
        case .hours(let h):
            let step = Double(h) / 24
            var v = (lo / step).rounded(.up) * step
            var previousDay: Int32? = nil
            for _ in 0..<(maxTicks * 2 + 2) where v <= hi + 1e-9 {
                let day = Int32((v + 1e-9).rounded(.down))
                let minutes = Int(((v - Double(day)) * 1440).rounded())
                let clock = pad(minutes / 60) + ":" + pad(minutes % 60)
                // The date on the first tick and wherever the day changes.
                out.append(.init(value: v, label: previousDay == day ? clock : label(day: day, style: .day) + " " + clock))
                previousDay = day
                v += step
            }
        case .days(let d):
            var day = Int32(lo.rounded(.up))
            if d == 7 {
                // Weeks start on Mondays.
                while Temporal.weekday(day) != 1 { day += 1 }
            } else if d > 1 {
                day += Int32((Int(d) - Int(day) % d) % d)
            }
            var previousYear: Int? = nil
            while Double(day) <= hi + 1e-9 && out.count < maxTicks * 2 {
                let year = Temporal.civil(day).year
                out.append(.init(value: Double(day), label: label(day: day, style: previousYear == nil || previousYear != year ? .dayWithYear : .day)))
                previousYear = year
                day += Int32(d)
            }
        case .months(let m):
            let first = Temporal.civil(Int32(lo.rounded(.up)))
            // The first boundary at or after lo that is a multiple of the step (January for years,
            // January/April/July/October for quarters, years divisible by the step for decades).
            var index = first.year * 12 + (first.month - 1)
            if Temporal.days(year: first.year, month: first.month, day: 1) < Int32(lo.rounded(.up)) { index += 1 }
            index += ((m - index % m) % m)
            var previousYear: Int? = nil
            while out.count < maxTicks * 2 {
                let year = index >= 0 ? index / 12 : (index - 11) / 12
                let month = index - year * 12 + 1
                let day = Temporal.days(year: year, month: month, day: 1)
                if Double(day) > hi + 1e-9 { break }
                let style: LabelStyle = m >= 12 ? .year : m % 3 == 0 ? .quarter : (previousYear != year ? .monthWithYear : .month)
                out.append(.init(value: Double(day), label: label(day: day, style: style)))
                previousYear = year
                index += m
            }
        }
        // A span shorter than one step of the chosen unit has no boundary inside: label its ends.
        if out.isEmpty {
            let a = Int32(lo.rounded(.down)), b = Int32(hi.rounded(.down))
            out = [.init(value: lo, label: label(day: a, style: .dayWithYear))]
            if b != a { out.append(.init(value: hi, label: label(day: b, style: .dayWithYear))) }
        }
        return out
    }

    enum LabelStyle { case year, quarter, monthWithYear, month, dayWithYear, day }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func label(day: Int32, style: LabelStyle) -> String {
        let (y, m, d) = Temporal.civil(day)
        switch style {
        case .year: return String(y)
        case .quarter: return "Q\((m - 1) / 3 + 1) \(y)"
        case .monthWithYear: return "\(monthNames[m - 1]) \(y)"
        case .month: return monthNames[m - 1]
        case .dayWithYear: return "\(monthNames[m - 1]) \(d), \(y)"
        case .day: return "\(monthNames[m - 1]) \(d)"
        }
    }

    static func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
}
