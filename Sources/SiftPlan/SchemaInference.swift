import SiftLanguage

/// The schema each node produces, derived from its inputs' schemas without running anything.
/// nil means "not known before running" (a computed selection, a verb that reshapes): checks
/// downstream of such a node wait until it has run.
public struct SchemaInference {
    /// The schema of a source once evaluated (the runtime evaluates sources before planning).
    public let sourceSchema: (SourceNode) -> Schema?

    public init(sourceSchema: @escaping (SourceNode) -> Schema?) {
        self.sourceSchema = sourceSchema
    }

    public func schema(of plan: LogicalPlan) -> Schema? {
        switch plan {
        case .source(let s): return sourceSchema(s)
        case .scan(let s):
            guard let cols = s.fileColumns else { return nil }
            return Schema(names: s.projected ?? cols)
        case .filter(let i, _), .sort(let i, _), .slice(let i, _):
            return schema(of: i)
        case .rowOperation(let i, let call):
            guard var s = schema(of: i) else { return nil }
            if call.name == "ungroup" { s.groupKeys = nil }
            return s
        case .mutate(let i, let m):
            guard var s = schema(of: i) else { return nil }
            for (name, _) in m.assignments { s = s.adding(name) }
            return s
        case .project(let i, let call):
            guard let s = schema(of: i) else { return nil }
            return Self.project(s, call)
        case .groupBy(let i, let g):
            guard var s = schema(of: i) else { return nil }
            var keys: [String] = []
            for a in g.call.arguments {
                if let name = a.name { s = s.adding(name); keys.append(name); continue }
                guard let n = Self.plainName(a.value), s.has(n) else { return nil }
                keys.append(n)
            }
            s.groupKeys = keys
            return s
        case .aggregate(let i, let a):
            guard let s = schema(of: i) else { return nil }
            var names = s.groupKeys ?? []
            for (name, _) in AggregateNames.items(a.call) where !names.contains(name) { names.append(name) }
            return Schema(names: names)
        case .distinct(let i, let call):
            guard let s = schema(of: i) else { return nil }
            if call.arguments.isEmpty { return Schema(names: s.names) }
            var names: [String] = []
            for a in call.arguments {
                guard a.name == nil, let n = Self.plainName(a.value), s.has(n) else { return nil }
                names.append(n)
            }
            return Schema(names: names)
        case .join(let l, let r, let j):
            guard let ls = schema(of: l), let rs = schema(of: r), let keys = j.onKeys, let how = j.how, let suffix = j.suffix else { return nil }
            switch how {
            case "semi", "anti": return Schema(names: ls.names)
            case "inner", "left":
                var names = ls.names
                for n in rs.names where !keys.contains(n) { names.append(ls.has(n) ? n + suffix : n) }
                return Schema(names: names)
            default: return nil
            }
        }
    }

    /// `select` / `drop` / `rename` written with plain names (nil for selectors and variables).
    static func project(_ s: Schema, _ call: VerbCall) -> Schema? {
        func plain(_ e: Expr) -> String? {
            guard let n = plainName(e), s.has(n) else { return nil }
            return n
        }
        var out = Schema(names: [], groupKeys: s.groupKeys)
        switch call.name {
        case "drop":
            var dropped: [String] = []
            for a in call.arguments { guard a.name == nil, let n = plain(a.value) else { return nil }; dropped.append(n) }
            out.names = s.names.filter { !dropped.contains($0) }
            out.groupKeys = s.groupKeys.map { $0.filter { !dropped.contains($0) } }
        case "rename":
            var mapping: [String: String] = [:]
            for a in call.arguments { guard let new = a.name, let old = plain(a.value) else { return nil }; mapping[old] = new }
            out.names = s.names.map { mapping[$0] ?? $0 }
            out.groupKeys = s.groupKeys.map { $0.map { mapping[$0] ?? $0 } }
        default: // select
            var chosen: [String] = [], excluded: [String] = [], renames: [String: String] = [:]
            for a in call.arguments {
                if case .unary(.negate, let inner) = a.value.kind, a.name == nil {
                    guard let n = plain(inner) else { return nil }
                    excluded.append(n)
                    continue
                }
                guard let n = plain(a.value) else { return nil }
                chosen.append(n)
                if let new = a.name { renames[n] = new }
            }
            if chosen.isEmpty && !excluded.isEmpty { chosen = s.names }
            var seen = Set<String>()
            chosen = chosen.filter { !excluded.contains($0) && seen.insert($0).inserted }
            out.names = chosen.map { renames[$0] ?? $0 }
            let keys = s.groupKeys?.compactMap { k in chosen.contains(k) ? renames[k] ?? k : nil }
            out.groupKeys = (keys?.isEmpty ?? true) ? nil : keys
        }
        return out
    }

    /// A column written as a bare or quoted name.
    public static func plainName(_ e: Expr) -> String? {
        switch e.kind {
        case .name(let n), .string(let n): return n
        default: return nil
        }
    }
}
