/// Running aggregates along each window partition: `cumsum`, `cumprod`, `cummax`, `cummin`.
///
/// Nulls as pandas (`skipna=True`): a null row stays null in the result and the running value
/// carries on past it. Int columns stay int (overflow is an error, never a wrap-around); floats
/// stay float; `cummax`/`cummin` also run over dates and datetimes.
public enum Cumulative {
    public enum Kind: String, Sendable { case sum = "cumsum", prod = "cumprod", max = "cummax", min = "cummin" }

    public static func run(_ kind: Kind, _ c: Column, _ w: WindowPartition) throws -> Column {
        guard c.count == w.rowCount else { throw FrameError("\(kind.rawValue)(): the column has \(c.count) rows but the window \(w.rowCount)") }
        switch c.storage {
        case .int(let a):
            let out = try ints(kind, a, c, w)
            return Column(name: c.name, storage: .int(out), validity: c.validity)
        case .float(let a):
            return Column(name: c.name, storage: .float(floats(kind, a, c, w)), validity: c.validity)
        case .bool(let a):
            let out = try ints(kind, a.map { $0 ? 1 : 0 }, c, w)
            return Column(name: c.name, storage: .int(out), validity: c.validity)
        case .date(let a) where kind == .max || kind == .min:
            let out = try ints(kind, a.map(Int64.init), c, w)
            return Column(name: c.name, storage: .date(out.map { Int32(truncatingIfNeeded: $0) }), validity: c.validity)
        case .datetime(let a) where kind == .max || kind == .min:
            return Column(name: c.name, storage: .datetime(try ints(kind, a, c, w)), validity: c.validity)
        default:
            throw FrameError("\(kind.rawValue)() needs numbers\(kind == .max || kind == .min ? " or dates" : ""), got a \(c.type.rawValue) column")
        }
    }

    static func ints(_ kind: Kind, _ a: [Int64], _ c: Column, _ w: WindowPartition) throws -> [Int64] {
        var out = [Int64](repeating: 0, count: a.count)
        let valid = c.validity
        var overflow = false
        a.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                w.forEach { range in
                    var acc: Int64 = kind == .prod ? 1 : 0
                    var seen = false
                    for k in range {
                        let r = w.order[k]
                        if let valid, !valid[r] { continue }
                        let v = x[r]
                        switch kind {
                        case .sum:
                            let (s, o) = acc.addingReportingOverflow(v)
                            if o { overflow = true }
                            acc = s
                        case .prod:
                            let (s, o) = acc.multipliedReportingOverflow(by: v)
                            if o { overflow = true }
                            acc = s
                        case .max: acc = seen ? Swift.max(acc, v) : v
                        case .min: acc = seen ? Swift.min(acc, v) : v
                        }
                        seen = true
                        o[r] = acc
                    }
                }
            }
        }
        if overflow {
            throw FrameError("\(kind.rawValue)() overflows a whole number (beyond ±9.2e18)", hint: "cast to float first: \(kind.rawValue)(cast(x, \"float\"))")
        }
        return out
    }

    static func floats(_ kind: Kind, _ a: [Double], _ c: Column, _ w: WindowPartition) -> [Double] {
        var out = [Double](repeating: 0, count: a.count)
        let valid = c.validity
        a.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                w.order.withUnsafeBufferPointer { order in
                    w.forEach { range in
                        var acc: Double = kind == .prod ? 1 : 0
                        var seen = false
                        for k in range {
                            let r = order[k]
                            if let valid, !valid[r] { continue }
                            let v = x[r]
                            switch kind {
                            case .sum: acc += v
                            case .prod: acc *= v
                            case .max: acc = seen ? Swift.max(acc, v) : v
                            case .min: acc = seen ? Swift.min(acc, v) : v
                            }
                            seen = true
                            o[r] = acc
                        }
                    }
                }
            }
        }
        return out
    }
}
