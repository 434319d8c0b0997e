/// Matches a call's arguments to a builtin's `Signature` before the body runs.
///
/// This is what makes a surplus or misspelled argument an error instead of something the body
/// silently never reads (`round(3.14159, 2, 9)`, `sum(revenue, 5)`). Arguments given by name for
/// parameters that could have been positional are moved into their positional places, so a body
/// reading `ctx.value(0)` works for `round(x: 2.5)` as it does for `round(2.5)`.
enum ArgumentBinder {
    struct Bound {
        var positional: [ArgumentValue]
        var named: [(String, ArgumentValue, SourceSpan)]
        var positionalSpans: [SourceSpan]
        var order: [ArgumentSlot]
    }

    static func bind(_ sig: Signature, positional: [ArgumentValue], named: [(String, ArgumentValue, SourceSpan)],
                     positionalSpans: [SourceSpan], order: [ArgumentSlot], span: SourceSpan) throws -> Bound {
        let slots = sig.positionalParameters
        let usage = "usage: \(sig.display)"
        if positional.count > slots.count && sig.variadic == nil {
            let at = positionalSpans.indices.contains(slots.count) ? positionalSpans[slots.count] : span
            if sig.acceptsAnyNamed {
                throw SiftError(.runtime, "\(sig.name)() needs name = expression pairs", at: at, hint: usage)
            }
            let takes = slots.isEmpty ? "takes no positional arguments"
                : "takes at most \(slots.count) positional argument\(slots.count == 1 ? "" : "s") (\(slots.map(\.name).joined(separator: ", ")))"
            throw SiftError(.runtime, "\(sig.name)() \(takes) but got \(positional.count)", at: at, hint: usage)
        }
        var seen = Set<String>()
        for (n, a, s) in named {
            guard seen.insert(n).inserted else { throw SiftError(.runtime, "\(sig.name)() got two values for '\(n)'", at: s, hint: usage) }
            if let i = slots.firstIndex(where: { $0.name == n }) {
                if i < positional.count {
                    throw SiftError(.runtime, "\(sig.name)() got two values for '\(n)': one by position and one by name", at: s, hint: usage)
                }
                continue
            }
            if sig.parameters.contains(where: { $0.kind == .named && $0.name == n }) { continue }
            if sig.acceptsAnyNamed { continue }
            if let v = sig.variadic, v.name == n {
                throw SiftError(.runtime, "\(sig.name)() takes '\(n)' by position, not by name", at: s, hint: usage)
            }
            // `filter(x = 1)`: a condition written with = instead of ==.
            if let v = sig.variadic, v.name == "conditions", let text = a.sourceText {
                throw SiftError(.runtime, "\(sig.name) conditions compare with ==: did you mean \(n) == \(text)?", at: s, hint: usage)
            }
            let names = sig.namedParameterNames
            var hint = usage
            if let close = Suggest.closest(n, in: names) { hint = "did you mean '\(close)'? " + usage }
            throw SiftError(.runtime, "\(sig.name)() has no argument named '\(n)'", at: s, hint: hint)
        }
        // Named arguments for positional slots right after the given ones move into place.
        var pos = positional, spans = positionalSpans
        var movedFrom: [Int: Int] = [:]  // named index → new positional index
        var k = positional.count
        while k < slots.count, let j = named.firstIndex(where: { $0.0 == slots[k].name }) {
            movedFrom[j] = pos.count
            pos.append(named[j].1)
            spans.append(named[j].2)
            k += 1
        }
        for (i, p) in slots.enumerated() where p.isRequired && i >= pos.count && !named.contains(where: { $0.0 == p.name }) {
            throw SiftError(.runtime, "\(sig.name)() is missing the argument '\(p.name)'", at: span, hint: usage)
        }
        for p in sig.parameters where p.kind == .named && p.isRequired && !named.contains(where: { $0.0 == p.name }) {
            throw SiftError(.runtime, "\(sig.name)() is missing the argument '\(p.name):'", at: span, hint: usage)
        }
        if movedFrom.isEmpty { return Bound(positional: pos, named: named, positionalSpans: spans, order: order) }
        var kept: [(String, ArgumentValue, SourceSpan)] = []
        var newNamedIndex: [Int: Int] = [:]
        for (j, a) in named.enumerated() where movedFrom[j] == nil {
            newNamedIndex[j] = kept.count
            kept.append(a)
        }
        let newOrder: [ArgumentSlot] = order.map { slot in
            guard case .named(let j) = slot else { return slot }
            if let p = movedFrom[j] { return .positional(p) }
            return .named(newNamedIndex[j] ?? j)
        }
        return Bound(positional: pos, named: kept, positionalSpans: spans, order: newOrder)
    }

    /// Replaces objects passed where the declaration wants a frame by the frame they stand for
    /// (a remote frame, collected), so every builtin taking a frame accepts them.
    static func adaptFrames(_ sig: Signature, _ b: inout Bound, _ adapt: (SiftObject, SourceSpan) throws -> Value?) throws {
        let slots = sig.positionalParameters
        for (i, a) in b.positional.enumerated() {
            guard case .value(.object(let o)) = a else { continue }
            guard let p = i < slots.count ? slots[i] : sig.variadic, p.type == .frame else { continue }
            if let v = try adapt(o, b.positionalSpans[i]) { b.positional[i] = .value(v) }
        }
        for (k, (n, a, s)) in b.named.enumerated() {
            guard case .value(.object(let o)) = a, let p = sig.parameter(named: n), p.type == .frame else { continue }
            if let v = try adapt(o, s) { b.named[k] = (n, .value(v), s) }
        }
    }

    /// Checks evaluated arguments against their declared types.
    static func checkTypes(_ sig: Signature, _ b: Bound) throws {
        let slots = sig.positionalParameters
        for (i, a) in b.positional.enumerated() {
            guard case .value(let v) = a else { continue }
            let p = i < slots.count ? slots[i] : sig.variadic
            guard let p else { continue }
            try check(sig, p, v, b.positionalSpans[i])
        }
        for (n, a, s) in b.named {
            guard case .value(let v) = a, let p = sig.parameter(named: n) else { continue }
            try check(sig, p, v, s)
        }
    }

    private static func check(_ sig: Signature, _ p: Signature.Parameter, _ v: Value, _ span: SourceSpan) throws {
        if p.type == .frame, p.type.mismatch(v) != nil {
            let first = sig.positionalParameters.first?.name == p.name
            let what = first ? "a frame as its first argument" : "a frame for \(p.name)"
            throw SiftError(.runtime, "\(sig.name)() needs \(what), got \(withArticle(v.typeName))", at: span,
                            hint: first ? "pipe a frame into it: df |> \(sig.name)(…)" : "usage: \(sig.display)")
        }
        if let wanted = p.type.mismatch(v) {
            throw SiftError(.runtime, "\(sig.name)() needs \(p.name) to be \(wanted), got \(withArticle(v.typeName))", at: span, hint: "usage: \(sig.display)")
        }
    }
}
