#if canImport(Glibc)
import Glibc
#endif

/// Writes frames as RFC 4180 CSV that `CSVReader` reads back to the same frame: fields holding
/// the delimiter, quotes, newlines or surrounding spaces are quoted, nulls are empty fields, and
/// empty strings are written as `""` so they stay distinct from nulls.
public enum CSVWriter {
    public static func bytes(_ frame: Frame, delimiter: UInt8 = UInt8(ascii: ",")) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(frame.rowCount * frame.columnCount * 8 + 64)
        for (j, c) in frame.columns.enumerated() {
            if j > 0 { out.append(delimiter) }
            appendField(c.name, to: &out, delimiter: delimiter, forceQuoteEmpty: false)
        }
        out.append(10)
        for r in 0..<frame.rowCount {
            for (j, c) in frame.columns.enumerated() {
                if j > 0 { out.append(delimiter) }
                let v = c[r]
                switch v {
                // A lone empty field would be a blank line, which readers skip: write NA instead.
                case .null: if frame.columnCount == 1 { out.append(contentsOf: Array("NA".utf8)) }
                case .string(let s): appendField(s, to: &out, delimiter: delimiter, forceQuoteEmpty: true)
                case .list: appendField(ScalarFormat.plain(v), to: &out, delimiter: delimiter, forceQuoteEmpty: true)
                // NaN is a missing value; infinities and -0.0 are values and are written as
                // the reader (and pandas) read them back.
                case .float(let d) where d.isNaN: if frame.columnCount == 1 { out.append(contentsOf: Array("NA".utf8)) }
                case .float(let d) where d == 0 && d.sign == .minus: out.append(contentsOf: Array("-0.0".utf8))
                default: out.append(contentsOf: ScalarFormat.plain(v).utf8)
                }
            }
            out.append(10)
        }
        return out
    }

    static func appendField(_ s: String, to out: inout [UInt8], delimiter: UInt8, forceQuoteEmpty: Bool) {
        let u = s.utf8
        if u.isEmpty {
            if forceQuoteEmpty { out.append(34); out.append(34) }
            return
        }
        let needs = u.contains { $0 == delimiter || $0 == 34 || $0 == 10 || $0 == 13 } || u.first == 32 || u.last == 32
            || CSVOptions.defaultNulls.contains(s)
        if !needs { out.append(contentsOf: u); return }
        out.append(34)
        for c in u {
            if c == 34 { out.append(34) }
            out.append(c)
        }
        out.append(34)
    }

    /// `path == "-"` writes to standard output; files are written atomically.
    public static func write(_ frame: Frame, to path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        let data = bytes(frame, delimiter: delimiter)
        if path == "-" {
            data.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let r = Glibc.write(1, raw.baseAddress! + done, raw.count - done)
                    if r <= 0 { break }
                    done += r
                }
            }
            return
        }
        try FileBytes.writeAtomically(data, to: path)
    }
}
