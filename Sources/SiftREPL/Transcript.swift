/// The successful entries of a session with their outputs, saved by `:save` as a notebook that
/// `sift run` can execute: each entry a ```sift cell, its output in an ```output block.
public struct Transcript {
    public private(set) var entries: [(code: String, output: String)] = []
    public init() {}

    public mutating func add(code: String, output: String) { entries.append((code, output)) }

    public func markdown(title: String = "Sift session") -> String {
        var out = "# \(title)\n"
        for e in entries {
            out += "\n```sift\n\(e.code)\n```\n"
            let text = e.output.hasSuffix("\n") ? String(e.output.dropLast()) : e.output
            if !text.isEmpty { out += "\n```output\n\(text)\n```\n" }
        }
        return out
    }
}
