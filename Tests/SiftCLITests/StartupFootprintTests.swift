import Foundation
import XCTest

/// What a `sift` process maps before it needs it. libpq and libcurl (with OpenSSL, Kerberos,
/// LDAP, GnuTLS behind them) are opened on first use, not linked: a run that never touches
/// PostgreSQL or an http(s) input should not carry ~5 MB of their pages (bench/README, peak RSS).
final class StartupFootprintTests: XCTestCase {
    func testClientLibrariesAreOpenedOnlyWhenUsed() throws {
        try requireBinary()
        guard FileManager.default.fileExists(atPath: "/proc/self/maps") else { throw XCTSkip("needs /proc (Linux)") }
        let maps = try mapsWhileWaitingOnStdin()
        for library in ["libpq.so", "libcurl.so", "libgnutls.so", "libkrb5.so", "libldap"] {
            XCTAssertFalse(maps.contains(library), "\(library) is mapped into a sift that used neither PostgreSQL nor HTTP")
        }
        // The check would pass vacuously if the maps were empty: the C library is always there.
        XCTAssertTrue(maps.contains("libc.so"), "no libc in the maps read:\n\(maps.prefix(2000))")
    }

    /// Starts `sift` on a script that blocks reading standard input, reads its memory map, then
    /// lets it finish.
    private func mapsWhileWaitingOnStdin() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SiftBinary.path)
        process.arguments = ["-c", "x = read_csv(\"-\")\nprint(nrow(x))"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // Reading stdin starts after the script is parsed and run up to read_csv; wait for the
        // process to be well past start-up (its maps no longer growing) before looking.
        var maps = "", previous = ""
        for _ in 0..<50 {
            usleep(100_000)
            maps = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/maps", encoding: .utf8)) ?? ""
            if !maps.isEmpty && maps == previous { break }
            previous = maps
        }
        input.fileHandleForWriting.write(Data("a\n1\n".utf8))
        try input.fileHandleForWriting.close()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(out.contains("1"), out)
        return maps
    }
}
