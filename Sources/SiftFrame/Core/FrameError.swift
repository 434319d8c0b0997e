/// Errors raised by the columnar engine. Each carries a message written for the analyst, saying
/// what went wrong and, where possible, what to do instead.
public struct FrameError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public var hint: String?
    /// Set for failures of the file system (a missing or unreadable file), which the language
    /// reports as input/output errors rather than problems with the program.
    public var isIO: Bool
    public init(_ message: String, hint: String? = nil, isIO: Bool = false) {
        self.message = message
        self.hint = hint
        self.isIO = isIO
    }
    public var description: String { hint.map { "\(message) (\($0))" } ?? message }

    static func noColumn(_ name: String, in names: [String]) -> FrameError {
        let close = names.filter { $0.lowercased().hasPrefix(String(name.lowercased().prefix(2))) }
        let suggestion = close.isEmpty ? "columns are: \(names.prefix(12).joined(separator: ", "))" : "did you mean \(close.prefix(3).joined(separator: ", "))?"
        return FrameError("no column named '\(name)'", hint: suggestion)
    }
}
