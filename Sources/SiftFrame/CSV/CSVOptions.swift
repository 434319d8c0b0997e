/// How to read a delimited file. Defaults follow what pandas users expect from `read_csv`.
public struct CSVOptions: Sendable {
    /// `nil` detects among `,` `;` tab and `|` from the first lines.
    public var delimiter: UInt8? = nil
    public var header = true
    /// Unquoted cells equal to one of these are null (the default list includes the empty field).
    public var nulls: [String] = CSVOptions.defaultNulls
    /// A quoted empty cell `""` is null, as pandas and DuckDB read it, so `drop_null()` keeps the
    /// rows `dropna()` keeps on the same file. `false` keeps it as an empty string in a text
    /// column (polars' reading, and what `write_csv` writes for an empty string).
    public var quotedEmptyIsNull = true
    /// A header (or, without one, a first record) with more fields than this is refused before
    /// any column is built: a file with millions of fields on one line is almost always not the
    /// table it seems, and building a column per field would exhaust memory.
    public var maxColumns = CSVOptions.defaultMaxColumns
    /// Per-column type overrides; other columns are inferred.
    public var types: [String: DataType] = [:]
    /// `false` reads every column as strings.
    public var infer = true
    /// Lines to skip before the header (preambles some exports write).
    public var skip = 0
    /// Only these columns are converted, in this order (nil = all, in file order): the rest are
    /// split into fields but never parsed or stored. The planner sets it from the columns a
    /// pipeline reads (projection pushdown); `read_csv(path, columns: [...])` sets it by hand.
    public var columns: [String]? = nil

    public static let defaultNulls = ["", "NA", "N/A", "NULL", "null", "NaN", "nan"]
    public static let defaultMaxColumns = 100_000

    public init() {}
}

/// A problem in a CSV file, located by file and line so the analyst can open it there.
public struct CSVError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var message: String
    public var hint: String?

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}

extension CSVError {
    /// The refusal of a header wider than `CSVOptions.maxColumns`.
    static func tooManyColumns(file: String, found: Int, limit: Int, header: Bool, complete: Bool) -> CSVError {
        let what = header ? "the header" : "the first record"
        let count = complete ? "\(found.formatted) fields" : "more than \(limit.formatted) fields"
        return CSVError(file: file, line: nil,
                        message: "\(what) has \(count), over the limit of \(limit.formatted) columns",
                        hint: "a wrong delimiter or a one-line file? if the columns are real, raise the limit: read_csv(path, max_columns: \(complete ? String(found) : "n"))")
    }
}

extension CSVOptions {
    /// Indices of `columns` among the file's `names`, in the order asked (all when nil); an
    /// unknown name is an error listing the file's columns.
    func selectedIndices(_ names: [String], file: String) throws -> [Int] {
        guard let columns else { return Array(names.indices) }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        return try columns.map { c in
            guard let i = index[c] else {
                throw CSVError(file: file, line: nil, message: "no column named '\(c)'", hint: "columns: " + names.prefix(20).joined(separator: ", "))
            }
            return i
        }
    }
}

extension Int {
    /// 1234567 as "1,234,567", for counts in messages.
    fileprivate var formatted: String {
        let digits = String(magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (self < 0 ? "-" : "") + out
    }
}
