import SiftFrame
import SiftLanguage

extension Session {
    /// `format(df, revenue: "money", share: "percent")`: how tables show numeric columns, for
    /// reports read by people. Only the display changes; the values and types do not.
    func registerFormat() {
        interpreter.define("format", "format(frame_or_template, values..., **formats: string)",
                           "Shows numeric columns for people: \"money\" (1,234.50), \"percent\" (12.3%), \"number\" (1,234.5), \"integer\" (1,235) or \"decimals:N\"; add :N for decimals (\"percent:2\"). Values are unchanged. With a text first, fills a Python-style template row by row: format(\"{}: {:.1f}\", name, score) ({} the next value, {0} by position, {:,} {:.2f} {:>8} {:05d} {:.0%}).",
                           example: "by_region |> format(revenue: \"money\", share: \"percent\")", category: "display") { ctx in
            if case .string(let template) = try ctx.value(0) {
                guard ctx.named.isEmpty else { throw ctx.error("format() with a template takes values, not column: \"format\" pairs") }
                return try Session.formatTemplate(template, try (1..<max(1, ctx.count)).filter { $0 < ctx.count }.map { try ctx.value($0) }, ctx)
            }
            guard ctx.count == 1 else { throw ctx.error("format() of a frame takes column: \"format\" pairs; values go with a text template, format(\"{}\", x)") }
            let (frame, keys) = try Args.input(ctx)
            guard !ctx.named.isEmpty else {
                throw ctx.error("format() needs column: \"format\" pairs", hint: "e.g. format(df, revenue: \"money\"); " + DisplayFormat.help)
            }
            var columns = frame.columns
            for (name, argument, span) in ctx.named {
                guard case .value(let v) = argument else { continue }
                guard let index = columns.firstIndex(where: { $0.name == name }) else {
                    throw ctx.error("format(): no column \(name)", hint: "columns: " + frame.names.joined(separator: ", "), at: span)
                }
                if case .null = v { columns[index].displayFormat = nil; continue }
                let spec = try ctx.string(v, "the format of \(name)", at: span)
                guard let format = DisplayFormat(spec: spec) else {
                    throw ctx.error("format(): unknown format \"\(spec)\" for \(name)", hint: DisplayFormat.help, at: span)
                }
                guard columns[index].type == .int || columns[index].type == .float else {
                    throw ctx.error("format(): \(name) is a \(columns[index].type.rawValue) column; formats apply to numbers", at: span)
                }
                columns[index].displayFormat = format
            }
            return Args.output(try Frame(columns: columns), keys: keys)
        }
    }
}
