/// Which combinations of `join`'s key arguments make sense, in one place for the local builtin
/// and the SQL compiler: `on:` alone, `left_on:` with `right_on:`, or neither (the shared
/// columns). Anything else would leave an argument the user wrote silently unused, e.g.
/// `join(b, on: k, left_on: x, right_on: y)` joining on `k` alone.
public enum JoinKeyArguments {
    public struct Problem: Equatable {
        public let message: String
        public let hint: String?
        /// The argument to point at.
        public let argument: String
    }

    public static func problem(on: Bool, leftOn: Bool, rightOn: Bool) -> Problem? {
        if on && (leftOn || rightOn) {
            return Problem(message: "join() takes on: or left_on: with right_on:, not both", hint: nil,
                           argument: leftOn ? "left_on" : "right_on")
        }
        if leftOn != rightOn {
            return Problem(message: "join() needs left_on: and right_on: together",
                           hint: "use on: key when both frames name the key the same", argument: leftOn ? "left_on" : "right_on")
        }
        return nil
    }
}
