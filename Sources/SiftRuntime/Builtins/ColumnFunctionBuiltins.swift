#if canImport(Glibc)
import Glibc
#endif
import SiftFrame
import SiftLanguage

extension Session {
    func registerColumnFunctions() {
        let I = interpreter
        let math: [(String, String, (Double) -> Double)] = [
            ("log", "Natural logarithm; null for values ≤ 0.", { $0 > 0 ? Glibc.log($0) : .nan }),
            ("log10", "Base-10 logarithm; null for values ≤ 0.", { $0 > 0 ? Glibc.log10($0) : .nan }),
            ("exp", "e raised to the value.", { Glibc.exp($0) }),
            ("sqrt", "Square root; null for negative values.", { $0 >= 0 ? $0.squareRoot() : .nan }),
            ("floor", "Largest whole number not above the value.", { $0.rounded(.down) }),
            ("ceil", "Smallest whole number not below the value.", { $0.rounded(.up) }),
        ]
        for (name, summary, f) in math {
            I.define(name, "\(name)(x)", summary, example: "mutate(y = \(name)(revenue))", category: "math") { ctx in
                try Args.lift(ctx.value(0), ctx) { try ColumnMath.map($0, name, f) }
            }
        }
        I.define("abs", "abs(x)", "Absolute value.", example: "mutate(gap = abs(a - b))", category: "math") { ctx in
            try Args.lift(ctx.value(0), ctx) { try ColumnMath.abs($0) }
        }
        I.define("round", "round(x, digits: int = 0)", "Rounds half away from zero to the given decimals.", example: "mutate(spend = round(spend, 2))", category: "math") { ctx in
            let digits = try ctx.optional("digits", position: 1).map { try ctx.int($0, "digits") } ?? 0
            return try Args.lift(ctx.value(0), ctx) { try ColumnMath.round($0, digits: digits) }
        }
        // Text
        let text1: [(String, String, (Column) throws -> Column)] = [
            ("lower", "Lower-case text.", TextFunctions.lower), ("upper", "Upper-case text.", TextFunctions.upper),
            ("strip", "Removes leading and trailing whitespace.", TextFunctions.strip),
        ]
        for (name, summary, f) in text1 {
            I.define(name, "\(name)(text)", summary, example: "mutate(email = \(name)(email))", category: "text") { ctx in
                try Args.lift(ctx.value(0), ctx, f)
            }
        }
        let text2: [(String, String, (Column, String) throws -> Column)] = [
            ("contains", "True where the text contains the pattern (plain text, case-sensitive).", TextFunctions.contains),
            ("starts_with", "True where the text starts with the prefix.", TextFunctions.startsWith),
            ("ends_with", "True where the text ends with the suffix.", TextFunctions.endsWith),
        ]
        for (name, summary, f) in text2 {
            I.define(name, "\(name)(text, pattern: string)", summary, example: "filter(\(name)(comment, \"refund\"))", category: "text") { ctx in
                let p = try ctx.string(ctx.value(1), "the pattern")
                return try Args.lift(ctx.value(0), ctx) { try f($0, p) }
            }
        }
        I.define("replace", "replace(text, old: string, new: string)", "Replaces every occurrence of old with new.", example: "mutate(channel = replace(channel, \"_\", \" \"))", category: "text") { ctx in
            let old = try ctx.string(ctx.value(1), "the text to replace"), new = try ctx.string(ctx.value(2), "the replacement")
            return try Args.lift(ctx.value(0), ctx) { try TextFunctions.replace($0, old, new) }
        }
        I.define("split_part", "split_part(text, separator: string, index: int)", "The index-th piece (from 1; negative from the end) after splitting on separator; null when missing.",
                 example: "mutate(domain = split_part(email, \"@\", 2))", category: "text") { ctx in
            let sep = try ctx.string(ctx.value(1), "the separator")
            let k = try ctx.int(ctx.value(2), "the index")
            guard k != 0 else { throw ctx.error("split_part() counts pieces from 1 (or from -1 at the end)") }
            return try Args.lift(ctx.value(0), ctx) { try TextFunctions.splitPart($0, sep, k) }
        }
        // Dates
        let parts: [(String, DateFunctions.Part)] = [("year", .year), ("month", .month), ("day", .day), ("weekday", .weekday), ("quarter", .quarter),
                                                     ("hour", .hour), ("minute", .minute), ("second", .second), ("day_of_year", .dayOfYear)]
        for (name, part) in parts {
            I.define(name, "\(name)(date)", "The \(name.replacingUnderscores) of a date or datetime\(part == .weekday ? " (Monday = 1 … Sunday = 7)" : "").",
                     example: "mutate(signup_\(name) = \(name)(signup_date))", category: "dates") { ctx in
                try Args.lift(ctx.value(0), ctx) { try DateFunctions.part($0, part) }
            }
        }
        I.define("days_between", "days_between(start, end)", "Whole days from start to end (positive when end is later); with datetimes, elapsed whole days rounded down, as pandas' (end - start).days.",
                 example: "mutate(age_days = days_between(signup_date, today()))", category: "dates") { ctx in
            let a = try ctx.value(0), b = try ctx.value(1)
            let (x, y, scalar) = try Self.pair(a, b)
            let r = try DateFunctions.daysBetween(x, y)
            return scalar ? Value(r[0]) : .column(r)
        }
        I.define("date", "date(text_or_year, month?, day?)", "Parses YYYY-MM-DD text into a date (or builds one from parts).",
                 example: "filter(signup_date >= date(\"2024-01-01\"))", category: "dates") { ctx in
            if ctx.count == 3 {
                let y = try ctx.int(ctx.value(0), "year"), m = try ctx.int(ctx.value(1), "month"), d = try ctx.int(ctx.value(2), "day")
                guard (1...12).contains(m), (1...31).contains(d), let v = Temporal.parseDate(String(format4(y)) + "-" + pad2(m) + "-" + pad2(d)) else {
                    throw ctx.error("\(y)-\(m)-\(d) is not a valid date")
                }
                return .date(v)
            }
            return try Args.lift(ctx.value(0), ctx) { try Cast.cast($0, to: .date) }
        }
        I.define("datetime", "datetime(text)", "Parses YYYY-MM-DD HH:MM[:SS] text into a datetime.", example: "datetime(\"2024-03-01 12:00\")", category: "dates") { ctx in
            try Args.lift(ctx.value(0), ctx) { try Cast.cast($0, to: .datetime) }
        }
        I.define("today", "today()", "Today's date (UTC).", example: "days_between(signup_date, today())", category: "dates") { _ in
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            return .date(Int32(ts.tv_sec / 86_400))
        }
        // Nulls and conditionals
        I.define("is_null", "is_null(x)", "True where the value is null.", example: "filter(not is_null(age))", category: "nulls") { ctx in
            let v = try ctx.value(0)
            if case .column(let c) = v { return .column(NullFunctions.isNull(c)) }
            return .bool(v.isNull)
        }
        I.define("coalesce", "coalesce(values...)", "The first non-null value, per row.", example: "mutate(age = coalesce(age, 0))", category: "nulls") { ctx in
            let vals = try (0..<ctx.count).map { try ctx.value($0) }
            guard !vals.isEmpty else { throw ctx.error("coalesce() needs at least one argument") }
            let n = vals.compactMap { v -> Int? in if case .column(let c) = v { return c.count }; return nil }.first
            guard let rows = n else { return vals.first { !$0.isNull } ?? .null }
            let cols = try vals.map { try Operators.asColumn($0, count: rows) }
            return .column(try NullFunctions.coalesce(cols))
        }
        I.define("if_else", "if_else(condition, a, b)", "Per row: a where the condition is true, b where false, null where null.",
                 example: "mutate(tier = if_else(revenue > 1000, \"gold\", \"standard\"))", category: "nulls") { ctx in
            let c = try ctx.value(0), a = try ctx.value(1), b = try ctx.value(2)
            guard case .column(let cond) = c else {
                switch c {
                case .bool(let flag): return flag ? a : b
                case .null: return .null
                default: throw ctx.error("if_else() needs a true/false condition")
                }
            }
            let x = try Operators.asColumn(a, count: cond.count, like: try? Operators.asColumn(b, count: cond.count))
            let y = try Operators.asColumn(b, count: cond.count, like: x)
            return .column(try Conditional.ifElse(cond, x, y))
        }
        I.define("cast", "cast(x, type, *, strict: bool = true)", "Converts to int, float, bool, string, date or datetime; strict: false turns failures into null. cast(df, \"float\") converts every column, cast(df, {age: \"int\"}) the named ones.",
                 example: "mutate(age = cast(age, \"int\"))", category: "nulls") { ctx in
            let v = try ctx.value(0)
            let strict = try ctx.optional("strict").map { try ctx.bool($0, "strict") } ?? true
            if case .frame(let f) = v, case .string = try ctx.value(1) {
                // cast(df, "float"): every column (pandas' df.astype(float)).
                let type = try Args.dataType(ctx.value(1), ctx)
                return .frame(try Frame(columns: try f.columns.map { c in try ctx.at(ctx.span) { try Cast.cast(c, to: type, strict: strict) } }))
            }
            if case .frame(let f) = v {
                guard case .record(let r) = try ctx.value(1) else { throw ctx.error("cast(frame, {column: \"type\"})") }
                var out = f
                for (name, t) in r.fields { out = try out.with(Cast.cast(f.column(name), to: Args.dataType(t, ctx), strict: strict)) }
                return .frame(out)
            }
            let type = try Args.dataType(ctx.value(1), ctx)
            return try Args.lift(v, ctx) { try Cast.cast($0, to: type, strict: strict) }
        }
        I.define("cut", "cut(x, breaks: list, *, labels?: list, right: bool = true)", "Bins numbers into intervals (a, b]; values outside every bin are null.",
                 example: "mutate(age_band = cut(age, [18, 25, 35, 50, 65]))", category: "math") { ctx in
            let breaks = try Args.doubles(ctx.value(1), ctx, "breaks")
            let labels = try ctx.optional("labels").map { try Args.scalarList($0, ctx, "labels").map { ScalarFormat.plain($0) } }
            let right = try ctx.optional("right").map { try ctx.bool($0, "right") } ?? true
            return try Args.lift(ctx.value(0), ctx) { try Binning.cut($0, breaks: breaks, labels: labels, right: right) }
        }
    }

    static func pair(_ a: Value, _ b: Value) throws -> (Column, Column, Bool) {
        var n = 1
        var scalar = true
        if case .column(let c) = a { n = c.count; scalar = false }
        if case .column(let c) = b { n = c.count; scalar = false }
        return (try Operators.asColumn(a, count: n), try Operators.asColumn(b, count: n), scalar)
    }
}

private func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
private func format4(_ v: Int) -> String { String(repeating: "0", count: max(0, 4 - String(v).count)) + String(v) }

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
