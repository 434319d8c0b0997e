import SiftFrame

/// JSON as a table: an array of objects (`[{...}, {...}]`, as pandas' `orient="records"`),
/// JSON lines (one object per line), one object of columns (`{"a": [..]}` or pandas' default
/// `{"a": {"0": .., "1": ..}}`), or a single object (one row). Nested objects flatten to dotted
/// names (`{"user": {"id": 1}}` gives `user.id`); arrays become list columns (each item as text:
/// strings as they are, numbers and objects as JSON). Missing keys are nulls.
public final class JSONSource: TableSource {
    public let name: String
    let path: String
    var types: [String: DataType]
    private var cached: Frame?

    public init(path: String, display: String? = nil, types: [String: DataType] = [:]) {
        self.path = path
        self.name = display ?? path
        self.types = types
    }

    /// Parses JSON already in memory (tests, the fuzzer).
    public init(bytes: [UInt8], name: String) throws {
        self.path = name
        self.name = name
        self.types = [:]
        self.cached = try JSONSource.parse(bytes, name: name, types: [:])
    }

    public var notes: [String] { [] }

    func frame() throws -> Frame {
        if let cached { return cached }
        let f = try JSONSource.parse(try Input.bytes(path, display: name), name: name, types: types)
        cached = f
        return f
    }

    public func schema() throws -> [ColumnInfo] { try frame().columns.map { ColumnInfo(name: $0.name, type: $0.type) } }

    public func read(columns: [String]?) throws -> Frame {
        let f = try frame()
        guard let columns else { return f }
        _ = try resolve(columns, in: try schema())
        return try f.select(columns)
    }

    static func parse(_ bytes: [UInt8], name: String, types: [String: DataType]) throws -> Frame {
        var table = Table()
        do {
            try bytes.withUnsafeBytes { raw in
                var p = JSONParser(raw)
                if p.atEnd { return }
                let first = try p.value()
                if p.atEnd {
                    switch first {
                    case .array(let items):
                        for item in items { try table.add(record: item) }
                    case .object(let fields) where !fields.isEmpty && fields.allSatisfy({ if case .array = $0.1 { return true }; return false }):
                        try table.addColumns(fields)
                    case .object(let fields) where !fields.isEmpty && fields.allSatisfy({ if case .object = $0.1 { return true }; return false }):
                        try table.addIndexedColumns(fields)
                    default:
                        try table.add(record: first)
                    }
                    return
                }
                // JSON lines: one record per document.
                try table.add(record: first)
                while !p.atEnd {
                    try Cancellation.check(every: 4096, at: table.rows)
                    try table.add(record: try p.value())
                }
            }
        } catch let e as JSONParser.Failure {
            throw FrameError("\(name):\(e.line): invalid JSON at byte offset \(e.offset): \(e.message)", isIO: true)
        } catch let e as Table.Shape {
            throw FrameError("\(name): \(e.message)", hint: "read_json reads an array of objects, JSON lines, or an object of columns", isIO: true)
        }
        return try table.frame(name: name, types: types)
    }

    /// Column builders keyed by flattened name, in first-seen order.
    struct Table {
        struct Shape: Error { var message: String }
        var order: [String] = []
        var builders: [String: CellColumnBuilder] = [:]
        var rows = 0

        mutating func add(record: JSONValue) throws {
            switch record {
            case .object(let fields):
                var flat: [(String, Scalar)] = []
                flatten(fields, prefix: "", into: &flat)
                for (k, v) in flat { set(k, v, row: rows) }
            case .array:
                throw Shape(message: "row \(rows + 1) is an array, not an object")
            default:
                // A list of plain values: one column named "value".
                set("value", scalar(record), row: rows)
            }
            rows += 1
        }

        mutating func set(_ key: String, _ v: Scalar, row: Int) {
            if builders[key] == nil {
                order.append(key)
                builders[key] = CellColumnBuilder(name: key)
            }
            builders[key]!.pad(to: row)
            if builders[key]!.cells.count > row { builders[key]!.cells[row] = v } else { builders[key]!.append(v) }
        }

        func flatten(_ fields: [(String, JSONValue)], prefix: String, into out: inout [(String, Scalar)]) {
            for (k, v) in fields {
                let key = prefix.isEmpty ? k : prefix + "." + k
                if case .object(let inner) = v, !inner.isEmpty { flatten(inner, prefix: key, into: &out) } else { out.append((key, scalar(v))) }
            }
        }

        func scalar(_ v: JSONValue) -> Scalar {
            switch v {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .float(d)
            case .string(let s): return .string(s)
            case .array(let items):
                // A list column: each item as text (strings as they are, others as JSON).
                return .list(items.map { item in
                    if case .string(let s) = item { return s }
                    var text = ""
                    JSONText.write(item, into: &text)
                    return text
                })
            case .object:
                var text = ""
                JSONText.write(v, into: &text)
                return .string(text)
            }
        }

        /// `{"a": [1, 2], "b": ["x", "y"]}`
        mutating func addColumns(_ fields: [(String, JSONValue)]) throws {
            var n: Int? = nil
            for (k, v) in fields {
                guard case .array(let items) = v else { continue }
                if let n, n != items.count { throw Shape(message: "column '\(k)' has \(items.count) values, others have \(n)") }
                n = items.count
                for (i, item) in items.enumerated() { set(k, scalar(item), row: i) }
            }
            rows = n ?? 0
        }

        /// pandas' default `to_json()`: `{"a": {"0": 1, "1": 2}, ...}`, rows keyed by index label.
        mutating func addIndexedColumns(_ fields: [(String, JSONValue)]) throws {
            var rowOf: [String: Int] = [:]
            for (k, v) in fields {
                guard case .object(let cells) = v else { continue }
                for (label, cell) in cells {
                    let r: Int
                    if let existing = rowOf[label] { r = existing } else { r = rowOf.count; rowOf[label] = r }
                    set(k, scalar(cell), row: r)
                }
            }
            rows = rowOf.count
        }

        func frame(name: String, types: [String: DataType]) throws -> Frame {
            var columns: [Column] = []
            for key in order {
                guard var b = builders[key] else { continue }
                b.pad(to: rows)
                columns.append(try b.column(forced: types[key], source: name))
            }
            return try Frame(columns: columns)
        }
    }
}
