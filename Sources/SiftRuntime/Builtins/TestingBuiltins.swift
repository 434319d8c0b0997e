import SiftLanguage

#if DEBUG
extension Session {
    /// Debug builds only (the test suite's): a stand-in for native work that never checks for
    /// cancellation, so the last-resort stops (the shell's third Ctrl-C, a notebook cell
    /// abandoned after its timeout) can be tested end to end without a multi-gigabyte input.
    /// Release builds do not have it.
    func registerTestingBuiltins() {
        interpreter.define("_busy_native", "_busy_native(seconds: number)", "Debug builds only: spins in native code for up to the given seconds (at most 600) without checking for Ctrl-C or timeouts.",
                           category: "testing") { ctx in
            let seconds = min(600, max(0, try ctx.double(ctx.value(0), "the seconds")))
            let end = Clock.now() + seconds
            while Clock.now() < end {}
            return .null
        }
    }
}
#endif
