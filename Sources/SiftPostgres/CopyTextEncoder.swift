import SiftFrame
import SiftSQL

/// Writes frame rows in COPY's text format (tab-separated, `\N` for null, backslash escapes).
///
/// Why text and not binary COPY: binary COPY demands the exact column types of the target, so
/// appending to an existing `integer` or `varchar` column would fail; in text form the server
/// converts each value to the column's type, as it would for an INSERT. Values are written so they
/// read back identical: floats in Swift's shortest round-trip form, datetimes to the microsecond.
struct CopyTextEncoder {
    private let columns: [Column]
    let rowCount: Int

    init(_ frame: Frame) throws {
        for c in frame.columns where c.type == .list {
            throw SQLEngineError("write_table: column '\(c.name)' holds lists, which PostgreSQL tables cannot take; join them into text first")
        }
        columns = frame.columns
        rowCount = frame.rowCount
    }

    /// Appends rows `range` to `out`.
    func encode(rows range: Range<Int>, into out: inout [UInt8]) throws {
        let last = columns.count - 1
        for i in range {
            for (j, c) in columns.enumerated() {
                if !c.isValid(i) {
                    out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "N"))
                } else {
                    try encode(c, row: i, into: &out)
                }
                out.append(j == last ? UInt8(ascii: "\n") : UInt8(ascii: "\t"))
            }
        }
    }

    private func encode(_ c: Column, row i: Int, into out: inout [UInt8]) throws {
        switch c.storage {
        case .int(let a): appendInteger(a[i], &out)
        case .float(let a):
            let v = a[i]
            if v.isNaN { out.append(contentsOf: "NaN".utf8) } else if v.isInfinite { out.append(contentsOf: (v > 0 ? "Infinity" : "-Infinity").utf8) } else { out.append(contentsOf: v.description.utf8) }
        case .bool(let a): out.append(a[i] ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .date(let a): out.append(contentsOf: Temporal.formatDate(a[i]).utf8)
        case .datetime(let a): out.append(contentsOf: Temporal.formatDateTime(a[i]).utf8)
        case .string(let s):
            switch s {
            case .plain(let offsets, let bytes):
                try bytes.withUnsafeBufferPointer { b in
                    try appendEscaped(UnsafeBufferPointer(rebasing: b[offsets[i]..<offsets[i + 1]]), column: c.name, &out)
                }
            case .dictionary(let codes, let values, _):
                var text = values[Int(codes[i])]
                try text.withUTF8 { try appendEscaped($0, column: c.name, &out) }
            }
        case .list:
            throw SQLEngineError("write_table: column '\(c.name)' holds lists, which PostgreSQL tables cannot take")
        }
    }

    private func appendEscaped(_ b: UnsafeBufferPointer<UInt8>, column: String, _ out: inout [UInt8]) throws {
        for byte in b {
            switch byte {
            case UInt8(ascii: "\\"): out.append(byte); out.append(byte)
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0: throw SQLEngineError("write_table: column '\(column)' contains a NUL character, which PostgreSQL text cannot hold")
            default: out.append(byte)
            }
        }
    }

    private func appendInteger(_ v: Int64, _ out: inout [UInt8]) {
        // Up to 20 characters: Swift keeps such strings inline, so this does not allocate.
        out.append(contentsOf: String(v).utf8)
    }
}
