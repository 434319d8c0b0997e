/// What a plan node produces, known before anything runs: column names in order and, after
/// `group_by`, the grouping keys. Types are not tracked: every check the planner makes is about
/// names (a misspelled column fails before the file is read).
public struct Schema: Equatable {
    public var names: [String]
    public var groupKeys: [String]?

    public init(names: [String], groupKeys: [String]? = nil) {
        self.names = names
        self.groupKeys = groupKeys
    }

    public func has(_ name: String) -> Bool { names.contains(name) }
    public var isGrouped: Bool { !(groupKeys ?? []).isEmpty }

    /// `names` with `name` appended, or left in place when it already exists (mutate's rule).
    func adding(_ name: String) -> Schema {
        var s = self
        if !s.names.contains(name) { s.names.append(name) }
        return s
    }
}
