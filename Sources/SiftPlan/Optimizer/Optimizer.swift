/// What a rule may consult: names outside the data and the schemas of sub-plans. It also records
/// which rules changed the plan, for `explain` and the rule tests.
public final class OptimizerContext {
    public let resolver: NameResolver
    public let inference: SchemaInference
    public private(set) var fired: [String] = []

    public init(resolver: NameResolver, inference: SchemaInference) {
        self.resolver = resolver
        self.inference = inference
    }

    public func schema(of plan: LogicalPlan) -> Schema? { inference.schema(of: plan) }

    /// Called by a rule each time it rewrites something.
    public func note(_ rule: String) {
        if !fired.contains(rule) { fired.append(rule) }
    }
}

/// One rewrite of a logical plan that keeps its result: each rule is its own file and can be
/// switched off by name, so a test shows it firing in `explain` and equal results without it.
public protocol OptimizerRule {
    /// The name `explain` prints and `disabled:` takes.
    var name: String { get }
    func apply(_ plan: LogicalPlan, _ context: OptimizerContext) -> LogicalPlan
}

/// The rules in the order they run. Folding and merging first (they simplify what the others
/// match), then filters move down, then fusions that match the settled shape, and projection
/// last (it needs the final shape to know which columns are read).
public struct Optimizer {
    public static let rules: [OptimizerRule] = [
        ConstantFolding(), MergeFilters(), PredicatePushdown(), TopN(),
        FilterIntoAggregate(), AggregateThroughJoin(), ProjectionPushdown(),
    ]
    public static var ruleNames: [String] { rules.map(\.name) }

    public let disabled: Set<String>
    public init(disabled: Set<String> = []) { self.disabled = disabled }

    public func optimize(_ plan: LogicalPlan, _ context: OptimizerContext) -> LogicalPlan {
        var p = plan
        for rule in Self.rules where !disabled.contains(rule.name) { p = rule.apply(p, context) }
        return p
    }
}
