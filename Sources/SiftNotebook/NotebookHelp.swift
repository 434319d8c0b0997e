/// The parameter list `sift run NOTEBOOK --help` prints.
public enum NotebookHelp {
    public static func parameters(of path: String) -> String {
        let job = NotebookJob(path: path, output: nil, format: nil, options: RunOptions())
        do {
            let (doc, _) = try job.load()
            var decls: [ParameterDeclaration] = []
            for c in doc.cells where c.isParameters { decls += try Parameters.declarations(in: c, path: path) }
            if decls.isEmpty { return "\(path) declares no parameters." }
            return "PARAMETERS of \(path) (set with -p name=value):\n" + decls.map { "  \($0.name): \($0.kind.rawValue) = \($0.defaultSource)" }.joined(separator: "\n")
        } catch {
            return "cannot read the parameters of \(path): \(error)"
        }
    }
}
