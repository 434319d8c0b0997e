import Foundation
import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime
import SiftSparkConnect
import SiftSQL

/// The engines the differential corpus runs on, one line each: a name, the environment
/// variable holding its URL (nil: always available) and the URL to use when it is. Engines are
/// opened through the driver registry by URL, so this target links no driver beyond SQLite;
/// a driver registered by another target (Spark Connect) plugs in by its scheme.
enum TestEngines {
    static let all: [(name: String, variable: String?, url: String)] = [
        ("sqlite", nil, "sqlite::memory:"),
        ("postgres", "SIFT_TEST_POSTGRES_URL", ""),
        ("spark", "SIFT_TEST_SPARK_URL", ""),
        ("sail", "SIFT_TEST_SAIL_URL", ""),
    ]

    /// The URL of `name`, or an XCTSkip saying which variable to set. Under CI (the variable
    /// CI is set) a missing engine fails instead, so CI cannot skip silently.
    static func url(_ name: String) throws -> String {
        SparkConnect.register()  // sc:// (Spark, Sail): the gRPC driver only the executables and tests link
        guard let e = all.first(where: { $0.name == name }) else { throw XCTSkip("no engine \(name)") }
        guard let variable = e.variable else { return e.url }
        if let url = ProcessInfo.processInfo.environment[variable], !url.isEmpty {
            // A driver that lives in a target of its own (Spark Connect: gRPC) is registered by
            // the test target that links it; here its engine is skipped, saying so.
            let scheme = url.split(separator: ":").first.map { String($0).lowercased() } ?? ""
            guard SQLEngineRegistry.schemes.contains(scheme) else {
                throw XCTSkip("\(name): no driver for '\(scheme):' is linked into this test target (link it and register it here to run the corpus on \(name))")
            }
            return url
        }
        let message = "\(name): set \(variable) (scripts/services starts a test server) to run the corpus on it"
        if ProcessInfo.processInfo.environment["CI"] != nil {
            XCTFail(message + " — CI is set, so a missing engine is a failure")
            throw XCTSkip(message)
        }
        throw XCTSkip(message)
    }
}

/// Frames compared as the corpus needs: same names, types and cells; floats to 1e-9 relative;
/// rows in order when the pipeline promises one, else as sorted multisets.
enum FrameComparison {
    static func rows(_ f: Frame) -> [[Scalar]] {
        (0..<f.rowCount).map { i in f.columns.map { $0[i] } }
    }

    static func key(_ row: [Scalar]) -> String {
        row.map { s -> String in
            switch s {
            case .null: return "~null"
            case .float(let d): return String(format: "%.6g", d)
            default: return ScalarFormat.plain(s)
            }
        }.joined(separator: "\u{1}")
    }

    static func same(_ a: Scalar, _ b: Scalar) -> Bool {
        if case .float(let x) = a, case .float(let y) = b {
            if x == y { return true }
            return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1e-300)
        }
        return a == b
    }

    /// nil when equal, else what differs.
    static func difference(_ local: Frame, _ remote: Frame, ordered: Bool) -> String? {
        if local.names != remote.names { return "columns \(local.names) vs \(remote.names)" }
        for (l, r) in zip(local.columns, remote.columns) where l.type != r.type {
            return "column \(l.name) is \(l.type.rawValue) locally, \(r.type.rawValue) remotely"
        }
        if local.rowCount != remote.rowCount { return "\(local.rowCount) rows locally, \(remote.rowCount) remotely" }
        var lr = rows(local), rr = rows(remote)
        if !ordered {
            lr.sort { key($0) < key($1) }
            rr.sort { key($0) < key($1) }
        }
        for (i, (x, y)) in zip(lr, rr).enumerated() {
            for (c, (u, v)) in zip(x, y).enumerated() where !same(u, v) {
                return "row \(i) column \(local.names[c]): \(u) locally, \(v) remotely"
            }
        }
        return nil
    }
}
