import SiftLanguage
import SiftPlan

/// The planner's view of names outside the data, answered from the interpreter's builtins and
/// the scope a chain runs in: the same order evaluation resolves a bare name in.
struct ScopeNameResolver: NameResolver {
    let interpreter: Interpreter
    let scope: Scope

    /// Builtin categories whose functions compute each row from that row alone.
    static let rowwiseCategories: Set<String> = ["math", "text", "dates", "nulls"]
    /// Functions in those categories that read a whole frame or column (never row-wise).
    static let wholeInput: Set<String> = ["cosine_similarity", "count_vectorize", "lda", "nearest", "text_classifier", "tfidf", "top_terms", "word_counts", "qcut", "date_range"]

    func isVariable(_ name: String) -> Bool { scope.env.lookup(name) != nil }

    func variableMayNameColumns(_ name: String) -> Bool {
        switch scope.env.lookup(name) {
        case .string?, .list?: return true
        default: return false
        }
    }

    func isFunction(_ name: String) -> Bool { interpreter.builtins[name] != nil }

    func evaluatesArgumentsItself(_ name: String) -> Bool { interpreter.builtins[name]?.evaluation == .lazy }

    func isRowwise(_ name: String) -> Bool {
        guard let b = interpreter.builtins[name] else { return false }
        return Self.rowwiseCategories.contains(b.category) && !Self.wholeInput.contains(b.name)
    }

    var allNames: [String] { scope.env.allNames + interpreter.builtins.keys.sorted() }
}
