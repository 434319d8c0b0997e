import SiftFrame

/// `sift test`: compares a cell's fresh output with the stored one semantically. Tables are
/// compared cell by cell and text token by token, numbers within a relative tolerance, so
/// harmless last-digit noise passes while a changed result fails with a readable diff.
public struct OutputComparison {
    public var rtol: Double
    public init(rtol: Double = 1e-6) { self.rtol = rtol }

    /// Finds the data a chart draws from its link: `expected` for the stored report's links,
    /// `actual` for the fresh run's. Nil data means the chart cannot be read.
    public struct ChartLookup {
        public var expected: (String) -> String?
        public var actual: (String) -> String?
        public init(expected: @escaping (String) -> String?, actual: @escaping (String) -> String?) {
            self.expected = expected
            self.actual = actual
        }
    }

    /// Differences as human-readable lines; empty when the outputs agree. Charts are compared
    /// by their data through `charts`; without it (or when the data cannot be read) a chart
    /// matches only another with the same data, so a missing file is a difference.
    public func differences(expected: String, actual: String, charts: ChartLookup? = nil) -> [String] {
        let a = OutputRegion.parse(expected), b = OutputRegion.parse(actual)
        var out: [String] = []
        if a.count != b.count {
            out.append("expected \(a.count) output part\(a.count == 1 ? "" : "s"), got \(b.count)")
        }
        for (k, (x, y)) in zip(a, b).enumerated() {
            switch (x, y) {
            case (.table(let t1), .table(let t2)): out += compareTables(t1, t2, part: k + 1)
            case (.text(let t1), .text(let t2)), (.error(let t1), .error(let t2)): out += compareText(t1, t2, part: k + 1)
            case (.image(let alt, let p1), .image(_, let p2)): out += compareCharts(alt, p1, p2, part: k + 1, charts: charts)
            default: out.append("part \(k + 1): expected \(kind(x)), got \(kind(y))")
            }
        }
        for extra in b.dropFirst(a.count) { out.append("new \(kind(extra)): " + preview(extra)) }
        for missing in a.dropFirst(b.count) { out.append("missing \(kind(missing)): " + preview(missing)) }
        return out
    }

    func compareCharts(_ title: String, _ p1: String, _ p2: String, part: Int, charts: ChartLookup?) -> [String] {
        guard let charts else { return p1 == p2 ? [] : ["part \(part): chart \(p1) is now \(p2)"] }
        guard let old = charts.expected(p1) else {
            return ["part \(part): the stored chart \(p1) is missing or holds no data (made before charts carried it?); accept with --update"]
        }
        guard let new = charts.actual(p2) else { return ["part \(part): the new chart \(p2) holds no data"] }
        return compareText(old, new, part: part).map { "chart “\(title)”: " + $0 }
    }

    func kind(_ p: OutputPart) -> String {
        switch p {
        case .text: return "text"
        case .table: return "a table"
        case .image: return "a chart"
        case .error: return "an error"
        }
    }

    func preview(_ p: OutputPart) -> String {
        switch p {
        case .text(let t), .table(let t), .error(let t): return String(t.split(separator: "\n").first ?? "").prefix(80) + ""
        case .image(_, let path): return path
        }
    }

    /// The header and data rows of a GFM table (the delimiter row dropped), cells unescaped.
    func rows(_ table: String) -> [[String]] {
        var rows = table.split(separator: "\n").filter { $0.hasPrefix("|") }.map(Self.cells)
        if rows.count >= 2, Self.isDelimiterRow(rows[1]) { rows.remove(at: 1) }
        return rows
    }

    /// Splits `| a | b\|c |` at unescaped pipes: ["a", "b|c"].
    static func cells(_ line: Substring) -> [String] {
        var cells: [String] = []
        var current = ""
        var rest = line.dropFirst()  // the leading "|"
        while let ch = rest.first {
            rest.removeFirst()
            if ch == "\\", rest.first == "|" {
                current.append("|")
                rest.removeFirst()
            } else if ch == "|" {
                cells.append(current.trimmingCharacters(in: " "))
                current = ""
            } else {
                current.append(ch)
            }
        }
        let last = current.trimmingCharacters(in: " ")
        if !last.isEmpty { cells.append(last) }
        return cells
    }

    static func isDelimiterRow(_ cells: [String]) -> Bool {
        !cells.isEmpty && cells.allSatisfy { c in
            let core = c.drop { $0 == ":" }.reversed().drop { $0 == ":" }
            return !core.isEmpty && core.allSatisfy { $0 == "-" }
        }
    }

    func compareTables(_ a: String, _ b: String, part: Int) -> [String] {
        let ra = rows(a), rb = rows(b)
        var out: [String] = []
        guard let ha = ra.first, let hb = rb.first else { return a == b ? [] : ["part \(part): table changed"] }
        if ha != hb { return ["part \(part): columns changed from [\(ha.joined(separator: ", "))] to [\(hb.joined(separator: ", "))]"] }
        if ra.count != rb.count { out.append("part \(part): table had \(ra.count - 1) rows shown, now \(rb.count - 1)") }
        for (r, (x, y)) in zip(ra.dropFirst(), rb.dropFirst()).enumerated() {
            if x.count != y.count { out.append("part \(part): row \(r + 1) had \(x.count) cells, now \(y.count)") }
            for (c, (u, v)) in zip(x, y).enumerated() where !same(u, v) {
                let column = c < ha.count ? ha[c] : "#\(c + 1)"
                out.append("part \(part): row \(r + 1), column \(column): \(u) → \(v)")
                if out.count > 20 { out.append("…"); return out }
            }
        }
        let captionA = a.split(separator: "\n").last { $0.hasPrefix("*") }, captionB = b.split(separator: "\n").last { $0.hasPrefix("*") }
        if captionA != captionB { out.append("part \(part): \(captionA ?? "") → \(captionB ?? "")") }
        return out
    }

    func compareText(_ a: String, _ b: String, part: Int) -> [String] {
        let la = a.split(separator: "\n", omittingEmptySubsequences: false), lb = b.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for k in 0..<max(la.count, lb.count) {
            let x = k < la.count ? String(la[k]) : "", y = k < lb.count ? String(lb[k]) : ""
            if !sameLine(x, y) {
                out.append("part \(part), line \(k + 1):\n  - \(x)\n  + \(y)")
                if out.count > 10 { out.append("…"); break }
            }
        }
        return out
    }

    func sameLine(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let ta = a.split(whereSeparator: { $0 == " " }), tb = b.split(whereSeparator: { $0 == " " })
        guard ta.count == tb.count else { return false }
        return zip(ta, tb).allSatisfy { same(String($0), String($1)) }
    }

    func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let strip: (String) -> String = { $0.trimmingCharacters(in: ",;()[]{}") }
        guard let x = Double(strip(a)), let y = Double(strip(b)) else { return false }
        return abs(x - y) <= rtol * max(abs(x), abs(y)) || abs(x - y) < 1e-300
    }
}
