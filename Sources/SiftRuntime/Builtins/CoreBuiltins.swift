#if canImport(Glibc)
import Glibc
#endif
import SiftFrame
import SiftLanguage

extension Session {
    func registerCore() {
        let display = self.display
        interpreter.define("print", "print(values...)", "Writes its arguments separated by spaces, then a newline; frames print as tables.",
                           example: "print(\"Loaded\", nrow(df), \"rows\")", category: "general") { ctx in
            let parts = try (0..<ctx.count).map { i -> String in
                let v = try ctx.value(i)
                if case .string(let s) = v { return s }
                return display.render(v)
            }
            ctx.interpreter.write(parts.joined(separator: " ") + "\n")
            return .null
        }
        interpreter.define("nrow", "nrow(frame: frame)", "Number of rows.", example: "nrow(df)", category: "general") { ctx in
            .int(Int64(try ctx.frame(0).rowCount))
        }
        interpreter.define("ncol", "ncol(frame: frame)", "Number of columns.", example: "ncol(df)", category: "general") { ctx in
            .int(Int64(try ctx.frame(0).columnCount))
        }
        interpreter.define("len", "len(x)", "Length: rows of a frame, items of a list, characters of a text; per row for a text column.",
                           example: "mutate(name_length = len(name))", category: "general") { ctx in
            let v = try ctx.value(0)
            switch v {
            case .frame(let f): return .int(Int64(f.rowCount))
            case .grouped(let g): return .int(Int64(g.frame.rowCount))
            case .list(let l): return .int(Int64(l.count))
            case .record(let r): return .int(Int64(r.fields.count))
            case .string(let s): return .int(Int64(s.count))
            case .column(let c):
                if c.type == .string { return .column(try TextFunctions.length(c)) }
                return .int(Int64(c.count))
            case .null: return .null
            default: throw ctx.error("len() does not apply to \(withArticle(v.typeName))")
            }
        }
        interpreter.define("names", "names(frame: frame)", "Column names as a list.", example: "names(df)", category: "general") { ctx in
            .list(try ctx.frame(0).names.map { .string($0) })
        }
        interpreter.define("typeof", "typeof(x)", "The type of a value, as text.", example: "typeof(df.age)", category: "general") { ctx in
            .string(try ctx.value(0).typeName)
        }
        interpreter.define("timeit", "timeit(expr: expr, *, repeat: int = 5)", "Evaluates expr repeatedly and returns {min, median} wall time in seconds.",
                           example: "timeit(read_csv(\"data.csv\"), repeat: 3)", category: "general", lazy: true) { ctx in
            guard let e = ctx.expr(0) else { throw ctx.error("timeit() needs an expression to time") }
            let n = try ctx.optional("repeat").map { try ctx.int($0, "repeat") } ?? 5
            guard n >= 1 else { throw ctx.error("repeat must be at least 1") }
            var times: [Double] = []
            for _ in 0..<n {
                let t0 = Clock.now()
                _ = try ctx.evaluate(e)
                times.append(Clock.now() - t0)
            }
            times.sort()
            let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
            return .record(Record([("min", .float(times[0])), ("median", .float(median))]))
        }
        interpreter.define("range", "range(start: int, stop?: int, *, step: int = 1)", "A list of whole numbers from start up to (not including) stop.",
                           example: "range(5)", category: "general") { ctx in
            let a = try ctx.int(ctx.value(0), "start")
            let b = ctx.count > 1 ? try ctx.int(ctx.value(1), "stop") : nil
            let step = try ctx.optional("step").map { try ctx.int($0, "step") } ?? 1
            guard step != 0 else { throw ctx.error("step must not be 0") }
            let (lo, hi) = b == nil ? (0, a) : (a, b!)
            // Count in unsigned arithmetic: hi - lo and the step's size can exceed Int.max
            // (range(-9223372036854775807, 9223372036854775807)), which must not trap.
            let span: UInt = step > 0 ? (hi > lo ? UInt(bitPattern: hi &- lo) : 0) : (lo > hi ? UInt(bitPattern: lo &- hi) : 0)
            let size = step.magnitude
            let (whole, rest) = span.quotientAndRemainder(dividingBy: size)
            let count = whole + (rest == 0 ? 0 : 1)
            guard count <= 10_000_000 else {
                throw ctx.error("range() of \(count) items is too long", hint: "ranges are limited to 10000000 items")
            }
            // Every item lies between lo and hi, so wrapping arithmetic gives the exact value.
            return .list((0..<Int(count)).map { .int(Int64(lo &+ $0 &* step)) })
        }
        interpreter.define("str", "str(x)", "Text form of a value.", example: "str(42)", category: "general") { ctx in
            let v = try ctx.value(0)
            if case .string = v { return v }
            if case .column(let c) = v { return .column(try Cast.cast(c, to: .string)) }
            return .string(display.render(v))
        }
        interpreter.define("error", "error(message: string)", "Stops with an error carrying the message.", example: "error(\"no data for this region\")", category: "general") { ctx in
            // A user-raised error is the user's own message: no usage hint attached.
            throw SiftError(.runtime, try ctx.string(ctx.value(0), "the message"), at: ctx.span)
        }
    }
}

/// Wall-clock seconds from a monotonic clock, for timing.
public enum Clock {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
