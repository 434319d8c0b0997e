/// A malformed or unsupported Arrow IPC stream, as one line for the user.
///
/// Why a type of its own: Arrow bytes come from the network (a Spark Connect server) or a file,
/// so every offset and length is checked and a bad one becomes this error, never a crash.
public struct ArrowError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "Arrow IPC: " + message }
}
