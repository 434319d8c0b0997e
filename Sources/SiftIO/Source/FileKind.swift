/// Which reader a file calls for, from its name (a `.gz`/`.zst` suffix looked through) or, for a
/// local file with an unknown name, its first bytes (Parquet's `PAR1`, a zip's `PK`). Used where
/// Sift must pick a reader itself (`file_schema`); the read_* builtins know their format.
public enum FileKind: Equatable, Sendable {
    case parquet, excel, json, csv

    public static func of(_ path: String) -> FileKind? {
        var name = path.lowercased()
        if let q = name.firstIndex(of: "?"), HTTPFetch.isURL(path) { name = String(name[..<q]) }
        for suffix in [".gz", ".zst", ".gzip", ".zstd"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        let ext = name.split(separator: ".").last.map(String.init) ?? ""
        switch ext {
        case "parquet", "pq", "parq": return .parquet
        case "xlsx", "xlsm": return .excel
        case "json", "jsonl", "ndjson": return .json
        case "csv", "tsv", "txt": return .csv
        default: break
        }
        guard path != "-", !HTTPFetch.isURL(path), let head = try? Input.prefix(path, 4) else { return nil }
        if head == Array("PAR1".utf8) { return .parquet }
        if head.starts(with: [0x50, 0x4b]) { return .excel }
        return nil
    }
}
