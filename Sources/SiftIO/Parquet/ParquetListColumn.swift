import SiftFrame

/// List columns (a leaf under one repeated node: pyarrow's `list<…>`, Spark's arrays, legacy
/// `repeated` fields) become Sift list columns, whose items are text, as `read_json` makes them:
/// strings as they are, numbers and booleans as JSON writes them, dates and datetimes in ISO form,
/// null items as `null`. Repetition level 0 starts a row; the definition level says whether the
/// row's list is null, empty, or holds a (possibly null) item. Lists of lists are refused by
/// `ParquetSource` before decoding.
extension ParquetColumnDecoder {
    func appendList(_ dense: Dense, defs: [UInt32]?, reps: [UInt32], count: Int, at offset: Int) throws {
        let texts = itemTexts(dense)
        let maxDef = UInt32(leaf.maxDefinition)
        let itemDef = UInt32(leaf.repeatedDefinition)
        let listDef = UInt32(leaf.listParentDefinition)
        var v = 0
        for i in 0..<count {
            let d = defs?[i] ?? maxDef
            if reps[i] == 0 {
                lists.append([])
                rows += 1
                if d < listDef { nullRows.append(rows - 1) }
            } else if lists.isEmpty {
                throw corrupt("the first list item continues a row that was never started", at: offset)
            }
            if d == maxDef {
                lists[lists.count - 1].append(texts[v])
                v += 1
            } else if d >= itemDef {
                lists[lists.count - 1].append("null")
            }
        }
    }

    /// A page's non-null values as list items' text.
    func itemTexts(_ dense: Dense) -> [String] {
        let element = ParquetMetadata.elementType(leaf)
        switch dense {
        case .ints(let a): return element == .datetime ? a.map(Temporal.formatDateTime) : a.map { String($0) }
        case .floats(let a): return a.map { $0.isFinite ? "\($0)" : "null" }
        case .bools(let a): return a.map { $0 ? "true" : "false" }
        case .dates(let a): return a.map(Temporal.formatDate)
        case .codes(let a): return a.map(dictString)
        case .strings(let o, let b):
            return (0..<(o.count - 1)).map { String(decoding: b[o[$0]..<o[$0 + 1]], as: UTF8.self) }
        }
    }
}
