/// Calendar arithmetic on the proleptic Gregorian calendar, in UTC, without Foundation: dates are
/// day counts and datetimes microsecond counts since 1970-01-01, so they sort and subtract as
/// integers. (Algorithms after Howard Hinnant's "chrono-compatible low-level date algorithms".)
public enum Temporal {
    public static let microsPerDay: Int64 = 86_400_000_000

    public static func days(year: Int, month: Int, day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146_097 + doe - 719_468)
    }

    public static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    public static func weekday(_ days: Int32) -> Int {
        let w = (Int(days) + 3) % 7  // 1970-01-01 was a Thursday (3 with Monday = 0)
        return (w < 0 ? w + 7 : w) + 1
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD`). Returns nil unless the whole slice is a real date.
    public static func parseDate(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard b.count == 10, b[4] == b[7], b[4] == UInt8(ascii: "-") || b[4] == UInt8(ascii: "/") else { return nil }
        guard let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2) else { return nil }
        guard m >= 1, m <= 12, d >= 1, d <= daysIn(month: m, year: y) else { return nil }
        return days(year: y, month: m, day: d)
    }

    /// Parses `YYYY-MM-DD[T| ]HH:MM[:SS[.ffffff]][Z]`.
    public static func parseDateTime(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count >= 16, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") else { return nil }
        guard let d = parseDate(UnsafeBufferPointer(rebasing: b[0..<10])) else { return nil }
        guard b[13] == UInt8(ascii: ":"), let hh = digits(b, 11, 2), let mm = digits(b, 14, 2), hh < 24, mm < 60 else { return nil }
        var end = b.count
        if b[end - 1] == UInt8(ascii: "Z") { end -= 1 }
        var ss = 0, micros = 0
        var i = 16
        if i < end {
            guard b[i] == UInt8(ascii: ":"), i + 3 <= end, let s = digits(b, i + 1, 2), s < 61 else { return nil }
            ss = s
            i += 3
            if i < end {
                guard b[i] == UInt8(ascii: "."), i + 1 < end else { return nil }
                i += 1
                var scale = 100_000
                while i < end {
                    let c = b[i]
                    guard c >= 48, c <= 57 else { return nil }
                    micros += Int(c - 48) * scale
                    scale /= 10
                    i += 1
                }
            }
        }
        guard i == end else { return nil }
        return Int64(d) * microsPerDay + Int64(hh * 3600 + mm * 60 + ss) * 1_000_000 + Int64(micros)
    }

    public static func parseDate(_ s: String) -> Int32? {
        var s = s
        return s.withUTF8 { parseDate($0) }
    }

    public static func parseDateTime(_ s: String) -> Int64? {
        var s = s
        return s.withUTF8 { parseDateTime($0) }
    }

    @inline(__always) private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ n: Int) -> Int? {
        var v = 0
        for i in at..<(at + n) {
            let c = b[i]
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    public static func formatDate(_ days: Int32) -> String {
        let (y, m, d) = civil(days)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    public static func formatDateTime(_ micros: Int64) -> String {
        var day = micros / microsPerDay
        var rest = micros % microsPerDay
        if rest < 0 { rest += microsPerDay; day -= 1 }
        let secs = Int(rest / 1_000_000)
        let frac = Int(rest % 1_000_000)
        var s = formatDate(Int32(truncatingIfNeeded: day)) + " " + pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2) + ":" + pad(secs % 60, 2)
        if frac != 0 {
            var f = pad(frac, 6)
            while f.hasSuffix("0") { f.removeLast() }
            s += "." + f
        }
        return s
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(abs(v))
        let body = s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        return v < 0 ? "-" + body : body
    }
}
