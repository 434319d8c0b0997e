#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Special functions and the distributions that p-values and confidence intervals need.
///
/// Everything is built on two functions: the regularized incomplete gamma function P(a, x) and
/// the regularized incomplete beta function I_x(a, b), each evaluated by a power series or a
/// continued fraction (modified Lentz), whichever converges fast at the point. Survival
/// functions are computed directly, never as `1 - cdf`, so small tail probabilities keep their
/// relative accuracy (about 1e-13 for the arguments models produce).
public enum SpecialFunctions {
    static let eps = 1e-16
    static let tiny = 1e-300

    /// ln Γ(x) for x > 0.
    @inline(__always) public static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// The remainder of Stirling's series: ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], for x ≥ 10.
    static func stirlingCorrection(_ x: Double) -> Double {
        let z = 1 / (x * x)
        // Coefficients B_2k / (2k (2k − 1)).
        let series = 1.0 / 12 + z * (-1.0 / 360 + z * (1.0 / 1260 + z * (-1.0 / 1680 + z * (1.0 / 1188 + z * (-691.0 / 360_360 + z * (1.0 / 156 + z * (-3617.0 / 122_400)))))))
        return series / x
    }

    /// ln B(a, b), arranged to avoid the cancellation of three large ln Γ values when a or b is big.
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        let lo = min(a, b), hi = max(a, b)
        if lo >= 10 {
            let s = lo + hi
            return 0.5 * log(2 * Double.pi) + (lo - 0.5) * log(lo / s) + (hi - 0.5) * log(hi / s) - 0.5 * log(s)
                + stirlingCorrection(lo) + stirlingCorrection(hi) - stirlingCorrection(s)
        }
        if hi >= 10 {
            return lgamma(lo) + lo - (hi - 0.5) * log1p(lo / hi) - lo * log(hi + lo)
                + stirlingCorrection(hi) - stirlingCorrection(hi + lo)
        }
        return lgamma(a) + lgamma(b) - lgamma(a + b)
    }

    // MARK: incomplete gamma

    /// x^a e^(−x) / Γ(a), the factor in front of both the series and the continued fraction.
    static func gammaPrefactor(_ a: Double, _ x: Double) -> Double {
        if x == 0 { return 0 }
        if a >= 10 {
            // a ln x − x − ln Γ(a) = a (ln(1 + t) − t) + ½ ln(a / 2π) − δ(a), with t = (x − a)/a.
            let t = (x - a) / a
            let core = abs(t) < 0.5 ? a * (log1p(t) - t) : a * log(x / a) + (a - x)
            return exp(core + 0.5 * log(a / (2 * Double.pi)) - stirlingCorrection(a))
        }
        return exp(a * log(x) - x - lgamma(a))
    }

    /// Regularized lower and upper incomplete gamma functions (P(a, x), Q(a, x)), each computed
    /// directly where it is the smaller one.
    public static func incompleteGamma(_ a: Double, _ x: Double) -> (p: Double, q: Double) {
        // Degenerate shapes (e.g. zero degrees of freedom from a one-level table) give NaN, not a trap.
        guard a > 0 else { return (.nan, .nan) }
        if x.isNaN || a.isNaN { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if x == .infinity { return (1, 0) }
        let front = gammaPrefactor(a, x)
        if x < a + 1 {
            // Series: P = x^a e^-x / Γ(a+1) · Σ x^n / ((a+1)…(a+n)).
            var term = 1 / a, sum = term, n = 1.0
            while n < 100_000 {
                term *= x / (a + n)
                sum += term
                if abs(term) < abs(sum) * eps { break }
                n += 1
            }
            let p = min(1, front * sum)
            return (p, 1 - p)
        }
        // Continued fraction for Q: 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))).
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 100_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < eps { break }
            i += 1
        }
        let q = min(1, front * h)
        return (1 - q, q)
    }

    // MARK: incomplete beta

    /// x^a y^b / B(a, b) with y = 1 − x given separately (so neither loses digits near 0 or 1).
    static func betaPrefactor(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
        if x == 0 || y == 0 { return 0 }
        if a >= 10 && b >= 10 {
            // a ln(x(a+b)/a) + b ln(y(a+b)/b) + ½ ln(ab / (2π(a+b))) − δ(a) − δ(b) + δ(a+b)
            let s = a + b
            let d = x * b - y * a
            let l1 = log1p(d / a), l2 = log1p(-d / b)
            let e = a * l1 + b * l2 + 0.5 * log(a * b / (2 * Double.pi * s))
                - stirlingCorrection(a) - stirlingCorrection(b) + stirlingCorrection(s)
            return exp(e)
        }
        let lx = x < 0.5 ? log(x) : log1p(-y)
        let ly = y < 0.5 ? log(y) : log1p(-x)
        return exp(a * lx + b * ly - logBeta(a, b))
    }

    /// The continued fraction of I_x(a, b) (Abramowitz & Stegun 26.5.8), by modified Lentz.
    static func betaFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        var m = 1.0
        while m < 1_000_000 {
            let m2 = 2 * m
            // Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < eps { break }
            m += 1
        }
        return h
    }

    /// The regularized incomplete beta function and its complement: (I_x(a, b), 1 − I_x(a, b)),
    /// with y = 1 − x passed in by callers that know it more accurately than `1 - x`.
    public static func incompleteBeta(_ a: Double, _ b: Double, x: Double, y: Double? = nil) -> (p: Double, q: Double) {
        guard a > 0, b > 0 else { return (.nan, .nan) }
        let y = y ?? (1 - x)
        if x.isNaN || y.isNaN { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if y <= 0 { return (1, 0) }
        let front = betaPrefactor(a, b, x, y)
        if x < (a + 1) / (a + b + 2) {
            let p = min(1, front * betaFraction(a, b, x) / a)
            return (p, 1 - p)
        }
        let q = min(1, front * betaFraction(b, a, y) / b)
        return (1 - q, q)
    }
}

// MARK: - Distributions

/// The standard normal distribution.
public enum Normal {
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
    /// P(Z > x), accurate far into the upper tail.
    public static func sf(_ x: Double) -> Double { 0.5 * erfc(x / 2.0.squareRoot()) }
    public static func pdf(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }
    /// The quantile: the x with cdf(x) = p.
    public static func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        // Solve in the tail that is smaller, against the survival function, for full precision.
        if p > 0.5 { return -quantile(1 - p) }
        let guess = -(-2 * log(p)).squareRoot()
        return Solve.increasing(target: p, guess: guess, cdf: cdf, pdf: pdf)
    }
}

/// Student's t distribution with `df` degrees of freedom.
public struct StudentT: Sendable {
    public let df: Double
    public init(df: Double) { self.df = df }

    /// P(T > t).
    public func sf(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if df.isInfinite { return Normal.sf(t) }
        let t2 = t * t
        // P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, ½), with both x and 1 − x formed without cancellation.
        let x = df / (df + t2), y = t2 / (df + t2)
        let tails = SpecialFunctions.incompleteBeta(df / 2, 0.5, x: x, y: y)
        return t > 0 ? 0.5 * tails.p : 1 - 0.5 * tails.p
    }

    public func cdf(_ t: Double) -> Double { sf(-t) }

    /// P(|T| > |t|), the two-sided p-value of a t statistic.
    public func twoSided(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if df.isInfinite { return 2 * Normal.sf(abs(t)) }
        let t2 = t * t
        return SpecialFunctions.incompleteBeta(df / 2, 0.5, x: df / (df + t2), y: t2 / (df + t2)).p
    }

    public func pdf(_ t: Double) -> Double {
        if df.isInfinite { return Normal.pdf(t) }
        return exp(-SpecialFunctions.logBeta(0.5, df / 2) - 0.5 * log(df) - (df + 1) / 2 * log1p(t * t / df))
    }

    public func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if df.isInfinite { return Normal.quantile(p) }
        if p > 0.5 { return -quantile(1 - p) }
        let z = Normal.quantile(p)
        // Cornish–Fisher start: t ≈ z + (z³ + z) / 4ν.
        let guess = z + (z * z * z + z) / (4 * df)
        return Solve.increasing(target: p, guess: min(guess, -1e-3), cdf: cdf, pdf: pdf)
    }
}

/// The F distribution with (d1, d2) degrees of freedom.
public struct FDistribution: Sendable {
    public let d1: Double
    public let d2: Double
    public init(d1: Double, d2: Double) {
        self.d1 = d1
        self.d2 = d2
    }

    /// P(F > f) = I_{d2/(d2 + d1 f)}(d2/2, d1/2).
    public func sf(_ f: Double) -> Double {
        if f.isNaN { return .nan }
        if f <= 0 { return 1 }
        if f.isInfinite { return 0 }
        let s = d2 + d1 * f
        return SpecialFunctions.incompleteBeta(d2 / 2, d1 / 2, x: d2 / s, y: d1 * f / s).p
    }

    public func cdf(_ f: Double) -> Double {
        if f.isNaN { return .nan }
        if f <= 0 { return 0 }
        if f.isInfinite { return 1 }
        let s = d2 + d1 * f
        return SpecialFunctions.incompleteBeta(d2 / 2, d1 / 2, x: d2 / s, y: d1 * f / s).q
    }
}

/// The chi-square distribution with `df` degrees of freedom.
public struct ChiSquare: Sendable {
    public let df: Double
    public init(df: Double) { self.df = df }
    public func sf(_ x: Double) -> Double { x <= 0 ? 1 : SpecialFunctions.incompleteGamma(df / 2, x / 2).q }
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : SpecialFunctions.incompleteGamma(df / 2, x / 2).p }
}

/// Root finding for quantiles: safeguarded Newton on the tail probability, bisection as the fallback.
enum Solve {
    /// Finds x with cdf(x) = target for an increasing cdf, when target ≤ ½ (the lower tail,
    /// where cdf carries full relative precision). `guess` must be ≤ the median.
    static func increasing(target: Double, guess: Double, cdf: (Double) -> Double, pdf: (Double) -> Double) -> Double {
        // Bracket [lo, hi] with cdf(lo) < target < cdf(hi); the median 0 is a valid upper end.
        var hi = 0.0
        var lo = min(guess, -1e-3)
        var step = max(1, abs(lo))
        while cdf(lo) > target {
            hi = lo
            lo -= step
            step *= 2
            if lo < -1e300 { return -.infinity }
        }
        var x = guess < lo || guess > hi ? (lo + hi) / 2 : guess
        for _ in 0..<200 {
            let f = cdf(x) - target
            if f == 0 { return x }
            if f < 0 { lo = x } else { hi = x }
            let d = pdf(x)
            var next = d > 0 ? x - f / d : .nan
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - x) <= 4e-16 * abs(x) || hi - lo <= 4e-16 * max(abs(lo), abs(hi)) { return next }
            x = next
        }
        return x
    }
}
