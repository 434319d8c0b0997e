import Foundation
import XCTest
import SiftFrame
@testable import SiftIO

/// The Arrow IPC reader against streams pyarrow wrote (scripts/make_arrow_fixtures.py), the
/// writer against the reader and against pyarrow, and hostile bytes against both.
final class ArrowStreamTests: XCTestCase {
    private func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: IOFixtures.path(name + ".arrows"))))
    }

    func testEveryTypeAcrossUnalignedBatches() throws {
        let frame = try ArrowStreamReader.read(try fixture("arrow_types"))
        XCTAssertEqual(frame.rowCount, 200)
        try assertMatchesExpected(frame, "arrow_types")
        XCTAssertNotNil(try frame.column("i64").validity, "nulls survive")
    }

    func testCompressedBodies() throws {
        try assertMatchesExpected(try ArrowStreamReader.read(try fixture("arrow_lz4")), "arrow_lz4")
        try assertMatchesExpected(try ArrowStreamReader.read(try fixture("arrow_zstd")), "arrow_zstd")
    }

    func testLegacyFramingAndEmptyStream() throws {
        try assertMatchesExpected(try ArrowStreamReader.read(try fixture("arrow_legacy")), "arrow_legacy")
        let empty = try ArrowStreamReader.read(try fixture("arrow_empty"))
        XCTAssertEqual(empty.rowCount, 0)
        XCTAssertEqual(empty.columnCount, 19, "an empty result keeps its columns and types")
        XCTAssertEqual(try empty.column("ts_us").type, .datetime)
        try assertMatchesExpected(empty, "arrow_empty")
    }

    func testDictionaryEncodedStrings() throws {
        for name in ["arrow_dict", "arrow_dict_delta"] {
            let frame = try ArrowStreamReader.read(try fixture(name))
            try assertMatchesExpected(frame, name)
            guard case .string(.dictionary) = try frame.column("city").storage else {
                XCTFail("\(name): dictionary columns stay dictionary-coded"); continue
            }
        }
    }

    func testSeveralStreamsConcatenate() throws {
        let bytes = try fixture("arrow_types")
        let builder = ArrowFrameBuilder(expectedRows: 400)
        try builder.append(stream: bytes)
        try builder.append(stream: bytes)
        let frame = try builder.finish()
        XCTAssertEqual(frame.rowCount, 400)
        let once = try ArrowStreamReader.read(bytes)
        for name in ["i64", "s", "b", "ts_ns_tz", "dec"] {
            let a = try frame.column(name), b = try once.column(name)
            for i in [0, 63, 64, 69, 70, 106, 199] {
                XCTAssertEqual(a[i], b[i], "\(name)[\(i)]")
                XCTAssertEqual(a[200 + i], b[i], "\(name)[200+\(i)]")
            }
        }
    }

    /// A frame of every Sift type Arrow carries, with nulls at awkward positions.
    private func sampleFrame(rows n: Int) throws -> Frame {
        var ints = [Int64](), floats = [Double](), bools = [Bool](), texts = [String](), dates = [Int32](), times = [Int64]()
        var valid = [Bool]()
        for i in 0..<n {
            ints.append(Int64(i) * 1_000_003 - 7)
            floats.append(Double(i) / 3)
            bools.append(i % 3 == 0)
            texts.append(i % 5 == 0 ? "" : "t\(i)é")
            dates.append(Int32(i * 17 - 400))
            times.append(Int64(i) * 86_400_000_123)
            valid.append(i % 7 != 3)
        }
        let mask = Bitmap(valid)
        return try Frame(columns: [
            Column(name: "i", storage: .int(ints), validity: mask),
            Column(name: "f", storage: .float(floats)),
            Column(name: "b", storage: .bool(bools), validity: mask),
            Column(name: "s", storage: .string(.plain(texts)), validity: mask),
            Column(name: "cat", storage: .string(.make(texts.map { String($0.prefix(2)) }))),
            Column(name: "d", storage: .date(dates), validity: mask),
            Column(name: "t", storage: .datetime(times)),
        ])
    }

    func testWriterRoundTrip() throws {
        for (rows, batch) in [(0, 10), (1, 10), (150, 7), (1000, 64)] {
            let frame = try sampleFrame(rows: rows)
            let back = try ArrowStreamReader.read(try ArrowStreamWriter.write(frame, batchRows: batch))
            XCTAssertEqual(back.names, frame.names)
            XCTAssertEqual(back.rowCount, rows)
            for c in frame.columns {
                let b = try back.column(c.name)
                XCTAssertEqual(b.type, c.type, c.name)
                for i in 0..<rows { XCTAssertEqual(b[i], c[i], "\(c.name)[\(i)] with \(rows) rows") }
            }
        }
    }

    func testWriterRejectsListColumns() throws {
        let frame = try Frame(columns: [Column(name: "tokens", storage: .list([["a"]]))])
        XCTAssertThrowsError(try ArrowStreamWriter.write(frame)) { XCTAssertTrue("\($0)".contains("tokens")) }
    }

    /// pyarrow reads what the writer wrote, value for value. Needs a Python with pyarrow:
    /// SIFT_TEST_PYARROW_PYTHON, or the Spark services' venv (scripts/services.d).
    func testPyarrowReadsWriterOutput() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let python = ProcessInfo.processInfo.environment["SIFT_TEST_PYARROW_PYTHON"]
            ?? repo.appendingPathComponent(".build/services/venv-spark/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("no Python with pyarrow at \(python)") }
            throw XCTSkip("no Python with pyarrow (start scripts/services or set SIFT_TEST_PYARROW_PYTHON)")
        }
        let frame = try sampleFrame(rows: 150)
        let dir = try IOFixtures.tempDirectory()
        let path = dir + "/out.arrows"
        try Data(try ArrowStreamWriter.write(frame, batchRows: 64)).write(to: URL(fileURLWithPath: path))
        let script = """
        import json, sys, datetime
        import pyarrow as pa, pyarrow.ipc as ipc
        t = ipc.open_stream(pa.OSFile(sys.argv[1])).read_all()
        def cell(v):
            if isinstance(v, datetime.datetime): return v.strftime('%Y-%m-%d %H:%M:%S.%f')
            if isinstance(v, datetime.date): return v.isoformat()
            return v
        print(json.dumps({"types": [str(f.type) for f in t.schema], "cols": {n: [cell(v) for v in t.column(n).to_pylist()] for n in t.column_names}}))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script, path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        guard let doc = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let types = doc["types"] as? [String], let cols = doc["cols"] as? [String: [Any]] else { return XCTFail("pyarrow output unreadable") }
        XCTAssertEqual(types, ["int64", "double", "bool", "string", "string", "date32[day]", "timestamp[us, tz=UTC]"])
        for c in frame.columns {
            guard let values = cols[c.name] else { XCTFail("pyarrow lacks \(c.name)"); continue }
            for i in 0..<frame.rowCount {
                let v = values[i]
                switch c[i] {
                case .null: XCTAssertTrue(v is NSNull, "\(c.name)[\(i)]")
                case .int(let x): XCTAssertEqual((v as? NSNumber)?.int64Value, x, "\(c.name)[\(i)]")
                case .float(let x): XCTAssertEqual((v as? NSNumber)?.doubleValue, x, "\(c.name)[\(i)]")
                case .bool(let x): XCTAssertEqual((v as? NSNumber)?.boolValue, x, "\(c.name)[\(i)]")
                case .string(let x): XCTAssertEqual(v as? String, x, "\(c.name)[\(i)]")
                case .date(let x): XCTAssertEqual(v as? String, Temporal.formatDate(x), "\(c.name)[\(i)]")
                case .datetime(let x):
                    let micros = ((x % 1_000_000) + 1_000_000) % 1_000_000
                    XCTAssertEqual(v as? String, Temporal.formatDateTime(x - micros) + String(format: ".%06d", micros), "\(c.name)[\(i)]")
                default: XCTFail("unexpected cell \(c[i])")
                }
            }
        }
    }

    /// Truncated and corrupted streams fail with ArrowError or read; they never crash or hang.
    /// Seeded, so a failure reproduces.
    func testHostileBytesNeverCrash() throws {
        var rng = SplitMix64(seed: 18)
        for name in ["arrow_dict", "arrow_dict_delta", "arrow_zstd", "arrow_lz4", "arrow_types", "arrow_legacy"] {
            let source = try fixture(name)
            for cut in stride(from: 0, to: source.count, by: 13) {
                do { _ = try ArrowStreamReader.read(Array(source[..<cut])) } catch is ArrowError {} catch is FrameError {}
            }
            for _ in 0..<600 {
                var bad = source
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    bad[Int.random(in: 0..<bad.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                do { _ = try ArrowStreamReader.read(bad) } catch is ArrowError {} catch is FrameError {}
            }
        }
    }
}

/// A small seeded generator (SplitMix64) for reproducible corruption.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
