import Foundation
import XCTest
import SiftLanguage
import SiftRuntime
@testable import SiftKernel

/// Cells, parameters, introspection and the kernel spec, against a real session (no sockets).
final class KernelBehaviourTests: XCTestCase {
    var session: Session!
    let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("notebooks/data/customers.csv").path

    override func setUpWithError() throws {
        session = try Session(display: ValueDisplay(format: .terminal, width: 100, maxRows: 20, color: false))
    }

    override func tearDown() {
        session?.close()
        session = nil
    }

    func show(_ code: String) throws -> String { session.display.repr(try session.evaluate(code)) }

    func run(_ code: String, _ parameters: inout ParameterState) -> ([CellEvaluator.Output], SiftError?) {
        var outputs: [CellEvaluator.Output] = []
        let error = CellEvaluator(session: session).run(code, name: "In[1]", parameters: &parameters) { outputs.append($0) }
        return (outputs, error)
    }

    func testLastValueIsTheResultEarlierOnesAreDisplayed() {
        var p = ParameterState()
        let (out, error) = run("c = read_csv(\"\(data)\")\nprint(\"hi\")\nc |> head(2)\nc |> bar(x: region, y: revenue)\nnrow(c)", &p)
        XCTAssertNil(error)
        guard out.count == 4 else { return XCTFail("outputs: \(out)") }
        if case .stream(let t) = out[0] { XCTAssertEqual(t, "hi\n") } else { XCTFail("\(out[0])") }
        if case .display(let d) = out[1] {
            XCTAssertNotNil(d["text/html"] as? String)
            XCTAssertTrue((d["text/markdown"] as? String ?? "").hasPrefix("| customer_id"))
            XCTAssertTrue((d["text/plain"] as? String ?? "").contains("customer_id"))
        } else { XCTFail("\(out[1])") }
        if case .display(let d) = out[2] { XCTAssertTrue((d["image/svg+xml"] as? String ?? "").contains("<svg")) } else { XCTFail("\(out[2])") }
        if case .result(let d) = out[3] { XCTAssertEqual(d["text/plain"] as? String, "10000") } else { XCTFail("\(out[3])") }
    }

    func testErrorsNameTheCellWithLineAndCaret() {
        var p = ParameterState()
        let (_, error) = run("a = 1\nb = a + nope", &p)
        guard let error else { return XCTFail("no error") }
        let content = CellEvaluator.errorContent(error)
        XCTAssertEqual(content["ename"] as? String, "RuntimeError")
        let plain = (content["traceback"] as? [String] ?? []).joined(separator: "\n").replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        XCTAssertTrue(plain.hasPrefix("In[1]:2:9: error: unknown name 'nope'"), plain)
        XCTAssertTrue(plain.contains("2 | b = a + nope"), plain)
        XCTAssertTrue(plain.contains("^^^^"), plain)
        XCTAssertEqual(try show("a"), "1")
        let (_, syntax) = run("x = (1 +", &p)
        XCTAssertEqual(syntax.map(CellEvaluator.errorName), "SyntaxError")
    }

    func testParameterCells() throws {
        var p = ParameterState()
        XCTAssertTrue(ParameterState.isParameterCell("# Parameters\nparam a = 1"))
        XCTAssertFalse(ParameterState.isParameterCell("x = 1\nparam a = 1"))
        XCTAssertNil(run("param k: int = 3\nparam rate: float = 2", &p).1)
        XCTAssertEqual(try show("k"), "3")
        XCTAssertEqual(try show("rate"), "2.0")
        // papermill's override, checked against the declaration.
        XCTAssertNil(run("# Parameters\nparam k = 5\nparam rate = 1", &p).1)
        XCTAssertEqual(try show("k"), "5")
        XCTAssertEqual(try show("rate"), "1.0")
        XCTAssertEqual(run("param k = 2.5", &p).1?.message, "parameter k is declared int, but the injected value is float")
        XCTAssertEqual(run("param k = \"x\"", &p).1?.message, "parameter k must be an int, got \"x\"")
        XCTAssertNil(run("param k = \"7\"", &p).1)
        XCTAssertEqual(try show("k"), "7")
        // An override before its declaration wins over the default.
        XCTAssertNil(run("param region = \"North\"", &p).1)
        XCTAssertNil(run("param region: string = \"all\"", &p).1)
        XCTAssertEqual(try show("region"), "\"North\"")
        // Malformed lines point at themselves.
        let bad = run("param a: int = 1\nparam b: money = 2", &p).1
        XCTAssertEqual(bad?.message, "unknown parameter type 'money'")
        XCTAssertEqual(bad?.span?.line, 2)
        XCTAssertNotNil(run("param 1x = 2", &p).1)
        XCTAssertNotNil(run("param c: int =", &p).1)
        XCTAssertNotNil(run("param d: int = nope", &p).1)
        XCTAssertNotNil(run("param e: int = 1\nprint(e)", &p).1)
    }

    func testCompletionInspectionAndCompleteness() throws {
        _ = try session.run(code: "customers = read_csv(\"\(data)\")")
        let intro = Introspection(session: session)
        let c = intro.complete(code: "customers |> filter(reg", cursor: 23)
        XCTAssertEqual(c["cursor_start"] as? Int, 20)
        XCTAssertTrue((c["matches"] as? [String] ?? []).contains("region"))
        // Cursor positions count code points: "é" before the cursor is one.
        let u = intro.complete(code: "\"é\" + read_cs", cursor: 13)
        XCTAssertEqual(u["cursor_start"] as? Int, 6)
        XCTAssertEqual(u["matches"] as? [String], ["read_csv"])
        XCTAssertEqual(intro.isComplete(code: "read_csv(")["status"] as? String, "incomplete")
        XCTAssertEqual(intro.isComplete(code: "1 + 1")["status"] as? String, "complete")
        XCTAssertEqual(intro.isComplete(code: ")")["status"] as? String, "invalid")
        let help = intro.inspect(code: "read_csv(", cursor: 9)
        XCTAssertEqual(help["found"] as? Bool, true)
        XCTAssertTrue(((help["data"] as? [String: Any])?["text/plain"] as? String ?? "").hasPrefix("read_csv("))
        let schema = intro.inspect(code: "customers", cursor: 3)
        let text = (schema["data"] as? [String: Any])?["text/plain"] as? String ?? ""
        XCTAssertTrue(text.contains("10,000 rows") && text.contains("region") && text.contains("string"), text)
        XCTAssertEqual(intro.inspect(code: "zzz_unknown", cursor: 2)["found"] as? Bool, false)
        XCTAssertEqual(intro.inspect(code: "", cursor: 0)["found"] as? Bool, false)
    }

    func testHistory() {
        var h = InputHistory()
        for (k, code) in ["a = 1", "b = 2", "a = 1", "print(a)"].enumerated() { h.add(line: k + 1, input: code) }
        XCTAssertEqual((h.reply(["hist_access_type": "tail", "n": 2])["history"] as? [[Any]])?.map { $0[2] as? String }, ["a = 1", "print(a)"])
        XCTAssertEqual((h.reply(["hist_access_type": "range", "start": 2, "stop": 4])["history"] as? [[Any]])?.map { $0[1] as? Int }, [2, 3])
        XCTAssertEqual((h.reply(["hist_access_type": "search", "pattern": "a = *"])["history"] as? [[Any]])?.count, 2)
        XCTAssertEqual((h.reply(["hist_access_type": "search", "pattern": "a = *", "unique": true])["history"] as? [[Any]])?.count, 1)
        let withOutput = h.reply(["hist_access_type": "tail", "n": 1, "output": true])["history"] as? [[Any]]
        XCTAssertEqual((withOutput?.first?[2] as? [Any])?.count, 2)
    }

    func testHTMLTablesEscapeCells() throws {
        _ = try session.run(code: "t = read_csv(\"\(data)\") |> head(1) |> mutate(note = \"<b>&'x'</b>\")")
        guard case .frame(let f)? = session.interpreter.globals.lookup("t") else { return XCTFail("no frame") }
        let bundle = MimeBundle.of(.frame(f), display: session.display)
        let html = bundle["text/html"] as? String ?? ""
        XCTAssertTrue(html.contains("&lt;b&gt;&amp;"), html)
        XCTAssertFalse(html.contains("<b>&"))
        XCTAssertTrue(html.contains("1 row × "), html)
    }

    func testKernelSpecLocationsAndContents() throws {
        XCTAssertEqual(try KernelSpec.dataDirectory(.user, environment: ["HOME": "/h"]), "/h/.local/share/jupyter")
        XCTAssertEqual(try KernelSpec.dataDirectory(.user, environment: ["HOME": "/h", "XDG_DATA_HOME": "/x"]), "/x/jupyter")
        XCTAssertEqual(try KernelSpec.dataDirectory(.user, environment: ["JUPYTER_DATA_DIR": "/j"]), "/j")
        XCTAssertEqual(try KernelSpec.dataDirectory(.prefix("/opt/p/"), environment: [:]), "/opt/p/share/jupyter")
        XCTAssertEqual(try KernelSpec.dataDirectory(.sysPrefix, environment: ["VIRTUAL_ENV": "/v"]), "/v/share/jupyter")
        XCTAssertThrowsError(try KernelSpec.dataDirectory(.user, environment: [:]))
        let dir = NSTemporaryDirectory() + "sift-kernelspec-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let folder = try KernelSpec.install(.prefix(dir), kernelBinary: "/usr/local/bin/sift-kernel")
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/kernel.json"))) as? [String: Any]
        XCTAssertEqual(spec?["argv"] as? [String], ["/usr/local/bin/sift-kernel", "{connection_file}"])
        XCTAssertEqual(spec?["language"] as? String, "sift")
        for logo in ["logo-32x32.png", "logo-64x64.png"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + logo))
            XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], logo)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/logo-svg.svg"))
        XCTAssertThrowsError(try KernelSpec.install(.prefix("/proc/nope"), kernelBinary: "x"))
    }

    func testKernelInfoNamesTheLanguage() {
        let info = KernelInfo.reply
        XCTAssertEqual(info["protocol_version"] as? String, "5.3")
        let language = info["language_info"] as? [String: Any]
        XCTAssertEqual(language?["name"] as? String, "sift")
        XCTAssertEqual(language?["file_extension"] as? String, ".sift")
        XCTAssertEqual(language?["pygments_lexer"] as? String, "sift")
    }
}
