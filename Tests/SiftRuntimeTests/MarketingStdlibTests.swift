import Foundation
import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// stdlib/marketing.sift on small hand-checked data. Every expected number is worked out in the
/// comment beside it; the A/B statistics are statsmodels' (scripts/make_marketing_fixtures.py
/// prints them, with the Python call beside each value here).
final class MarketingStdlibTests: SessionTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        // The stdlib as it is on disk (the embedded copy is checked against it elsewhere).
        session = try Session()
        session.baseDirectory = dir
        session.interpreter.write = { [unowned self] in self.output += $0 }
    }

    // MARK: Documentation and examples

    /// Each public function has a doc comment with an `Example:` line, :help shows it, and the
    /// example runs without an error.
    func testEveryFunctionIsDocumentedAndItsExampleRuns() throws {
        let text = try XCTUnwrap(EmbeddedStdlib.files.first { $0.name == "marketing.sift" }?.text)
        let publicFunctions = ["rfm_scores", "rfm_segment", "months_between", "cohort_retention", "retention_matrix",
                               "retention_heatmap", "funnel", "funnel_counts", "ab_test", "ab_test_frame", "cohens_h",
                               "ab_power", "ab_sample_size", "clv_historic", "clv_simple", "clv", "campaign_roi",
                               "mix_contribution", "attribution", "pareto", "top_share", "pareto_point", "period_growth",
                               "association_rules", "pct_text", "precision_at_k", "recommend_all"]
        var examples: [String: String] = [:]
        var pending: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# Example: ") { pending = String(line.dropFirst("# Example: ".count)) }
            if line.hasPrefix("fn "), let code = pending {
                let name = String(line.dropFirst(3).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                examples[name] = code
                pending = nil
            }
        }
        for name in publicFunctions {
            guard let code = examples[name] else { XCTFail("\(name) has no # Example: line"); continue }
            let doc = try XCTUnwrap(session.functionDocs[name], "\(name) has no doc comment")
            XCTAssertTrue(doc.contains("\n  example: " + code), "\(name)'s :help shows its example: \(doc)")
            XCTAssertGreaterThan(doc.count, code.count + 40, "\(name) is described, not only exemplified")
            do {
                let v = try eval(code)
                XCTAssertFalse(v.typeName == "null", "\(name)'s example gives a value")
            } catch let e as SiftError {
                XCTFail("\(name)'s example fails: \(e.render(color: false))")
            }
        }
    }

    // MARK: RFM

    /// As of 2024-04-01 with bins 2:
    ///   customer 1: 2024-03-01 50, 2024-03-30 100     recency 2,  frequency 2, monetary 150
    ///   customer 2: 2024-01-01 20                      recency 91, frequency 1, monetary 20
    ///   customer 3: 2024-03-25 500                     recency 7,  frequency 1, monetary 500
    ///   customer 4: 2023-12-01, 2024-02-01, -02-15 30  recency 46, frequency 3, monetary 90
    /// Recency ranked descending (91 → 1, 46 → 2, 7 → 3, 2 → 4), score ceil(2 · rank / 4): 2, 1, 2, 1.
    /// Frequency ranks 3, 1.5, 1.5, 4 → 2, 1, 1, 2. Monetary ranks 3, 1, 4, 2 → 2, 1, 2, 1.
    /// Segments on the 1..5 grid (ceil((s − 0.5) · 5 / 2): 1 → 2, 2 → 4): (4, 4) Champions,
    /// (2, 2) Hibernating, (4, 2) Promising, (2, 4) Can't lose them.
    func testRFMScoresAndSegments() throws {
        try eval("""
            orders = frame(customer_id: [1, 1, 2, 3, 4, 4, 4],
                           order_date: [date("2024-03-01"), date("2024-03-30"), date("2024-01-01"), date("2024-03-25"),
                                        date("2023-12-01"), date("2024-02-01"), date("2024-02-15")],
                           amount: [50, 100, 20, 500, 30, 30, 30])
            """)
        let f = try frame("rfm_scores(orders, date(\"2024-04-01\"), bins: 2)")
        XCTAssertEqual(ints(f, "customer_id"), [1, 2, 3, 4])
        XCTAssertEqual(ints(f, "recency"), [2, 91, 7, 46])
        XCTAssertEqual(ints(f, "frequency"), [2, 1, 1, 3])
        assertClose(floats(f, "monetary"), [150, 20, 500, 90])
        XCTAssertEqual(ints(f, "r_score"), [2, 1, 2, 1])
        XCTAssertEqual(ints(f, "f_score"), [2, 1, 1, 2])
        XCTAssertEqual(ints(f, "m_score"), [2, 1, 2, 1])
        XCTAssertEqual(strings(f, "rfm_code"), ["222", "111", "212", "121"])
        XCTAssertEqual(strings(f, "segment"), ["Champions", "Hibernating", "Promising", "Can't lose them"])
    }

    func testRFMSegmentGrid() throws {
        let cases: [(Int, Int, String)] = [(5, 5, "Champions"), (4, 4, "Champions"), (3, 3, "Loyal"), (5, 3, "Loyal"),
                                           (5, 1, "Promising"), (4, 2, "Promising"), (1, 5, "Can't lose them"),
                                           (2, 4, "Can't lose them"), (2, 3, "At risk"), (3, 1, "Needs attention"),
                                           (2, 2, "Hibernating"), (1, 1, "Lost"), (1, 2, "Lost")]
        for (r, f, name) in cases {
            XCTAssertEqual(try scalar("rfm_segment(\(r), \(f))"), .string(name), "r \(r), f \(f)")
        }
        XCTAssertEqual(try scalar("rfm_segment(3, 3, 3)"), .string("Champions"), "3 of 3 is the top of a 3-point scale")
    }

    // MARK: Cohorts

    /// Customers 1 and 2 sign up in January (1 orders in January and February, 2 only in
    /// January), 3 signs up in February and orders then; 4 signs up in February and never
    /// orders (a null order date after a left join) but still counts in the cohort's size.
    func testCohortRetention() throws {
        try eval("""
            activity = frame(customer_id: [1, 1, 2, 3, 4],
                             signup_date: [date("2024-01-03"), date("2024-01-03"), date("2024-01-20"), date("2024-02-02"), date("2024-02-10")],
                             order_date: [date("2024-01-03"), date("2024-02-10"), date("2024-01-21"), date("2024-02-02"), null])
            """)
        let f = try frame("cohort_retention(activity)")
        XCTAssertEqual(cells(f, "cohort"), [date("2024-01-01"), date("2024-01-01"), date("2024-02-01")])
        XCTAssertEqual(ints(f, "period"), [0, 1, 0])
        XCTAssertEqual(ints(f, "active"), [2, 1, 1])
        XCTAssertEqual(ints(f, "cohort_size"), [2, 2, 2])
        assertClose(floats(f, "retention"), [1, 0.5, 0.5])
        let m = try frame("retention_matrix(cohort_retention(activity))")
        XCTAssertEqual(m.names, ["cohort", "size", "0", "1"])
        XCTAssertEqual(strings(m, "cohort"), ["2024-01", "2024-02"])
        assertClose(floats(m, "1"), [0.5, nil], "February has no period 1 yet")
        let h = try frame("retention_heatmap(cohort_retention(activity))")
        XCTAssertEqual(h.names, ["cohort", "size", "1"])
        XCTAssertEqual(strings(h, "1"), ["█ 50%"], "the best later cell gets the darkest shade")
        XCTAssertEqual(try scalar("months_between(date(\"2024-01-31\"), date(\"2024-03-01\"))"), .int(2))
        XCTAssertEqual(try scalar("months_between(date(\"2023-12-31\"), date(\"2024-01-01\"))"), .int(1))
    }

    // MARK: Funnel

    func testFunnelRates() throws {
        let f = try frame("funnel(frame(step: [\"visit\", \"cart\", \"checkout\", \"purchase\"], users: [1000, 300, 120, 90]))")
        assertClose(floats(f, "step_rate"), [1, 0.3, 0.4, 0.75])      // 300/1000, 120/300, 90/120
        assertClose(floats(f, "overall_rate"), [1, 0.3, 0.12, 0.09])  // each / 1000
        XCTAssertEqual(ints(f, "drop_off"), [0, 700, 180, 30])
        let c = try frame("funnel_counts(frame(user_id: [1, 1, 2, 2, 3, 3], event: [\"visit\", \"buy\", \"visit\", \"cart\", \"visit\", \"visit\"]), [\"visit\", \"cart\", \"buy\", \"review\"])")
        XCTAssertEqual(strings(c, "step"), ["visit", "cart", "buy", "review"], "in the order given")
        XCTAssertEqual(ints(c, "users"), [3, 1, 1, 0], "distinct users; a step nobody reached is 0")
    }

    // MARK: A/B tests against statsmodels

    func testABTestAgainstStatsmodels() throws {
        let f = try frame("ab_test(2400, 120, 2380, 151)")
        XCTAssertEqual(f.names, ["visitors_a", "visitors_b", "rate_a", "rate_b", "difference", "lift", "conf_low", "conf_high",
                                 "z", "p_value", "power", "needed_per_group", "significant"])
        assertClose(floats(f, "rate_a"), [0.05])
        assertClose(floats(f, "rate_b"), [151.0 / 2380])
        assertClose(floats(f, "lift"), [(151.0 / 2380) / 0.05 - 1])
        // proportions_ztest([151, 120], [2380, 2400])
        assertClose(floats(f, "z"), [Z_AB], accuracy: 1e-9)
        assertClose(floats(f, "p_value"), [P_AB], accuracy: 1e-9)
        // 95% interval, unpooled: d ± 1.959964 · sqrt(pa(1 − pa)/2400 + pb(1 − pb)/2380)
        let pa = 0.05, pb = 151.0 / 2380, se = (pa * (1 - pa) / 2400 + pb * (1 - pb) / 2380).squareRoot()
        assertClose(floats(f, "conf_low"), [pb - pa - 1.959963984540054 * se], accuracy: 1e-9)
        assertClose(floats(f, "conf_high"), [pb - pa + 1.959963984540054 * se], accuracy: 1e-9)
        // NormalIndPower().power(proportion_effectsize(151/2380, 120/2400), nobs1=2400, alpha=0.05, ratio=2380/2400)
        assertClose(floats(f, "power"), [POWER_AB], accuracy: 1e-9)
        // ceil(NormalIndPower().solve_power(h, power=0.8, alpha=0.05, ratio=1))
        assertClose(floats(f, "needed_per_group"), [N_AB])
        XCTAssertEqual(cells(f, "significant"), [.bool(P_AB < 0.05)])
        let g = try frame("ab_test_frame(frame(variant: [\"B\", \"A\"], visitors: [2380, 2400], conversions: [151, 120]), \"A\")")
        assertClose(floats(g, "z"), [Z_AB], accuracy: 1e-9, "the control is found by name, whatever the row order")
        // At the smallest lift worth having, 10%: NormalIndPower().power(proportion_effectsize(0.055, 0.05),
        // nobs1=2400, alpha=0.05, ratio=2380/2400) and ceil(solve_power(that h, power=0.8, alpha=0.05, ratio=1))
        let m = try frame("ab_test_frame(frame(variant: [\"B\", \"A\"], visitors: [2380, 2400], conversions: [151, 120]), \"A\", min_lift: 0.1)")
        assertClose(floats(m, "power"), [POWER_MDE], accuracy: 1e-9)
        assertClose(floats(m, "needed_per_group"), [N_MDE])
        assertClose(floats(m, "p_value"), [P_AB], accuracy: 1e-9, "min_lift changes only power and size")
    }

    func testPowerSampleSizeAndEffectSize() throws {
        // proportion_effectsize(0.06, 0.05)
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("cohens_h(0.05, 0.06)"))), H_5_6, accuracy: 1e-13)
        // NormalIndPower().power(proportion_effectsize(0.06, 0.05), nobs1=5000, alpha=0.05, ratio=1)
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("ab_power(0.05, 0.06, 5000, 5000)"))), POWER_5_6, accuracy: 1e-9)
        // ceil(NormalIndPower().solve_power(proportion_effectsize(0.06, 0.05), power=0.8, alpha=0.05, ratio=1))
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("ab_sample_size(0.05, 0.06)"))), N_5_6)
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("cohens_h(0.3, 1)"))), Double.pi - 2 * asin(0.3.squareRoot()), accuracy: 1e-13)
        // scipy.stats.norm.cdf(1.2345), norm.ppf(0.975), norm.ppf(0.01)
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("normal_cdf(1.2345)"))), CDF_12345, accuracy: 1e-14)
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("normal_quantile(0.975)"))), 1.959963984540054, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("normal_quantile(0.01)"))), -2.3263478740408408, accuracy: 1e-12)
        XCTAssertEqual(try scalar("normal_quantile(1)"), .null, "no quantile at 1")
    }

    // MARK: Lifetime value

    func testCustomerLifetimeValue() throws {
        try eval("""
            orders = frame(customer_id: [1, 1, 2], order_date: [date("2024-01-01"), date("2024-07-01"), date("2024-03-01")],
                           amount: [50, 70, 20])
            """)
        let h = try frame("clv_historic(orders)")
        XCTAssertEqual(ints(h, "orders"), [2, 1])
        assertClose(floats(h, "aov"), [60, 20])
        XCTAssertEqual(ints(h, "tenure_days"), [182, 0])                       // Jan 31 + Feb 29 + 31 + 30 + 31 + 30
        assertClose(floats(h, "orders_per_year"), [2 * 365.0 / 182, 365.0 / 30]) // tenure at least 30 days
        // m = 50 · 4 · 0.3 = 60 a year; CLV = 60 · 1.1 / (1.1 − 0.8) = 220
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("clv_simple(50, 4, 0.3, 0.8, 0.1)"))), 220, accuracy: 1e-9)
        let c = try frame("clv(orders, margin: 0.5, retention: 0.6, discount: 0)")
        // customer 1: 60 · (730 / 182) · 0.5 · 1 / (1 − 0.6)
        assertClose(floats(c, "clv"), [60 * (730.0 / 182) * 0.5 / 0.4, 20 * (365.0 / 30) * 0.5 / 0.4])
    }

    // MARK: Campaigns

    func testCampaignROI() throws {
        let f = try frame("""
            campaign_roi(frame(channel: ["search", "search", "social"], spend: [100, 50, 80], revenue: [400, 150, 120],
                               conversions: [10, 5, 4]))
            """)
        XCTAssertEqual(strings(f, "channel"), ["search", "social"], "best ROAS first")
        XCTAssertEqual(ints(f, "campaigns"), [2, 1])
        assertClose(floats(f, "roi"), [400.0 / 150, 0.5])        // (550 − 150) / 150, (120 − 80) / 80
        assertClose(floats(f, "roas"), [550.0 / 150, 1.5])
        assertClose(floats(f, "cpa"), [10, 20])                   // 150 / 15, 80 / 4
        assertClose(floats(f, "spend_share"), [150.0 / 230, 80.0 / 230])
        assertClose(floats(f, "revenue_share"), [550.0 / 670, 120.0 / 670])
    }

    /// OLS with an intercept fits the mean exactly, so the contributions add up to total sales.
    func testMixContribution() throws {
        try eval("weeks = frame(tv: [1, 2, 3, 4, 5], search: [2, 1, 4, 3, 5], sales: [13, 14, 22, 22, 28])")
        let f = try frame("mix_contribution(lm(sales ~ tv + search, data: weeks), weeks)")
        XCTAssertEqual(strings(f, "term"), ["base", "tv", "search"])
        let est = floats(f, "estimate").map { $0 ?? .nan }
        // contribution = estimate × column sum (tv and search each sum to 15; the base × 5 weeks)
        assertClose(floats(f, "contribution"), [est[0] * 5, est[1] * 15, est[2] * 15])
        XCTAssertEqual(floats(f, "contribution").reduce(0) { $0 + ($1 ?? .nan) }, 99, accuracy: 1e-9, "sum of sales")
        assertClose(floats(f, "share"), floats(f, "contribution").map { $0.map { $0 / 99 } })
        // Normal equations solved by hand: tv 7/3, search 11/6, intercept 99/5 − 15/5 · (7/3 + 11/6) = 7.3
        assertClose(est, [7.3, 7.0 / 3, 11.0 / 6], accuracy: 1e-9)
    }

    /// Customer 1: social → email → search (90 revenue); customer 2: search only (30); customer
    /// 3 touched but did not convert, so gets no credit.
    func testAttribution() throws {
        let f = try frame("""
            attribution(frame(customer_id: [1, 1, 1, 2, 3],
                              touch_date: [date("2024-01-05"), date("2024-01-03"), date("2024-01-01"), date("2024-01-02"), date("2024-01-02")],
                              channel: ["search", "email", "social", "search", "display"]),
                        frame(customer_id: [1, 2], revenue: [90, 30]))
            """)
        XCTAssertEqual(strings(f, "channel"), ["search", "email", "social"], "most linear credit first")
        XCTAssertEqual(ints(f, "touches"), [2, 1, 1])
        assertClose(floats(f, "first_touch"), [1, 0, 1])
        assertClose(floats(f, "last_touch"), [2, 0, 0])
        assertClose(floats(f, "linear"), [1 + 1.0 / 3, 1.0 / 3, 1.0 / 3])
        assertClose(floats(f, "position_based"), [1.4, 0.2, 0.4])
        assertClose(floats(f, "first_touch_revenue"), [30, 0, 90])
        assertClose(floats(f, "last_touch_revenue"), [120, 0, 0])
        assertClose(floats(f, "linear_revenue"), [60, 30, 30])
        assertClose(floats(f, "position_revenue"), [30 + 36, 18, 36])
    }

    // MARK: Pareto and growth

    func testParetoAndTopShare() throws {
        try eval("x = frame(v: [10, 50, null, 5, 35]).v")
        let f = try frame("pareto(x)")
        assertClose(floats(f, "value"), [50, 35, 10, 5], "nulls dropped, largest first")
        XCTAssertEqual(ints(f, "rank"), [1, 2, 3, 4])
        assertClose(floats(f, "cum_share"), [0.5, 0.85, 0.95, 1])
        assertClose(floats(f, "item_share"), [0.25, 0.5, 0.75, 1])
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("top_share(x, 0.25)"))), 0.5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("top_share(x, 2)"))), 0.85, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("top_share(x, 0.3)"))), 0.85, accuracy: 1e-12, "ceil(0.3 × 4) = 2 items")
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("pareto_point(x, 0.8)"))), 0.5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(asDouble(try scalar("pareto_point(x, 0.9)"))), 0.75, accuracy: 1e-12)
    }

    func testPeriodGrowth() throws {
        try eval("""
            s = frame(d: [date("2024-03-02"), date("2024-01-05"), date("2024-01-20"), date("2024-02-03")], v: [90, 100, 50, 180])
            """)
        let f = try frame("period_growth(s.d, s.v, \"month\")")
        XCTAssertEqual(cells(f, "period"), [date("2024-01-01"), date("2024-02-01"), date("2024-03-01")])
        assertClose(floats(f, "value"), [150, 180, 90])
        assertClose(floats(f, "previous"), [nil, 150, 180])
        assertClose(floats(f, "change"), [nil, 30, -90])
        assertClose(floats(f, "growth"), [nil, 0.2, -0.5])
        let q = try frame("period_growth(s.d, s.v, \"quarter\")")
        assertClose(floats(q, "value"), [420])
    }

    // MARK: Association rules, against a hand count

    /// Orders: 1 {tea, cake} (tea listed twice), 2 {tea, cake}, 3 {tea}, 4 {cake, milk}, 5 {milk}.
    /// tea in 3 orders, cake in 3, milk in 2; tea & cake together in 2, cake & milk in 1.
    ///   cake → tea: support 2/5, confidence 2/3, lift (2/3) / (3/5) = 10/9 (tea → cake the same)
    ///   milk → cake: support 1/5, confidence 1/2, lift (1/2) / (3/5) = 5/6
    ///   cake → milk: support 1/5, confidence 1/3, lift (1/3) / (2/5) = 5/6
    func testAssociationRulesAgainstAHandCount() throws {
        try eval("""
            baskets = frame(order_id: [1, 1, 1, 2, 2, 3, 4, 4, 5],
                            item: ["tea", "cake", "tea", "tea", "cake", "tea", "cake", "milk", "milk"])
            """)
        let f = try frame("association_rules(baskets, min_support: 0.1, min_confidence: 0.1)")
        XCTAssertEqual(strings(f, "antecedent"), ["cake", "tea", "milk", "cake"])
        XCTAssertEqual(strings(f, "consequent"), ["tea", "cake", "cake", "milk"])
        XCTAssertEqual(ints(f, "orders_both"), [2, 2, 1, 1])
        assertClose(floats(f, "support"), [0.4, 0.4, 0.2, 0.2])
        assertClose(floats(f, "confidence"), [2.0 / 3, 2.0 / 3, 0.5, 1.0 / 3])
        assertClose(floats(f, "lift"), [10.0 / 9, 10.0 / 9, 5.0 / 6, 5.0 / 6])
        let strict = try frame("association_rules(baskets, min_support: 0.3, min_confidence: 0.5)")
        XCTAssertEqual(strings(strict, "antecedent"), ["cake", "tea"], "thresholds drop the milk rules")
    }

    // MARK: Recommendations

    func testPrecisionAtKAndRecommendAll() throws {
        // user 1 sees [10, 11] and later likes 11 (1 hit); user 2 sees [10, 12], likes 13 (0 hits);
        // user 3 likes something but was shown nothing: 1 / (2 × 3)
        let p = try scalar("""
            precision_at_k(frame(user_id: [1, 1, 2, 2], item_id: [10, 11, 10, 12], rank: [1, 2, 1, 2]),
                           frame(user_id: [1, 2, 3], item_id: [11, 13, 10]), 2)
            """)
        XCTAssertEqual(try XCTUnwrap(asDouble(p)), 1.0 / 6, accuracy: 1e-12)
        let k1 = try scalar("""
            precision_at_k(frame(user_id: [1, 1], item_id: [10, 11], rank: [1, 2]), frame(user_id: [1], item_id: [11]), 1)
            """)
        XCTAssertEqual(try XCTUnwrap(asDouble(k1)), 0, accuracy: 1e-12, "only the first k count")
        try eval("recs = recommender(frame(user_id: [1, 1, 2, 2, 3], item_id: [1, 2, 1, 3, 2], rating: [5, 4, 4, 5, 3]), user: user_id, item: item_id, rating: rating)")
        let all = try frame("recommend_all(recs, [1, 3], n: 2)")
        XCTAssertEqual(Set(strings(all, "user_id").count == 0 ? [] : ints(all, "user_id").compactMap { $0 }), [1, 3])
        let one = try frame("recommend(recs, 3, 2)")
        XCTAssertEqual(ints(try frame("recommend_all(recs, [3], n: 2)"), "item_id"), ints(one, "item_id"), "the same lists as recommend()")
        XCTAssertEqual(try scalar("pct_text(0.2537)"), .string("25.4%"))
    }
}

// Reference values printed by scripts/make_marketing_fixtures.py (statsmodels 0.14, scipy):
//   proportions_ztest([151, 120], [2380, 2400]) -> (Z_AB, P_AB)
//   NormalIndPower().power(proportion_effectsize(151/2380, 120/2400), nobs1=2400, alpha=0.05, ratio=2380/2400) -> POWER_AB
//   ceil(NormalIndPower().solve_power(that h, power=0.8, alpha=0.05, ratio=1)) = ceil(4630.30296890811) -> N_AB
//   proportion_effectsize(0.06, 0.05) -> H_5_6; NormalIndPower().power(H_5_6, nobs1=5000, alpha=0.05, ratio=1) -> POWER_5_6
//   ceil(NormalIndPower().solve_power(H_5_6, power=0.8, alpha=0.05, ratio=1)) = ceil(8142.595394436454) -> N_5_6
//   scipy.stats.norm.cdf(1.2345) -> CDF_12345
//   NormalIndPower().power(proportion_effectsize(0.055, 0.05), nobs1=2400, alpha=0.05, ratio=2380/2400) -> POWER_MDE
//   ceil(NormalIndPower().solve_power(proportion_effectsize(0.055, 0.05), power=0.8, alpha=0.05, ratio=1)) = ceil(31217.42…) -> N_MDE
private let Z_AB: Double = 2.0098160304189
private let P_AB: Double = 0.044450663515500616
private let POWER_AB: Double = 0.5210915523572167
private let N_AB: Double = 4631
private let H_5_6: Double = 0.04390731454463309
private let POWER_5_6: Double = 0.593067774137856
private let N_5_6: Double = 8143
private let CDF_12345: Double = 0.8914916766373298
private let POWER_MDE: Double = 0.12116819832730547
private let N_MDE: Double = 31218
