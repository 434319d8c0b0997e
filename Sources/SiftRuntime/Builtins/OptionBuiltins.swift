import SiftLanguage
import SiftPlan

extension Session {
    /// `set_option(name, value)`: the session's guards and how values are displayed. Display
    /// options are named `display.*` (as in pandas) so the rows a table shows can never be
    /// confused with `max_result_rows`, the guard that refuses a runaway join or sample.
    func registerOptions() {
        interpreter.define("set_option", "set_option(name: string, value: int)",
                           "Adjusts this session: \"display.max_rows\" (table rows shown), \"display.max_columns\" (0: as many as fit), \"display.max_colwidth\" (characters of a text cell), \"display.precision\" (significant digits of a single float; table decimals at most), \"max_result_rows\" (largest join or sample result), \"max_call_depth\" (nested calls), \"optimizer\" (0 runs pipelines exactly as written), \"optimizer.RULE\" (0 switches one rule off; see explain()) \"max_steps\" (items map and reduce may run over) or \"remote.collect_rows\" (largest remote frame a model or other local function collects by itself).",
                           example: "set_option(\"display.max_rows\", 50)", category: "general") { [unowned self] ctx in
            let name = try ctx.string(ctx.value(0), "the option name", at: ctx.span(of: 0))
            let value = try ctx.int(ctx.value(1), "the value", at: ctx.span(of: 1))
            let at = ctx.span(of: 1)
            func atLeast(_ lo: Int, _ hi: Int = Int.max) throws -> Int {
                guard value >= lo else { throw ctx.error("\(name) must be at least \(lo), got \(value)", at: at) }
                return min(value, hi)
            }
            switch name {
            case "display.max_rows": self.display.maxRows = try atLeast(1, 1_000_000)
            case "display.max_columns":
                let n = try atLeast(0, 100_000)
                self.display.maxColumns = n == 0 ? nil : n
            case "display.max_colwidth": self.display.maxColumnWidth = try atLeast(4, 10_000)
            case "display.precision":
                let digits = try atLeast(1, 17)
                self.display.precision = digits
                self.display.floatDecimals = min(digits, 15)
            case "max_result_rows": self.limits.maxResultRows = try atLeast(1)
            case "max_call_depth": self.limits.maxCallDepth = try atLeast(1, 100_000)
            case "max_steps": self.limits.maxSteps = try atLeast(1)
            case "remote.collect_rows": self.limits.remoteCollectRows = try atLeast(0)
            case "optimizer": self.optimizerEnabled = try atLeast(0, 1) == 1
            case let rule where rule.hasPrefix("optimizer."):
                let ruleName = String(rule.dropFirst("optimizer.".count))
                guard Optimizer.ruleNames.contains(ruleName) else {
                    throw ctx.error("unknown optimizer rule \"\(ruleName)\"", hint: "rules: " + Optimizer.ruleNames.joined(separator: ", "), at: ctx.span(of: 0))
                }
                if try atLeast(0, 1) == 1 { self.disabledRules.remove(ruleName) } else { self.disabledRules.insert(ruleName) }
            case "max_rows":
                throw ctx.error("there is no option \"max_rows\": say which rows",
                                hint: "\"display.max_rows\" is how many rows a table shows; \"max_result_rows\" is the largest join or sample result", at: ctx.span(of: 0))
            default:
                throw ctx.error("unknown option \"\(name)\"", hint: "options: " + Self.optionNames.joined(separator: ", "), at: ctx.span(of: 0))
            }
            return .null
        }
    }

    static let optionNames = ["display.max_rows", "display.max_columns", "display.max_colwidth", "display.precision", "max_result_rows", "max_call_depth", "optimizer", "max_steps", "remote.collect_rows"]
}
