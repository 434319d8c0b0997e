import Foundation
import SiftFrame
import SiftLanguage
import SiftPlan

/// Compiles a logical plan whose leaves are remote relations into one SQL query (nested
/// sub-selects, one per verb) with Sift's semantics. Row order: a table has none, so rows come
/// in the engine's order until a verb promises one (`sort`, `summarize` by its keys); from then
/// on the order travels as hidden columns (see `SQLOrderTerm`) to the outermost `ORDER BY`.
/// Whatever cannot be expressed identically is a `SQLCompileError` naming the verb.
public struct PlanCompiler {
    public let dialect: any SQLDialect
    /// The relation a plan leaf (a source evaluated to a remote frame) stands for.
    let leaf: (SourceNode) throws -> SQLRelation
    let expressions: ExpressionCompiler
    let names = NameSource()

    /// - Parameters:
    ///   - leaf: the relation of each source (throw when a source is not a remote frame of the
    ///     same connection).
    ///   - variable: the value of a session variable named in an expression.
    ///   - builtin: the canonical name of the builtin a name calls (nil when it is not one or a
    ///     user definition shadows it).
    ///   - constant: evaluates an expression that reads no column, in the session.
    public init(dialect: any SQLDialect, leaf: @escaping (SourceNode) throws -> SQLRelation,
                variable: @escaping (String) -> Value?, builtin: @escaping (String) -> String?,
                constant: @escaping (Expr) throws -> Value) {
        self.dialect = dialect
        self.leaf = leaf
        self.expressions = ExpressionCompiler(dialect: dialect, variable: variable, builtin: builtin, constant: constant)
    }

    /// Fresh aliases (unique within one compilation) and hidden column names (unique in the
    /// process, since a remote frame compiled earlier brings its own hidden columns along).
    final class NameSource {
        var next = 0
        private static let lock = NSLock()
        nonisolated(unsafe) private static var hiddenCount = 0
        func alias() -> String { next += 1; return "s\(next)" }
        func hidden() -> String {
            Self.lock.lock(); defer { Self.lock.unlock() }
            Self.hiddenCount += 1
            return "__sift_h\(Self.hiddenCount)"
        }
    }

    public func compile(_ plan: LogicalPlan) throws -> SQLRelation {
        switch plan {
        case .source(let s): return try leaf(s)
        case .scan(let s):
            throw SQLCompileError("\(s.call.name)() reads a local file; it cannot be joined with a table in the engine", at: s.call.span,
                                  hint: "upload it first with write_table(), or collect() the remote side")
        case .filter(let i, let f): return try filter(compile(i), f.call)
        case .mutate(let i, let m): return try mutate(compile(i), m.call)
        case .project(let i, let c): return try project(compile(i), c)
        case .groupBy(let i, let g): return try groupBy(compile(i), g.call)
        case .aggregate(let i, let a):
            var input = try compile(i)
            if let f = a.fusedFilter {
                // A filter fused by the optimizer sits below the grouping: apply it first.
                let keys = input.groupKeys
                input.groupKeys = nil
                input = try filter(input, f.call)
                input.groupKeys = keys
            }
            return try summarize(input, a.call)
        case .sort(let i, let s): return try sort(compile(i), s)
        case .slice(let i, let s): return try slice(compile(i), s)
        case .join(let l, let r, let j): return try join(compile(l), compile(r), j)
        case .distinct(let i, let c): return try distinct(compile(i), c)
        case .rowOperation(let i, let c): return try rowOperation(compile(i), c)
        }
    }

    // MARK: helpers

    func q(_ name: String) -> String { dialect.quote(identifier: name) }

    /// `SELECT <items> FROM (<input>) AS alias <tail>`, where items are (sql, output name).
    func select(_ items: [(String, String)], from input: SQLRelation, alias: String, tail: String = "") -> String {
        let list: [String] = items.map { item -> String in
            let plain = q(item.1)
            return item.0 == plain || item.0 == "\(alias).\(plain)" ? item.0 : "\(item.0) AS \(plain)"
        }
        let columns: String = list.isEmpty ? "1 AS \(q("__sift_empty"))" : list.joined(separator: ", ")
        let rest: String = tail.isEmpty ? "" : " \(tail)"
        return "SELECT \(columns) FROM (\(input.sql)) AS \(alias)\(rest)"
    }

    /// The hidden order columns, passed through unchanged.
    func hiddenItems(_ r: SQLRelation, _ alias: String) -> [(String, String)] {
        r.order.map { ("\(alias).\(q($0.column))", $0.column) }
    }

    func visibleItems(_ r: SQLRelation, _ alias: String) -> [(String, String)] {
        r.columns.map { ("\(alias).\(q($0.name))", $0.name) }
    }

    func scope(_ r: SQLRelation, _ alias: String, aggregates: AggregateCollector? = nil) -> ExpressionScope {
        ExpressionScope(columns: r.columns, dialect: dialect, qualifier: alias, aggregates: aggregates)
    }

    /// Named arguments a verb accepts in the engine; any other is an error at its span.
    func checkNamed(_ call: VerbCall, allowed: Set<String>) throws {
        for a in call.arguments {
            if let n = a.name, !allowed.contains(n) {
                throw SQLCompileError("\(call.name)() has no argument '\(n)' in the engine", at: a.span)
            }
        }
    }

    func requireUngrouped(_ r: SQLRelation, _ call: VerbCall, _ what: String) throws {
        if r.groupKeys != nil {
            throw SQLCompileError("\(call.name)() after group_by (\(what)) cannot run in the engine yet", at: call.span,
                                  hint: "summarize() the groups, ungroup() first, or collect()")
        }
    }

    // MARK: verbs

    func filter(_ input: SQLRelation, _ call: VerbCall) throws -> SQLRelation {
        try checkNamed(call, allowed: [])
        let alias = names.alias()
        let sc = scope(input, alias)
        var conditions: [String] = []
        for a in call.positional {
            let c = try expressions.compile(a.value, sc)
            guard c.type == .bool || c.type == nil else {
                throw SQLCompileError("filter() needs conditions (bool), got \(expressions.describe(c.type))", at: a.span)
            }
            conditions.append(c.sql)
        }
        guard !conditions.isEmpty else { return input }
        // WHERE keeps rows where the condition is true: null counts as false, as locally.
        var out = input
        out.sql = select(visibleItems(input, alias) + hiddenItems(input, alias), from: input, alias: alias,
                         tail: "WHERE " + conditions.map { "(\($0))" }.joined(separator: " AND "))
        return out
    }

    func mutate(_ input: SQLRelation, _ call: VerbCall) throws -> SQLRelation {
        for a in call.positional {
            throw SQLCompileError("mutate(across(…)) cannot run in the engine", at: a.span, hint: SQLCompileError.collectHint)
        }
        var current = input
        // Assignments see earlier ones: each batch that reads no column made in the same batch
        // becomes one SELECT.
        var pending: [(String, Expr, SourceSpan)] = call.named.map { ($0.name!, $0.value, $0.span) }
        while !pending.isEmpty {
            let alias = names.alias()
            let sc = scope(current, alias)
            var made: [String: SQLExpr] = [:]
            var order: [String] = []
            var rest: [(String, Expr, SourceSpan)] = []
            for (i, (name, e, span)) in pending.enumerated() {
                let reads = Self.names(in: e)
                if !reads.isDisjoint(with: Set(made.keys)) || made[name] != nil {
                    rest = Array(pending[i...])
                    break
                }
                let c = try expressions.compile(e, sc)
                if c.type == nil && c.isNullLiteral {
                    throw SQLCompileError("mutate(\(name) = null) needs a type in the engine; write cast(null, \"float\")", at: span)
                }
                if current.groupKeys != nil, c.aggregated {
                    throw SQLCompileError("a grouped mutate with aggregates cannot run in the engine yet", at: span, hint: SQLCompileError.collectHint)
                }
                made[name] = c
                order.append(name)
            }
            var items: [(String, String)] = []
            var columns: [SQLColumn] = []
            for c in current.columns {
                if let m = made[c.name] {
                    items.append((m.sql, c.name))
                    columns.append(SQLColumn(name: c.name, type: m.type ?? .string))
                } else {
                    items.append(("\(alias).\(q(c.name))", c.name))
                    columns.append(c)
                }
            }
            for n in order where current.type(of: n) == nil {
                items.append((made[n]!.sql, n))
                columns.append(SQLColumn(name: n, type: made[n]!.type ?? .string))
            }
            var out = current
            out.sql = select(items + hiddenItems(current, alias), from: current, alias: alias)
            out.columns = columns
            current = out
            pending = rest
        }
        return current
    }

    /// Bare names an expression reads (to split dependent assignments).
    static func names(in e: Expr) -> Set<String> {
        switch e.kind {
        case .name(let n): return [n]
        case .unary(_, let x), .member(let x, _): return names(in: x)
        case .binary(_, let a, let b), .index(let a, let b), .pipe(let a, let b): return names(in: a).union(names(in: b))
        case .call(_, let args): return args.reduce(into: Set<String>()) { $0.formUnion(names(in: $1.value)) }
        case .list(let items): return items.reduce(into: Set<String>()) { $0.formUnion(names(in: $1)) }
        case .conditional(let c, let a, let b): return names(in: c).union(names(in: a)).union(names(in: b))
        case .formula(let l, let r): return (l.map { names(in: $0) } ?? []).union(names(in: r))
        case .record(let fields): return fields.reduce(into: Set<String>()) { $0.formUnion(names(in: $1.1)) }
        default: return []
        }
    }

    /// A column named in a verb: a bare or quoted name that must exist.
    func columnName(_ e: Expr, in r: SQLRelation, _ call: VerbCall) throws -> String {
        guard let n = SchemaInference.plainName(e) else {
            throw SQLCompileError("\(call.name)() in the engine takes column names (selectors and expressions run locally)", at: e.span, hint: SQLCompileError.collectHint)
        }
        guard r.type(of: n) != nil else {
            throw SQLCompileError("no column named '\(n)'", at: e.span, hint: "columns: " + r.names.joined(separator: ", "))
        }
        return n
    }

    /// The columns a verb names (`distinct(a, b)`, `drop_null(a)`), or all when it names none.
    func columnsOrAll(_ input: SQLRelation, _ call: VerbCall) throws -> [String] {
        var cols: [String] = []
        for a in call.arguments {
            guard a.name == nil else { throw SQLCompileError("\(call.name)() takes column names", at: a.span) }
            cols.append(try columnName(a.value, in: input, call))
        }
        return cols.isEmpty ? input.names : cols
    }

    func project(_ input: SQLRelation, _ call: VerbCall) throws -> SQLRelation {
        var chosen: [(old: String, new: String)] = []
        switch call.name {
        case "drop":
            var dropped: Set<String> = []
            for a in call.arguments {
                guard a.name == nil else { throw SQLCompileError("drop() takes column names", at: a.span) }
                dropped.insert(try columnName(a.value, in: input, call))
            }
            chosen = input.names.filter { !dropped.contains($0) }.map { ($0, $0) }
        case "rename":
            var mapping: [String: String] = [:]
            for a in call.arguments {
                guard let new = a.name else { throw SQLCompileError("rename() takes new = old", at: a.span) }
                mapping[try columnName(a.value, in: input, call)] = new
            }
            chosen = input.names.map { ($0, mapping[$0] ?? $0) }
        default:
            var picked: [(String, String)] = [], excluded: Set<String> = []
            for a in call.arguments {
                if a.name == nil, case .unary(.negate, let inner) = a.value.kind {
                    excluded.insert(try columnName(inner, in: input, call))
                    continue
                }
                let n = try columnName(a.value, in: input, call)
                picked.append((n, a.name ?? n))
            }
            if picked.isEmpty && !excluded.isEmpty { picked = input.names.map { ($0, $0) } }
            var seen = Set<String>()
            chosen = picked.filter { !excluded.contains($0.0) && seen.insert($0.0).inserted }.map { (old: $0.0, new: $0.1) }
        }
        var newNames = Set<String>()
        for c in chosen where !newNames.insert(c.new).inserted {
            throw SQLCompileError("\(call.name)() would make two columns named '\(c.new)'", at: call.span)
        }
        let alias = names.alias()
        var out = input
        out.sql = select(chosen.map { ("\(alias).\(q($0.old))", $0.new) } + hiddenItems(input, alias), from: input, alias: alias)
        out.columns = chosen.map { SQLColumn(name: $0.new, type: input.type(of: $0.old)!) }
        if let keys = input.groupKeys {
            let kept = keys.compactMap { k in chosen.first { $0.old == k }?.new }
            out.groupKeys = kept.isEmpty ? nil : kept
        }
        return out
    }

    func groupBy(_ input: SQLRelation, _ call: VerbCall) throws -> SQLRelation {
        var current = input
        var keys: [String] = []
        let computed = call.arguments.filter { $0.name != nil }
        if !computed.isEmpty {
            var m = call
            m.arguments = computed
            current = try mutate(current, m)
        }
        for a in call.arguments {
            if let n = a.name { keys.append(n); continue }
            keys.append(try columnName(a.value, in: current, call))
        }
        guard !keys.isEmpty else { throw SQLCompileError("group_by() needs at least one key", at: call.span) }
        current.groupKeys = keys
        return current
    }

    func summarize(_ input: SQLRelation, _ call: VerbCall) throws -> SQLRelation {
        for a in call.positional where a.name == nil {
            if case .call(let f, _) = a.value.kind, f.simpleName == "across" {
                throw SQLCompileError("summarize(across(…)) cannot run in the engine", at: a.span, hint: SQLCompileError.collectHint)
            }
        }
        let keys = input.groupKeys ?? []
        let inner = names.alias()
        let collector = AggregateCollector(partition: keys.map { "\(inner).\(q($0))" }, fresh: names.hidden)
        // Aggregates read the input's columns through the alias of the level below.
        let sc = scope(input, inner, aggregates: collector)
        var items: [(String, String)] = keys.map { ("\(inner).\(q($0))", $0) }
        var columns: [SQLColumn] = keys.map { SQLColumn(name: $0, type: input.type(of: $0)!) }
        for (name, e) in AggregateNames.items(call) {
            let c = try expressions.compile(e, sc)
            guard c.aggregated || c.type == nil || Self.names(in: e).allSatisfy({ input.type(of: $0) == nil }) else {
                throw SQLCompileError("summarize(\(name) = …) needs an aggregate such as sum() or mean() around its columns", at: e.span)
            }
            if let i = columns.firstIndex(where: { $0.name == name }) {
                items[i] = (c.sql, name)
                columns[i] = SQLColumn(name: name, type: c.type ?? .float)
            } else {
                items.append((c.sql, name))
                columns.append(SQLColumn(name: name, type: c.type ?? .float))
            }
        }
        // The windows some aggregates need (a group mean) are one level below.
        var source = input
        if !collector.windows.isEmpty {
            let below = names.alias()
            let windows: [String] = collector.windows.map { w -> String in
                let sql = w.sql.replacingOccurrences(of: "\(inner).", with: "\(below).")
                return "\(sql) AS \(q(w.name))"
            }
            source.sql = "SELECT \(below).*, \(windows.joined(separator: ", ")) FROM (\(input.sql)) AS \(below)"
        }
        // Groups come out in key order (nulls last), as Sift's hash aggregation promises.
        var order: [SQLOrderTerm] = []
        for k in keys {
            let h = names.hidden()
            items.append(("\(inner).\(q(k))", h))
            order.append(SQLOrderTerm(column: h, descending: false, type: input.type(of: k)!))
        }
        let group = keys.isEmpty ? "" : "GROUP BY " + keys.map { "\(inner).\(q($0))" }.joined(separator: ", ")
        var out = SQLRelation(sql: select(items, from: source, alias: inner, tail: group), columns: columns, order: order, groupKeys: nil)
        out.groupKeys = nil
        return out
    }

    func sort(_ input: SQLRelation, _ node: SortNode) throws -> SQLRelation {
        let call = node.call
        try checkNamed(call, allowed: ["descending", "limit"])
        var allDescending = false
        if let d = call.argument("descending") {
            guard case .bool(let b) = d.value.kind else { throw SQLCompileError("sort(descending:) must be true or false", at: d.span) }
            allDescending = b
        }
        var limit = node.limit
        if let l = call.argument("limit") {
            guard case .int(let n) = l.value.kind, n >= 0 else { throw SQLCompileError("sort(limit:) must be a whole number ≥ 0", at: l.span) }
            limit = min(limit ?? Int(n), Int(n))
        }
        let alias = names.alias()
        let sc = scope(input, alias)
        var items = visibleItems(input, alias)
        var terms: [SQLOrderTerm] = []
        for a in call.positional {
            var e = a.value
            var desc = allDescending
            if case .unary(.negate, let inner) = e.kind { e = inner; desc.toggle() }
            if case .call(let callee, let args) = e.kind, callee.simpleName == "desc", args.count == 1 { e = args[0].value; desc.toggle() }
            let key: SQLExpr
            if case .string(let s) = e.kind {
                guard let t = input.type(of: s) else { throw SQLCompileError("no column named '\(s)'", at: e.span) }
                key = SQLExpr("\(alias).\(q(s))", t)
            } else {
                key = try expressions.compile(e, sc)
            }
            guard let t = key.type, t != .list else { throw SQLCompileError("sort() cannot order by \(expressions.describe(key.type)) in the engine", at: e.span) }
            let h = names.hidden()
            items.append((key.sql, h))
            terms.append(SQLOrderTerm(column: h, descending: desc, type: t))
        }
        guard !terms.isEmpty else { throw SQLCompileError("sort() needs at least one key, e.g. sort(-revenue)", at: call.span) }
        // Stable: ties keep the order the input had.
        var out = input
        out.order = terms + input.order
        out.sql = select(items + hiddenItems(input, alias), from: input, alias: alias)
        if let limit { out = try limited(out, limit, reversed: false) }
        return out
    }

    /// The first `n` rows in the relation's order (the last `n` when `reversed`).
    func limited(_ r: SQLRelation, _ n: Int, reversed: Bool) throws -> SQLRelation {
        let alias = names.alias()
        var out = r
        let terms: String = r.orderBy(dialect, qualifier: alias, reversed: reversed)
        let orderBy: String = r.order.isEmpty ? "" : "ORDER BY \(terms) "
        out.sql = select(visibleItems(r, alias) + hiddenItems(r, alias), from: r, alias: alias, tail: orderBy + "LIMIT \(n)")
        return out
    }

    func slice(_ input: SQLRelation, _ node: SliceNode) throws -> SQLRelation {
        try requireUngrouped(input, node.call, "per-group rows")
        let n: Int
        if let literal = node.literalCount { n = literal } else {
            guard let a = node.call.arguments.first, a.name == nil || a.name == "n", node.call.arguments.count == 1 else {
                throw SQLCompileError("\(node.call.name)() takes one argument n", at: node.call.span)
            }
            let v = try expressions.compile(a.value, ExpressionScope(columns: [], dialect: dialect))
            guard v.type == .int, let k = Int(v.sql) else { throw SQLCompileError("\(node.call.name)(n) needs a whole number", at: a.span) }
            n = k
        }
        guard n >= 0 else { throw SQLCompileError("\(node.call.name)(n) needs n ≥ 0", at: node.call.span) }
        if node.fromEnd && input.order.isEmpty {
            throw SQLCompileError("tail() needs a row order, which a table in the engine does not have", at: node.call.span,
                                  hint: "sort() first, e.g. sort(order_date) |> tail(10)")
        }
        return try limited(input, n, reversed: node.fromEnd)
    }

    func distinct(_ input: SQLRelation, _ call: VerbCall) throws -> SQLRelation {
        try requireUngrouped(input, call, "per-group rows")
        let cols = try columnsOrAll(input, call)
        let alias = names.alias()
        var out = input
        out.columns = cols.map { SQLColumn(name: $0, type: input.type(of: $0)!) }
        let keys: [String] = cols.map { "\(alias).\(q($0))" }
        let list: String = zip(keys, cols).map { "\($0) AS \(q($1))" }.joined(separator: ", ")
        if input.order.isEmpty {
            out.sql = "SELECT DISTINCT \(list) FROM (\(input.sql)) AS \(alias)"
            return out
        }
        // First occurrences in order: number the rows in the input's order, keep each
        // combination's smallest number as its order.
        let numbered = names.alias(), rn = names.hidden()
        let inputOrder: String = input.orderBy(dialect, qualifier: numbered)
        let inner = "SELECT \(numbered).*, ROW_NUMBER() OVER (ORDER BY \(inputOrder)) AS \(q(rn)) FROM (\(input.sql)) AS \(numbered)"
        let first = names.hidden()
        out.sql = "SELECT \(list), MIN(\(alias).\(q(rn))) AS \(q(first)) FROM (\(inner)) AS \(alias) GROUP BY \(keys.joined(separator: ", "))"
        out.order = [SQLOrderTerm(column: first, descending: false, type: .int)]
        return out
    }

    func rowOperation(_ input: SQLRelation, _ call: VerbCall) throws -> SQLRelation {
        switch call.name {
        case "ungroup":
            try checkNamed(call, allowed: [])
            if let a = call.arguments.first { throw SQLCompileError("ungroup() takes no arguments", at: a.span) }
            var out = input
            out.groupKeys = nil
            return out
        case "drop_null":
            try requireUngrouped(input, call, "per-group rows")
            let cols = try columnsOrAll(input, call)
            let alias = names.alias()
            var out = input
            out.sql = select(visibleItems(input, alias) + hiddenItems(input, alias), from: input, alias: alias,
                             tail: "WHERE " + cols.map { "\(alias).\(q($0)) IS NOT NULL" }.joined(separator: " AND "))
            return out
        case "sample":
            return try SampleCompiler(compiler: self).sample(input, call)
        default:
            throw SQLCompileError("\(call.name)() cannot run in the \(dialect.name) engine", at: call.span, hint: SQLCompileError.collectHint)
        }
    }

    func join(_ left: SQLRelation, _ right: SQLRelation, _ node: JoinNode) throws -> SQLRelation {
        try JoinCompiler(compiler: self).join(left, right, node)
    }
}
