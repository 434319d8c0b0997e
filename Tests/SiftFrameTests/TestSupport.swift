import XCTest
import SiftFrame

// Small builders and readers shared by the SiftFrame test files.

/// An int column from optionals (nil = null).
func intColumn(_ name: String, _ values: [Int64?]) -> Column {
    Column(name: name, storage: .int(values.map { $0 ?? 0 }), validity: Bitmap(values.map { $0 != nil }))
}

func floatColumn(_ name: String, _ values: [Double?]) -> Column {
    Column(name: name, storage: .float(values.map { $0 ?? 0 }), validity: Bitmap(values.map { $0 != nil }))
}

func boolColumn(_ name: String, _ values: [Bool?]) -> Column {
    Column(name: name, storage: .bool(values.map { $0 ?? false }), validity: Bitmap(values.map { $0 != nil }))
}

/// A dictionary-encoded string column (what `StringStorage.make` picks for repetitive text).
func dictColumn(_ name: String, _ values: [String?]) -> Column {
    Column(name: name, storage: .string(.make(values.map { $0 ?? "" })), validity: Bitmap(values.map { $0 != nil }))
}

/// A plain (offsets + bytes) string column.
func plainColumn(_ name: String, _ values: [String?]) -> Column {
    Column(name: name, storage: .string(.plain(values.map { $0 ?? "" })), validity: Bitmap(values.map { $0 != nil }))
}

func dateColumn(_ name: String, _ values: [String?]) -> Column {
    Column(name: name, storage: .date(values.map { $0.map { Temporal.parseDate($0)! } ?? 0 }), validity: Bitmap(values.map { $0 != nil }))
}

func datetimeColumn(_ name: String, _ values: [String?]) -> Column {
    Column(name: name, storage: .datetime(values.map { $0.map { Temporal.parseDateTime($0)! } ?? 0 }), validity: Bitmap(values.map { $0 != nil }))
}

func cells(_ c: Column) -> [Scalar] { (0..<c.count).map { c[$0] } }

func ints(_ c: Column) -> [Int64?] {
    cells(c).map { s -> Int64? in
        switch s {
        case .null: return nil
        case .int(let v): return v
        default: XCTFail("expected an int cell, got \(s)"); return nil
        }
    }
}

func doubles(_ c: Column) -> [Double?] {
    cells(c).map { s -> Double? in
        switch s {
        case .null: return nil
        case .float(let v): return v
        default: XCTFail("expected a float cell, got \(s)"); return nil
        }
    }
}

func bools(_ c: Column) -> [Bool?] {
    cells(c).map { s -> Bool? in
        switch s {
        case .null: return nil
        case .bool(let v): return v
        default: XCTFail("expected a bool cell, got \(s)"); return nil
        }
    }
}

func strings(_ c: Column) -> [String?] {
    cells(c).map { s -> String? in
        switch s {
        case .null: return nil
        case .string(let v): return v
        default: XCTFail("expected a string cell, got \(s)"); return nil
        }
    }
}

/// Cells rendered as text (nil for null), row by row: handy for whole-frame comparisons.
func textRows(_ f: Frame) -> [[String?]] {
    (0..<f.rowCount).map { r in f.columns.map { c in c[r].isNull ? nil : ScalarFormat.plain(c[r]) } }
}

func frame(_ columns: Column...) throws -> Frame { try Frame(columns: columns) }

func parse(_ text: String, _ configure: (inout CSVOptions) -> Void = { _ in }) throws -> Frame {
    var o = CSVOptions()
    configure(&o)
    return try CSVReader.parse(text: text, options: o)
}

/// Runs `body`, expecting it to throw; returns the error's description (or "" after a failure).
@discardableResult
func expectError<T>(_ body: @autoclosure () throws -> T, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) -> String {
    do {
        let v = try body()
        XCTFail("expected an error, got \(v) \(message)", file: file, line: line)
        return ""
    } catch {
        return String(describing: error)
    }
}

func assertClose(_ a: Double?, _ b: Double?, accuracy: Double = 1e-9, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    guard let a, let b else {
        XCTAssertEqual(a == nil, b == nil, "null mismatch: \(String(describing: a)) vs \(String(describing: b)) \(message)", file: file, line: line)
        return
    }
    XCTAssertEqual(a, b, accuracy: accuracy, message, file: file, line: line)
}

func date(_ s: String) -> Int32 { Temporal.parseDate(s)! }
