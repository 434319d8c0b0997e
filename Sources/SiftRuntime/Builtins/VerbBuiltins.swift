import SiftFrame
import SiftLanguage
import SiftPlan
import SiftRender

extension Session {
    func registerVerbs() {
        let I = interpreter
        I.define("head", "head(frame: frame, n: int = 5)", "The first n rows; after group_by, the first n rows of every group (in row order, as pandas' groupby().head).", example: "df |> head(10)", category: "verbs") { ctx in
            let (f, keys) = try Args.input(ctx)
            let n = try ctx.optional("n", position: 1).map { try ctx.int($0, "n") } ?? 5
            if let keys, !keys.isEmpty { return Args.output(try Self.groupSlice(f, keys: keys, n: n, fromEnd: false), keys: keys) }
            return Args.output(n >= 0 ? f.head(n) : f.head(max(0, f.rowCount + n)), keys: keys)
        }
        I.define("tail", "tail(frame: frame, n: int = 5)", "The last n rows; after group_by, the last n rows of every group (in row order).", example: "df |> tail(3)", category: "verbs") { ctx in
            let (f, keys) = try Args.input(ctx)
            let n = try ctx.optional("n", position: 1).map { try ctx.int($0, "n") } ?? 5
            if let keys, !keys.isEmpty { return Args.output(try Self.groupSlice(f, keys: keys, n: n, fromEnd: true), keys: keys) }
            // tail(-n) is every row but the first n (as in pandas), mirroring head(-n).
            return Args.output(n >= 0 ? f.tail(n) : f.tail(max(0, f.rowCount + n)), keys: keys)
        }
        I.define("select", "select(frame: frame, columns...: names, **renames: names)", "Keeps columns: names, \"quoted names\", -name to drop, range(first, last), of_type(\"float\"), starts_with(\"x\"), ends_with(\"x\"); new = old renames.",
                 example: "df |> select(region, range(age, spend), -comment)", category: "verbs", lazy: true) { ctx in
            let (f, keys) = try Args.input(ctx)
            var chosen: [String] = []
            var excluded: [String] = []
            var renames: [(String, String)] = []
            // Columns come out in the order written, renaming (new = old) and plain ones interleaved.
            for arg in ctx.arguments where arg.slot != .positional(0) {
                if let new = arg.name {
                    let old = try ctx.columnNames(arg.value, in: f)
                    guard old.count == 1 else { throw ctx.error("select(\(new) = …) needs exactly one column", at: arg.span) }
                    chosen.append(old[0])
                    renames.append((old[0], new))
                    continue
                }
                guard case .expr(let e) = arg.value else { chosen += try ctx.columnNames(arg.value, in: f); continue }
                if case .unary(.negate, let inner) = e.kind { excluded += try ctx.columnNames(inner, in: f); continue }
                chosen += try Selectors.names(e, in: f, ctx)
            }
            if chosen.isEmpty && !excluded.isEmpty { chosen = f.names }
            var seen = Set<String>()
            chosen = chosen.filter { !excluded.contains($0) && seen.insert($0).inserted }
            var out = try f.select(chosen)
            out = try out.rename(renames.map { (old: $0.0, new: $0.1) })
            // Group keys follow their columns: renamed keys keep grouping under the new name,
            // dropped keys stop grouping, and with no key left the frame is no longer grouped.
            let remainingKeys = keys?.compactMap { k -> String? in
                guard chosen.contains(k) else { return nil }
                return renames.first { $0.0 == k }?.1 ?? k
            }
            if let remainingKeys, remainingKeys.isEmpty { return .frame(out) }
            return Args.output(out, keys: remainingKeys)
        }
        I.define("drop", "drop(frame: frame, columns...: names)", "Removes columns.", example: "df |> drop(comment)", category: "verbs", lazy: true) { ctx in
            let (f, keys) = try Args.input(ctx)
            let names = try ctx.positional.dropFirst().flatMap { try ctx.columnNames($0, in: f) }
            return Args.output(try f.drop(names), keys: keys)
        }
        I.define("rename", "rename(frame: frame, **renames: names)", "Renames columns.", example: "df |> rename(customer = customer_id)", category: "verbs", lazy: true) { ctx in
            let (f, keys) = try Args.input(ctx)
            let mapping = try ctx.named.map { (new, a, _) -> (old: String, new: String) in
                let old = try ctx.columnNames(a, in: f)
                guard old.count == 1 else { throw ctx.error("rename(\(new) = …) needs exactly one column") }
                return (old: old[0], new: new)
            }
            guard !mapping.isEmpty else { throw ctx.error("rename() needs new = old pairs") }
            return Args.output(try f.rename(mapping), keys: keys.map { ks in ks.map { k in mapping.first { $0.old == k }?.new ?? k } })
        }
        I.define("filter", "filter(frame: frame, conditions...: expr)", "Keeps rows where every condition is true (null counts as false). Per group after group_by.",
                 example: "df |> filter(visits > 0 and not is_null(age))", category: "verbs", lazy: true) { ctx in
            // `filter(x = 1)` parses as a named argument; it is almost always a mistyped ==.
            if let (name, a, span) = ctx.named.first {
                throw SiftError(.runtime, "filter conditions compare with ==: did you mean \(name) == \(a.sourceText ?? "…")?", at: span,
                                hint: "= names an argument or a new column; == tests equality")
            }
            let (f, keys) = try Args.input(ctx)
            let conditions = ctx.positional.dropFirst().compactMap { a -> Expr? in if case .expr(let e) = a { return e }; return nil }
            guard !conditions.isEmpty else { throw ctx.error("filter() needs a condition, e.g. filter(spend > 100)") }
            if let keys, !keys.isEmpty {
                return .grouped(GroupedFrame(frame: try self.groupedFilter(f, keys: keys, conditions, ctx), keys: keys))
            }
            guard let mask = try Verbs.filterMask(f, conditions, ctx) else { return .frame(f) }
            return .frame(try f.filter(mask: mask))
        }
        I.define("mutate", "mutate(frame: frame, across...: expr, **columns: expr)", "Adds or replaces columns; later expressions see earlier ones. Per group after group_by. across(columns, fn) applies fn to each column (across(of_type(\"numeric\"), zscore)).",
                 example: "df |> mutate(revenue_per_visit = revenue / visits)", category: "verbs", lazy: true) { ctx in
            let (f, keys) = try Args.input(ctx)
            guard ctx.count > 1 || !ctx.named.isEmpty else { throw ctx.error("mutate() needs name = expression pairs") }
            if let keys, !keys.isEmpty {
                return .grouped(GroupedFrame(frame: try self.groupedMutate(f, keys: keys, ctx), keys: keys))
            }
            return .frame(try self.ungroupedMutate(f, ctx))
        }
        I.define("group_by", "group_by(frame: frame, keys...: names, **computed: expr)", "Groups rows by key columns for summarize, mutate or filter; name = expr groups by a computed key.",
                 example: "df |> group_by(region, channel)", category: "verbs", lazy: true) { ctx in
            var (f, _) = try Args.input(ctx)
            var keys = try ctx.positional.dropFirst().flatMap { try ctx.columnNames($0, in: f) }
            for (name, a, s) in ctx.named {
                guard case .expr(let e) = a else { continue }
                let v = try ctx.evaluate(e, mask: f)
                f = try f.with(try Operators.asColumn(v, count: f.rowCount).renamed(name))
                keys.append(name)
                _ = s
            }
            guard !keys.isEmpty else { throw ctx.error("group_by() needs at least one key column") }
            return .grouped(GroupedFrame(frame: f, keys: keys))
        }
        I.define("ungroup", "ungroup(frame: frame)", "Drops the grouping of a grouped frame.", example: "g |> ungroup()", category: "verbs") { ctx in
            .frame(try Args.input(ctx).frame)
        }
        I.define("summarize", "summarize(frame: frame, aggregates...: expr, **named: expr)", "One row per group with aggregates: count(), sum, mean, median, min, max, std, var, quantile(x, q), n_distinct, first, last.",
                 example: "df |> group_by(region) |> summarize(n = count(), revenue = sum(revenue))", category: "verbs", aliases: ["summarise"], lazy: true) { ctx in
            let (f, keys) = try Args.input(ctx)
            return .frame(try Summarizer.summarize(f, keys: keys ?? [], ctx))
        }
        I.define("sort", "sort(frame: frame, keys...: expr, descending: bool = false, limit?: int)", "Sorts rows by keys (-key for descending); stable, nulls last; limit: keeps only the first rows (sort |> head(n) does this by itself).",
                 example: "df |> sort(region, -revenue)", category: "verbs", aliases: ["arrange"], lazy: true) { ctx in
            let (f, keys) = try Args.input(ctx)
            let allDesc = try ctx.optional("descending").map { try ctx.bool($0, "descending") } ?? false
            var sortKeys: [SortKey] = []
            for a in ctx.positional.dropFirst() {
                guard case .expr(var e) = a else { continue }
                var desc = allDesc
                if case .unary(.negate, let inner) = e.kind { e = inner; desc.toggle() }
                if case .call(let callee, let args) = e.kind, callee.simpleName == "desc", args.count == 1 { e = args[0].value; desc.toggle() }
                // Errors point at the key that failed, not at the whole call.
                let key = e
                let col = try ctx.at(key.span) { () throws -> Column in
                    let v: Value
                    if case .string(let s) = key.kind { v = .column(try f.column(s)) } else { v = try ctx.evaluate(key, mask: f) }
                    return try Operators.asColumn(v, count: f.rowCount)
                }
                sortKeys.append(SortKey(col, descending: desc))
            }
            guard !sortKeys.isEmpty else { throw ctx.error("sort() needs at least one key, e.g. sort(-revenue)") }
            let limit = try ctx.optional("limit").map { try ctx.int($0, "limit") }
            if let limit, limit < 0 { throw ctx.error("limit must not be negative") }
            // With a limit (sort |> head(n) fuses into one), a heap finds the first rows in one pass.
            return Args.output(f.take(Sorting.order(sortKeys, rowCount: f.rowCount, limit: limit)), keys: keys)
        }
        I.define("join", "join(left: frame, right: frame, *, on?: names, how: string = \"inner\", left_on?: names, right_on?: names, suffix: string = \"_right\")",
                 "Joins two frames on key columns; how is inner, left, right, outer, semi or anti.",
                 example: "orders |> join(customers, on: customer_id, how: \"left\")", category: "verbs", lazy: true) { ctx in
            let (l, _) = try Args.input(ctx)
            let r = try ctx.frame(ctx.value(1), "a frame to join with")
            let howText = try ctx.optional("how").map { try ctx.string($0, "how") } ?? "inner"
            guard let how = JoinKind(rawValue: howText.lowercased()) else {
                throw ctx.error("unknown join kind \"\(howText)\"", hint: "how: inner, left, right, outer, semi or anti")
            }
            var pairs: [(String, String)]
            if let p = JoinKeyArguments.problem(on: ctx.namedArgument("on") != nil, leftOn: ctx.namedArgument("left_on") != nil,
                                                rightOn: ctx.namedArgument("right_on") != nil) {
                throw ctx.error(p.message, hint: p.hint, at: ctx.span(ofNamed: p.argument))
            }
            if let on = ctx.namedArgument("on") {
                let names = try ctx.columnNames(on, in: nil)
                for n in names where !l.hasColumn(n) || !r.hasColumn(n) {
                    throw ctx.error("join key '\(n)' is missing from the \(l.hasColumn(n) ? "right" : "left") frame", hint: "use left_on: and right_on: when the key columns are named differently")
                }
                pairs = names.map { ($0, $0) }
            } else if let lo = ctx.namedArgument("left_on"), let ro = ctx.namedArgument("right_on") {
                let a = try ctx.columnNames(lo, in: l), b = try ctx.columnNames(ro, in: r)
                guard a.count == b.count else { throw ctx.error("left_on and right_on need the same number of columns") }
                pairs = Array(zip(a, b))
            } else {
                pairs = l.names.filter { r.hasColumn($0) }.map { ($0, $0) }
                guard !pairs.isEmpty else { throw ctx.error("the frames share no column to join on", hint: "say which with on: key, or left_on: and right_on:") }
            }
            let suffix = try ctx.optional("suffix").map { try ctx.string($0, "suffix") } ?? "_right"
            return .frame(try Joining.join(l, r, on: pairs, how: how, suffixes: ("", suffix), maxRows: self.limits.maxResultRows))
        }
        I.define("distinct", "distinct(frame: frame, columns...: names)", "Unique rows (over the given columns, or all), first occurrences in order.",
                 example: "df |> distinct(region, channel)", category: "verbs", lazy: true) { ctx in
            let (f, _) = try Args.input(ctx)
            let names = try ctx.positional.dropFirst().flatMap { try ctx.columnNames($0, in: f) }
            return .frame(try GroupBy.distinct(f, keys: names))
        }
        I.define("value_counts", "value_counts(frame, columns...: names, normalize: bool = false, dropna: bool = true)",
                 "Each distinct value (or combination of the columns' values) with its count, most frequent first; with no columns, distinct whole rows as pandas counts them. Rows with a null in a counted column are left out, as in pandas; dropna: false counts null as a value (last among ties). normalize: true gives each one's share (a proportion column, as pandas).",
                 example: "df |> value_counts(channel)", category: "verbs", lazy: true) { ctx in
            let v = try ctx.value(0)
            let dropNulls = try ctx.bool(ctx.optional("dropna") ?? .bool(true), "dropna")
            if case .column(let c) = v {
                guard ctx.count == 1 else { throw ctx.error("value_counts() of a column takes no further columns", hint: "for combinations, pass the frame: value_counts(df, a, b)") }
                let name = c.name.isEmpty ? "value" : c.name
                var one = try Frame(columns: [c.renamed(name)])
                if dropNulls { one = try Reshape.dropNull(one, columns: [name]) }
                return .frame(try Self.proportions(GroupBy.valueCounts(one, column: name), ctx))
            }
            var f = try ctx.frame(v)
            // value_counts(df, []) and value_counts(df) count whole rows, as pandas' DataFrame.value_counts().
            let names = try ctx.positional.dropFirst().flatMap { try ctx.columnNames($0, in: f) }
            if dropNulls { f = try Reshape.dropNull(f, columns: names) }
            return .frame(try Self.proportions(GroupBy.valueCounts(f, columns: names), ctx))
        }
        I.define("describe", "describe(frame: frame)", "Summary statistics per column: count, nulls, mean, std, min, quartiles, max, distinct, most frequent value.",
                 example: "describe(df)", category: "verbs") { ctx in
            .frame(try Statistics.describe(ctx.frame(0)))
        }
        I.define("schema", "schema(frame: any)", "Column names, types and null counts. Given a file path instead of a frame, the file's columns and types (a Parquet file from its footer alone), as file_schema does.", example: "schema(df)", category: "verbs") { [unowned self] ctx in
            if case .string = try ctx.value(0) { return .frame(try self.fileSchema(ctx)) }
            let f = try ctx.frame(0)
            return .frame(try Frame(columns: [
                Column(name: "column", storage: .string(.make(f.names))),
                Column(name: "type", storage: .string(.make(f.columns.map { $0.type.rawValue }))),
                Column(name: "nulls", storage: .int(f.columns.map { Int64($0.nullCount) })),
                Column(name: "example", storage: .string(.plain(f.columns.map { c in
                    c.validIndices.first.map { CellText.truncate(ScalarFormat.plain(c[$0]), 30) } ?? "" }))),
            ]))
        }
        I.define("pivot", "pivot(frame: frame, *, rows: names, columns: names, values: names, agg?: any)", "A wide table: one row per rows value, one column per columns value, cells aggregated with agg: (sum when omitted; pandas' pivot_table averages: say agg: mean for that).",
                 example: "df |> pivot(rows: region, columns: channel, values: revenue, agg: sum)", category: "verbs", lazy: true) { ctx in
            let (f, _) = try Args.input(ctx)
            guard let r = ctx.namedArgument("rows"), let c = ctx.namedArgument("columns"), let v = ctx.namedArgument("values") else {
                throw ctx.error("pivot() needs rows:, columns: and values:")
            }
            let rows = try ctx.columnNames(r, in: f)
            let cols = try ctx.columnNames(c, in: f)
            let vals = try ctx.columnNames(v, in: f)
            guard cols.count == 1, vals.count == 1 else { throw ctx.error("pivot() takes one columns: and one values: column") }
            var agg = AggregateFunction.sum
            if let a = ctx.namedArgument("agg") {
                let name: String
                // A bare aggregate name (agg: mean) is taken as written; a variable (agg: $how, or a
                // bare name bound to a value) gives its value: a text or a function.
                switch a {
                case .expr(let e) where e.isBareName && AggregateFunction(rawValue: e.simpleName!) != nil:
                    name = e.simpleName!
                case .expr(let e) where e.isBareName && ctx.scope.env.lookup(e.simpleName!) == nil:
                    name = e.simpleName!
                default:
                    let value = try ctx.resolve(a)
                    if case .function(let fn) = value { name = fn.name } else { name = try ctx.string(value, "agg", at: ctx.span(ofNamed: "agg")) }
                }
                guard let fn = AggregateFunction(rawValue: name) else {
                    throw ctx.error("pivot() cannot aggregate with \(name)", hint: "agg: sum, mean, count, min, max, median, …")
                }
                agg = fn
            }
            if ctx.namedArgument("agg") == nil, let t = try? f.column(vals[0]).type, !t.isNumeric {
                throw ctx.error("pivot() sums values unless told otherwise, and '\(vals[0])' is \(t.rawValue)",
                                hint: "say how to combine them: agg: first, last, count, n_distinct, min or max", at: ctx.span(ofNamed: "values"))
            }
            return .frame(try Reshape.pivot(f, rows: rows, columns: cols[0], values: vals[0], agg: agg))
        }
        I.define("concat", "concat(frames...)", "Stacks frames (or a list of frames) vertically, matching columns by name.",
                 example: "concat(jan, feb, mar)", category: "verbs") { ctx in
            var frames: [Frame] = []
            for i in 0..<ctx.count {
                let v = try ctx.value(i)
                if case .list(let l) = v { frames += try l.map { try ctx.frame($0) } } else { frames.append(try ctx.frame(v)) }
            }
            return .frame(try Concat.rows(frames))
        }
        I.define("sample", "sample(frame: frame, n?: int, *, fraction?: float, seed: int = 0, replace: bool = false)", "A seeded random sample of rows (same seed, same rows).",
                 example: "df |> sample(100, seed: 42)", category: "verbs") { ctx in
            let (f, _) = try Args.input(ctx)
            var n = try ctx.optional("n", position: 1).map { try ctx.int($0, "n") }
            if let frac = try ctx.optional("fraction") {
                let p = try ctx.double(frac, "fraction")
                guard p >= 0, p <= 1 else { throw ctx.error("fraction must be between 0 and 1") }
                n = Int((p * Double(f.rowCount)).rounded())
            }
            guard let count = n else { throw ctx.error("sample() needs n or fraction:") }
            let seed = try ctx.optional("seed").map { try ctx.int($0, "seed") } ?? 0
            let replace = try ctx.optional("replace").map { try ctx.bool($0, "replace") } ?? false
            guard count <= self.limits.maxResultRows else {
                throw ctx.error("sample() of \(count) rows is more than the limit of \(self.limits.maxResultRows) rows", hint: "ask for fewer rows, or raise the limit with set_option(\"max_result_rows\", n)")
            }
            return .frame(try Reshape.sample(f, n: count, seed: UInt64(bitPattern: Int64(seed)), replace: replace))
        }
        I.define("drop_null", "drop_null(frame: frame, columns...: names)", "Removes rows with a null in the given columns (or in any column).",
                 example: "df |> drop_null(age, income)", category: "verbs", lazy: true) { ctx in
            let (f, keys) = try Args.input(ctx)
            let names = try ctx.positional.dropFirst().flatMap { try ctx.columnNames($0, in: f) }
            return Args.output(try Reshape.dropNull(f, columns: names), keys: keys)
        }
        I.define("fill_null", "fill_null(x, value?, *, strategy?: string)", "Replaces nulls: with a value (or a record of values per column), or with strategy: \"forward\" (the last value before, pandas' ffill) or \"backward\" (the next one, bfill) — per group after group_by, in mutate per partition as window functions. On one value (an aggregate in summarize) it gives the replacement when the value is null: fill_null(sum(x), 0).",
                 example: "df |> fill_null({age: 0, channel: \"unknown\"})", category: "verbs") { [unowned self] ctx in
            let v = try ctx.value(0)
            if let s = try ctx.optional("strategy") {
                guard ctx.count < 2 else { throw ctx.error("fill_null() takes a value or a strategy:, not both") }
                return try self.fillStrategy(v, try ctx.string(s, "strategy", at: ctx.span(ofNamed: "strategy")), ctx)
            }
            guard ctx.count >= 2 else { throw ctx.error("fill_null() needs a value or strategy: \"forward\" | \"backward\"") }
            let filler = try ctx.value(1)
            if v.scalar != nil {
                // One value, such as an aggregate's result inside summarize
                // (`fill_null(sum(x), 0)`): itself, or the replacement when it is null.
                guard filler.scalar != nil else { throw ctx.error("the replacement must be a plain value") }
                if case .null = v { return filler }
                return v
            }
            if case .column(let c) = v {
                guard let s = filler.scalar else { throw ctx.error("the replacement must be a plain value") }
                return .column(try Reshape.fillNull(c, with: s))
            }
            let (f, keys) = try Args.input(ctx)
            var out = f
            switch filler {
            case .record(let r):
                for (name, val) in r.fields {
                    guard let s = val.scalar else { throw ctx.error("the replacement for \(name) must be a plain value") }
                    out = try out.with(try Reshape.fillNull(out.column(name), with: s))
                }
            default:
                guard let s = filler.scalar else { throw ctx.error("the replacement must be a plain value or a record") }
                for c in f.columns where c.nullCount > 0 {
                    // Only columns of the value's kind: numbers fill int and float columns (never
                    // bool), texts string columns, dates date columns.
                    let numbers: Set<DataType> = [.int, .float]
                    if let t = s.dataType, t == c.type || (numbers.contains(t) && numbers.contains(c.type)) {
                        out = try out.with(try Reshape.fillNull(c, with: s))
                    }
                }
            }
            return Args.output(out, keys: keys)
        }
        I.define("corr", "corr(frame: frame, columns?: names, *, method: string = \"pearson\")", "Correlation matrix (pearson or spearman), pairwise complete rows; corr(x, y) for two columns.",
                 example: "corr(df, [spend, visits, revenue])", category: "verbs", lazy: true) { ctx in
            let first = try ctx.value(0)
            let methodText = try ctx.optional("method").map { try ctx.string($0, "method") } ?? "pearson"
            guard let method = Statistics.CorrelationMethod(rawValue: methodText) else { throw ctx.error("method must be \"pearson\" or \"spearman\"") }
            if case .column(let x) = first {
                guard case .column(let y) = try ctx.value(1) else { throw ctx.error("corr(x, y) needs two columns") }
                let f = try Frame(columns: [x.renamed("x"), y.renamed("y")])
                let m = try Statistics.corr(f, columns: ["x", "y"], method: method)
                return Value(m.columns[2][0])
            }
            let f = try ctx.frame(first)
            let names = ctx.count > 1 ? try ctx.columnNames(ctx.positional[1], in: f) : []
            return .frame(try Statistics.corr(f, columns: names, method: method))
        }
        I.define("count_rows", "count_rows(frame: frame, keys...: names)", "Rows per combination of keys (like dplyr's count), sorted by key.",
                 example: "df |> count_rows(region)", category: "verbs", lazy: true) { ctx in
            let (f, _) = try Args.input(ctx)
            let names = try ctx.positional.dropFirst().flatMap { try ctx.columnNames($0, in: f) }
            return .frame(try GroupBy.count(f, keys: names))
        }
    }
}

extension Session {
    /// value_counts(normalize: true): the count column becomes each value's share.
    static func proportions(_ counts: Frame, _ ctx: CallContext) throws -> Frame {
        guard try ctx.bool(ctx.optional("normalize") ?? .bool(false), "normalize"), let last = counts.columns.last, case .int(let n) = last.storage else { return counts }
        let total = Double(n.reduce(0, +))
        var cols = Array(counts.columns.dropLast())
        cols.append(Column(name: "proportion", storage: .float(n.map { total > 0 ? Double($0) / total : 0 })))
        return try Frame(columns: cols)
    }
}

extension Builtin {
    /// The same builtin (name, declaration, help, evaluation) running `body` instead: fused
    /// pipelines call it, so argument checks and error locations stay the builtin's own.
    func rebound(_ body: @escaping (CallContext) throws -> Value) -> Builtin {
        Builtin(wrapping: self, body: body)
    }
}

extension String {
    func replacingFirst(_ a: String, with b: String) -> String {
        hasPrefix(a) ? b + dropFirst(a.count) : self
    }
}
