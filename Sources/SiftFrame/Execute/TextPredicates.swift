#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `contains`, `starts_with` and `ends_with` on text columns, with the results of Swift's
/// `String.contains`/`hasPrefix`/`hasSuffix` (which compare characters, not bytes) but without
/// a `String` per row.
///
/// - Dictionary-encoded columns: the predicate runs once per distinct value; rows map codes.
/// - Plain columns (one UTF-8 buffer): for a needle of ASCII characters other than CR and LF,
///   a row of ASCII bytes holds the needle as characters exactly when it holds its bytes
///   (ASCII characters are single bytes with no other canonical spelling, and only CR LF
///   combines). So ASCII rows are decided on the bytes: `contains` runs glibc's `memmem` over
///   the whole buffer and maps each hit to its row; prefixes and suffixes compare bytes. Rows
///   with any non-ASCII byte (where combining marks or canonical equivalents could change the
///   answer) take the `String` path, as does any other needle.
public enum TextPredicates {
    public enum Kind: Sendable { case contains, startsWith, endsWith }

    /// A bool column with the input's validity (null rows stay null).
    public static func evaluate(_ c: Column, _ kind: Kind, _ needle: String, function: String) throws -> Column {
        guard case .string(let s) = c.storage else {
            throw FrameError("\(function)() needs text, got a \(c.type.rawValue) column", hint: "convert with cast(x, \"string\")")
        }
        let test = slowTest(kind, needle)
        switch s {
        case .dictionary(let codes, let values, _):
            let per = values.map(test)
            let out = [Bool](unsafeUninitializedCapacity: codes.count) { buf, count in
                codes.withUnsafeBufferPointer { cb in
                    per.withUnsafeBufferPointer { pb in
                        for i in 0..<cb.count { buf[i] = pb[Int(cb[i])] }
                    }
                }
                count = codes.count
            }
            return Column(name: c.name, storage: .bool(out), validity: c.validity)
        case .plain(let offsets, let bytes):
            let n = offsets.count - 1
            let pattern = Array(needle.utf8)
            guard !pattern.isEmpty, pattern.allSatisfy({ $0 < 0x80 && $0 != 0x0D && $0 != 0x0A }) else {
                return Column(name: c.name, storage: .bool((0..<n).map { test(s.string(at: $0)) }), validity: c.validity)
            }
            var out = [Bool](repeating: false, count: n)
            let nonASCII = nonASCIIRows(offsets, bytes)
            bytes.withUnsafeBufferPointer { b in
                offsets.withUnsafeBufferPointer { o in
                    pattern.withUnsafeBufferPointer { p in
                        switch kind {
                        case .contains: containsScan(b, o, p, &out)
                        case .startsWith, .endsWith:
                            let k = p.count
                            for i in 0..<n {
                                let lo = o[i], hi = o[i + 1]
                                guard hi - lo >= k else { continue }
                                let at = kind == .startsWith ? lo : hi - k
                                out[i] = memcmp(b.baseAddress! + at, p.baseAddress!, k) == 0
                            }
                        }
                    }
                }
            }
            for i in nonASCII { out[i] = test(s.string(at: i)) }
            return Column(name: c.name, storage: .bool(out), validity: c.validity)
        }
    }

    static func slowTest(_ kind: Kind, _ needle: String) -> (String) -> Bool {
        switch kind {
        case .contains: return { $0.contains(needle) }
        case .startsWith: return { $0.hasPrefix(needle) }
        case .endsWith: return { $0.hasSuffix(needle) }
        }
    }

    /// Every occurrence of the pattern in the whole buffer, each marking its row when it lies
    /// inside that row (an occurrence spanning two rows marks neither). `memchr` (vectorised in
    /// libc) finds candidates for the pattern's rarest byte in a sample of the text; each
    /// candidate is checked with `memcmp`.
    static func containsScan(_ b: UnsafeBufferPointer<UInt8>, _ o: UnsafeBufferPointer<Int>, _ p: UnsafeBufferPointer<UInt8>, _ out: inout [Bool]) {
        let n = o.count - 1
        let k = p.count
        guard let base = b.baseAddress, let pat = p.baseAddress, b.count >= k else { return }
        var freq = [Int](repeating: 0, count: 256)
        for i in 0..<min(b.count, 1 << 16) { freq[Int(base[i])] += 1 }
        var anchor = 0
        for j in 1..<k where freq[Int(pat[j])] < freq[Int(pat[anchor])] { anchor = j }
        let byte = Int32(pat[anchor])
        var row = 0
        // Candidates are searched from `from + anchor`; a match starts `anchor` bytes earlier.
        var from = 0
        while from + k <= b.count {
            guard let hit = memchr(base + from + anchor, byte, b.count - k + 1 - from) else { return }
            let q = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit)) - anchor
            guard memcmp(base + q, pat, k) == 0 else { from = q + 1; continue }
            // Advance to the row holding byte q (rows are in buffer order).
            while row < n && o[row + 1] <= q { row += 1 }
            guard row < n else { return }
            if q + k <= o[row + 1] {
                out[row] = true
                // The rest of this row cannot change the answer.
                from = max(o[row + 1], q + 1)
            } else {
                from = q + 1
            }
        }
    }

    /// Rows holding any byte ≥ 0x80, found eight bytes at a time.
    static func nonASCIIRows(_ offsets: [Int], _ bytes: [UInt8]) -> [Int] {
        var rows: [Int] = []
        let n = offsets.count - 1
        bytes.withUnsafeBytes { raw in
            let total = raw.count
            var row = 0
            var i = 0
            while i < total {
                var hit = -1
                if i + 8 <= total {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if w & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
                    for j in i..<(i + 8) where raw[j] >= 0x80 { hit = j; break }
                } else if raw[i] >= 0x80 {
                    hit = i
                }
                guard hit >= 0 else { i += 1; continue }
                while row < n && offsets[row + 1] <= hit { row += 1 }
                if row < n && rows.last != row { rows.append(row) }
                // Skip to the next row: this one is already marked.
                i = row < n ? max(offsets[row + 1], hit + 1) : total
            }
        }
        return rows
    }
}
