import Foundation
import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// The small frame most runtime tests use, loaded as `df`:
///
///     id  name   grp  x     y     d           flag
///     1   Alice  a    1.5   10    2024-01-15  true
///     2   bob    b    null  20    2024-02-29  false
///     3   Carol  a    3.0   null  2023-12-31  true
///     4   dave   b    4.5   40    null        null
///     5   Eve    c    -2.0  50    2024-03-01  false
let peopleCSV = """
id,name,grp,x,y,d,flag
1,Alice,a,1.5,10,2024-01-15,true
2,bob,b,,20,2024-02-29,false
3,Carol,a,3.0,NA,2023-12-31,true
4,dave,b,4.5,40,,
5,Eve,c,-2.0,50,2024-03-01,false

"""

/// A fresh session (no stdlib) per test, working in its own temporary directory, with `df`
/// loaded from `people.csv` and everything `print` writes captured in `output`.
class SessionTestCase: XCTestCase {
    var session: Session!
    var dir: String!
    var output = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        session = try Session(loadStdlib: false)
        dir = NSTemporaryDirectory() + "sift-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        session.baseDirectory = dir
        output = ""
        session.interpreter.write = { [unowned self] in self.output += $0 }
        try writeFile("people.csv", peopleCSV)
        _ = try session.run(code: "df = read_csv(\"people.csv\")")
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(atPath: dir) }
        session = nil
        try super.tearDownWithError()
    }

    func writeFile(_ name: String, _ text: String) throws {
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
    }

    func readFile(_ name: String) throws -> String {
        try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
    }

    @discardableResult
    func eval(_ code: String) throws -> Value { try session.evaluate(code) }

    /// The frame `code` evaluates to (a grouped frame counts).
    func frame(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> Frame {
        let v = try eval(code)
        switch v {
        case .frame(let f): return f
        case .grouped(let g): return g.frame
        default:
            XCTFail("\(code) gave a \(v.typeName), not a frame", file: file, line: line)
            throw SiftError(.runtime, "not a frame")
        }
    }

    func scalar(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> Scalar {
        let v = try eval(code)
        guard let s = v.scalar else {
            XCTFail("\(code) gave a \(v.typeName), not a plain value", file: file, line: line)
            throw SiftError(.runtime, "not a scalar")
        }
        return s
    }

    /// The cells of a column value (`df.x`, `upper(df.name)`).
    func columnCells(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> [Scalar] {
        let v = try eval(code)
        guard case .column(let c) = v else {
            XCTFail("\(code) gave a \(v.typeName), not a column", file: file, line: line)
            throw SiftError(.runtime, "not a column")
        }
        return cells(c)
    }

    func floatCells(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> [Double?] {
        try columnCells(code, file: file, line: line).map(asDouble)
    }

    /// Runs code that must fail with a SiftError and hands the error over.
    func assertFails(_ code: String, kind: SiftError.Kind? = nil, file: StaticString = #filePath, line: UInt = #line,
                     _ check: (SiftError) -> Void = { _ in }) {
        do {
            let v = try eval(code)
            XCTFail("\(code) should fail, gave \(v.typeName)", file: file, line: line)
        } catch let e as SiftError {
            if let kind { XCTAssertEqual(e.kind, kind, e.render(color: false), file: file, line: line) }
            XCTAssertNotNil(e.span, "errors should be located: \(e.render(color: false))", file: file, line: line)
            check(e)
        } catch {
            XCTFail("\(code) threw \(type(of: error)), not a SiftError: \(error)", file: file, line: line)
        }
    }
}

func cells(_ c: Column) -> [Scalar] { (0..<c.count).map { c[$0] } }

func cells(_ f: Frame, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> [Scalar] {
    guard let c = try? f.column(name) else {
        XCTFail("no column \(name) in \(f.names)", file: file, line: line)
        return []
    }
    return cells(c)
}

func asDouble(_ s: Scalar) -> Double? {
    switch s {
    case .int(let v): return Double(v)
    case .float(let v): return v
    default: return nil
    }
}

func floats(_ f: Frame, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> [Double?] {
    cells(f, name, file: file, line: line).map(asDouble)
}

func strings(_ f: Frame, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> [String?] {
    cells(f, name, file: file, line: line).map { s -> String? in
        if case .string(let v) = s { return v }
        return nil
    }
}

func ints(_ f: Frame, _ name: String, file: StaticString = #filePath, line: UInt = #line) -> [Int64?] {
    cells(f, name, file: file, line: line).map { s -> Int64? in
        if case .int(let v) = s { return v }
        return nil
    }
}

func date(_ text: String) -> Scalar { .date(Temporal.parseDate(text)!) }

/// Element-wise comparison of optional doubles with a tolerance.
func assertClose(_ actual: [Double?], _ expected: [Double?], accuracy: Double = 1e-9, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "lengths differ: \(actual) vs \(expected) \(message)", file: file, line: line)
    for (a, e) in zip(actual, expected) {
        switch (a, e) {
        case (nil, nil): continue
        case (let a?, let e?): XCTAssertEqual(a, e, accuracy: accuracy, "\(actual) vs \(expected) \(message)", file: file, line: line)
        default: XCTFail("\(actual) vs \(expected) \(message)", file: file, line: line)
        }
    }
}

/// The repository root, from this file's path (Tests/SiftRuntimeTests/<file>).
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()
