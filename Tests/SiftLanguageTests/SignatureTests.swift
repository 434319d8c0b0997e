import XCTest
@testable import SiftLanguage

/// The declaration grammar and the binder, on their own.
final class SignatureTests: XCTestCase {
    func testParsesEveryKindOfParameter() throws {
        let s = try SignatureParser.parse("f(frame: frame, n: int = 5, label?: string, *, seed: int = 0, how: string = \"inner\", ks: list = [1, 2])")
        XCTAssertEqual(s.name, "f")
        XCTAssertEqual(s.positionalParameters.map(\.name), ["frame", "n", "label"])
        XCTAssertEqual(s.parameters.filter { $0.kind == .named }.map(\.name), ["seed", "how", "ks"])
        XCTAssertEqual(s.parameter(named: "n")?.defaultValue?.scalar, .int(5))
        XCTAssertEqual(s.parameter(named: "how")?.defaultValue?.scalar, .string("inner"))
        XCTAssertEqual(s.parameter(named: "label")?.isOptional, true)
        XCTAssertNil(s.parameter(named: "label")?.defaultValue)
        guard case .list(let ks)? = s.parameter(named: "ks")?.defaultValue else { return XCTFail("list default") }
        XCTAssertEqual(ks.compactMap(\.scalar), [.int(1), .int(2)])
        XCTAssertEqual(s.display, "f(frame, n: int = 5, label?: string, *, seed: int = 0, how: string = \"inner\", ks: list = [1, 2])")

        let v = try SignatureParser.parse("select(frame: frame, columns...: names, **renames: names)")
        XCTAssertEqual(v.variadic?.name, "columns")
        XCTAssertTrue(v.acceptsAnyNamed)
        XCTAssertEqual(v.display, "select(frame, columns…, name = value, …)")
        XCTAssertEqual(try SignatureParser.parse("today()").parameters.count, 0)
    }

    func testRejectsMalformedDeclarations() {
        for bad in ["f", "f(x", "f(x: money)", "f(x, x)", "f(a = 1, b)", "f(*, *)", "f(xs..., ys...)", "f(x =)", "f(1x)", "f(xs... = 1)"] {
            XCTAssertThrowsError(try SignatureParser.parse(bad), bad)
        }
    }

    func testBindingMovesNamedArgumentsIntoTheirPlaces() throws {
        let sig = try SignatureParser.parse("f(a, b = 1, c = 2, *, d?: int)")
        let span = SourceSpan(source: Source(name: "t", text: "x"), start: 0, end: 1)
        let b = try ArgumentBinder.bind(sig, positional: [.value(.int(10))], named: [("d", .value(.int(4)), span), ("b", .value(.int(20)), span)],
                                        positionalSpans: [span], order: [.positional(0), .named(0), .named(1)], span: span)
        XCTAssertEqual(b.positional.count, 2, "b moves into place")
        XCTAssertEqual(b.named.map(\.0), ["d"])
        XCTAssertEqual(b.order, [.positional(0), .named(0), .positional(1)], "the written order is kept")
        // c given by name while b is absent stays named (a gap cannot be filled).
        let g = try ArgumentBinder.bind(sig, positional: [.value(.int(10))], named: [("c", .value(.int(3)), span)],
                                        positionalSpans: [span], order: [.positional(0), .named(0)], span: span)
        XCTAssertEqual(g.positional.count, 1)
        XCTAssertEqual(g.named.map(\.0), ["c"])
        XCTAssertThrowsError(try ArgumentBinder.bind(sig, positional: [], named: [], positionalSpans: [], order: [], span: span))
    }
}
