import SiftFrame

/// Writes a frame as JSON records: an array of objects (`lines: false`, what pandas reads with
/// `orient="records"`), or one object per line (JSON lines). Nulls are `null`; dates are
/// "YYYY-MM-DD" and datetimes ISO 8601 ("YYYY-MM-DDTHH:MM:SS[.ffffff]"), which read_json reads
/// back as dates; non-finite floats are null (JSON has no NaN).
public enum JSONWriter {
    public static func bytes(_ frame: Frame, lines: Bool) throws -> [UInt8] {
        var out = lines ? "" : "["
        let keys: [String] = frame.names.map { n in var s = ""; JSONText.quote(n, into: &s); return s + ":" }
        for r in 0..<frame.rowCount {
            try Cancellation.check(every: 8192, at: r)
            if !lines && r > 0 { out += "," }
            out += "{"
            for (k, c) in frame.columns.enumerated() {
                if k > 0 { out += "," }
                out += keys[k]
                switch c[r] {
                case .null: out += "null"
                case .int(let v): out += String(v)
                case .float(let v): out += v.isFinite ? "\(v)" : "null"
                case .bool(let v): out += v ? "true" : "false"
                case .string(let s): JSONText.quote(s, into: &out)
                case .list(let items): out += JSONText.list(items)
                case .date(let d): out += "\"" + Temporal.formatDate(d) + "\""
                case .datetime(let t): out += "\"" + Temporal.formatDateTime(t).replacingFirstSpace() + "\""
                }
            }
            out += "}"
            if lines { out += "\n" }
        }
        if !lines { out += "]\n" }
        return Array(out.utf8)
    }
}

extension String {
    /// "2024-01-02 10:00:00" → "2024-01-02T10:00:00" (ISO 8601, which pandas parses as a datetime).
    func replacingFirstSpace() -> String {
        guard let i = firstIndex(of: " ") else { return self }
        var s = self
        s.replaceSubrange(i...i, with: "T")
        return s
    }
}
