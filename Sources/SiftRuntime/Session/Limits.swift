/// Adjustable guards against runaway work, documented in docs/limits.md.
public struct Limits: Sendable {
    /// Nested function calls before a "too deep" error (recursion without a base case).
    public var maxCallDepth = 2_000
    /// Largest frame a join or `sample` may produce before it is refused (checked before
    /// allocating): `set_option("max_result_rows", n)`. Not to be confused with
    /// `display.max_rows`, the rows a table shows.
    public var maxResultRows = 200_000_000
    /// Items `map` and `reduce` may run over: `set_option("max_steps", n)`.
    public var maxSteps = 10_000_000
    /// Rows a remote frame may have when a local function (a model, describe, a chart) collects
    /// it by itself: `set_option("remote.collect_rows", n)`. Above it the function refuses and
    /// says to `sample()` on the engine or `collect()` explicitly.
    public var remoteCollectRows = 1_000_000
    public init() {}
}
