/// Aggregates of a column per group of a `GroupIndex`, reading the selected rows in place.
///
/// Handles the aggregates a dashboard query uses, on the types where they are cheap:
/// `count`, `null_count`, `sum` and `mean` of int and float columns, `min`/`max` of int and
/// float columns. Float sums go through `ChunkedSums` (fixed chunk order, both cores), so they
/// equal `Aggregate.run` on the filtered column to the last bit; integer sums run in row order
/// with the same overflow rule (any overflow → float sum). Anything else returns nil and the
/// caller gathers the column and runs `Aggregate.run`.
public enum GroupAggregate {
    /// The aggregate per group, or nil when this kernel does not cover it.
    public static func run(_ fn: AggregateFunction, _ column: Column, index: GroupIndex, name: String) -> Column? {
        let g = index.groupCount
        let sc = index.slotCount
        let m = index.positions
        let validity = (column.validity?.nullCount ?? 0) > 0 ? column.validity : nil
        return index.slots.withUnsafeBufferPointer { sb -> Column? in
            let slots = sb.baseAddress
            let selection = index.selection
            return withSelection(selection) { sel -> Column? in
                @inline(__always) func row(_ p: Int) -> Int { sel.map { Int($0[p]) } ?? p }
                /// Per-slot values → per-group values (slots in group order).
                func toGroups<T>(_ perSlot: [T]) -> [T] { index.slotOfGroup.map { perSlot[$0] } }
                switch fn {
                case .count, .nullCount:
                    guard let v = validity else {
                        return Column(name: name, storage: .int(fn == .count ? index.sizes : [Int64](repeating: 0, count: g)))
                    }
                    var counts = [Int64](repeating: 0, count: sc)
                    for p in 0..<m where v[row(p)] == (fn == .count) { counts[Int(slots![p])] += 1 }
                    return Column(name: name, storage: .int(toGroups(counts)))
                case .sum, .mean:
                    if fn == .sum, case .int(let a) = column.storage {
                        var isum = [Int64](repeating: 0, count: sc)
                        var has = [Bool](repeating: false, count: sc)
                        var overflow = false
                        a.withUnsafeBufferPointer { x in
                            for p in 0..<m {
                                let r = row(p)
                                guard validity?[r] ?? true else { continue }
                                let k = Int(slots![p])
                                let (s, o) = isum[k].addingReportingOverflow(x[r])
                                isum[k] = s
                                overflow = overflow || o
                                has[k] = true
                            }
                        }
                        if !overflow {
                            return Column(name: name, storage: .int(toGroups(isum)), validity: Bitmap(toGroups(has)))
                        }
                    }
                    let result: (sums: [Double], counts: [Int])
                    switch column.storage {
                    case .float(let a):
                        result = a.withUnsafeBufferPointer { x in
                            ChunkedSums.sums(positions: m, groups: sc, selection: sel, ids: slots, validity: validity) { x[$0] }
                        }
                    case .int(let a):
                        result = a.withUnsafeBufferPointer { x in
                            ChunkedSums.sums(positions: m, groups: sc, selection: sel, ids: slots, validity: validity) { Double(x[$0]) }
                        }
                    default:
                        return nil
                    }
                    var out = toGroups(result.sums)
                    let cnt = toGroups(result.counts)
                    if fn == .mean { for k in 0..<g where cnt[k] > 0 { out[k] /= Double(cnt[k]) } }
                    return Column(name: name, storage: .float(out), validity: Bitmap(cnt.map { $0 > 0 }))
                case .min, .max:
                    let isMin = fn == .min
                    switch column.storage {
                    case .int(let a):
                        var out = [Int64](repeating: isMin ? .max : .min, count: sc)
                        var has = [Bool](repeating: false, count: sc)
                        for p in 0..<m {
                            let r = row(p)
                            guard validity?[r] ?? true else { continue }
                            let k = Int(slots![p])
                            out[k] = isMin ? Swift.min(out[k], a[r]) : Swift.max(out[k], a[r])
                            has[k] = true
                        }
                        return Column(name: name, storage: .int(toGroups(out)), validity: Bitmap(toGroups(has)))
                    case .float(let a):
                        var out = [Double](repeating: isMin ? .infinity : -.infinity, count: sc)
                        var has = [Bool](repeating: false, count: sc)
                        for p in 0..<m {
                            let r = row(p)
                            guard validity?[r] ?? true else { continue }
                            let k = Int(slots![p])
                            out[k] = isMin ? Swift.min(out[k], a[r]) : Swift.max(out[k], a[r])
                            has[k] = true
                        }
                        return Column(name: name, storage: .float(toGroups(out)), validity: Bitmap(toGroups(has)))
                    default:
                        return nil
                    }
                default:
                    return nil
                }
            }
        }
    }

    /// A frame's aggregates per group: the key columns (one row per group, in key order), then
    /// one column per spec. Equals `GroupBy.summarize(frame.take(selection), keys:, specs:)`.
    public static func summarize(_ frame: Frame, keys: [String], specs: [AggregateSpec], selection: [Int32]? = nil) throws -> Frame {
        let index = GroupIndex(keys: try keys.map { try frame.column($0) }, rowCount: frame.rowCount, selection: selection)
        var columns = try keys.map { try frame.column($0).take(index.firstRow) }
        var grouping: Grouping? = nil
        for s in specs {
            guard let c = s.column else {
                columns.append(Column(name: s.name, storage: .int(index.sizes)))
                continue
            }
            let col = try frame.column(c)
            if let fast = run(s.function, col, index: index, name: s.name) {
                columns.append(fast)
                continue
            }
            if grouping == nil { grouping = index.grouping }
            columns.append(try Aggregate.run(s.function, index.gather(col), grouping: grouping, q: s.q, name: s.name))
        }
        return try Frame(columns: columns)
    }

    @inline(__always)
    static func withSelection<R>(_ selection: [Int32]?, _ body: (UnsafePointer<Int32>?) -> R) -> R {
        guard let selection else { return body(nil) }
        return selection.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
