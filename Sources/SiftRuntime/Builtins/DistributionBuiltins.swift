import SiftFrame
import SiftLanguage
import SiftModels

extension Session {
    /// The standard normal distribution's cdf and quantile, per value: the A/B readout's power and
    /// sample-size formulas (stdlib/marketing.sift) are written in Sift on top of them.
    func registerDistributions() {
        let I = interpreter
        I.define("normal_cdf", "normal_cdf(x)",
                 "P(Z ≤ x) for a standard normal Z (scipy.stats.norm.cdf); works on numbers and columns.",
                 example: "normal_cdf(1.959964)", category: "statistics") { ctx in
            try Args.lift(ctx.value(0), ctx) { try ColumnMath.map($0, "normal_cdf", { Normal.cdf($0) }) }
        }
        I.define("normal_quantile", "normal_quantile(p)",
                 "The x with P(Z ≤ x) = p for a standard normal Z (scipy.stats.norm.ppf); null outside 0 < p < 1.",
                 example: "normal_quantile(0.975)", category: "statistics") { ctx in
            try Args.lift(ctx.value(0), ctx) { try ColumnMath.map($0, "normal_quantile", { $0 > 0 && $0 < 1 ? Normal.quantile($0) : .nan }) }
        }
    }
}
