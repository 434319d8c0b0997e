/// Cooperative cancellation: Ctrl-C (or a notebook cell timeout) sets the flag, and the
/// interpreter checks it at every call and in long loops, unwinding with a `cancelled` error
/// while every variable stays as it was.
public enum Interrupt {
    nonisolated(unsafe) public static var requested: Bool = false
    nonisolated(unsafe) public static var reason: String = "interrupted"

    public static func check() throws {
        if requested {
            requested = false
            throw SiftError(.cancelled, reason)
        }
    }
}
