/// strftime-style date formats, parsed once into parts, for `parse_date`/`parse_datetime`,
/// `format_date` and `read_csv(dates:)`: the directives pandas' `to_datetime(format=…)` and
/// `dt.strftime` use, with English month and day names (C locale) and no time zones.
///
/// Parsing (as Python's strptime): `%Y` four digits, `%m %d %H %I %M %S` one or two, `%y` two
/// (69–99 → 19xx, 00–68 → 20xx), `%j` day of year, `%f` up to six fraction digits, `%b %B`
/// month names and `%a %A` day names in any case, `%p` AM/PM, `%%` a percent sign; any other
/// character must match itself, and the whole text must be used.
public struct StrftimeFormat: Sendable {
    enum Piece: Sendable, Equatable {
        case literal(UInt8)
        case directive(Character)
    }

    let pieces: [Piece]
    public let text: String
    /// True when the format has a time of day (hours, minutes, seconds or fractions).
    public let hasTime: Bool

    public static let directives: Set<Character> = ["Y", "m", "d", "H", "I", "M", "S", "y", "j", "f", "b", "B", "h", "a", "A", "p", "%", "u", "w", "V", "G", "U", "W", "e"]
    static let parseable: Set<Character> = ["Y", "m", "d", "H", "I", "M", "S", "y", "j", "f", "b", "B", "h", "a", "A", "p", "%", "e"]

    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    public static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    public init(_ text: String) throws {
        self.text = text
        var pieces: [Piece] = []
        var chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "%" {
                guard i + 1 < chars.count else { throw FrameError("the format \"\(text)\" ends with a lone %", hint: "write %% for a percent sign") }
                let d = chars[i + 1]
                guard Self.directives.contains(d) else {
                    throw FrameError("unknown directive %\(d) in the format \"\(text)\"", hint: "use %Y %m %d %H %M %S %y %b %B %a %A %j %f %p %I %u %V %%")
                }
                pieces.append(d == "%" ? .literal(UInt8(ascii: "%")) : .directive(d))
                i += 2
            } else {
                for b in String(chars[i]).utf8 { pieces.append(.literal(b)) }
                i += 1
            }
        }
        chars.removeAll()
        self.pieces = pieces
        hasTime = pieces.contains { if case .directive(let d) = $0 { return "HIMSfp".contains(d) }; return false }
    }

    /// Fails unless every directive can be read back (`%u`, `%V` and the like only format).
    public func checkParseable() throws {
        for case .directive(let d) in pieces where !Self.parseable.contains(d) {
            throw FrameError("%\(d) can be written by format_date but not read back", hint: "parse with %Y %m %d %H %M %S %y %b %B %a %A %j %f %p %I")
        }
    }

    /// Microseconds since 1970-01-01 of the text, or nil when it does not match the format.
    public func parse(_ s: String) -> Int64? {
        var bytes = Array(s.utf8)
        return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    public func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0
        var dayOfYear: Int? = nil
        var pm: Bool? = nil
        var twelveHour = false
        func number(_ maxDigits: Int, minDigits: Int = 1) -> Int? {
            var v = 0, k = 0
            while k < maxDigits, i < b.count, b[i] >= 48, b[i] <= 57 { v = v * 10 + Int(b[i] - 48); i += 1; k += 1 }
            return k >= minDigits ? v : nil
        }
        func name(_ names: [String]) -> Int? {
            // Full names first, then three-letter abbreviations, in any case.
            for full in [true, false] {
                for (k, n) in names.enumerated() {
                    let word = Array((full ? n : String(n.prefix(3))).utf8)
                    guard i + word.count <= b.count else { continue }
                    var same = true
                    for j in 0..<word.count where b[i + j] | 0x20 != word[j] | 0x20 { same = false; break }
                    if same { i += word.count; return k }
                }
            }
            return nil
        }
        for p in pieces {
            switch p {
            case .literal(let c):
                // A space in the format matches any run of whitespace (as strptime).
                if c == 32 {
                    guard i < b.count, b[i] == 32 || b[i] == 9 else { return nil }
                    while i < b.count, b[i] == 32 || b[i] == 9 { i += 1 }
                    continue
                }
                guard i < b.count, b[i] == c else { return nil }
                i += 1
            case .directive(let d):
                switch d {
                case "Y": guard let v = number(4, minDigits: 4) else { return nil }; year = v
                case "y": guard let v = number(2, minDigits: 2) else { return nil }; year = v < 69 ? 2000 + v : 1900 + v
                case "m": guard let v = number(2), (1...12).contains(v) else { return nil }; month = v
                case "d", "e":
                    if d == "e" { while i < b.count, b[i] == 32 { i += 1 } }
                    guard let v = number(2), (1...31).contains(v) else { return nil }; day = v
                case "H": guard let v = number(2), v < 24 else { return nil }; hour = v
                case "I": guard let v = number(2), (1...12).contains(v) else { return nil }; hour = v; twelveHour = true
                case "M": guard let v = number(2), v < 60 else { return nil }; minute = v
                case "S": guard let v = number(2), v < 62 else { return nil }; second = min(v, 59)
                case "j": guard let v = number(3), (1...366).contains(v) else { return nil }; dayOfYear = v
                case "f":
                    var scale = 100_000, k = 0
                    while k < 6, i < b.count, b[i] >= 48, b[i] <= 57 { micros += Int(b[i] - 48) * scale; scale /= 10; i += 1; k += 1 }
                    guard k > 0 else { return nil }
                case "b", "B", "h": guard let v = name(Self.monthNames) else { return nil }; month = v + 1
                case "a", "A": guard name(Self.dayNames) != nil else { return nil }
                case "p":
                    guard i + 2 <= b.count else { return nil }
                    let a = b[i] | 0x20, m = b[i + 1] | 0x20
                    guard m == UInt8(ascii: "m"), a == UInt8(ascii: "a") || a == UInt8(ascii: "p") else { return nil }
                    pm = a == UInt8(ascii: "p")
                    i += 2
                default: return nil
                }
            }
        }
        guard i == b.count else { return nil }
        if twelveHour, let pm { hour = hour % 12 + (pm ? 12 : 0) }
        let days: Int32
        if let doy = dayOfYear {
            let last = Temporal.daysIn(month: 2, year: year) == 29 ? 366 : 365
            guard doy <= last else { return nil }
            days = Temporal.days(year: year, month: 1, day: 1) + Int32(doy - 1)
        } else {
            guard day <= Temporal.daysIn(month: month, year: year) else { return nil }
            days = Temporal.days(year: year, month: month, day: day)
        }
        return Int64(days) * Temporal.microsPerDay + Int64(hour * 3600 + minute * 60 + second) * 1_000_000 + Int64(micros)
    }

    /// The text of a datetime (microseconds since 1970-01-01) in this format.
    public func format(_ t: Int64) -> String {
        let day = Int32(clamping: CalendarMath.floorDiv(t, Temporal.microsPerDay))
        let rest = t - Int64(day) * Temporal.microsPerDay
        let (y, m, d) = Temporal.civil(day)
        let secs = Int(rest / 1_000_000), micros = Int(rest % 1_000_000)
        let hour = secs / 3600, minute = secs / 60 % 60, second = secs % 60
        var out = [UInt8]()
        func pad(_ v: Int, _ width: Int) {
            let s = String(abs(v))
            if v < 0 { out.append(UInt8(ascii: "-")) }
            for _ in 0..<max(0, width - s.utf8.count) { out.append(UInt8(ascii: "0")) }
            out.append(contentsOf: s.utf8)
        }
        for p in pieces {
            switch p {
            case .literal(let c): out.append(c)
            case .directive(let dd):
                switch dd {
                case "Y": pad(y, 4)
                case "y": pad(((y % 100) + 100) % 100, 2)
                case "m": pad(m, 2)
                case "d": pad(d, 2)
                case "e": if d < 10 { out.append(32) }; pad(d, 1)
                case "H": pad(hour, 2)
                case "I": pad(hour % 12 == 0 ? 12 : hour % 12, 2)
                case "M": pad(minute, 2)
                case "S": pad(second, 2)
                case "f": pad(micros, 6)
                case "p": out.append(contentsOf: (hour < 12 ? "AM" : "PM").utf8)
                case "j": pad(Int(day - Temporal.days(year: y, month: 1, day: 1)) + 1, 3)
                case "b", "h": out.append(contentsOf: Self.monthNames[m - 1].prefix(3).utf8)
                case "B": out.append(contentsOf: Self.monthNames[m - 1].utf8)
                case "a": out.append(contentsOf: Self.dayNames[Temporal.weekday(day) - 1].prefix(3).utf8)
                case "A": out.append(contentsOf: Self.dayNames[Temporal.weekday(day) - 1].utf8)
                case "u": pad(Temporal.weekday(day), 1)
                case "w": pad(Temporal.weekday(day) % 7, 1)
                case "V": pad(CalendarMath.isoWeek(day).week, 2)
                case "G": pad(CalendarMath.isoWeek(day).year, 4)
                case "U", "W":
                    // Week of the year, weeks starting Sunday (%U) or Monday (%W); the days
                    // before the first such day are week 0 (as C's strftime).
                    let doy = Int(day - Temporal.days(year: y, month: 1, day: 1))
                    let wd = dd == "U" ? Temporal.weekday(day) % 7 : Temporal.weekday(day) - 1
                    pad((doy + 7 - wd) / 7, 2)
                default: break
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
