import Foundation
import SiftLanguage

/// docs/functions.md, generated from the catalogue: every builtin's signature, help, example
/// and aliases, grouped by category. A test regenerates it and fails when the committed file
/// differs, so the reference cannot drift from what the interpreter binds.
public enum FunctionReference {
    /// Section order; categories not listed here follow alphabetically.
    static let categoryOrder = ["general", "io", "verbs", "aggregates", "windows", "math", "text", "dates", "nulls", "models", "metrics", "tests", "charts"]

    static let titles = ["io": "Files", "general": "General", "nulls": "Nulls", "tests": "Statistical tests"]

    public static func markdown(_ builtins: [Builtin]) -> String {
        let visible = builtins.filter { !$0.name.hasPrefix("_") }
        let categories = Set(visible.map(\.category))
        let ordered = categoryOrder.filter(categories.contains) + categories.subtracting(categoryOrder).sorted()
        var out = """
        # Function reference

        Generated from the function catalogue (`Sources/SiftRuntime/Builtins`, each builtin's
        `define(…)`); do not edit by hand. Regenerate with
        `SIFT_UPDATE_DOCS=1 swift test --filter FunctionCatalogTests`.

        How to read a signature: parameters before `*` may be given by position or by name, those
        after it by name only; `name?` may be left out; `= value` is the default; `name…` takes
        any number of arguments; `name = expr, …` takes named arguments such as new columns.
        Every argument is checked: an unknown or surplus one is an error that shows the signature.


        """
        for category in ordered {
            out += "## \(titles[category] ?? category.prefix(1).uppercased() + category.dropFirst())\n\n"
            out += "| function | does | example |\n|---|---|---|\n"
            for b in visible where b.category == category {
                var does = b.summary
                if !b.aliases.isEmpty { does += " Also: " + b.aliases.map { "`\($0)`" }.joined(separator: ", ") + "." }
                out += "| `\(cell(b.signature))` | \(cell(does)) | " + (b.example.isEmpty ? "" : "`\(cell(b.example))`") + " |\n"
            }
            out += "\n"
        }
        return out
    }

    /// Pipes inside table cells must be escaped; newlines would end the row.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
