/// Element-wise arithmetic between equally long columns (scalars are broadcast by the caller).
/// Nulls propagate; integer results that would overflow raise an error instead of trapping;
/// division and modulo by zero give null (as in DuckDB), so one bad row never poisons a mean.
public enum ArithmeticOp: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
}

public enum ColumnMath {
    /// Dates moved by whole days. A result outside the dates a date column can hold (32-bit
    /// days, years -5877641 to 5881580) is an error: clamping would silently give a wrong date,
    /// and the 64-bit sum itself can overflow. Null rows are not checked.
    static func shiftDays(_ days: [Int32], _ by: [Int64], negate: Bool, valid: Bitmap?) throws -> [Int32] {
        var out = [Int32](repeating: 0, count: days.count)
        for i in days.indices where valid?[i] ?? true {
            var k = by[i]
            if negate {
                let (m, o) = Int64(0).subtractingReportingOverflow(k)
                guard !o else { throw outOfRange(days[i], by[i], negate) }
                k = m
            }
            let (sum, o) = Int64(days[i]).addingReportingOverflow(k)
            guard !o, let d = Int32(exactly: sum) else { throw outOfRange(days[i], by[i], negate) }
            out[i] = d
        }
        return out
    }

    private static func outOfRange(_ day: Int32, _ by: Int64, _ negate: Bool) -> FrameError {
        FrameError("\(Temporal.formatDate(day)) \(negate ? "-" : "+") \(by) days is outside the dates Sift can hold",
                   hint: "dates run from year -5877641 to year 5881580")
    }

    public static func arithmetic(_ op: ArithmeticOp, _ a: Column, _ b: Column) throws -> Column {
        let n = a.count
        guard b.count == n else { throw FrameError("cannot combine columns of \(a.count) and \(b.count) rows") }
        let valid = Bitmap.and(a.validity, b.validity)
        // Dates and datetimes: shifting by days, and differences in days.
        switch (a.storage, b.storage, op) {
        case (.date(let x), .int(let y), .add), (.date(let x), .int(let y), .subtract):
            return Column(name: a.name, storage: .date(try shiftDays(x, y, negate: op == .subtract, valid: valid)), validity: valid)
        case (.int(let y), .date(let x), .add):
            return Column(name: a.name, storage: .date(try shiftDays(x, y, negate: false, valid: valid)), validity: valid)
        case (.date(let x), .date(let y), .subtract):
            return Column(name: a.name, storage: .int(zip(x, y).map { Int64($0) - Int64($1) }), validity: valid)
        case (.datetime(let x), .datetime(let y), .subtract):
            // Differences of extreme datetimes overflow 64 bits of microseconds: those go
            // through doubles (exact for any two datetimes within ±285 years of each other).
            return Column(name: a.name, storage: .float(zip(x, y).map { l, r in
                let (d, o) = l.subtractingReportingOverflow(r)
                return (o ? Double(l) - Double(r) : Double(d)) / Double(Temporal.microsPerDay)
            }), validity: valid)
        case (.string, .string, .add):
            var out = [String]()
            out.reserveCapacity(n)
            guard case .string(let sa) = a.storage, case .string(let sb) = b.storage else { break }
            for i in 0..<n { out.append(sa.string(at: i) + sb.string(at: i)) }
            return Column(name: a.name, storage: .string(.make(out)), validity: valid)
        default: break
        }
        guard a.type.isNumeric, b.type.isNumeric else {
            throw FrameError("cannot apply \(op.rawValue) to \(a.type.rawValue) and \(b.type.rawValue)", hint: hintFor(op, a.type, b.type))
        }
        if case .int(let x) = a.storage, case .int(let y) = b.storage, op != .divide {
            return try intArithmetic(op, x, y, valid: valid, name: a.name)
        }
        let x = a.doubles!, y = b.doubles!
        var out = [Double](repeating: 0, count: n)
        var v = valid ?? Bitmap(count: n, allValid: true)
        var produced = false
        switch op {
        case .add: for i in 0..<n { out[i] = x[i] + y[i] }
        case .subtract: for i in 0..<n { out[i] = x[i] - y[i] }
        case .multiply: for i in 0..<n { out[i] = x[i] * y[i] }
        case .divide:
            for i in 0..<n { if y[i] == 0 { v[i] = false; produced = true } else { out[i] = x[i] / y[i] } }
        case .modulo:
            for i in 0..<n {
                if y[i] == 0 { v[i] = false; produced = true } else {
                    let r = x[i].truncatingRemainder(dividingBy: y[i])
                    out[i] = (r != 0 && (r < 0) != (y[i] < 0)) ? r + y[i] : r
                }
            }
        case .power: for i in 0..<n { out[i] = pow(x[i], y[i]) }
        }
        for i in 0..<n where out[i].isNaN { v[i] = false; produced = true }
        return Column(name: a.name, storage: .float(out), validity: (valid != nil || produced) ? v : nil)
    }

    static func hintFor(_ op: ArithmeticOp, _ a: DataType, _ b: DataType) -> String {
        let temporal: Set<DataType> = [.date, .datetime]
        if temporal.contains(a) || temporal.contains(b) {
            if a != b, temporal.contains(a), temporal.contains(b) {
                return "make both sides the same kind first: cast(x, \"datetime\") (a date is its midnight) or cast(x, \"date\")"
            }
            return "dates take whole days (date + 7, add_days(d, n)), and date - date or datetime - datetime gives days; for months or hours use add_months() or date_trunc()"
        }
        if a == .string || b == .string { return "convert text to numbers with cast(x, \"float\")" }
        return "arithmetic works on int and float columns"
    }

    static func intArithmetic(_ op: ArithmeticOp, _ x: [Int64], _ y: [Int64], valid: Bitmap?, name: String) throws -> Column {
        let n = x.count
        var out = [Int64](repeating: 0, count: n)
        var v = valid ?? Bitmap(count: n, allValid: true)
        var nulled = false
        var overflow = false
        switch op {
        case .add: for i in 0..<n { let (r, o) = x[i].addingReportingOverflow(y[i]); out[i] = r; overflow = overflow || (o && v[i]) }
        case .subtract: for i in 0..<n { let (r, o) = x[i].subtractingReportingOverflow(y[i]); out[i] = r; overflow = overflow || (o && v[i]) }
        case .multiply: for i in 0..<n { let (r, o) = x[i].multipliedReportingOverflow(by: y[i]); out[i] = r; overflow = overflow || (o && v[i]) }
        case .modulo:
            for i in 0..<n {
                if y[i] == 0 { v[i] = false; nulled = true; continue }
                if y[i] == -1 { out[i] = 0; continue }
                let r = x[i] % y[i]
                out[i] = (r != 0 && (r < 0) != (y[i] < 0)) ? r + y[i] : r
            }
        case .power:
            for i in 0..<n where v[i] {
                if y[i] < 0 { throw FrameError("negative integer power", hint: "use a float base, e.g. 2.0 ^ -1") }
                guard let r = power(x[i], y[i]) else { overflow = true; break }
                out[i] = r
            }
        case .divide: break
        }
        if overflow {
            throw FrameError("integer overflow in \(op.rawValue)", hint: "the result does not fit in 64 bits; convert to float first with cast(x, \"float\")")
        }
        return Column(name: name, storage: .int(out), validity: (valid != nil || nulled) ? v : nil)
    }

    /// `base ^ exponent` (exponent ≥ 0) by squaring: O(log exponent) multiplications, nil when
    /// the result does not fit in Int64. `0 ^ 0` is 1. A square is only taken when a higher bit
    /// of the exponent still needs it, and |base| ≥ 2 makes every later product at least that
    /// large, so an overflowing intermediate always means an overflowing result.
    static func power(_ base: Int64, _ exponent: Int64) -> Int64? {
        var result: Int64 = 1
        var b = base
        var e = exponent
        while e > 0 {
            if e & 1 == 1 {
                let (r, o) = result.multipliedReportingOverflow(by: b)
                if o { return nil }
                result = r
            }
            e >>= 1
            if e > 0 {
                let (sq, o) = b.multipliedReportingOverflow(by: b)
                if o { return nil }
                b = sq
            }
        }
        return result
    }

    public static func negate(_ a: Column) throws -> Column {
        switch a.storage {
        case .int(let x):
            if x.enumerated().contains(where: { $0.element == .min && a.isValid($0.offset) }) { throw FrameError("integer overflow in unary -") }
            return Column(name: a.name, storage: .int(x.map { $0 == .min ? 0 : -$0 }), validity: a.validity)
        case .float(let x): return Column(name: a.name, storage: .float(x.map { -$0 }), validity: a.validity)
        default: throw FrameError("cannot negate a \(a.type.rawValue) column")
        }
    }

    /// Applies a Double → Double function; non-finite results (log of a negative number, …) become null.
    public static func map(_ a: Column, _ name: String, _ f: (Double) -> Double) throws -> Column {
        guard let x = a.doubles else { throw FrameError("\(name)() needs numbers, got a \(a.type.rawValue) column") }
        var v = a.validity ?? Bitmap(count: a.count, allValid: true)
        var out = [Double](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let r = f(x[i])
            if r.isFinite { out[i] = r } else { v[i] = false }
        }
        return Column(name: a.name, storage: .float(out), validity: v)
    }

    public static func abs(_ a: Column) throws -> Column {
        if case .int(let x) = a.storage {
            if x.enumerated().contains(where: { $0.element == .min && a.isValid($0.offset) }) { throw FrameError("integer overflow in abs()") }
            return Column(name: a.name, storage: .int(x.map { $0 == .min ? 0 : Swift.abs($0) }), validity: a.validity)
        }
        return try map(a, "abs") { Swift.abs($0) }
    }

    /// Rounds half away from zero to `digits` decimals (Excel's convention, which analysts expect).
    /// Any Int is a valid digit count: see `round(_:digits:)` on Double for the extremes.
    public static func round(_ a: Column, digits: Int) throws -> Column {
        if case .int = a.storage, digits >= 0 { return a }
        return try map(a, "round") { round($0, digits: digits) }
    }

    /// Digit counts beyond which rounding has a fixed answer for every finite Double, as in
    /// CPython's float round: past 323 decimals (the smallest subnormal is 4.9e-324) nothing is
    /// left to round, and at more than 308 tens (the largest Double is 1.8e308) every value
    /// rounds to zero.
    static let roundingIsExactBeyond = 323, roundingIsZeroBeyond = -308

    /// One value rounded half away from zero to `digits` decimals (tens, hundreds, … when
    /// negative). Works for every Int without overflow or loops: huge positive counts return the
    /// value itself (Python's `round(2.5, 400)` is 2.5), huge negative counts return zero with the
    /// value's sign (`round(1234.5, -400)` is 0.0). A value whose scaled form no longer has a
    /// fraction (|x·10^d| ≥ 2^52) is already rounded and comes back unchanged, where scaling it
    /// would overflow to infinity (a null).
    public static func round(_ x: Double, digits: Int) -> Double {
        guard x.isFinite else { return x }
        if digits > roundingIsExactBeyond { return x }
        if digits < roundingIsZeroBeyond { return 0 * x }
        let rounding = FloatingPointRoundingRule.toNearestOrAwayFromZero
        if digits < 0 {
            let scale = ScalarFormat.pow10(-digits)
            return (x / scale).rounded(rounding) * scale
        }
        // 10^digits overflows past 10^308, so scale in two steps; neither step can overflow a
        // value that still has a fraction to round.
        let first = ScalarFormat.pow10(Swift.min(digits, 300)), second = ScalarFormat.pow10(digits - Swift.min(digits, 300))
        let scaled = x * first * second
        guard scaled.isFinite, Swift.abs(scaled) < 4_503_599_627_370_496 else { return x }
        return scaled.rounded(rounding) / second / first
    }
}

#if canImport(Glibc)
import Glibc
#endif
