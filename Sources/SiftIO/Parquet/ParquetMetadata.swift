import SiftFrame

/// The parts of a Parquet footer (`FileMetaData`, parquet.thrift) Sift reads: the flattened
/// schema's leaf columns with their physical and logical types, and each row group's column
/// chunks with their byte ranges and codecs.
struct ParquetMetadata {
    enum Physical: Int { case boolean = 0, int32, int64, int96, float, double, byteArray, fixedLenByteArray }

    /// How a leaf's stored values become a Sift column.
    enum Logical: Equatable {
        case none, string, date, int(bits: Int, signed: Bool)
        case timestamp(unitsPerSecond: Int64)
        case decimal(scale: Int)
        case time(unitsPerSecond: Int64)
        case unsupported(String)
    }

    struct Leaf {
        var path: [String]
        /// The column's name in Sift: the dotted path without a list's inner `list.element` (or
        /// legacy `array` / `bag.array_element`) levels, so pyarrow's `tags.list.element` is `tags`.
        var name: String
        var physical: Physical
        var typeLength: Int
        var logical: Logical
        var maxDefinition: Int
        var maxRepetition: Int
        /// For a leaf inside a list (maxRepetition 1): the definition level at which the repeated
        /// node has an entry (below it a row's list is empty or null) and the level of its parent
        /// (below that the whole list is null).
        var repeatedDefinition = 0
        var listParentDefinition = 0
        var isList: Bool { maxRepetition > 0 }
    }

    struct Chunk {
        var codec: Int
        var physical: Int
        var valueCount: Int
        /// Where the chunk's pages start (the dictionary page if any) and how many bytes they span.
        var start: Int
        var length: Int
        var uncompressedSize: Int
    }

    struct RowGroup {
        var rows: Int
        var chunks: [Chunk]
    }

    var rows: Int
    var leaves: [Leaf]
    var rowGroups: [RowGroup]
    var createdBy: String?

    typealias Failure = ThriftReader.Failure

    init(_ m: ThriftStruct) throws {
        guard let schema = m.list(2)?.compactMap(\.structure), !schema.isEmpty else { throw Failure(message: "the footer has no schema", offset: 0) }
        rows = m.int(3) ?? 0
        createdBy = m.string(6)
        // The schema is a depth-first list of nodes; groups say how many children follow.
        var leaves: [Leaf] = []
        var index = 1
        // `shown` is the path without the levels a list's layout adds; `repeated` is the first
        // repeated ancestor's (definition level, its parent's definition level).
        func walk(_ node: ThriftStruct, path: [String], shown: [String], def: Int, rep: Int, repeated: (Int, Int)?,
                  hideSelf: Bool, hideSingleChild: Bool, depth: Int) throws {
            guard depth < 64 else { throw Failure(message: "schema nested too deeply", offset: 0) }
            let name = node.string(4) ?? "?"
            let repetition = node.int(3) ?? 0
            let d = def + (repetition == 0 ? 0 : 1)
            let r = rep + (repetition == 2 ? 1 : 0)
            let rd = repeated ?? (repetition == 2 ? (d, def) : nil)
            let shownHere = hideSelf ? shown : shown + [name]
            let children = node.int(5) ?? 0
            if children > 0 || node[1] == nil {
                // A LIST group's one repeated child (and, in the 3-level layout, that child's one
                // element node) are layout, not names a user chose.
                let isList = node.int(6) == 3 || node.structure(10)?[3] != nil
                for _ in 0..<max(0, children) {
                    guard index < schema.count else { throw Failure(message: "the schema declares more columns than it lists", offset: 0) }
                    let child = schema[index]
                    index += 1
                    var hideChild = hideSingleChild && children == 1
                    var hideGrandchild = false
                    if isList && children == 1 && child.int(3) == 2 {
                        hideChild = true
                        let childName = child.string(4) ?? ""
                        hideGrandchild = (child.int(5) ?? 0) == 1 && childName != "array" && !childName.hasSuffix("_tuple")
                    }
                    try walk(child, path: path + [name], shown: shownHere, def: d, rep: r, repeated: rd,
                             hideSelf: hideChild, hideSingleChild: hideGrandchild, depth: depth + 1)
                }
                return
            }
            guard let p = node.int(1), let physical = Physical(rawValue: p) else { throw Failure(message: "column \(name) has an unknown physical type", offset: 0) }
            var leaf = Leaf(path: path + [name], name: (shownHere.isEmpty ? path + [name] : shownHere).joined(separator: "."),
                            physical: physical, typeLength: node.int(2) ?? 0,
                            logical: ParquetMetadata.logical(node, physical), maxDefinition: d, maxRepetition: r)
            if let rd { leaf.repeatedDefinition = rd.0; leaf.listParentDefinition = rd.1 }
            leaves.append(leaf)
        }
        let root = schema[0]
        let rootChildren = root.int(5) ?? 0
        for _ in 0..<max(0, rootChildren) {
            guard index < schema.count else { throw Failure(message: "the schema declares more columns than it lists", offset: 0) }
            let child = schema[index]
            index += 1
            try walk(child, path: [], shown: [], def: 0, rep: 0, repeated: nil, hideSelf: false, hideSingleChild: false, depth: 1)
        }
        // Shortened names that collide (two lists of one struct) keep their full paths.
        var seen: [String: Int] = [:]
        for l in leaves { seen[l.name, default: 0] += 1 }
        for i in leaves.indices where seen[leaves[i].name, default: 0] > 1 { leaves[i].name = leaves[i].path.joined(separator: ".") }
        self.leaves = leaves
        var groups: [RowGroup] = []
        for g in m.list(4)?.compactMap(\.structure) ?? [] {
            let chunks = try (g.list(1)?.compactMap(\.structure) ?? []).map { c -> Chunk in
                guard let md = c.structure(3) else { throw Failure(message: "a column chunk has no metadata", offset: 0) }
                if c.string(1) != nil { throw Failure(message: "columns stored in other files are not supported", offset: 0) }
                let data = md.int(9) ?? 0
                let dict = md.int(11)
                // Some writers record a dictionary offset of 0 or past the data; the data page
                // offset is then where the chunk starts.
                let start = (dict.map { $0 > 0 && $0 < data } ?? false) ? dict! : data
                return Chunk(codec: md.int(4) ?? 0, physical: md.int(1) ?? -1, valueCount: md.int(5) ?? 0,
                             start: start, length: md.int(7) ?? 0, uncompressedSize: md.int(6) ?? 0)
            }
            guard chunks.count == leaves.count else {
                throw Failure(message: "a row group has \(chunks.count) column chunks for \(leaves.count) columns", offset: 0)
            }
            groups.append(RowGroup(rows: g.int(3) ?? 0, chunks: chunks))
        }
        rowGroups = groups
    }

    static func logical(_ node: ThriftStruct, _ physical: Physical) -> Logical {
        if let lt = node.structure(10) {
            if lt[1] != nil || lt[4] != nil || lt[12] != nil { return .string }
            if let d = lt.structure(5) { return .decimal(scale: d.int(1) ?? 0) }
            if lt[6] != nil { return .date }
            if let t = lt.structure(8) { return .timestamp(unitsPerSecond: unitsPerSecond(t.structure(2))) }
            if let t = lt.structure(7) { return .time(unitsPerSecond: unitsPerSecond(t.structure(2))) }
            if let i = lt.structure(10) {
                return .int(bits: i.int(1) ?? 64, signed: i[2]?.bool ?? true)
            }
            if lt[14] != nil { return .none }
            if lt[2] != nil || lt[3] != nil { return .unsupported("nested (list/map)") }
        }
        switch node.int(6) {
        case 0, 4, 19: return .string
        case 5: return .decimal(scale: node.int(7) ?? 0)
        case 6: return .date
        case 7: return .time(unitsPerSecond: 1000)
        case 8: return .time(unitsPerSecond: 1_000_000)
        case 9: return .timestamp(unitsPerSecond: 1000)
        case 10: return .timestamp(unitsPerSecond: 1_000_000)
        case 11: return .int(bits: 8, signed: false)
        case 12: return .int(bits: 16, signed: false)
        case 13: return .int(bits: 32, signed: false)
        case 14: return .int(bits: 64, signed: false)
        case 15: return .int(bits: 8, signed: true)
        case 16: return .int(bits: 16, signed: true)
        case 17: return .int(bits: 32, signed: true)
        case 18: return .int(bits: 64, signed: true)
        default: return .none
        }
    }

    static func unitsPerSecond(_ unit: ThriftStruct?) -> Int64 {
        guard let unit else { return 1000 }
        if unit[1] != nil { return 1000 }
        if unit[2] != nil { return 1_000_000 }
        if unit[3] != nil { return 1_000_000_000 }
        return 1000
    }

    /// The Sift type a leaf reads as: a list column for a leaf inside a list.
    static func siftType(_ leaf: Leaf) -> DataType {
        leaf.isList ? .list : elementType(leaf)
    }

    /// The Sift type of a leaf's values (for a list leaf, of its items, which a list column holds as text).
    static func elementType(_ leaf: Leaf) -> DataType {
        switch (leaf.physical, leaf.logical) {
        case (_, .decimal): return .float
        case (_, .date): return .date
        case (_, .timestamp): return .datetime
        case (.int96, _): return .datetime
        case (.boolean, _): return .bool
        case (.int32, _), (.int64, _): return .int
        case (.float, _), (.double, _): return .float
        case (.byteArray, _), (.fixedLenByteArray, _): return .string
        }
    }
}
