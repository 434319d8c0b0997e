/// What the planner needs to know about names outside the data: the session's variables and
/// functions. The runtime answers from the interpreter and the scope the chain runs in, so the
/// planner resolves a bare name exactly as evaluation will (a column of the frame in hand first,
/// then a variable, then a function).
public protocol NameResolver {
    /// A variable visible where the chain runs.
    func isVariable(_ name: String) -> Bool
    /// A variable holding a text or a list: a bare name in a column-name position may stand for
    /// the column(s) it names.
    func variableMayNameColumns(_ name: String) -> Bool
    /// A builtin or user function of that name.
    func isFunction(_ name: String) -> Bool
    /// A builtin that evaluates its arguments itself (so a bare name inside may not be a value).
    func evaluatesArgumentsItself(_ name: String) -> Bool
    /// A builtin whose result for a row depends only on that row's values (no aggregate or
    /// window): the condition for moving filters across it.
    func isRowwise(_ name: String) -> Bool
    /// Variables and functions, for "did you mean".
    var allNames: [String] { get }
}
