import SiftFrame
import SiftLanguage

/// Reshaping and whole-frame helpers of issue 12: `melt`/`unpivot`, `transpose`, `crosstab`,
/// `explode`, `nlargest`/`nsmallest`, `unique`.
extension Session {
    func registerReshaping() {
        let I = interpreter
        I.define("melt", "melt(frame: frame, *, id?: names, columns?: names, names_to: string = \"variable\", values_to: string = \"value\")",
                 "Wide to long (pandas' melt): one row per id row and value column, the column's name in names_to and its value in values_to. columns: defaults to every column not in id:. Also: `unpivot`.",
                 example: "orders |> melt(id: [customer_id, order_date], columns: [amount, note], names_to: \"field\", values_to: \"value\")", category: "verbs", aliases: ["unpivot"], lazy: true) { ctx in
            let (f, _) = try Args.input(ctx)
            let id = try ctx.namedArgument("id").map { try ctx.columnNames($0, in: f) } ?? []
            let columns = try ctx.namedArgument("columns").map { try ctx.columnNames($0, in: f) } ?? []
            let namesTo = try ctx.string(ctx.optional("names_to") ?? .string("variable"), "names_to")
            let valuesTo = try ctx.string(ctx.optional("values_to") ?? .string("value"), "values_to")
            return .frame(try ctx.at(ctx.span) { try Melt.melt(f, id: id, columns: columns, namesTo: namesTo, valuesTo: valuesTo) })
        }
        I.define("transpose", "transpose(frame: frame, *, names?: names)",
                 "Rows become columns (pandas' df.T): the first column lists the column names; each row becomes a column, named by its value in names: (else row_1, row_2, …). Mixed types become text.",
                 example: "orders |> head(3) |> transpose(names: customer_id)", category: "verbs", lazy: true) { ctx in
            let (f, _) = try Args.input(ctx)
            let names = try ctx.namedArgument("names").map { try ctx.columnNames($0, in: f) }
            if let names, names.count != 1 { throw ctx.error("names: takes one column") }
            return .frame(try ctx.at(ctx.span) { try Transpose.transpose(f, names: names?.first) })
        }
        I.define("crosstab", "crosstab(frame: frame, rows: names, columns: names, *, normalize: string = \"none\")",
                 "Counts of each combination of two columns as a table (pandas' crosstab): a row per rows value, a column per columns value, 0 where none. normalize: \"all\", \"index\" (rows sum to 1) or \"columns\".",
                 example: "orders |> crosstab(region, customer_id, normalize: \"index\")", category: "verbs", lazy: true) { ctx in
            let (f, _) = try Args.input(ctx)
            let rows = try ctx.columnNames(ctx.positional.count > 1 ? ctx.positional[1] : ctx.namedArgument("rows") ?? .value(.null), in: f)
            let columns = try ctx.columnNames(ctx.positional.count > 2 ? ctx.positional[2] : ctx.namedArgument("columns") ?? .value(.null), in: f)
            guard rows.count == 1, columns.count == 1 else { throw ctx.error("crosstab() takes one rows column and one columns column") }
            let text = try ctx.string(ctx.optional("normalize") ?? .string("none"), "normalize")
            guard let normalize = Crosstab.Normalize(rawValue: text) else {
                throw ctx.error("normalize: must be \"none\", \"all\", \"index\" or \"columns\", got \"\(text)\"", at: ctx.span(ofNamed: "normalize"))
            }
            return .frame(try ctx.at(ctx.span) { try Crosstab.crosstab(f, rows: rows[0], columns: columns[0], normalize: normalize) })
        }
        I.define("explode", "explode(frame: frame, column: names)", "One row per item of a list column (pandas' explode); the other columns repeat, and an empty list or null gives one row with null.",
                 example: "orders |> explode(tags)", category: "verbs", lazy: true) { ctx in
            let (f, keys) = try Args.input(ctx)
            let names = try ctx.columnNames(ctx.positional.count > 1 ? ctx.positional[1] : ctx.namedArgument("column") ?? .value(.null), in: f)
            guard names.count == 1 else { throw ctx.error("explode() takes one list column") }
            return Args.output(try ctx.at(ctx.span) { try Explode.explode(f, column: names[0]) }, keys: keys)
        }
        for (name, largest) in [("nlargest", true), ("nsmallest", false)] {
            I.define(name, "\(name)(frame: frame, n: int, columns...: names)",
                     "The n rows with the \(largest ? "largest" : "smallest") values of the columns (later columns break ties; then row order), as pandas' \(name)(n, columns, keep=\"first\"); nulls come last.",
                     example: "orders |> \(name)(3, amount)", category: "verbs", lazy: true) { ctx in
                let (f, keys) = try Args.input(ctx)
                let n = try ctx.int(ctx.value(1), "n", at: ctx.span(of: 1))
                guard n >= 0 else { throw ctx.error("n must not be negative", at: ctx.span(of: 1)) }
                let names = try ctx.positional.dropFirst(2).flatMap { try ctx.columnNames($0, in: f) }
                guard !names.isEmpty else { throw ctx.error("\(name)() needs the columns to order by, e.g. \(name)(df, 5, revenue)") }
                let sortKeys = try names.map { SortKey(try f.column($0), descending: largest) }
                return Args.output(f.take(Sorting.order(sortKeys, rowCount: f.rowCount, limit: n)), keys: keys)
            }
        }
        I.define("unique", "unique(x)", "The distinct values of a column or list in order of first appearance, nulls included once (pandas' unique).",
                 example: "unique(orders.region)", category: "aggregates") { ctx in
            let v = try ctx.value(0)
            switch v {
            case .column, .list:
                let c = try Args.column(v, ctx)
                let g = Grouping(keys: [c], rowCount: c.count)
                return .column(c.take(g.firstRow.sorted()))
            default:
                guard v.scalar != nil else { throw ctx.error("unique() needs a column or a list, got \(withArticle(v.typeName))") }
                return .list([v])
            }
        }
    }
}
