import XCTest
import SiftPlan
import SiftRuntime

/// A corpus of pipelines (every plannable verb; nulls, empty frames, groups of one row; errors)
/// run with the optimizer on and off: identical frames cell for cell, identical errors. And the
/// schema the planner infers before running equals the columns the run produces.
final class OptimizerDifferentialTests: PlanTestCase {
    static let corpus: [String] = [
        "sales |> filter(units > 0)",
        "sales |> filter(units > 0 and revenue > 100) |> filter(active) |> select(id, revenue)",
        "sales |> filter(is_null(revenue)) |> head(5)",
        "sales |> filter(units > 100)",
        "sales |> mutate(margin = revenue - spend, big = revenue > 500) |> filter(big) |> sort(-margin, id) |> head(10)",
        "sales |> mutate(share = revenue / sum(revenue)) |> filter(units > 2)",
        "sales |> filter(revenue > mean(revenue)) |> mutate(k = 1)",
        "sales |> sort(region, -revenue) |> head(0)",
        "sales |> sort(-revenue) |> head(2500)",
        "sales |> sort(day, -id) |> tail(4)",
        "sales |> sort(desc(spend)) |> head(5)",
        "sales |> sort(\"units\", -revenue) |> head(12)",
        "sales |> group_by(region) |> summarize(n = count(), r = sum(revenue), m = mean(spend), q = quantile(revenue, 0.9))",
        "sales |> filter(units >= 0) |> group_by(region, channel) |> summarize(n = count(), lo = min(day), hi = max(day), f = first(comment))",
        "sales |> filter(units > 3) |> group_by(active) |> summarize(sum(revenue), n_distinct(region), count())",
        "sales |> filter(revenue > 900) |> group_by(region) |> summarize(r = sum(revenue) / count())",
        "sales |> group_by(region) |> filter(revenue > mean(revenue)) |> summarize(n = count())",
        "sales |> group_by(region) |> mutate(rank_in = revenue - mean(revenue)) |> filter(units > 0) |> ungroup()",
        "sales |> group_by(region) |> head(3)",
        "sales |> group_by(region) |> sort(-revenue) |> head(3)",
        "sales |> group_by(month = month(day)) |> summarize(n = count())",
        "sales |> join(dims, on: region) |> filter(units > 2) |> select(id, manager, revenue)",
        "sales |> join(dims, on: region, how: \"left\") |> filter(target > 60 or is_null(target)) |> head(20)",
        "sales |> join(dims, on: region) |> group_by(manager) |> summarize(n = count(), r = sum(revenue), t = mean(target))",
        "sales |> join(dims, on: region, how: \"left\") |> group_by(region, manager) |> summarize(n = count())",
        "sales |> join(dims, on: region, how: \"anti\") |> filter(units > 0) |> head(5)",
        "sales |> join(dims |> filter(target > 60), on: region) |> group_by(region) |> summarize(n = count())",
        "sales |> select(region, amount = revenue) |> filter(amount > 10) |> sort(-amount) |> head(3)",
        "sales |> select(-comment, -day) |> filter(active) |> head(4)",
        "sales |> rename(amount = revenue) |> filter(amount > 10) |> head(3)",
        "sales |> drop(comment) |> filter(units == 1) |> distinct(region, channel)",
        "sales |> distinct(region) |> sort(region)",
        "sales |> drop_null(revenue, spend) |> filter(spend > 100) |> head(5)",
        "sales |> drop_null() |> head(5)",
        "sales |> sample(50, seed: 3) |> filter(units > 0)",
        "single |> group_by(k) |> summarize(n = count(), s = sum(v), m = mean(v))",
        "single |> filter(v > 1) |> group_by(k) |> summarize(n = count())",
        "empty |> filter(units > 0) |> group_by(region) |> summarize(n = count(), r = sum(revenue))",
        "empty |> sort(-revenue) |> head(3)",
        "empty |> mutate(x = units * 2) |> filter(x > 1)",
        "read_csv(\"sales.csv\") |> filter(units > 0) |> group_by(region) |> summarize(r = sum(revenue))",
        "read_csv(\"sales.csv\") |> select(region, amount = revenue) |> sort(-amount) |> head(3)",
        "read_csv(\"sales.csv\", types: {units: \"float\"}) |> summarize(u = sum(units))",
        "read_csv(\"sales.csv\") |> join(read_csv(\"dims.csv\"), on: region) |> group_by(manager) |> summarize(u = sum(units))",
        "read_csv(\"sales.csv\") |> mutate(k = units * limit_value) |> filter(k > 100) |> summarize(n = count())",
        "read_csv(\"empty.csv\") |> filter(units > 0) |> summarize(n = count())",
        "read_csv(\"sales.csv\") |> summarize(n = count())",
        "sales |> filter(units > \"a\")",
        "sales |> filter(units > 0) |> group_by(region) |> summarize(r = sum(comment))",
        "sales |> sort(-revenue) |> head(-3)",
        "sales |> join(dims, on: manager)",
    ]

    func testTheOptimizerNeverChangesAResult() {
        for code in Self.corpus {
            assertSame(run(code), run(code, optimizer: false), code)
        }
    }

    func testEachRuleAloneKeepsTheResult() {
        for rule in Optimizer.ruleNames {
            for code in Self.corpus {
                assertSame(run(code), run(code, without: rule), "\(code) without \(rule)")
            }
        }
    }

    func testTheInferredSchemaIsTheResultsColumns() throws {
        for code in Self.corpus {
            guard case .success(let v) = run(code), let f = Self.frame(v) else { continue }
            let plan = try explain(code)
            guard let line = plan.split(separator: "\n").first(where: { $0.hasPrefix("output columns: ") }) else { continue }
            XCTAssertEqual(String(line.dropFirst("output columns: ".count)), f.names.joined(separator: ", "), code)
        }
    }
}
