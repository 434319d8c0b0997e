/// Adjustable guards against runaway work, documented in docs/limits.md.
public struct Limits: Sendable {
    /// Nested function calls before a "too deep" error (recursion without a base case).
    public var maxCallDepth = 2_000
    /// Largest frame a join may produce before it is refused (checked before allocating).
    public var maxRows = 200_000_000
    public init() {}
}
