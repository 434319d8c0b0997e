/// A table: equally long, uniquely named columns. Value semantics: verbs return new frames and
/// share column buffers copy-on-write, so a failing verb can never damage its input.
public struct Frame: Sendable {
    public private(set) var columns: [Column]
    public let rowCount: Int

    public init(columns: [Column]) throws {
        let n = columns.first?.count ?? 0
        var seen = Set<String>()
        for c in columns {
            guard c.count == n else {
                throw FrameError("column '\(c.name)' has \(c.count) rows but '\(columns[0].name)' has \(n)", hint: "every column of a frame must have the same length")
            }
            guard seen.insert(c.name).inserted else {
                throw FrameError("duplicate column name '\(c.name)'", hint: "rename one of them")
            }
        }
        self.columns = columns
        self.rowCount = n
    }

    /// For verbs that already guarantee equal lengths and unique names.
    init(uncheckedColumns columns: [Column], rowCount: Int) {
        self.columns = columns
        self.rowCount = rowCount
    }

    public static let empty = Frame(uncheckedColumns: [], rowCount: 0)

    public var columnCount: Int { columns.count }
    public var names: [String] { columns.map(\.name) }

    public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

    public func column(_ name: String) throws -> Column {
        guard let i = index(of: name) else { throw FrameError.noColumn(name, in: names) }
        return columns[i]
    }

    public func hasColumn(_ name: String) -> Bool { index(of: name) != nil }

    /// Adds or replaces a column (replacing keeps its position, as `mutate` users expect).
    public func with(_ column: Column) throws -> Frame {
        guard columns.isEmpty || column.count == rowCount else {
            throw FrameError("new column '\(column.name)' has \(column.count) rows, the frame has \(rowCount)")
        }
        var cols = columns
        if let i = index(of: column.name) { cols[i] = column } else { cols.append(column) }
        return Frame(uncheckedColumns: cols, rowCount: column.count)
    }

    public func take(_ indices: [Int]) -> Frame {
        Frame(uncheckedColumns: Frame.parallelMap(columns, work: indices.count) { $0.take(indices) }, rowCount: indices.count)
    }

    public func head(_ n: Int) -> Frame {
        let k = max(0, min(n, rowCount))
        return take(Array(0..<k))
    }

    public func tail(_ n: Int) -> Frame {
        let k = max(0, min(n, rowCount))
        return take(Array((rowCount - k)..<rowCount))
    }

    public func select(_ names: [String]) throws -> Frame {
        let cols = try names.map { try column($0) }
        return try Frame(columns: cols)
    }

    public func drop(_ names: [String]) throws -> Frame {
        for n in names where !hasColumn(n) { throw FrameError.noColumn(n, in: self.names) }
        let set = Set(names)
        return Frame(uncheckedColumns: columns.filter { !set.contains($0.name) }, rowCount: rowCount)
    }

    /// Renames columns, applying every pair at once against the current names, so
    /// `[(a, b), (b, a)]` swaps two columns. Errors when an old name is missing or listed twice,
    /// or when the result would hold a name twice.
    public func rename(_ mapping: [(old: String, new: String)]) throws -> Frame {
        var cols = columns
        var renamed = Set<Int>()
        for (old, new) in mapping {
            guard let i = index(of: old) else { throw FrameError.noColumn(old, in: names) }
            guard renamed.insert(i).inserted else {
                throw FrameError("column '\(old)' is renamed twice", hint: "give each column one new name")
            }
            cols[i].name = new
        }
        var seen = Set<String>()
        for c in cols where !seen.insert(c.name).inserted {
            let sources = cols.indices.filter { cols[$0].name == c.name }.map { columns[$0].name }
            throw FrameError("duplicate column name '\(c.name)'",
                             hint: "the rename gives both '\(sources.joined(separator: "' and '"))' that name; rename or drop one of them")
        }
        return Frame(uncheckedColumns: cols, rowCount: rowCount)
    }

    /// Keeps rows where the mask is true; null counts as false (SQL `WHERE` semantics).
    /// A branch-free selection vector, then one gather per column, columns in parallel.
    public func filter(mask: Column) throws -> Frame {
        guard case .bool(let flags) = mask.storage else {
            throw FrameError("filter condition must be true/false per row, got \(mask.type)", hint: "compare a column, e.g. filter(spend > 100)")
        }
        guard flags.count == rowCount else { throw FrameError("filter condition has \(flags.count) rows, the frame has \(rowCount)") }
        guard rowCount <= RowSelection.maxRows else {
            return take((0..<rowCount).filter { flags[$0] && mask.isValid($0) })
        }
        return gather(RowSelection.rows(flags: flags, validity: mask.validity))
    }

    /// Row `i` as (name, value) pairs, for printing records and per-row fallbacks.
    public func row(_ i: Int) -> [(String, Scalar)] { columns.map { ($0.name, $0[i]) } }
}
