import SiftFrame
import SiftLanguage
import SiftPlan

/// `join` in SQL with Sift's rules: null keys never match (SQL's `=`), the key columns appear
/// once (the left's, taking the right's value on rows only the right has), a right column whose
/// name the left already has gets the suffix, semi/anti keep the left's columns. Order: the
/// left's order, then the right's within each left row, right-only rows last — Sift's order
/// when both sides have one.
struct JoinCompiler {
    let compiler: PlanCompiler
    var dialect: any SQLDialect { compiler.dialect }
    func q(_ s: String) -> String { compiler.q(s) }

    func join(_ left: SQLRelation, _ right: SQLRelation, _ node: JoinNode) throws -> SQLRelation {
        let call = node.call
        try compiler.checkNamed(call, allowed: ["on", "how", "left_on", "right_on", "suffix"])
        if left.groupKeys != nil { throw SQLCompileError("join() after group_by cannot run in the engine", at: call.span, hint: "ungroup() first") }
        guard let how = node.how, let kind = JoinKind(rawValue: how) else {
            let span = call.argument("how")?.span ?? call.span
            throw SQLCompileError("join(how:) must be written as \"inner\", \"left\", \"right\", \"outer\", \"semi\" or \"anti\" in the engine", at: span)
        }
        guard let suffix = node.suffix else {
            throw SQLCompileError("join(suffix:) must be written as text in the engine", at: call.argument("suffix")?.span ?? call.span)
        }
        if let p = JoinKeyArguments.problem(on: call.argument("on") != nil, leftOn: call.argument("left_on") != nil,
                                            rightOn: call.argument("right_on") != nil) {
            throw SQLCompileError(p.message, at: call.argument(p.argument)?.span ?? call.span, hint: p.hint)
        }
        var pairs: [(String, String)]
        if let on = call.argument("on") {
            guard let keys = node.onKeys else { throw SQLCompileError("join(on:) must name the key columns in the engine", at: on.span) }
            for k in keys where left.type(of: k) == nil || right.type(of: k) == nil {
                throw SQLCompileError("join key '\(k)' is missing from the \(left.type(of: k) == nil ? "left" : "right") frame", at: on.span)
            }
            pairs = keys.map { ($0, $0) }
        } else if let lo = call.argument("left_on"), let ro = call.argument("right_on") {
            let a = try names(lo, left), b = try names(ro, right)
            guard a.count == b.count else { throw SQLCompileError("left_on and right_on need the same number of columns", at: call.span) }
            pairs = Array(zip(a, b))
        } else {
            pairs = left.names.filter { right.type(of: $0) != nil }.map { ($0, $0) }
            guard !pairs.isEmpty else { throw SQLCompileError("the frames share no column to join on", at: call.span, hint: "say which with on: key") }
        }
        for (l, r) in pairs where !ExpressionCompiler.comparable(left.type(of: l), right.type(of: r)) {
            throw SQLCompileError("join key '\(l)' is \(left.type(of: l)!.rawValue) on the left and \(right.type(of: r)!.rawValue) on the right", at: call.span)
        }
        let la = compiler.names.alias(), ra = compiler.names.alias()
        let condition = pairs.map { "\(la).\(q($0.0)) = \(ra).\(q($0.1))" }.joined(separator: " AND ")
        if kind == .semi || kind == .anti {
            var out = left
            let exists = "EXISTS (SELECT 1 FROM (\(right.sql)) AS \(ra) WHERE \(condition))"
            out.sql = compiler.select(compiler.visibleItems(left, la) + compiler.hiddenItems(left, la), from: left, alias: la,
                                      tail: "WHERE " + (kind == .semi ? exists : "NOT " + exists))
            return out
        }
        let rightKeys = Set(pairs.map(\.1))
        let rightOnly = right.columns.filter { !rightKeys.contains($0.name) }
        let leftNames = Set(left.names)
        var items: [(String, String)] = []
        var columns: [SQLColumn] = []
        for c in left.columns {
            var sql = "\(la).\(q(c.name))"
            var type = c.type
            if let k = pairs.first(where: { $0.0 == c.name }), kind == .right || kind == .outer {
                sql = "COALESCE(\(sql), \(ra).\(q(k.1)))"
                if type != right.type(of: k.1) { type = .float }
            }
            items.append((sql, c.name))
            columns.append(SQLColumn(name: c.name, type: type))
        }
        for c in rightOnly {
            let name = leftNames.contains(c.name) ? c.name + suffix : c.name
            items.append(("\(ra).\(q(c.name))", name))
            columns.append(SQLColumn(name: name, type: c.type))
        }
        var seen = Set<String>()
        for c in columns where !seen.insert(c.name).inserted {
            throw SQLCompileError("join() would make two columns named '\(c.name)'", at: call.span, hint: "rename one side, or choose another suffix:")
        }
        // Both sides' order columns travel on under fresh names.
        var order: [SQLOrderTerm] = []
        for (side, terms) in [(la, left.order), (ra, right.order)] {
            for t in terms {
                let h = compiler.names.hidden()
                items.append(("\(side).\(q(t.column))", h))
                order.append(SQLOrderTerm(column: h, descending: t.descending, type: t.type))
            }
        }
        let joinWord: String
        switch kind {
        case .inner: joinWord = "INNER JOIN"
        case .left: joinWord = "LEFT JOIN"
        case .right: joinWord = "RIGHT JOIN"
        default: joinWord = "FULL OUTER JOIN"
        }
        let list: String = items.map { "\($0.0) AS \(q($0.1))" }.joined(separator: ", ")
        let sql = "SELECT \(list) FROM (\(left.sql)) AS \(la) \(joinWord) (\(right.sql)) AS \(ra) ON \(condition)"
        return SQLRelation(sql: sql, columns: columns, order: order, groupKeys: nil)
    }

    func names(_ a: Argument, _ r: SQLRelation) throws -> [String] {
        var exprs: [Expr] = [a.value]
        if case .list(let items) = a.value.kind { exprs = items }
        return try exprs.map { e in
            guard let n = SchemaInference.plainName(e), r.type(of: n) != nil else {
                throw SQLCompileError("join keys must be column names of their side", at: e.span)
            }
            return n
        }
    }
}
