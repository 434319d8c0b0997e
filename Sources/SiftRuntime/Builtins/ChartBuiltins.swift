import SiftFrame
import SiftLanguage
import SiftRender

extension Session {
    func registerCharts() {
        let I = interpreter
        I.define("bar", "bar(frame: frame, *, x: names, y: names, color?: names, title?: string, xlabel?: string, ylabel?: string)", "A bar chart of y per x category (summed when x repeats); color: splits bars into groups.",
                 example: "by_region |> bar(x: region, y: revenue)", category: "charts", lazy: true) { ctx in
            let f = try Args.input(ctx).frame
            let x = try ChartData.column(ctx, "x", f), y = try ChartData.column(ctx, "y", f)
            let color = try ChartData.optionalColumn(ctx, "color", f)
            let cats = try ChartData.categories(x)
            var series: [ChartModel.Series] = []
            for (name, rows) in try ChartData.split(color, count: f.rowCount) {
                var sums = [Double](repeating: .nan, count: cats.names.count)
                let ys = try ChartData.numbers(y, ctx)
                for r in rows where cats.codes[r] >= 0 && !ys[r].isNaN { sums[cats.codes[r]] = (sums[cats.codes[r]].isNaN ? 0 : sums[cats.codes[r]]) + ys[r] }
                series.append(.init(name: name, x: cats.names.indices.map(Double.init), y: sums))
            }
            var m = ChartModel(kind: .bar, title: "", xLabel: x.name, yLabel: y.name, series: series, categories: cats.names)
            try ChartData.labels(&m, ctx)
            return .object(Chart(model: m))
        }
        for kind in [ChartModel.Kind.line, .scatter] {
            let name = kind.rawValue
            I.define(name, "\(name)(frame: frame, *, x: names, y: names, color?: names, title?: string, xlabel?: string, ylabel?: string)", kind == .line ? "A line chart of y against x (numbers or dates), one line per color: group." : "A scatter plot of y against x, coloured by a category.",
                     example: kind == .line ? "daily |> line(x: day, y: revenue)" : "df |> scatter(x: spend, y: revenue, color: channel)",
                     category: "charts", lazy: true) { ctx in
                let f = try Args.input(ctx).frame
                let x = try ChartData.column(ctx, "x", f), y = try ChartData.column(ctx, "y", f)
                let color = try ChartData.optionalColumn(ctx, "color", f)
                let xs = try ChartData.numbers(x, ctx), ys = try ChartData.numbers(y, ctx)
                var series: [ChartModel.Series] = []
                for (group, rows) in try ChartData.split(color, count: f.rowCount) {
                    series.append(.init(name: group, x: rows.map { xs[$0] }, y: rows.map { ys[$0] }))
                }
                var m = ChartModel(kind: kind, title: "", xLabel: x.name, yLabel: y.name, series: series)
                m.xIsDate = x.type == .date
                try ChartData.labels(&m, ctx)
                return .object(Chart(model: m))
            }
        }
        I.define("hist", "hist(frame: frame, column?: names, *, x?: names, bins: int = 20, title?: string, xlabel?: string, ylabel?: string)", "A histogram of a numeric column.",
                 example: "df |> hist(income, bins: 30)", category: "charts", lazy: true) { ctx in
            let f = try Args.input(ctx).frame
            let c: Column
            if ctx.count > 1, let e = ctx.expr(1) { c = try Operators.asColumn(try ctx.evaluate(e, mask: f), count: f.rowCount) } else { c = try ChartData.column(ctx, "x", f) }
            let bins = try ctx.optional("bins").map { try ctx.int($0, "bins") } ?? 20
            guard bins >= 1, bins <= 1000 else { throw ctx.error("bins must be between 1 and 1000") }
            let v = try ChartData.finite(ChartData.numbers(c, ctx).filter { !$0.isNaN }, c, ctx)
            guard let h = Histogram(values: v, bins: bins) else { throw ctx.error("hist() has no values to count in '\(c.name)'") }
            var m = ChartModel(kind: .hist, title: "", xLabel: c.name, yLabel: "count", series: [.init(name: c.name, x: [], y: h.counts)])
            m.binEdges = h.edges
            try ChartData.labels(&m, ctx)
            return .object(Chart(model: m))
        }
        I.define("box", "box(frame: frame, *, y: names, by?: names, title?: string, xlabel?: string, ylabel?: string)", "Box plots (min, quartiles, median, max) of y, one per by: group.",
                 example: "df |> box(y: spend, by: channel)", category: "charts", lazy: true) { ctx in
            let f = try Args.input(ctx).frame
            let y = try ChartData.column(ctx, "y", f)
            let by = try ChartData.optionalColumn(ctx, "by", f)
            let ys = try ChartData.finite(ChartData.numbers(y, ctx), y, ctx)
            var names: [String] = []
            var boxes: [(Double, Double, Double, Double, Double)] = []
            for (group, rows) in try ChartData.split(by, count: f.rowCount) {
                var v = rows.map { ys[$0] }.filter { !$0.isNaN }
                guard !v.isEmpty else { continue }
                let q = Selection.quantiles(&v, [0, 0.25, 0.5, 0.75, 1])
                names.append(group)
                boxes.append((q[0], q[1], q[2], q[3], q[4]))
            }
            var m = ChartModel(kind: .box, title: "", xLabel: by?.name ?? "", yLabel: y.name, series: [], categories: names)
            m.boxes = boxes
            try ChartData.labels(&m, ctx)
            return .object(Chart(model: m))
        }
    }
}

/// Reading chart arguments: columns by bare name or expression, categories, groups.
enum ChartData {
    static func column(_ ctx: CallContext, _ name: String, _ f: Frame) throws -> Column {
        guard let c = try optionalColumn(ctx, name, f) else { throw ctx.error("\(ctx.name)() needs \(name): a column") }
        return c
    }

    static func optionalColumn(_ ctx: CallContext, _ name: String, _ f: Frame) throws -> Column? {
        guard let a = ctx.namedArgument(name) else { return nil }
        let v = try ctx.resolve(a, mask: f)
        var c = try Operators.asColumn(v, count: f.rowCount)
        if c.name.isEmpty, case .expr(let e) = a { c.name = e.simpleName ?? name }
        return c
    }

    static func numbers(_ c: Column, _ ctx: CallContext) throws -> [Double] {
        let n = c.count
        switch c.storage {
        case .date(let d): return (0..<n).map { c.isValid($0) ? Double(d[$0]) : .nan }
        case .datetime(let t): return (0..<n).map { c.isValid($0) ? Double(t[$0]) / Double(Temporal.microsPerDay) : .nan }
        default:
            guard let x = c.doubles else { throw ctx.error("\(ctx.name)() needs numbers for '\(c.name)', got \(c.type.rawValue)") }
            return (0..<n).map { c.isValid($0) ? x[$0] : .nan }
        }
    }

    /// The values unchanged when none is infinite. Bins and quartiles of infinite values mean
    /// nothing (a quartile between -inf and inf is NaN; numpy's histogram refuses them too), so
    /// hist and box say so instead of drawing a broken chart; line and scatter skip such points
    /// as they skip nulls.
    static func finite(_ values: [Double], _ c: Column, _ ctx: CallContext) throws -> [Double] {
        let infinite = values.reduce(0) { $0 + ($1.isInfinite ? 1 : 0) }
        guard infinite == 0 else {
            let name = c.name.isEmpty ? "the values" : "'\(c.name)'"
            throw ctx.error("\(ctx.name)() cannot chart infinite values: \(name) has \(infinite)",
                            hint: "they come from arithmetic that overflowed; leave them out first, e.g. filter(abs(\(c.name.isEmpty ? "x" : c.name)) < 1e308)")
        }
        return values
    }

    /// Category index of each row (-1 for null), categories in first-appearance order.
    static func categories(_ c: Column) throws -> (codes: [Int], names: [String]) {
        var index: [String: Int] = [:]
        var names: [String] = []
        var codes = [Int](repeating: -1, count: c.count)
        for i in 0..<c.count where c.isValid(i) {
            let s = ScalarFormat.plain(c[i])
            if let k = index[s] { codes[i] = k } else { index[s] = names.count; codes[i] = names.count; names.append(s) }
        }
        return (codes, names)
    }

    /// Rows per group of an optional grouping column (one group named "" without it).
    static func split(_ c: Column?, count: Int) throws -> [(String, [Int])] {
        guard let c else { return [("", Array(0..<count))] }
        let (codes, names) = try categories(c)
        var rows = [[Int]](repeating: [], count: names.count)
        for (i, k) in codes.enumerated() where k >= 0 { rows[k].append(i) }
        return zip(names, rows).map { ($0, $1) }
    }

    static func labels(_ m: inout ChartModel, _ ctx: CallContext) throws {
        if let t = try ctx.optional("title") { m.title = try ctx.string(t, "title") }
        if let t = try ctx.optional("xlabel") { m.xLabel = try ctx.string(t, "xlabel") }
        if let t = try ctx.optional("ylabel") { m.yLabel = try ctx.string(t, "ylabel") }
    }
}
