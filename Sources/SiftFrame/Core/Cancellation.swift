import Synchronization

/// Cooperative cancellation shared by every layer. Ctrl-C in the shell and a notebook cell's
/// timeout raise the flag from another thread; long loops in the engine and the models poll it
/// and unwind with `Cancelled`, so a runaway verb or fit stops within milliseconds and the
/// session's variables stay as they were. It lives in the lowest target so that code which knows
/// nothing of the language (CSV reading, sorting, model fitting) can still be stopped.
public enum Cancellation {
    private static let flag = Atomic<Bool>(false)
    private static let lock = Mutex<String>("interrupted")

    /// Asks whatever is running to stop, saying why (shown to the user as the error).
    public static func request(reason: String) {
        lock.withLock { $0 = reason }
        flag.store(true, ordering: .releasing)
    }

    /// Forgets an earlier request, before new work starts.
    public static func reset() { flag.store(false, ordering: .releasing) }

    public static var isRequested: Bool { flag.load(ordering: .acquiring) }

    public static var reason: String { lock.withLock { $0 } }

    /// Throws `Cancelled` (and clears the flag, so the error is raised once) if a stop was asked for.
    @inline(__always)
    public static func check() throws {
        if flag.load(ordering: .relaxed) { try raise() }
    }

    /// Polls only every `stride`-th iteration of a hot loop, where even an atomic load per
    /// element would show up in a profile.
    @inline(__always)
    public static func check(every stride: Int, at i: Int) throws {
        if i & (stride - 1) == 0 { try check() }
    }

    @inline(never)
    static func raise() throws {
        guard flag.exchange(false, ordering: .acquiringAndReleasing) else { return }
        throw Cancelled(reason: reason)
    }
}

/// The error long work unwinds with when `Cancellation` was requested.
public struct Cancelled: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var description: String { reason }
}
