import SiftFrame

/// Where names are looked up: the variables of an environment, and, inside a verb, the columns
/// of the frame in hand first (data masking). `$name` skips the columns.
public struct Scope {
    public let env: Environment
    public let mask: Frame?
    public init(env: Environment, mask: Frame? = nil) {
        self.env = env
        self.mask = mask
    }
}

/// What running one statement produced, for the REPL and notebooks to display.
public enum Outcome {
    case value(Value)
    case assigned([String], Value)
    case defined(String)
}
