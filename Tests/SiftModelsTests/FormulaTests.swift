import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftModels
@testable import SiftRuntime

/// Formula → design matrix: term algebra and patsy's coding rules. The expected column names are
/// what patsy 1.0 (statsmodels' formula engine) produces for the same formulas.
final class FormulaTests: ModelTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        var x: [Double] = [], z: [Double] = [], y: [Double] = [], g: [String] = [], h: [String] = [], f: [Bool] = []
        var rng = SplitMix64(seed: 5)
        for i in 0..<60 {
            x.append(rng.nextDouble() * 4 - 2)
            z.append(rng.nextDouble() * 3)
            g.append(["a", "b", "c"][i % 3])
            h.append(["u", "v"][(i / 3) % 2])
            f.append((i / 6) % 2 == 0)
            y.append(x[i] + 0.5 * z[i] + rng.nextDouble())
        }
        let frame = try Frame(columns: [Column(name: "x", storage: .float(x)), Column(name: "z", storage: .float(z)),
                                        Column(name: "g", storage: .string(.make(g))), Column(name: "h", storage: .string(.make(h))),
                                        Column(name: "f", storage: .bool(f)), Column(name: "y", storage: .float(y))])
        session.interpreter.globals.set("df", .frame(frame))
    }

    func names(_ formula: String) throws -> [String] {
        stringValues(try frame("tidy(lm(\(formula), data: df))"), "term")
    }

    func testPatsyColumnNamesAndOrder() throws {
        XCTAssertEqual(try names("y ~ x + g"), ["Intercept", "g[T.b]", "g[T.c]", "x"])
        XCTAssertEqual(try names("y ~ x:g"), ["Intercept", "x:g[a]", "x:g[b]", "x:g[c]"])
        XCTAssertEqual(try names("y ~ x + x:g"), ["Intercept", "x", "x:g[T.b]", "x:g[T.c]"])
        XCTAssertEqual(try names("y ~ g:h"), ["Intercept", "h[T.v]", "g[T.b]:h[u]", "g[T.c]:h[u]", "g[T.b]:h[v]", "g[T.c]:h[v]"])
        XCTAssertEqual(try names("y ~ g*h"), ["Intercept", "g[T.b]", "g[T.c]", "h[T.v]", "g[T.b]:h[T.v]", "g[T.c]:h[T.v]"])
        XCTAssertEqual(try names("y ~ x + g - 1"), ["g[a]", "g[b]", "g[c]", "x"])
        XCTAssertEqual(try names("y ~ g:x + h + x:z"), ["Intercept", "h[T.v]", "g[a]:x", "g[b]:x", "g[c]:x", "x:z"])
        XCTAssertEqual(try names("y ~ f:g - 1"), ["f[false]:g[a]", "f[true]:g[a]", "f[false]:g[b]", "f[true]:g[b]", "f[false]:g[c]", "f[true]:g[c]"])
        XCTAssertEqual(try names("y ~ 0 + x + z"), ["x", "z"])
        XCTAssertEqual(try names("y ~ -1 + x"), ["x"])
        XCTAssertEqual(try names("y ~ x - 1 + 1"), ["Intercept", "x"])
        XCTAssertEqual(try names("y ~ x + z + x - z"), ["Intercept", "x"])
        XCTAssertEqual(try names("y ~ . - f - g"), ["Intercept", "h[T.v]", "x", "z"])
        XCTAssertEqual(try names("y ~ x*z"), ["Intercept", "x", "z", "x:z"])
        XCTAssertEqual(try names("y ~ x:z + z:x"), ["Intercept", "x:z"], "a:b and b:a are one term")
    }

    func testTermAlgebra() {
        let (terms, intercept) = TermAlgebra.expand(.product(.factor("a"), .sum(.factor("b"), .factor("c"))), dotColumns: [])
        XCTAssertTrue(intercept)
        XCTAssertEqual(terms.map(\.label), ["a", "b", "c", "a:b", "a:c"])
        let (t2, i2) = TermAlgebra.expand(.difference(.dot, .intercept), dotColumns: ["p", "q"])
        XCTAssertFalse(i2)
        XCTAssertEqual(t2.map(\.label), ["p", "q"])
    }

    func testNullRowsDroppedAndCounted() throws {
        try eval("d = read_csv(\"marketing.csv\")")
        XCTAssertEqual(try double("lm(revenue ~ spend + age, data: d).dropped"), 54)
        XCTAssertEqual(try double("lm(revenue ~ spend + age + loyal, data: d).n"), 1417)
        XCTAssertEqual(try double("lm(revenue ~ spend, data: d).dropped"), 0)
    }

    func testDesignMatrixValues() throws {
        let f = try Frame(columns: [Column(name: "y", storage: .float([1, 2, 3, 4])),
                                    Column(name: "x", storage: .float([10, 20, 30, 40])),
                                    Column(name: "g", storage: .string(.make(["b", "a", "c", "a"])))])
        let (terms, intercept) = TermAlgebra.expand(.sum(.factor("x"), .interaction(.factor("x"), .factor("g"))), dotColumns: [])
        let (design, rows) = try DesignBuilder.design(response: "y", terms: terms, intercept: intercept, frame: f)
        XCTAssertEqual(design.columnNames, ["Intercept", "x", "x:g[T.b]", "x:g[T.c]"])
        let m = try DesignBuilder.matrix(design, frame: f, rows: rows)
        XCTAssertEqual(Array(m.column(2)), [10, 0, 0, 0])
        XCTAssertEqual(Array(m.column(3)), [0, 0, 30, 0])
    }

    func testHouseholderQRSolvesAndFindsDependence() {
        // y = 1 + 2a − b exactly; the third column is a + b (dependent on the first two).
        let a: [Double] = [1, 2, 3, 4, 5], b: [Double] = [2, 0, 1, 3, 1]
        let ones = [Double](repeating: 1, count: 5)
        let x = Matrix(rows: 5, cols: 3, data: ones + a + b)
        let qr = HouseholderQR(x)
        XCTAssertEqual(qr.rank, 3)
        let beta = qr.solve(zip(a, b).map { 1 + 2 * $0 - $1 })
        XCTAssertEqual(beta[0], 1, accuracy: 1e-12)
        XCTAssertEqual(beta[1], 2, accuracy: 1e-12)
        XCTAssertEqual(beta[2], -1, accuracy: 1e-12)
        let dep = HouseholderQR(Matrix(rows: 5, cols: 4, data: ones + a + b + zip(a, b).map { $0 + $1 }))
        XCTAssertEqual(dep.rank, 3)
        XCTAssertEqual(dep.dependent.first?.column, 3)
        let combo = dep.dependent.first!.combination
        XCTAssertEqual(combo.first { $0.0 == 1 }!.1, 1, accuracy: 1e-10)
        XCTAssertEqual(combo.first { $0.0 == 2 }!.1, 1, accuracy: 1e-10)
        XCTAssertEqual(combo.first { $0.0 == 0 }!.1, 0, accuracy: 1e-10)
    }
}
