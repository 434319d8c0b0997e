import SiftFrame

/// The CSV reader (SiftFrame/CSV) seen through `TableSource`, plus the shared places layer: a
/// plain local file goes to the streaming reader as before; stdin, URLs and `.gz`/`.zst` files
/// are fetched and decompressed first, then parsed from memory. CSV has no schema in the file, so
/// `schema()` reads (once) and infers; `read(columns:)` selects after parsing.
public final class CSVSource: TableSource {
    public let name: String
    let path: String
    let options: CSVOptions
    private var cached: Frame?

    /// `path` is where to read (after a notebook's folder was applied); `display` how to name it.
    public init(path: String, display: String? = nil, options: CSVOptions = CSVOptions()) {
        self.path = path
        self.name = display ?? path
        self.options = options
    }

    public var notes: [String] { [] }

    func frame() throws -> Frame {
        if let cached { return cached }
        let f: Frame
        if path != "-", !HTTPFetch.isURL(path), !Input.isCompressedLocalFile(path) {
            // Local text (a file, a FIFO, a device): the CSV reader's own streaming path, which
            // also stops endless binary streams at their first NUL.
            f = try CSVReader.read(path: path, options: options)
        } else {
            let bytes = try Input.bytes(path, display: name)
            f = try CSVReader.parse(bytes: bytes, file: name, options: options)
        }
        cached = f
        return f
    }

    public func schema() throws -> [ColumnInfo] {
        try frame().columns.map { ColumnInfo(name: $0.name, type: $0.type) }
    }

    public func read(columns: [String]?) throws -> Frame {
        let f = try frame()
        guard let columns else { return f }
        _ = try resolve(columns, in: try schema())
        return try f.select(columns)
    }
}
