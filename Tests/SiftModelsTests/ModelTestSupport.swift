import Foundation
import XCTest
import SiftFrame
import SiftLanguage
@testable import SiftRuntime

/// Tests/fixtures/models, found from this file's path.
let fixturesDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    url.deleteLastPathComponent()
    url.deleteLastPathComponent()
    return url.appendingPathComponent("fixtures/models").path
}()

/// A reference file written by scripts/make_model_fixtures.py.
func fixture(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: fixturesDirectory + "/" + name))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

func number(_ any: Any?) -> Double {
    if let d = any as? Double { return d }
    if let i = any as? Int { return Double(i) }
    if let n = any as? NSNumber { return n.doubleValue }
    return .nan
}

/// |actual − expected| ≤ rel·|expected| (plus a floor far below anything printed).
func assertRelative(_ actual: Double, _ expected: Double, _ rel: Double = 1e-6, _ what: @autoclosure () -> String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
    if expected.isNaN { XCTAssertTrue(actual.isNaN, "\(what()): expected nan, got \(actual)", file: file, line: line); return }
    let ok = abs(actual - expected) <= rel * abs(expected) + 1e-300
    XCTAssertTrue(ok, "\(what()): got \(actual), expected \(expected) (relative error \(abs(actual - expected) / abs(expected)))", file: file, line: line)
}

/// A session working in the fixtures folder, no stdlib.
class ModelTestCase: XCTestCase {
    var session: Session!

    override func setUpWithError() throws {
        try super.setUpWithError()
        session = try Session(loadStdlib: false)
        session.baseDirectory = fixturesDirectory
        session.interpreter.write = { _ in }
    }

    override func tearDown() {
        session = nil
        super.tearDown()
    }

    @discardableResult
    func eval(_ code: String) throws -> Value { try session.evaluate(code) }

    func frame(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> Frame {
        let v = try eval(code)
        guard case .frame(let f) = v else {
            XCTFail("\(code) gave a \(v.typeName)", file: file, line: line)
            throw SiftError(.runtime, "not a frame")
        }
        return f
    }

    func column(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> Column {
        let v = try eval(code)
        guard case .column(let c) = v else {
            XCTFail("\(code) gave a \(v.typeName)", file: file, line: line)
            throw SiftError(.runtime, "not a column")
        }
        return c
    }

    func double(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        let v = try eval(code)
        switch v {
        case .float(let d): return d
        case .int(let i): return Double(i)
        default:
            XCTFail("\(code) gave a \(v.typeName)", file: file, line: line)
            return .nan
        }
    }

    /// Runs code that must fail; returns the rendered error (message and hint).
    @discardableResult
    func assertFails(_ code: String, _ needles: [String], file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            let v = try eval(code)
            XCTFail("\(code) should fail, gave \(v.typeName)", file: file, line: line)
            return ""
        } catch let e as SiftError {
            let text = e.message + " | " + (e.hint ?? "")
            XCTAssertNotNil(e.span, "errors should be located: \(text)", file: file, line: line)
            for n in needles {
                XCTAssertTrue(text.contains(n), "error '\(text)' should mention '\(n)'", file: file, line: line)
            }
            return text
        } catch {
            XCTFail("\(code) threw \(error), not a SiftError", file: file, line: line)
            return ""
        }
    }
}

func floatValues(_ f: Frame, _ name: String) -> [Double] {
    guard let c = try? f.column(name) else { return [] }
    return (0..<c.count).map { c[$0].asDouble ?? .nan }
}

func stringValues(_ f: Frame, _ name: String) -> [String] {
    guard let c = try? f.column(name) else { return [] }
    return (0..<c.count).map { ScalarFormat.plain(c[$0]) }
}

/// The one row of a glance() frame as a dictionary.
func glanceRow(_ f: Frame) -> [String: Double] {
    var out: [String: Double] = [:]
    for c in f.columns { out[c.name] = c[0].asDouble ?? .nan }
    return out
}
