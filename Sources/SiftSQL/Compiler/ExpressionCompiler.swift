import SiftFrame
import SiftLanguage

/// What an expression can see: the columns of the relation it reads (name → SQL reference and
/// type) and whether aggregates are allowed (inside `summarize`).
struct ExpressionScope {
    var columns: [String: (sql: String, type: DataType)]
    var aggregates: AggregateCollector?

    init(columns: [SQLColumn], dialect: any SQLDialect, qualifier: String? = nil, aggregates: AggregateCollector? = nil) {
        var map: [String: (sql: String, type: DataType)] = [:]
        for c in columns { map[c.name] = ((qualifier.map { $0 + "." } ?? "") + dialect.quote(identifier: c.name), c.type) }
        self.columns = map
        self.aggregates = aggregates
    }
}

/// Compiles a Sift expression (row-wise, or with aggregates inside `summarize`) into SQL with
/// Sift's semantics: Kleene logic is SQL's own; division is always floating and null for a zero
/// divisor; `%` is the floor modulo of Python; `in` ignores nulls in the list as Sift does;
/// text compares by code point. Every function call is either compiled by `FunctionCompiler`
/// or refused by name.
struct ExpressionCompiler {
    let dialect: any SQLDialect
    /// The value of a variable the expression names (nil when there is none).
    let variable: (String) -> Value?
    /// The canonical builtin a name calls (nil for user functions and unknown names).
    let builtin: (String) -> String?
    /// Evaluates a call that reads no column (`date("2024-01-01")`, `today()`) in the session:
    /// it is one value, sent as a literal.
    let constant: (Expr) throws -> Value

    func compile(_ e: Expr, _ scope: ExpressionScope) throws -> SQLExpr {
        switch e.kind {
        case .null: return SQLExpr("NULL", nil)
        case .bool(let b): return SQLExpr(b ? "TRUE" : "FALSE", .bool)
        case .int(let v): return SQLExpr(String(v), .int)
        case .float(let d): return try literal(.float(d), at: e.span)
        case .string(let s): return SQLExpr(dialect.literal(string: s), .string)
        case .name(let n):
            if let c = scope.columns[n] { return SQLExpr(c.sql, c.type) }
            if let v = variable(n) { return try literal(v, at: e.span) }
            throw SQLCompileError("no column or variable named '\(n)'", at: e.span,
                                  hint: "columns: " + scope.columns.keys.sorted().joined(separator: ", "))
        case .variable(let n):
            guard let v = variable(n) else { throw SQLCompileError("no variable named '$\(n)'", at: e.span) }
            return try literal(v, at: e.span)
        case .unary(let op, let x):
            let c = try compile(x, scope)
            switch op {
            case .plus:
                guard c.type == nil || c.type == .int || c.type == .float else { throw SQLCompileError("unary + needs a number", at: e.span) }
                return c
            case .negate:
                guard c.type == nil || c.type == .int || c.type == .float else { throw SQLCompileError("cannot negate \(describe(c.type))", at: e.span) }
                return SQLExpr("(-\(c.sql))", c.type, aggregated: c.aggregated)
            case .not:
                try requireBool(c, e.span, "not")
                return SQLExpr("(NOT \(c.sql))", .bool, aggregated: c.aggregated)
            }
        case .binary(let op, let a, let b):
            return try binary(op, a, b, e, scope)
        case .call(let callee, let args):
            guard case .name(let written) = callee.kind else {
                throw SQLCompileError("this call cannot run in the engine", at: callee.span, hint: SQLCompileError.collectHint)
            }
            guard let name = builtin(written) else {
                throw SQLCompileError("'\(written)' is not a builtin the \(dialect.name) engine can run (user functions run locally)", at: callee.span, hint: SQLCompileError.collectHint)
            }
            if !AggregateCompiler.aggregates.contains(name), !PlanCompiler.names(in: e).contains(where: { scope.columns[$0] != nil }) {
                return try literal(try constant(e), at: e.span)
            }
            return try FunctionCompiler(expressions: self).call(name, written: written, args, e, scope)
        case .conditional(let c, let a, let b):
            return try FunctionCompiler(expressions: self).ifElse(c, a, b, e, scope)
        case .list:
            throw SQLCompileError("a list can only be used after `in` in the engine", at: e.span)
        default:
            throw SQLCompileError("this expression cannot run in the \(dialect.name) engine", at: e.span, hint: SQLCompileError.collectHint)
        }
    }

    /// A value from the session (a variable or literal) as a SQL literal.
    func literal(_ v: Value, at span: SourceSpan) throws -> SQLExpr {
        switch v {
        case .null: return SQLExpr("NULL", nil)
        case .bool(let b): return SQLExpr(b ? "TRUE" : "FALSE", .bool)
        case .int(let i): return SQLExpr(String(i), .int)
        case .float(let d):
            guard d.isFinite else { throw SQLCompileError("the value \(d) cannot be sent to the engine", at: span) }
            return SQLExpr(dialect.literal(float: d), .float)
        case .string(let s): return SQLExpr(dialect.literal(string: s), .string)
        case .date(let d): return SQLExpr(dialect.literal(date: d), .date)
        case .datetime(let t): return SQLExpr(dialect.literal(datetime: t), .datetime)
        default:
            throw SQLCompileError("\(withArticle(v.typeName)) cannot be used inside a pipeline that runs in the engine", at: span,
                                  hint: "only plain values (numbers, text, dates, bools) are sent as literals")
        }
    }

    func describe(_ t: DataType?) -> String { t.map { "a \($0.rawValue)" } ?? "null" }

    func requireBool(_ c: SQLExpr, _ span: SourceSpan, _ what: String) throws {
        guard c.type == nil || c.type == .bool else {
            throw SQLCompileError("\(what) needs a condition (bool), got \(describe(c.type))", at: span)
        }
    }

    static func isNumber(_ t: DataType?) -> Bool { t == .int || t == .float }

    /// The type two branches unify to (int and float make float); nil when they cannot mix.
    static func unify(_ a: DataType?, _ b: DataType?) -> DataType?? {
        guard let a else { return .some(b) }
        guard let b else { return .some(a) }
        if a == b { return .some(a) }
        if isNumber(a) && isNumber(b) { return .some(.float) }
        return nil
    }

    func asDouble(_ c: SQLExpr) -> String {
        c.type == .float ? c.sql : "CAST(\(c.sql) AS \(dialect.typeName(.float) ?? "REAL"))"
    }

    func binary(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ e: Expr, _ scope: ExpressionScope) throws -> SQLExpr {
        if op == .in || op == .notIn { return try membership(a, b, negated: op == .notIn, e, scope) }
        let x = try compile(a, scope), y = try compile(b, scope)
        let agg = x.aggregated || y.aggregated
        func out(_ sql: String, _ t: DataType?) -> SQLExpr { SQLExpr(sql, t, aggregated: agg) }
        // Any operation with a bare null is null (as locally), whatever the other side's type.
        if op != .and && op != .or && (x.isNullLiteral || y.isNullLiteral) {
            let other = x.isNullLiteral ? y.type : x.type
            let t: DataType?
            switch op {
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: t = .bool
            case .divide: t = .float
            default: t = other
            }
            return out("NULL", t)
        }
        switch op {
        case .and, .or:
            try requireBool(x, a.span, op.rawValue)
            try requireBool(y, b.span, op.rawValue)
            return out("(\(x.sql) \(op == .and ? "AND" : "OR") \(y.sql))", .bool)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            guard Self.comparable(x.type, y.type) else {
                throw SQLCompileError("cannot compare \(describe(x.type)) with \(describe(y.type))", at: e.span)
            }
            let sqlOp = [BinaryOp.equal: "=", .notEqual: "<>", .less: "<", .lessEqual: "<=", .greater: ">", .greaterEqual: ">="][op]!
            let collate = (x.type == .string || y.type == .string) && op != .equal && op != .notEqual ? dialect.binaryCollation : ""
            return out("(\(x.sql)\(collate) \(sqlOp) \(y.sql)\(collate))", .bool)
        case .add, .subtract:
            if op == .add, x.type == .string, y.type == .string { return out("(\(x.sql) || \(y.sql))", .string) }
            if x.type == .date, y.type == .int {
                let days = op == .add ? y.sql : "(-\(y.sql))"
                guard let s = dialect.addDays(x.sql, days) else { throw unsupported("date arithmetic", e.span) }
                return out(s, .date)
            }
            if op == .add, x.type == .int, y.type == .date {
                guard let s = dialect.addDays(y.sql, x.sql) else { throw unsupported("date arithmetic", e.span) }
                return out(s, .date)
            }
            if op == .subtract, x.type == .date, y.type == .date {
                guard let s = dialect.daysBetween(y.sql, x.sql) else { throw unsupported("date arithmetic", e.span) }
                return out(s, .int)
            }
            try requireNumbers(x, y, op, e.span)
            let t: DataType = x.type == .int && y.type == .int ? .int : .float
            return out("(\(x.sql) \(op.rawValue) \(y.sql))", t)
        case .multiply:
            try requireNumbers(x, y, op, e.span)
            return out("(\(x.sql) * \(y.sql))", x.type == .int && y.type == .int ? .int : .float)
        case .divide:
            try requireNumbers(x, y, op, e.span)
            // Always floating (Sift's 7 / 2 is 3.5); a zero divisor gives null, never an error.
            return out("(\(asDouble(x)) / NULLIF(\(asDouble(y)), 0))", .float)
        case .modulo:
            try requireNumbers(x, y, op, e.span)
            if x.type == .int && y.type == .int {
                // Python's floor modulo (the sign of the divisor): -7 % 3 is 2.
                return out("(CASE WHEN \(y.sql) = 0 THEN NULL ELSE ((\(x.sql) % \(y.sql)) + \(y.sql)) % \(y.sql) END)", .int)
            }
            guard let r = FunctionCompiler.floatRemainder(dialect, asDouble(x), asDouble(y)) else { throw unsupported("%", e.span) }
            let d = asDouble(y)
            return out("(CASE WHEN \(d) = 0 THEN NULL WHEN \(r) <> 0 AND ((\(r) < 0) <> (\(d) < 0)) THEN \(r) + \(d) ELSE \(r) END)", .float)
        case .power:
            try requireNumbers(x, y, op, e.span)
            if x.type == .int && y.type == .int {
                // Integer powers are exact locally: only small literal exponents are expanded
                // into products, which are exact too.
                guard case .int(let k) = b.kind, k >= 0, k <= 8 else {
                    throw SQLCompileError("int ^ int runs exactly only with a literal exponent from 0 to 8 in the engine", at: e.span,
                                          hint: "write cast(x, \"float\") ^ y for a floating power")
                }
                if k == 0 { return out("(CASE WHEN \(x.sql) IS NULL THEN NULL ELSE 1 END)", .int) }
                return out("(" + Array(repeating: x.sql, count: Int(k)).joined(separator: " * ") + ")", .int)
            }
            return out("POWER(\(asDouble(x)), \(asDouble(y)))", .float)
        case .in, .notIn, .interaction:
            throw SQLCompileError("operator \(op.rawValue) cannot run in the engine", at: e.span)
        }
    }

    func unsupported(_ what: String, _ span: SourceSpan) -> SQLCompileError {
        SQLCompileError("\(what) cannot run in \(dialect.name): \(dialect.unsupportedReason(what))", at: span, hint: SQLCompileError.collectHint)
    }

    func requireNumbers(_ x: SQLExpr, _ y: SQLExpr, _ op: BinaryOp, _ span: SourceSpan) throws {
        guard (x.type == nil || Self.isNumber(x.type)) && (y.type == nil || Self.isNumber(y.type)) else {
            throw SQLCompileError("cannot apply \(op.rawValue) to \(describe(x.type)) and \(describe(y.type))", at: span)
        }
    }

    static func comparable(_ a: DataType?, _ b: DataType?) -> Bool {
        guard let a, let b else { return true }
        if a == b { return true }
        return isNumber(a) && isNumber(b)
    }

    /// `x in [a, b]`: nulls in the list are ignored (Sift's `4 in [1, null]` is false, SQL's
    /// would be null); a null `x` gives null.
    func membership(_ a: Expr, _ b: Expr, negated: Bool, _ e: Expr, _ scope: ExpressionScope) throws -> SQLExpr {
        let x = try compile(a, scope)
        var items: [SQLExpr] = []
        switch b.kind {
        case .list(let elements):
            for el in elements { items.append(try compile(el, scope)) }
        case .name(let n) where scope.columns[n] == nil:
            guard case .list(let values)? = variable(n) else { throw SQLCompileError("the right side of `in` must be a list", at: b.span) }
            for v in values { items.append(try literal(v, at: b.span)) }
        case .variable(let n):
            guard case .list(let values)? = variable(n) else { throw SQLCompileError("the right side of `in` must be a list", at: b.span) }
            for v in values { items.append(try literal(v, at: b.span)) }
        default:
            throw SQLCompileError("the right side of `in` must be a list of values in the engine", at: b.span)
        }
        let kept = items.filter { !$0.isNullLiteral }
        for i in kept where !Self.comparable(x.type, i.type) {
            throw SQLCompileError("cannot compare \(describe(x.type)) with \(describe(i.type)) in `in`", at: b.span)
        }
        let test = kept.isEmpty ? "(CASE WHEN \(x.sql) IS NULL THEN NULL ELSE FALSE END)"
            : "(\(x.sql) IN (" + kept.map(\.sql).joined(separator: ", ") + "))"
        return SQLExpr(negated ? "(NOT \(test))" : test, .bool, aggregated: x.aggregated)
    }
}
