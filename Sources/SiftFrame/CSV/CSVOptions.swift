/// How to read a delimited file. Defaults follow what pandas users expect from `read_csv`.
public struct CSVOptions: Sendable {
    /// `nil` detects among `,` `;` tab and `|` from the first lines.
    public var delimiter: UInt8? = nil
    public var header = true
    /// Unquoted cells equal to one of these are null. A quoted empty cell `""` is an empty string.
    public var nulls: [String] = CSVOptions.defaultNulls
    /// Per-column type overrides; other columns are inferred.
    public var types: [String: DataType] = [:]
    /// `false` reads every column as strings.
    public var infer = true
    /// Lines to skip before the header (preambles some exports write).
    public var skip = 0

    public static let defaultNulls = ["", "NA", "N/A", "NULL", "null", "NaN", "nan"]

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
