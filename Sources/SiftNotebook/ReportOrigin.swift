import Foundation

/// Where a rendered report was run from, recorded in its first line so `sift run` and
/// `sift test` on the report (from any working directory) resolve paths and parameters as the
/// first run did:
///
///     <!-- sift:report {"parameters":{"region":"North"},"paths":"../notebooks","source":"../notebooks/campaign.md"} -->
///
/// `paths` is the folder relative paths in cells start from and `source` the notebook the report
/// was rendered from, both relative to the report's own folder; `parameters` are the `-p` values
/// of that run. An HTML comment is invisible wherever the Markdown is shown. .ipynb reports keep
/// the same record in their metadata under "sift".
public struct ReportOrigin: Equatable {
    public var source: String?
    public var paths: String
    public var parameters: [(String, String)]

    public init(source: String?, paths: String, parameters: [(String, String)]) {
        self.source = source
        self.paths = paths
        self.parameters = parameters
    }

    public static func == (a: ReportOrigin, b: ReportOrigin) -> Bool {
        a.source == b.source && a.paths == b.paths && a.parameters.map { $0.0 + "=" + $0.1 } == b.parameters.map { $0.0 + "=" + $0.1 }
    }

    static let prefix = "<!-- sift:report "
    static let suffix = " -->"

    /// The record as a JSON object (for .ipynb metadata and the Markdown line).
    var json: [String: Any] {
        var o: [String: Any] = ["paths": paths]
        if let source { o["source"] = source }
        if !parameters.isEmpty {
            var p: [String: String] = [:]
            for (k, v) in parameters { p[k] = v }
            o["parameters"] = p
        }
        return o
    }

    init?(json: Any?) {
        guard let o = json as? [String: Any], let paths = o["paths"] as? String else { return nil }
        self.paths = paths
        self.source = o["source"] as? String
        let p = (o["parameters"] as? [String: Any]) ?? [:]
        self.parameters = p.keys.sorted().compactMap { k in
            if let s = p[k] as? String { return (k, s) }
            if let n = p[k] as? NSNumber { return (k, n.stringValue) }
            return nil
        }
    }

    /// The Markdown line (with its line break). `--` cannot appear inside an HTML comment, so a
    /// `-` after another is written as the JSON escape `\u002d`.
    public var markdownLine: String {
        guard let data = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "" }
        var text = String(decoding: data, as: UTF8.self)
        while text.contains("--") { text = text.replacingOccurrences(of: "--", with: "-\\u002d") }
        return Self.prefix + text + Self.suffix + "\n"
    }

    /// Reads the record from a Markdown report's first line: the origin and the rest of the text.
    public static func split(markdown text: String) -> (ReportOrigin?, String) {
        guard text.hasPrefix(prefix) else { return (nil, text) }
        let lineEnd = text.firstIndex(of: "\n") ?? text.endIndex
        let line = text[..<lineEnd].trimmingCharacters(in: "\r")
        guard line.hasSuffix(suffix) else { return (nil, text) }
        let body = line.dropFirst(prefix.count).dropLast(suffix.count)
        guard let obj = try? JSONSerialization.jsonObject(with: Data(body.utf8)), let origin = ReportOrigin(json: obj) else { return (nil, text) }
        let rest = lineEnd < text.endIndex ? String(text[text.index(after: lineEnd)...]) : ""
        return (origin, rest)
    }
}

/// Paths for the record: absolute, normalized, and relative between folders.
public enum PathMath {
    /// `path` made absolute from the working directory, with `.` and `..` resolved.
    public static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for c in full.split(separator: "/") {
            if c == "." || c.isEmpty { continue }
            if c == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `target` as seen from folder `base` (both made absolute first): `../notebooks/x.md`.
    public static func relative(_ target: String, from base: String) -> String {
        let t = absolute(target).split(separator: "/"), b = absolute(base).split(separator: "/")
        var common = 0
        while common < t.count, common < b.count, t[common] == b[common] { common += 1 }
        let ups = Array(repeating: "..", count: b.count - common)
        let rest = t[common...].map(String.init)
        let joined = (ups + rest).joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    /// `path` (relative to folder `base`, or absolute) as a path usable from the working directory.
    public static func join(_ base: String, _ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if base == "." || base.isEmpty { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }
}
