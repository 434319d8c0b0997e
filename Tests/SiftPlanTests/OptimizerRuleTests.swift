import XCTest
import SiftPlan
import SiftRuntime

/// One test per optimizer rule: the rule fires (its name in explain's list and its mark on the
/// node) and the result equals the result with that rule switched off.
final class OptimizerRuleTests: PlanTestCase {
    func check(_ pipeline: String, rule: String, marks: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let plan = try explain(pipeline)
        let applied = plan.split(separator: "\n").first { $0.hasPrefix("optimizer rules applied:") }.map(String.init) ?? ""
        XCTAssertTrue(applied.contains(rule), "\(rule) did not fire:\n\(plan)", file: file, line: line)
        for m in marks { XCTAssertTrue(plan.contains(m), "missing \"\(m)\" in:\n\(plan)", file: file, line: line) }
        assertSame(run(pipeline), run(pipeline, without: rule), "\(rule): \(pipeline)", file: file, line: line)
        // With the rule off it must not be listed.
        session.disabledRules = [rule]
        let off = try explain(pipeline)
        session.disabledRules = []
        XCTAssertFalse(off.split(separator: "\n").last { $0.hasPrefix("optimizer rules applied:") }?.contains(rule) ?? false, off, file: file, line: line)
    }

    func testConstantFolding() throws {
        try check("sales |> filter(units > 2 - 1 and true) |> mutate(r = revenue * (10 / 4))", rule: "constant_folding",
                  marks: ["filter((units > 1) and true)", "r = revenue * 2.5"])
    }

    func testATrueFilterIsRemoved() throws {
        let plan = try explain("sales |> filter(1 < 2) |> head(3)")
        XCTAssertFalse(plan.contains("filter("), plan)
        assertSame(run("sales |> filter(1 < 2) |> head(3)"), run("sales |> head(3)"), "filter(true)")
    }

    func testMergeFilters() throws {
        try check("sales |> filter(units > 0) |> filter(not is_null(revenue))", rule: "merge_filters",
                  marks: ["filter(units > 0, not is_null(revenue))"])
    }

    func testFiltersWithAggregatesAreNotMerged() throws {
        let plan = try explain("sales |> filter(units > 0) |> filter(revenue > mean(revenue))")
        XCTAssertFalse(plan.contains("merge_filters"), plan)
        assertSame(run("sales |> filter(units > 0) |> filter(revenue > mean(revenue))"),
                   run("sales |> filter(units > 0) |> filter(revenue > mean(revenue))", optimizer: false), "aggregate filter")
    }

    func testPredicatePushdownBelowSortAndMutate() throws {
        try check("sales |> mutate(margin = revenue - spend) |> sort(-revenue) |> filter(units > 2)", rule: "predicate_pushdown",
                  marks: ["sort(-revenue)\n└─ mutate(margin = revenue - spend)\n   └─ filter(units > 2)"])
    }

    func testPredicatePushdownIntoJoinSides() throws {
        try check("sales |> join(dims, on: region) |> filter(units > 3)", rule: "predicate_pushdown",
                  marks: ["├─ filter(units > 3)"])
        try check("sales |> join(dims, on: region) |> filter(target > 60)", rule: "predicate_pushdown",
                  marks: ["└─ filter(target > 60)"])
    }

    func testAFilterReadingANewColumnStaysAbove() throws {
        let plan = try explain("sales |> mutate(m = revenue - spend) |> filter(m > 0)")
        XCTAssertFalse(plan.contains("predicate_pushdown"), plan)
    }

    func testTopN() throws {
        try check("sales |> sort(-revenue, id) |> head(7)", rule: "top_n", marks: ["sort(-revenue, id, limit: 7)", "top 7"])
    }

    func testTopNIsNotUsedAfterGroupBy() throws {
        let plan = try explain("sales |> group_by(region) |> sort(-revenue) |> head(2)")
        XCTAssertFalse(plan.contains("top_n"), plan)
    }

    func testFilterIntoAggregate() throws {
        try check("sales |> filter(units > 0, active) |> group_by(region, channel) |> summarize(n = count(), r = sum(revenue), m = mean(spend))",
                  rule: "filter_into_aggregate", marks: ["[filter fused: units > 0, active]"])
    }

    func testAggregateThroughJoin() throws {
        try check("sales |> join(dims, on: region, how: \"left\") |> group_by(manager) |> summarize(n = count(), r = sum(revenue))",
                  rule: "aggregate_through_join", marks: ["reads through the join"])
        // Keys that are all properties of the matched dimension row (its columns, and the join
        // key in an inner join) share one coder over the dimension's rows; a null target, left
        // rows without a match and a null region in sales each take their own group.
        for pipeline in [
            "sales |> join(dims, on: region, how: \"inner\") |> group_by(region, manager, target) |> summarize(n = count(), r = sum(revenue)) |> mutate(a = r / target) |> sort(-a)",
            "sales |> join(dims, on: region, how: \"inner\") |> group_by(target, region) |> summarize(n = count(), m = mean(spend))",
            "sales |> join(dims, on: region, how: \"left\") |> group_by(manager, target) |> summarize(n = count(), r = sum(revenue))",
            // The left key in a left join keeps unmatched rows' own values: one coder per key.
            "sales |> join(dims, on: region, how: \"left\") |> group_by(region, manager) |> summarize(n = count())",
            "sales |> join(dims, on: region, how: \"inner\") |> group_by(manager, channel) |> summarize(n = count(), r = sum(revenue))",
        ] {
            try check(pipeline, rule: "aggregate_through_join", marks: ["reads through the join"])
        }
    }

    func testProjectionPushdownIntoTheCSVScan() throws {
        try check("read_csv(\"sales.csv\") |> filter(units > 0) |> group_by(region) |> summarize(r = sum(revenue))",
                  rule: "projection_pushdown", marks: ["columns: [region, units, revenue]", "reads 3 of 9 columns"])
        // Through select, rename and a join's two sides.
        try check("read_csv(\"sales.csv\") |> select(region, amount = revenue) |> sort(-amount) |> head(3)",
                  rule: "projection_pushdown", marks: ["columns: [region, revenue]"])
        try check("read_csv(\"sales.csv\") |> join(read_csv(\"dims.csv\"), on: region) |> group_by(manager) |> summarize(u = sum(units))",
                  rule: "projection_pushdown", marks: ["columns: [region, units]"])
    }

    func testEveryRuleHasATest() {
        let tested: Set<String> = ["constant_folding", "merge_filters", "predicate_pushdown", "top_n", "filter_into_aggregate", "aggregate_through_join", "projection_pushdown"]
        XCTAssertEqual(Set(Optimizer.ruleNames), tested)
    }
}
