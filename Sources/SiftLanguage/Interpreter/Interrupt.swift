import SiftFrame

/// The language's view of `Cancellation`: Ctrl-C (or a notebook cell timeout) raises the flag,
/// and the interpreter checks it at every call and in long loops, unwinding with a `cancelled`
/// error while every variable stays as it was. Engine and model code check the same flag and
/// throw `Cancelled`, which `Interpreter.at` turns into the same error.
public enum Interrupt {
    public static var requested: Bool { Cancellation.isRequested }

    /// Forgets an earlier request before new work starts.
    public static func reset() { Cancellation.reset() }

    public static func request(reason: String) { Cancellation.request(reason: reason) }

    public static func check() throws {
        do { try Cancellation.check() } catch let c as Cancelled { throw SiftError(.cancelled, c.reason) }
    }
}
