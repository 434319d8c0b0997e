import SiftNotebook

/// The successful entries of a session with their outputs, saved by `:save` as a notebook that
/// `sift run` executes and `sift test` checks: each entry a ```sift cell followed by the same
/// output region a notebook run writes.
public struct Transcript {
    public private(set) var entries: [(code: String, output: String)] = []
    public init() {}

    public mutating func add(code: String, output: String) { entries.append((code, output)) }

    public func markdown(title: String = "Sift session") -> String {
        var out = "# \(title)\n"
        for e in entries {
            out += "\n```sift\n\(e.code)\n```\n"
            if !e.output.isEmpty {
                // The region a notebook run would write, so `sift test` can check the saved session.
                out += "\n" + NotebookDocument.outputStart + "\n" + OutputRegion.markdown([.text(e.output)]) + "\n" + NotebookDocument.outputEnd + "\n"
            }
        }
        return out
    }
}
