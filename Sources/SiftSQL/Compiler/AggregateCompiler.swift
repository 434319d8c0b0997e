import SiftFrame
import SiftLanguage

/// Columns an aggregation needs computed one level below it: the group mean for a two-pass
/// sample variance where the engine has none (SQLite), as a window over the group keys.
final class AggregateCollector {
    /// The group keys as SQL, for `PARTITION BY`.
    let partition: [String]
    private(set) var windows: [(name: String, sql: String)] = []
    private let fresh: () -> String

    init(partition: [String], fresh: @escaping () -> String) {
        self.partition = partition
        self.fresh = fresh
    }

    /// The name of a column holding the group mean of `x` (computed once per distinct `x`).
    func groupMean(of x: String, dialect: any SQLDialect) -> String {
        let over = partition.isEmpty ? "OVER ()" : "OVER (PARTITION BY " + partition.joined(separator: ", ") + ")"
        let sql = "AVG(\(x)) \(over)"
        if let w = windows.first(where: { $0.sql == sql }) { return w.name }
        let name = fresh()
        windows.append((name, sql))
        return name
    }
}

/// Sift's aggregates (inside `summarize`) in SQL: nulls skipped, an empty or all-null group
/// gives count 0 and null elsewhere (as locally), sample std/var with n − 1, linear quantiles
/// where the engine has them. `first`/`last` need a row order a table does not have: refused.
struct AggregateCompiler {
    let expressions: ExpressionCompiler
    let collector: AggregateCollector
    var dialect: any SQLDialect { expressions.dialect }

    /// Every aggregate builtin (canonical names), compiled or refused here.
    static let aggregates: Set<String> = ["count", "sum", "mean", "min", "max", "median", "quantile", "std", "var", "n_distinct", "null_count", "first", "last"]

    func aggregate(_ name: String, written: String, _ args: [Argument], _ e: Expr, _ scope: ExpressionScope) throws -> SQLExpr {
        // The argument is row-wise: aggregates inside aggregates are an error, as locally.
        var inner = scope
        inner.aggregates = nil
        func value(_ params: [String] = ["x"], required: Int = 1) throws -> (CallArguments, SQLExpr) {
            let a = try CallArguments(written, args, positional: params, required: required, span: e.span)
            return (a, try expressions.compile(a[params[0]]!.value, inner))
        }
        func numeric(_ x: SQLExpr) throws {
            guard x.type == nil || ExpressionCompiler.isNumber(x.type) else {
                throw SQLCompileError("\(written)() needs numbers, got \(expressions.describe(x.type))", at: e.span)
            }
        }
        let intType = dialect.typeName(.int) ?? "INTEGER"
        switch name {
        case "count":
            if args.isEmpty { return SQLExpr("COUNT(*)", .int, aggregated: true) }
            let (_, x) = try value()
            return SQLExpr("COUNT(\(x.sql))", .int, aggregated: true)
        case "sum":
            let (_, x) = try value()
            try numeric(x)
            // PostgreSQL sums bigints as numeric: cast back so the type is Sift's.
            if x.type == .int { return SQLExpr("CAST(SUM(\(x.sql)) AS \(intType))", .int, aggregated: true) }
            return SQLExpr("SUM(\(x.sql))", .float, aggregated: true)
        case "mean":
            let (_, x) = try value()
            try numeric(x)
            return SQLExpr("AVG(\(expressions.asDouble(x)))", .float, aggregated: true)
        case "min", "max":
            let (_, x) = try value()
            guard let t = x.type, t != .bool, t != .list else {
                throw SQLCompileError("\(written)() in the engine works on numbers, text and dates; got \(expressions.describe(x.type))", at: e.span)
            }
            let collated = t == .string ? x.sql + dialect.binaryCollation : x.sql
            return SQLExpr("\(name.uppercased())(\(collated))", t, aggregated: true)
        case "median", "quantile":
            let (a, x) = try value(name == "median" ? ["x"] : ["x", "q"], required: name == "median" ? 1 : 2)
            try numeric(x)
            var q = 0.5
            if name == "quantile" {
                let qa = a["q"]!
                switch qa.value.kind {
                case .float(let v): q = v
                case .int(let v): q = Double(v)
                default: throw SQLCompileError("quantile() in the engine needs q written as a number", at: qa.span)
                }
                guard q >= 0, q <= 1 else { throw SQLCompileError("quantile q must be between 0 and 1", at: qa.span) }
            }
            guard let s = dialect.quantile(expressions.asDouble(x), dialect.literal(float: q)) else {
                throw SQLCompileError("\(written)() cannot run in \(dialect.name): \(dialect.unsupportedReason(name))", at: e.span,
                                      hint: "collect() first, or use an engine with exact quantiles (postgres, spark)")
            }
            return SQLExpr(s, .float, aggregated: true)
        case "std", "var":
            let (_, x) = try value()
            try numeric(x)
            let d = expressions.asDouble(x)
            if let s = name == "std" ? dialect.sampleStd(d) : dialect.sampleVariance(d) { return SQLExpr(s, .float, aggregated: true) }
            // Two passes: the group mean as a window below, then Σ(x − mean)² / (n − 1).
            let mean = dialect.quote(identifier: collector.groupMean(of: d, dialect: dialect))
            let variance = "(SUM((\(d) - \(mean)) * (\(d) - \(mean))) / NULLIF(COUNT(\(x.sql)) - 1, 0))"
            return SQLExpr(name == "std" ? "SQRT(\(variance))" : variance, .float, aggregated: true)
        case "n_distinct":
            let (_, x) = try value()
            return SQLExpr("COUNT(DISTINCT \(x.sql))", .int, aggregated: true)
        case "null_count":
            let (_, x) = try value()
            return SQLExpr("(COUNT(*) - COUNT(\(x.sql)))", .int, aggregated: true)
        default:
            throw SQLCompileError("\(written)() needs a row order, which a table in the engine does not have", at: e.span,
                                  hint: "use min()/max(), or sort and collect() first")
        }
    }
}
