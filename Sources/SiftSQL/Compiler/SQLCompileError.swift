import SiftLanguage

/// Why a pipeline cannot run in the engine exactly as it runs locally: the verb or function, the
/// reason, and what to do instead, at the span the user wrote. The compiler never guesses: what
/// it cannot express with Sift's semantics is refused here rather than run differently.
public struct SQLCompileError: Error, CustomStringConvertible {
    public let message: String
    public let span: SourceSpan?
    public let hint: String?

    public init(_ message: String, at span: SourceSpan?, hint: String? = nil) {
        self.message = message
        self.span = span
        self.hint = hint
    }

    public var description: String { message }

    /// The interpreter's error, pointing at the span.
    public var siftError: SiftError { SiftError(.runtime, message, at: span, hint: hint) }

    /// The usual advice when something cannot run remotely.
    static let collectHint = "collect() the frame first to run this step locally"
}
