import Foundation
import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// A session over a generated 2,000-row `sales.csv` (text keys with nulls, ints, floats with
/// repeats, dates, bools, free text), a small `dims.csv` with unique keys, a frame with one row
/// per group, and an empty frame; `run(code, optimizer:)` evaluates with the optimizer on or off.
class PlanTestCase: XCTestCase {
    var session: Session!
    var dir: String!
    var output = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        session = try Session(loadStdlib: false)
        dir = NSTemporaryDirectory() + "sift-plan-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        session.baseDirectory = dir
        session.interpreter.write = { [unowned self] in self.output += $0 }
        var lines = ["id,region,channel,units,revenue,spend,day,active,comment"]
        var state: UInt64 = 11
        func next(_ m: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % m
        }
        let regions = ["North", "South", "East", "West", ""]
        let channels = ["web", "store", "phone"]
        for i in 0..<2_000 {
            let revenue = next(10) == 0 ? "" : String(Double(next(100_000)) / 100)
            let spend = next(12) == 0 ? "NA" : String(Double(next(5_000)) / 8)
            let day = next(15) == 0 ? "" : "2024-0\(1 + next(9))-1\(next(9))"
            let active = ["true", "false", ""][Int(next(3))]
            let comment = next(4) == 0 ? "" : "note \(next(500)) \(next(20) == 0 ? "delivery late" : "ok")"
            lines.append("\(i),\(regions[Int(next(5))]),\(channels[Int(next(3))]),\(Int(next(9)) - 4),\(revenue),\(spend),\(day),\(active),\(comment)")
        }
        try write("sales.csv", lines.joined(separator: "\n") + "\n")
        try write("dims.csv", "region,manager,target\nNorth,Ana,100.5\nSouth,Bo,200\nEast,Cy,\nCentral,Di,50\n")
        try write("single.csv", "k,v\na,1\nb,2\nc,\n")
        try write("empty.csv", "region,units,revenue\n")
        _ = try session.run(code: """
            sales = read_csv("sales.csv")
            dims = read_csv("dims.csv")
            single = read_csv("single.csv")
            empty = read_csv("empty.csv")
            limit_value = 100
            """)
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(atPath: dir) }
        session = nil
        try super.tearDownWithError()
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
    }

    /// The value of `code` with the optimizer on (all rules), off, or with one rule off.
    func run(_ code: String, optimizer: Bool = true, without rule: String? = nil) -> Result<Value, Error> {
        session.optimizerEnabled = optimizer
        session.disabledRules = rule.map { [$0] } ?? []
        defer { session.optimizerEnabled = true; session.disabledRules = [] }
        return Result { try session.evaluate(code) }
    }

    func explain(_ code: String) throws -> String {
        output = ""
        _ = try session.evaluate("explain(\(code))")
        return output
    }

    /// Identical results: same names, rows and cells (floats by bit pattern), or the same error.
    func assertSame(_ a: Result<Value, Error>, _ b: Result<Value, Error>, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        switch (a, b) {
        case (.success(let x), .success(let y)):
            guard let f = Self.frame(x), let g = Self.frame(y) else {
                XCTAssertEqual("\(x)", "\(y)", what, file: file, line: line)
                return
            }
            XCTAssertEqual(f.names, g.names, what, file: file, line: line)
            XCTAssertEqual(f.rowCount, g.rowCount, what, file: file, line: line)
            XCTAssertEqual(Self.groupKeys(x), Self.groupKeys(y), what, file: file, line: line)
            for (c, d) in zip(f.columns, g.columns) {
                XCTAssertEqual(c.type, d.type, "\(what): type of \(c.name)", file: file, line: line)
                for i in 0..<min(c.count, d.count) {
                    if case .float(let p) = c[i], case .float(let q) = d[i] {
                        if p.bitPattern != q.bitPattern { XCTFail("\(what): \(c.name)[\(i)] \(p) vs \(q)", file: file, line: line); return }
                    } else if c[i] != d[i] {
                        XCTFail("\(what): \(c.name)[\(i)] \(c[i]) vs \(d[i])", file: file, line: line)
                        return
                    }
                }
            }
        case (.failure(let x), .failure(let y)):
            XCTAssertEqual(Self.message(x), Self.message(y), what, file: file, line: line)
        case (.success, .failure(let e)):
            XCTFail("\(what): only the unoptimised run failed: \(e)", file: file, line: line)
        case (.failure(let e), .success):
            XCTFail("\(what): only the optimised run failed: \(e)", file: file, line: line)
        }
    }

    static func frame(_ v: Value) -> Frame? {
        switch v {
        case .frame(let f): return f
        case .grouped(let g): return g.frame
        default: return nil
        }
    }

    static func groupKeys(_ v: Value) -> [String]? {
        if case .grouped(let g) = v { return g.keys }
        return nil
    }

    static func message(_ e: Error) -> String {
        if let s = e as? SiftError { return s.message }
        return "\(e)"
    }
}
