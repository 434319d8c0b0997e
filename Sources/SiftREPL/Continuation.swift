import SiftLanguage

/// The shell's rule for a line that starts with `|>` (documented in docs/repl.md): it continues
/// the previous entry when that is unambiguous, that is when the previous entry was one
/// statement that succeeded and was either an expression (`customers`) or an assignment to one
/// name (`active = customers |> filter(…)`). The new steps run on the previous result without
/// running the previous entry again (no file is read twice, nothing printed twice):
///
///     sift> customers                      shows customers
///     sift>   |> filter(visits > 0)        shows customers |> filter(visits > 0)
///     sift> active = customers
///     sift>   |> filter(visits > 0)        active = customers |> filter(visits > 0)
///
/// After anything else (nothing yet, a definition, several statements, a meta-command, an
/// error) such a line is an error that says so.
enum Continuation {
    enum Previous {
        case value(Value)
        case assignment(String)
    }

    /// The name the previous value is bound to while the continuation runs (then removed).
    static let hiddenName = "__sift_previous_result"

    static func startsWithPipe(_ entry: String) -> Bool {
        entry.trimmingWhitespace.hasPrefix("|>")
    }

    /// What a statement's outcome lets a `|>` line continue.
    static func previous(_ outcome: Outcome) -> Previous? {
        switch outcome {
        case .value(let v) where !v.isNull: return .value(v)
        case .assigned(let names, _) where names.count == 1: return .assignment(names[0])
        default: return nil
        }
    }
}
