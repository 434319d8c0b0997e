import SiftFrame
import SiftLanguage

/// Sift's row-wise builtins in SQL, each with the local function's exact semantics (nulls,
/// zero, empty text). Anything not listed in `compiled` is refused by name: a builtin is never
/// passed through as SQL text. Aggregates are `AggregateCompiler`'s.
struct FunctionCompiler {
    let expressions: ExpressionCompiler
    var dialect: any SQLDialect { expressions.dialect }

    /// The row-wise builtins the engine runs (canonical names).
    static let compiled: Set<String> = [
        "is_null", "coalesce", "fill_null", "if_else", "case_when", "abs", "round", "floor", "ceil", "sqrt", "log", "log10", "exp",
        "lower", "upper", "len", "contains", "starts_with", "ends_with", "replace", "substr",
        "year", "month", "day", "hour", "minute", "second", "quarter", "day_of_year", "weekday", "week",
        "add_days", "days_between", "cast", "greatest", "least",
    ]

    func call(_ name: String, written: String, _ args: [Argument], _ e: Expr, _ scope: ExpressionScope) throws -> SQLExpr {
        if AggregateCompiler.aggregates.contains(name) {
            // min(a, b) / max(a, b) with several arguments are row-wise.
            if (name == "min" || name == "max"), args.count > 1 { return try extreme(name == "max" ? "greatest" : "least", args, e, scope) }
            guard let collector = scope.aggregates else {
                throw SQLCompileError("\(written)() aggregates a whole column; in the engine it runs inside summarize()", at: e.span,
                                      hint: "grouped mutate and filter with aggregates run locally: collect() first")
            }
            return try AggregateCompiler(expressions: expressions, collector: collector).aggregate(name, written: written, args, e, scope)
        }
        guard Self.compiled.contains(name) else {
            throw SQLCompileError("\(written)() cannot run in the \(dialect.name) engine", at: e.span, hint: SQLCompileError.collectHint)
        }
        func arg(_ a: Argument?) throws -> SQLExpr? { try a.map { try expressions.compile($0.value, scope) } }
        func one(_ params: [String] = ["x"], required: Int = 1, named: [String] = []) throws -> CallArguments {
            try CallArguments(written, args, positional: params, named: named, required: required, span: e.span)
        }
        func unsupported() -> SQLCompileError { expressions.unsupported(written + "()", e.span) }
        /// Arguments Sift takes as one text (a pattern), not per row: a literal or a variable.
        func constantText(_ a: Argument) throws -> SQLExpr {
            let c = try expressions.compile(a.value, ExpressionScope(columns: [], dialect: dialect))
            guard c.type == .string else { throw SQLCompileError("\(written)() needs \(a.name ?? "this argument") as text", at: a.span) }
            return c
        }
        func text(_ a: SQLExpr, _ span: SourceSpan) throws {
            guard a.type == nil || a.type == .string else { throw SQLCompileError("\(written)() needs text, got \(expressions.describe(a.type))", at: span) }
        }
        func number(_ a: SQLExpr, _ span: SourceSpan) throws {
            guard a.type == nil || ExpressionCompiler.isNumber(a.type) else { throw SQLCompileError("\(written)() needs numbers, got \(expressions.describe(a.type))", at: span) }
        }
        switch name {
        case "is_null":
            let a = try one()
            let x = try arg(a["x"])!
            return SQLExpr("(\(x.sql) IS NULL)", .bool, aggregated: x.aggregated)
        case "coalesce":
            guard !args.isEmpty else { throw SQLCompileError("coalesce() needs at least one value", at: e.span) }
            for a in args where a.name != nil { throw SQLCompileError("coalesce() has no argument '\(a.name!)'", at: a.span) }
            return try unified("COALESCE", args.map(\.value), e, scope)
        case "fill_null":
            let a = try one(["x", "value"], required: 1, named: ["strategy"])
            if let s = a["strategy"] { throw SQLCompileError("fill_null(strategy:) needs a row order, which a table in the engine does not have", at: s.span, hint: SQLCompileError.collectHint) }
            guard let v = a["value"] else { throw SQLCompileError("fill_null() needs a value in the engine", at: e.span) }
            if case .record = v.value.kind { throw SQLCompileError("fill_null() with a record fills a frame; inside mutate give one value", at: v.span) }
            return try unified("COALESCE", [a["x"]!.value, v.value], e, scope)
        case "if_else":
            let a = try one(["condition", "a", "b"], required: 3)
            return try ifElse(a["condition"]!.value, a["a"]!.value, a["b"]!.value, e, scope)
        case "case_when":
            return try caseWhen(args, e, scope)
        case "abs":
            let x = try arg(try one()["x"])!
            try number(x, e.span)
            return SQLExpr("ABS(\(x.sql))", x.type, aggregated: x.aggregated)
        case "floor", "ceil":
            let x = try arg(try one()["x"])!
            try number(x, e.span)
            // Sift's floor and ceil give floats, also for whole numbers.
            return SQLExpr("\(name == "floor" ? "FLOOR" : "CEIL")(\(expressions.asDouble(x)))", .float, aggregated: x.aggregated)
        case "round":
            let a = try one(["x", "digits"], required: 1)
            let x = try arg(a["x"])!
            try number(x, e.span)
            var digits: Int64 = 0
            if let d = a["digits"] {
                guard case .int(let k) = d.value.kind else { throw SQLCompileError("round() in the engine needs digits written as a whole number", at: d.span) }
                digits = k
            }
            guard digits >= -15, digits <= 15 else { throw SQLCompileError("round() in the engine takes digits from -15 to 15", at: e.span) }
            if x.type == .int && digits >= 0 { return x }
            return SQLExpr(round(expressions.asDouble(x), Int(digits)), .float, aggregated: x.aggregated)
        case "sqrt", "log", "log10", "exp":
            let x = try arg(try one()["x"])!
            try number(x, e.span)
            let d = expressions.asDouble(x)
            // Locally a result that is not finite (log of 0, sqrt of −1, exp overflow) is null.
            let sql: String
            switch name {
            case "sqrt": sql = "(CASE WHEN \(d) >= 0 THEN SQRT(\(d)) END)"
            case "log": sql = "(CASE WHEN \(d) > 0 THEN LN(\(d)) END)"
            case "log10": sql = "(CASE WHEN \(d) > 0 THEN LOG10(\(d)) END)"
            default: sql = "(CASE WHEN \(d) <= 709.782712893384 THEN EXP(\(d)) END)"
            }
            return SQLExpr(sql, .float, aggregated: x.aggregated)
        case "lower", "upper":
            let x = try arg(try one(["text"])["text"])!
            try text(x, e.span)
            guard let s = name == "lower" ? dialect.lower(x.sql) : dialect.upper(x.sql) else { throw unsupported() }
            return SQLExpr(s, .string, aggregated: x.aggregated)
        case "len":
            let x = try arg(try one()["x"])!
            guard x.type == .string else { throw SQLCompileError("len() in the engine counts the characters of text; got \(expressions.describe(x.type))", at: e.span) }
            return SQLExpr("CAST(LENGTH(\(x.sql)) AS \(dialect.typeName(.int) ?? "INTEGER"))", .int, aggregated: x.aggregated)
        case "contains", "starts_with", "ends_with":
            let a = try one(["text", "pattern"], required: 2)
            let x = try arg(a["text"])!, p = try constantText(a["pattern"]!)
            try text(x, e.span)
            let sql: String
            switch name {
            case "contains": sql = "(\(dialect.position(p.sql, in: x.sql)) > 0)"
            case "starts_with": sql = "(SUBSTR(\(x.sql), 1, LENGTH(\(p.sql))) = \(p.sql))"
            default: sql = "(LENGTH(\(x.sql)) >= LENGTH(\(p.sql)) AND SUBSTR(\(x.sql), LENGTH(\(x.sql)) - LENGTH(\(p.sql)) + 1) = \(p.sql))"
            }
            return SQLExpr(sql, .bool, aggregated: x.aggregated)
        case "replace":
            let a = try one(["text", "old", "new"], required: 3)
            let x = try arg(a["text"])!, old = try constantText(a["old"]!), new = try constantText(a["new"]!)
            try text(x, e.span)
            guard old.sql != dialect.literal(string: "") else {
                throw SQLCompileError("replace() in the engine needs old: as non-empty text", at: a["old"]!.span)
            }
            return SQLExpr("REPLACE(\(x.sql), \(old.sql), \(new.sql))", .string, aggregated: x.aggregated)
        case "substr":
            let a = try one(["text", "start", "length"], required: 2)
            let x = try arg(a["text"])!
            try text(x, e.span)
            guard case .int(let start) = a["start"]!.value.kind, start >= 1 else {
                throw SQLCompileError("substr() in the engine needs start: written as a whole number from 1", at: a["start"]!.span)
            }
            if let l = a["length"] {
                guard case .int(let length) = l.value.kind, length >= 0 else {
                    throw SQLCompileError("substr() in the engine needs length: written as a whole number ≥ 0", at: l.span)
                }
                return SQLExpr("SUBSTR(\(x.sql), \(start), \(length))", .string, aggregated: x.aggregated)
            }
            return SQLExpr("SUBSTR(\(x.sql), \(start))", .string, aggregated: x.aggregated)
        case "year", "month", "day", "hour", "minute", "second", "quarter", "day_of_year", "weekday", "week":
            let x = try arg(try one(["date"])["date"])!
            guard let t = x.type, t.isTemporal else { throw SQLCompileError("\(written)() needs a date or datetime, got \(expressions.describe(x.type))", at: e.span) }
            if t == .date, ["hour", "minute", "second"].contains(name) { return SQLExpr("(CASE WHEN \(x.sql) IS NULL THEN NULL ELSE 0 END)", .int, aggregated: x.aggregated) }
            guard let s = dialect.datePart(name, x.sql, temporal: t) else { throw unsupported() }
            return SQLExpr(s, .int, aggregated: x.aggregated)
        case "add_days":
            let a = try one(["x", "n"], required: 2)
            let x = try arg(a["x"])!, n = try arg(a["n"])!
            guard x.type == .date else { throw SQLCompileError("add_days() in the engine needs a date, got \(expressions.describe(x.type))", at: e.span) }
            guard n.type == .int || n.type == nil else { throw SQLCompileError("add_days() needs a whole number of days", at: a["n"]!.span) }
            guard let s = dialect.addDays(x.sql, n.sql) else { throw unsupported() }
            return SQLExpr(s, .date, aggregated: x.aggregated || n.aggregated)
        case "days_between":
            let a = try one(["start", "end"], required: 2)
            let x = try arg(a["start"])!, y = try arg(a["end"])!
            guard x.type == .date || x.type == nil, y.type == .date || y.type == nil else {
                throw SQLCompileError("days_between() in the engine needs dates", at: e.span)
            }
            guard let s = dialect.daysBetween(x.sql, y.sql) else { throw unsupported() }
            return SQLExpr(s, .int, aggregated: x.aggregated || y.aggregated)
        case "cast":
            return try cast(args, e, scope)
        case "greatest", "least":
            return try extreme(name, args, e, scope)
        default:
            throw SQLCompileError("\(written)() cannot run in the \(dialect.name) engine", at: e.span, hint: SQLCompileError.collectHint)
        }
    }

    /// `fn(a, b, …)` over values that must share one type (COALESCE).
    func unified(_ fn: String, _ values: [Expr], _ e: Expr, _ scope: ExpressionScope) throws -> SQLExpr {
        let parts = try values.map { try expressions.compile($0, scope) }
        var type: DataType? = nil
        for p in parts {
            guard let t = ExpressionCompiler.unify(type, p.type) else {
                throw SQLCompileError("cannot mix \(expressions.describe(type)) and \(expressions.describe(p.type)) here", at: e.span)
            }
            type = t
        }
        let sql = parts.map { p in type == .float && p.type == .int ? expressions.asDouble(p) : p.sql }
        return SQLExpr("\(fn)(" + sql.joined(separator: ", ") + ")", type, aggregated: parts.contains { $0.aggregated })
    }

    /// `if_else(c, a, b)`: a where c is true, b where false, null where c is null.
    func ifElse(_ c: Expr, _ a: Expr, _ b: Expr, _ e: Expr, _ scope: ExpressionScope) throws -> SQLExpr {
        let cond = try expressions.compile(c, scope)
        try expressions.requireBool(cond, c.span, "if_else")
        let x = try expressions.compile(a, scope), y = try expressions.compile(b, scope)
        guard let t = ExpressionCompiler.unify(x.type, y.type) else {
            throw SQLCompileError("if_else() branches mix \(expressions.describe(x.type)) and \(expressions.describe(y.type))", at: e.span)
        }
        let xs = t == .float && x.type == .int ? expressions.asDouble(x) : x.sql
        let ys = t == .float && y.type == .int ? expressions.asDouble(y) : y.sql
        return SQLExpr("(CASE WHEN \(cond.sql) THEN \(xs) WHEN NOT (\(cond.sql)) THEN \(ys) ELSE NULL END)", t,
                       aggregated: cond.aggregated || x.aggregated || y.aggregated)
    }

    /// `case_when(c1 ~ v1, c2 ~ v2, default: d)`: the first true condition's value.
    func caseWhen(_ args: [Argument], _ e: Expr, _ scope: ExpressionScope) throws -> SQLExpr {
        var branches: [(SQLExpr, SQLExpr)] = []
        var fallback: SQLExpr? = nil
        for a in args {
            if let n = a.name {
                guard n == "default" else { throw SQLCompileError("case_when() has no argument '\(n)'", at: a.span, hint: "arguments: cases…, default") }
                guard fallback == nil else { throw SQLCompileError("case_when() got default twice", at: a.span) }
                fallback = try expressions.compile(a.value, scope)
                continue
            }
            guard case .formula(let lhs?, let rhs) = a.value.kind else {
                throw SQLCompileError("case_when() takes cases written condition ~ value", at: a.span)
            }
            let c = try expressions.compile(lhs, scope)
            try expressions.requireBool(c, lhs.span, "case_when")
            branches.append((c, try expressions.compile(rhs, scope)))
        }
        guard !branches.isEmpty else { throw SQLCompileError("case_when() needs at least one case, condition ~ value", at: e.span) }
        var type: DataType? = nil
        for v in branches.map(\.1) + (fallback.map { [$0] } ?? []) {
            guard let t = ExpressionCompiler.unify(type, v.type) else {
                throw SQLCompileError("case_when() values mix \(expressions.describe(type)) and \(expressions.describe(v.type))", at: e.span)
            }
            type = t
        }
        func value(_ v: SQLExpr) -> String { type == .float && v.type == .int ? expressions.asDouble(v) : v.sql }
        var sql = "(CASE"
        for (c, v) in branches { sql += " WHEN \(c.sql) THEN \(value(v))" }
        sql += " ELSE \(fallback.map(value) ?? "NULL") END)"
        let agg = branches.contains { $0.0.aggregated || $0.1.aggregated } || (fallback?.aggregated ?? false)
        return SQLExpr(sql, type, aggregated: agg)
    }

    /// Half away from zero at `digits` decimals, computed as Sift does: scale, round the scaled
    /// value (exactly: its fraction is split off without error), scale back; a value already
    /// beyond 2^52 once scaled is returned as it is.
    func round(_ x: String, _ digits: Int) -> String {
        let scale = dialect.literal(float: pow10(abs(digits)))
        let scaled = digits >= 0 ? "(\(x) * \(scale))" : "(\(x) / \(scale))"
        let a = "ABS(\(scaled))"
        let rounded = "(CASE WHEN \(a) - FLOOR(\(a)) >= 0.5 THEN FLOOR(\(a)) + 1 ELSE FLOOR(\(a)) END)"
        let signed = "(CASE WHEN \(scaled) < 0 THEN -\(rounded) ELSE \(rounded) END)"
        let back = digits >= 0 ? "(\(signed) / \(scale))" : "(\(signed) * \(scale))"
        return "(CASE WHEN \(a) >= 4503599627370496.0 THEN \(x) ELSE \(back) END)"
    }

    func pow10(_ k: Int) -> Double {
        var v = 1.0
        for _ in 0..<k { v *= 10 }
        return v
    }

    /// Row-wise largest / smallest, skipping nulls.
    func extreme(_ name: String, _ args: [Argument], _ e: Expr, _ scope: ExpressionScope) throws -> SQLExpr {
        for a in args where a.name != nil { throw SQLCompileError("\(name)() has no argument '\(a.name!)'", at: a.span) }
        guard !args.isEmpty else { throw SQLCompileError("\(name)() needs at least one value", at: e.span) }
        guard let fn = dialect.greatest(name == "greatest") else { throw expressions.unsupported(name + "()", e.span) }
        return try unified(fn, args.map(\.value), e, scope)
    }

    /// `cast(x, "type")` for the conversions that give the same values in every engine; the
    /// others (text parsing, float to text) differ between engines and are refused.
    func cast(_ args: [Argument], _ e: Expr, _ scope: ExpressionScope) throws -> SQLExpr {
        let a = try CallArguments("cast", args, positional: ["x", "type"], named: ["strict"], required: 2, span: e.span)
        if let s = a["strict"] { throw SQLCompileError("cast(strict:) cannot run in the engine", at: s.span, hint: SQLCompileError.collectHint) }
        let x = try expressions.compile(a["x"]!.value, scope)
        guard case .string(let typeName) = a["type"]!.value.kind, let target = DataType(userName: typeName) else {
            throw SQLCompileError("cast() in the engine needs the type written as text: \"int\", \"float\", \"string\"", at: a["type"]!.span)
        }
        if x.type == target { return x }
        if x.isNullLiteral { return SQLExpr("NULL", target) }
        switch (x.type, target) {
        case (.int?, .float):
            return SQLExpr(expressions.asDouble(x), .float, aggregated: x.aggregated)
        case (.float?, .int):
            // Sift truncates toward zero.
            let t = dialect.typeName(.int) ?? "INTEGER"
            return SQLExpr("CAST((CASE WHEN \(x.sql) < 0 THEN CEIL(\(x.sql)) ELSE FLOOR(\(x.sql)) END) AS \(t))", .int, aggregated: x.aggregated)
        case (.int?, .string):
            return SQLExpr("CAST(\(x.sql) AS \(dialect.typeName(.string) ?? "TEXT"))", .string, aggregated: x.aggregated)
        case (.bool?, .int):
            return SQLExpr("(CASE WHEN \(x.sql) THEN 1 WHEN NOT (\(x.sql)) THEN 0 END)", .int, aggregated: x.aggregated)
        default:
            throw SQLCompileError("cast from \(expressions.describe(x.type)) to \(target.rawValue) cannot run in the engine with Sift's rules", at: e.span,
                                  hint: "engines convert text and floats differently; collect() first, or cast before write_table")
        }
    }

    /// The remainder of a floating division with the sign of the dividend (C's fmod).
    static func floatRemainder(_ dialect: any SQLDialect, _ x: String, _ y: String) -> String? {
        dialect.floatRemainder(x, y)
    }
}
