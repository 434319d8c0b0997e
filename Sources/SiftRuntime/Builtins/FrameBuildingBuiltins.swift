import SiftFrame
import SiftLanguage

/// Building frames from values: from columns (`frame(a: [1, 2], b: ["x", "y"])`, as
/// `pd.DataFrame({...})`) or from records (`as_frame(results)`, as `pd.DataFrame(records)`), so
/// the results of a loop or a `map` become a table.
extension Session {
    func registerFrameBuilding() {
        interpreter.define("frame", "frame(**columns)", "A frame from named columns: lists, columns or one value repeated (as pd.DataFrame({…})). Every list must have the same length.",
                           example: "frame(region: [\"North\", \"South\"], target: [100, 80])", category: "general") { ctx in
            guard !ctx.named.isEmpty else { throw ctx.error("frame() needs columns, e.g. frame(a: [1, 2], b: [\"x\", \"y\"])") }
            return .frame(try Self.frameFromColumns(ctx.named.map { ($0.0, try ctx.resolve($0.1), $0.2) }, ctx))
        }
        interpreter.define("as_frame", "as_frame(x)", "A frame from a list of records (one row each; a field missing from a record is null, columns in order of first appearance) or from a record of lists (one column each), as pd.DataFrame(records).",
                           example: "as_frame([{k: 2, score: 0.8}, {k: 3, score: 0.85}])", category: "general") { ctx in
            let v = try ctx.value(0)
            switch v {
            case .frame, .grouped: return .frame(try ctx.frame(v))
            case .record(let r):
                return .frame(try Self.frameFromColumns(r.fields.map { ($0.0, $0.1, ctx.span) }, ctx))
            case .list(let items):
                var names: [String] = []
                var seen = Set<String>()
                for (i, item) in items.enumerated() {
                    guard case .record(let r) = item else {
                        throw ctx.error("as_frame() needs a list of records, but item \(i) is \(withArticle(item.typeName))", hint: "e.g. as_frame([{a: 1, b: \"x\"}, {a: 2, b: \"y\"}])")
                    }
                    for (k, _) in r.fields where seen.insert(k).inserted { names.append(k) }
                }
                var columns: [Column] = []
                for name in names {
                    let cells = try items.map { item -> Scalar in
                        guard case .record(let r) = item, let value = r[name] else { return .null }
                        guard let s = Self.cell(value) else {
                            throw ctx.error("as_frame(): field \(name) holds \(withArticle(value.typeName)); a cell holds a plain value")
                        }
                        return s
                    }
                    columns.append(Column.from(scalars: cells, name: name))
                }
                return .frame(try Frame(columns: columns))
            default:
                throw ctx.error("as_frame() needs a list of records or a record of lists, got \(withArticle(v.typeName))")
            }
        }
    }

    /// A list of texts is a list cell; anything else must be a plain value.
    static func cell(_ v: Value) -> Scalar? {
        if case .list(let items) = v {
            let words = items.compactMap { i -> String? in if case .string(let s) = i { return s }; return nil }
            return words.count == items.count ? .list(words) : nil
        }
        return v.scalar
    }

    static func frameFromColumns(_ named: [(String, Value, SourceSpan)], _ ctx: CallContext) throws -> Frame {
        var rows: Int? = nil
        for (_, v, _) in named {
            switch v {
            case .list(let l): rows = rows ?? l.count
            case .column(let c): rows = rows ?? c.count
            default: break
            }
        }
        let n = rows ?? 1
        var columns: [Column] = []
        for (name, v, span) in named {
            let c: Column
            switch v {
            case .list(let items):
                c = Column.from(scalars: try items.map { i in
                    guard let s = cell(i) else { throw ctx.error("frame(): column \(name) holds \(withArticle(i.typeName)); a cell holds a plain value", at: span) }
                    return s
                }, name: name)
            case .column(let col): c = col.renamed(name)
            default:
                guard let s = v.scalar else { throw ctx.error("frame(): column \(name) must be a list, a column or a value, got \(withArticle(v.typeName))", at: span) }
                c = Column.constant(s, count: n, name: name)
            }
            guard c.count == n else {
                throw ctx.error("frame(): column \(name) has \(c.count) values but the first column has \(n)", hint: "every column needs the same number of values", at: span)
            }
            columns.append(c)
        }
        return try Frame(columns: columns)
    }
}
