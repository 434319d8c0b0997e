import SiftFrame
import SiftLanguage
import SiftRender

extension Session {
    func registerCharts() {
        let I = interpreter
        let labelSignature = "title?: string, xlabel?: string, ylabel?: string"
        I.define("bar", "bar(frame: frame, *, x: expr, y: expr, color?: expr, horizontal: bool = false, stacked: bool = false, logy: bool = false, ylim?: list, labels: bool = false, \(labelSignature))",
                 "A bar chart of y per x category (summed when x repeats); color: splits bars into groups, side by side or stacked: true.",
                 example: "by_region |> bar(x: region, y: revenue, horizontal: true, labels: true)", category: "charts", lazy: true) { ctx in
            let f = try Args.input(ctx).frame
            let x = try ChartData.column(ctx, "x", f), y = try ChartData.column(ctx, "y", f)
            let color = try ChartData.optionalColumn(ctx, "color", f)
            let cats = try ChartData.categories(x)
            let ys = try ChartData.numbers(y, ctx)
            var series: [ChartModel.Series] = []
            for (name, rows) in try ChartData.split(color, count: f.rowCount) {
                var sums = [Double](repeating: .nan, count: cats.names.count)
                for r in rows where cats.codes[r] >= 0 && !ys[r].isNaN { sums[cats.codes[r]] = (sums[cats.codes[r]].isNaN ? 0 : sums[cats.codes[r]]) + ys[r] }
                series.append(.init(name: name, x: cats.names.indices.map(Double.init), y: sums))
            }
            var m = ChartModel(kind: .bar, title: "", xLabel: x.name, yLabel: y.name, series: series, categories: cats.names)
            try ChartData.options(&m, ctx, valueName: y.name)
            return .object(Chart(model: m))
        }
        for kind in [ChartModel.Kind.line, .scatter] {
            let name = kind.rawValue
            let extra = kind == .line ? ", labels: bool = false" : ""
            I.define(name, "\(name)(frame: frame, *, x: expr, y: expr, color?: expr, logx: bool = false, logy: bool = false, xlim?: list, ylim?: list\(extra), \(labelSignature))",
                     kind == .line ? "A line chart of y against x (numbers or dates: calendar ticks), one line per color: group."
                         : "A scatter plot of y against x, coloured by a category; above 5,000 points drawn as a density.",
                     example: kind == .line ? "daily |> line(x: day, y: revenue)" : "df |> scatter(x: spend, y: revenue, color: channel, logx: true)",
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
                m.xIsDate = x.type == .date || x.type == .datetime
                try ChartData.options(&m, ctx, valueName: y.name, xName: x.name)
                return .object(Chart(model: m))
            }
        }
        I.define("hist", "hist(frame: frame, column?: expr, *, x?: expr, bins: int = 20, logy: bool = false, xlim?: list, ylim?: list, labels: bool = false, \(labelSignature))",
                 "A histogram of a numeric column.",
                 example: "df |> hist(income, bins: 30)", category: "charts", lazy: true) { ctx in
            let f = try Args.input(ctx).frame
            let c: Column
            if ctx.count > 1, let e = ctx.expr(1) { c = try Operators.asColumn(try ctx.evaluate(e, mask: f), count: f.rowCount) } else { c = try ChartData.column(ctx, "x", f) }
            let bins = try ctx.optional("bins").map { try ctx.int($0, "bins", at: ctx.span(ofNamed: "bins")) } ?? 20
            guard bins >= 1, bins <= 1000 else { throw ctx.error("bins must be between 1 and 1000", at: ctx.span(ofNamed: "bins")) }
            let v = try ChartData.finite(ChartData.numbers(c, ctx).filter { !$0.isNaN }, c, ctx)
            guard let h = Histogram(values: v, bins: bins) else { throw ctx.error("hist() has no values to count in '\(c.name)'") }
            var m = ChartModel(kind: .hist, title: "", xLabel: c.name, yLabel: "count", series: [.init(name: c.name, x: [], y: h.counts)])
            m.binEdges = h.edges
            try ChartData.options(&m, ctx, valueName: "count", xName: c.name)
            return .object(Chart(model: m))
        }
        I.define("box", "box(frame: frame, *, y: expr, by?: expr, logy: bool = false, ylim?: list, \(labelSignature))",
                 "Box plots of y, one per by: group: quartile boxes, whiskers to the last value within 1.5 IQR, outliers as points.",
                 example: "df |> box(y: spend, by: channel)", category: "charts", lazy: true) { ctx in
            let f = try Args.input(ctx).frame
            let y = try ChartData.column(ctx, "y", f)
            let by = try ChartData.optionalColumn(ctx, "by", f)
            let ys = try ChartData.finite(ChartData.numbers(y, ctx), y, ctx)
            var names: [String] = []
            var boxes: [BoxStats] = []
            for (group, rows) in try ChartData.split(by, count: f.rowCount) {
                guard let b = BoxStats(values: rows.map { ys[$0] }) else { continue }
                names.append(group)
                boxes.append(b)
            }
            var m = ChartModel(kind: .box, title: "", xLabel: by?.name ?? "", yLabel: y.name, series: [], categories: names)
            m.boxes = boxes
            try ChartData.options(&m, ctx, valueName: y.name)
            return .object(Chart(model: m))
        }
        I.define("save_chart", "save_chart(chart: any, path: string)",
                 "Writes a chart to an SVG file (atomically), from a script or the shell; reports link charts by themselves.",
                 example: "save_chart(df |> bar(x: region, y: revenue), \"out/revenue.svg\")", category: "charts") { [unowned self] ctx in
            guard case .object(let o) = try ctx.value(0), let chart = o as? ChartObject else {
                let v = try ctx.value(0)
                throw ctx.error("save_chart() needs a chart, got \(withArticle(v.typeName))", hint: "make one with bar, line, scatter, hist or box: save_chart(df |> hist(x), \"hist.svg\")", at: ctx.span(of: 0))
            }
            guard ctx.count > 1 else { throw ctx.error("save_chart() needs a path, e.g. save_chart(chart, \"chart.svg\")") }
            let path = try ctx.string(ctx.value(1), "the path", at: ctx.span(of: 1))
            guard path.lowercased().hasSuffix(".svg") else {
                throw ctx.error("save_chart() writes SVG: the path must end in .svg, got \"\(path)\"", hint: "for a PNG, convert the SVG: rsvg-convert chart.svg -o chart.png", at: ctx.span(of: 1))
            }
            try FileBytes.writeAtomically(Array(chart.svg().utf8), to: self.resolvePath(path))
            return .null
        }
    }
}

/// Reading chart arguments: columns by bare name or expression, categories, groups, options.
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

    /// Titles and the drawing options a chart's signature declares, checked against its data:
    /// a log axis needs positive values, limits need a low end below the high end.
    static func options(_ m: inout ChartModel, _ ctx: CallContext, valueName: String, xName: String = "") throws {
        if let t = try ctx.optional("title") { m.title = try ctx.string(t, "title", at: ctx.span(ofNamed: "title")) }
        if let t = try ctx.optional("xlabel") { m.xLabel = try ctx.string(t, "xlabel", at: ctx.span(ofNamed: "xlabel")) }
        if let t = try ctx.optional("ylabel") { m.yLabel = try ctx.string(t, "ylabel", at: ctx.span(ofNamed: "ylabel")) }
        func flag(_ name: String) throws -> Bool {
            guard ctx.declares(name), let v = try ctx.optional(name) else { return false }
            return try ctx.bool(v, name, at: ctx.span(ofNamed: name))
        }
        var o = ChartOptions()
        o.horizontal = try flag("horizontal")
        o.stacked = try flag("stacked")
        o.logX = try flag("logx")
        o.logY = try flag("logy")
        o.valueLabels = try flag("labels")
        if ctx.declares("xlim") { (o.xMin, o.xMax) = try limits(ctx, "xlim", date: m.xIsDate) }
        if ctx.declares("ylim") { (o.yMin, o.yMax) = try limits(ctx, "ylim", date: false) }
        if o.stacked && o.logY {
            throw ctx.error("stacked bars cannot use a log scale: a stack's segments have no log lengths", hint: "drop logy: or stacked:", at: ctx.span(ofNamed: "logy"))
        }
        if o.logY {
            let values: [Double]
            switch m.kind {
            case .box: values = m.boxes.flatMap { [$0.extent.0] }
            case .hist: values = []  // counts: empty bins are simply not drawn
            default: values = m.series.flatMap(\.y)
            }
            try positive(values, ctx, "logy", what: valueName)
            if let lo = o.yMin, lo <= 0 { throw ctx.error("ylim: must start above 0 on a log scale, got \(NiceScale.label(lo))", at: ctx.span(ofNamed: "ylim")) }
        }
        if o.logX {
            try positive(m.series.flatMap(\.x), ctx, "logx", what: xName)
            if let lo = o.xMin, lo <= 0 { throw ctx.error("xlim: must start above 0 on a log scale, got \(NiceScale.label(lo))", at: ctx.span(ofNamed: "xlim")) }
        }
        m.options = o
    }

    /// A log axis cannot show zero or negative values; saying so beats dropping them silently.
    static func positive(_ values: [Double], _ ctx: CallContext, _ option: String, what: String) throws {
        let bad = values.reduce(0) { $0 + ($1.isFinite && $1 <= 0 ? 1 : 0) }
        guard bad == 0 else {
            let name = what.isEmpty ? "the values" : "'\(what)'"
            throw ctx.error("\(option): a log scale needs values above 0, and \(name) has \(bad) at or below 0",
                            hint: "filter them out first, or drop \(option):", at: ctx.span(ofNamed: option))
        }
    }

    /// `[low, high]`, either end null for "from the data"; numbers, or dates on a date axis.
    static func limits(_ ctx: CallContext, _ name: String, date: Bool) throws -> (Double?, Double?) {
        guard let v = try ctx.optional(name) else { return (nil, nil) }
        let at = ctx.span(ofNamed: name)
        guard case .list(let items) = v, items.count == 2 else {
            throw ctx.error("\(name) must be a list of two ends, e.g. \(name): [0, 100] (null for an end taken from the data)", at: at)
        }
        func end(_ item: Value) throws -> Double? {
            switch item {
            case .null: return nil
            case .int(let i): return Double(i)
            case .float(let x) where x.isFinite: return x
            case .date(let d): return Double(d)
            case .datetime(let t): return Double(t) / Double(Temporal.microsPerDay)
            case .string(let s) where date:
                if let d = Temporal.parseDate(s) { return Double(d) }
                if let t = Temporal.parseDateTime(s) { return Double(t) / Double(Temporal.microsPerDay) }
                throw ctx.error("\(name): \"\(s)\" is not a date (YYYY-MM-DD)", at: at)
            default:
                throw ctx.error("\(name) ends must be numbers\(date ? " or dates" : "") or null, got \(item.typeName)", at: at)
            }
        }
        let lo = try end(items[0]), hi = try end(items[1])
        if let lo, let hi, lo >= hi {
            throw ctx.error("\(name): the low end must be below the high end, got [\(NiceScale.label(lo)), \(NiceScale.label(hi))]", at: at)
        }
        return (lo, hi)
    }
}
