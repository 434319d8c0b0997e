import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// Bad input gives clear, located errors that say what to do.
final class ModelErrorTests: ModelTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try eval("d = read_csv(\"marketing.csv\")")
    }

    func testUnknownColumnInFormula() {
        assertFails("lm(revenue ~ spnd + visits, data: d)", ["no column named 'spnd'", "did you mean 'spend'?"])
        assertFails("lm(revenu ~ spend, data: d)", ["no column named 'revenu'", "did you mean 'revenue'?"])
        assertFails("lm(revenue ~ log(spnd), data: d)", ["no column named 'spnd'", "spend"])
        assertFails("logit(churned ~ regon, data: d)", ["'regon'", "region"])
    }

    func testNonNumericResponse() {
        assertFails("lm(region ~ spend, data: d)", ["the response 'region' is string", "numeric response", "logit()"])
        assertFails("logit(visits ~ spend, data: d)", ["'visits' must be 0/1 or true/false"])
        assertFails("logit(region ~ spend, data: d)", ["4 distinct values", "exactly two"])
    }

    func testSingleClassForLogit() {
        assertFails("logit(churned ~ spend, data: d |> filter(churned))", ["single class (true)", "needs both outcomes"])
    }

    func testSeparation() {
        assertFails("logit(churned ~ sep, data: d |> mutate(sep = if_else(churned, 2, 0) + visits / 100))",
                    ["complete separation", "sep"])
        let text = assertFails("logit(churned ~ spend + grp, data: d |> mutate(grp = if_else(churned and visits > 9, \"x\", region)))",
                               ["separation", "grp[T.x]"])
        XCTAssertFalse(text.isEmpty)
    }

    func testRankDeficiencyNamesTheTerms() {
        assertFails("lm(revenue ~ spend + visits + double_spend, data: d |> mutate(double_spend = 2 * spend))",
                    ["rank deficient", "'double_spend' is a linear combination of 'spend'", "drop"])
        assertFails("lm(revenue ~ spend + one, data: d |> mutate(one = 3))", ["'one' is constant", "intercept"])
        assertFails("lm(revenue ~ spend + visits + total, data: d |> mutate(total = spend + visits))",
                    ["'total' is a linear combination of", "'spend'", "'visits'"])
    }

    func testKLargerThanRows() {
        assertFails("kmeans(d |> head(3), k: 5, columns: [spend])", ["k = 5 is larger than the number of rows", "3"])
        // Text columns are one-hot coded now (KMeansCategoricalTests); an id-like one is refused.
        assertFails("kmeans(d |> mutate(code = cast(customer_id, \"string\")), k: 2, columns: [spend, code])",
                    ["'code' has 1500 distinct values", "too many to one-hot encode"])
        assertFails("kmeans(d, k: 0, columns: [spend])", ["at least 1"])
        assertFails("kmeans(d, columns: [spend])", ["missing the argument 'k'", "k: int"])
    }

    func testOtherBadInput() {
        assertFails("lm(~ spend, data: d)", ["response on the left"])
        assertFails("lm(revenue ~ spend)", ["needs the data"])
        assertFails("lm(d, data: d)", ["got the data twice"])
        assertFails("lm(revenue ~ spend, data: d, weights: spnd)", ["'spnd'", "spend"])
        assertFails("lm(revenue ~ spend, data: d, weights: visits)", ["weights must be positive"])
        assertFails("lm(revenue ~ spend + 2, data: d)", ["only be 1"])
        assertFails("lm(revenue ~ spend + id, data: d |> mutate(id = str(customer_id)))", ["1500 distinct values"])
        assertFails("predict(lm(revenue ~ region, data: d), d |> mutate(region = \"Mars\"))", ["\"Mars\"", "did not see"])
        assertFails("predict(42, d)", ["needs a model"])
        assertFails("classify(lm(revenue ~ spend, data: d), d)", ["classifier"])
        assertFails("evaluate(kmeans(d, k: 2, columns: [spend]), d)", ["outcome"])
        assertFails("evaluate(lm(revenue ~ spend, data: d), d |> select(spend))", ["'revenue'"])
        assertFails("split(d, 1.5)", ["between 0 and 1"])
        assertFails("residuals(logit(churned ~ spend, data: d))", ["no residuals"])
        assertFails("roc_auc(d.churned, d.spend, d.visits)", ["at most 2 positional arguments", "roc_auc(y: column, prediction: column)"])
    }
}
