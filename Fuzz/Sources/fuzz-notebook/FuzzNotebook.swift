// libFuzzer target: the Markdown notebook reader and output regions.
//
// Any text either parses or throws a NotebookError. A parsed document rendered with no new
// outputs must parse again to the same cells and render to the same text (idempotence), and
// rendering with fresh outputs (made by OutputRegion.markdown) must parse back to those outputs.
// Every previous output region, and the raw input itself, goes through OutputRegion.parse; the
// input is also read as a .ipynb (JSON), which must parse or throw.
#if canImport(Glibc)
import Glibc
#endif
import SiftNotebook

private func fail(_ message: String, _ text: String) -> Never {
    fputs("fuzz-notebook: \(message)\ninput: \(String(text.prefix(600)).debugDescription)\n", stderr)
    abort()
}

private func signature(_ d: NotebookDocument) -> [String] {
    d.cells.map { "\($0.firstLine)|\($0.isParameters)|\($0.options.sorted { $0.key < $1.key })|\($0.code)" }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = OutputRegion.parse(text)
    if let nb = try? IpynbNotebook.parse(text, path: "fuzz.ipynb") { _ = nb.document().rendered(outputs: []) }
    let doc: NotebookDocument
    do {
        doc = try NotebookDocument.parse(text, path: "fuzz.md")
    } catch {
        _ = "\(error)"
        return 0
    }
    for c in doc.cells { if let p = c.previousOutput { _ = OutputRegion.parse(p) } }

    // Rendering without new outputs keeps every region: the result must be a fixed point.
    let once = doc.rendered(outputs: [])
    let reparsed: NotebookDocument
    do { reparsed = try NotebookDocument.parse(once, path: "fuzz.md") } catch {
        fail("a rendered notebook does not parse again: \(error)\nrendered: \(String(once.prefix(600)).debugDescription)", text)
    }
    if reparsed.cells.count != doc.cells.count {
        fail("rendering changed the number of cells: \(doc.cells.count) → \(reparsed.cells.count)", text)
    }
    let twice = reparsed.rendered(outputs: [])
    if twice != once {
        fail("rendering is not idempotent\nonce:  \(String(once.prefix(600)).debugDescription)\ntwice: \(String(twice.prefix(600)).debugDescription)", text)
    }

    // Fresh outputs, built from pieces of the input, must survive a write and a re-read.
    let words = text.split(whereSeparator: { $0 == " " }).prefix(4).map(String.init)
    let parts: [OutputPart] = [.text(words.first ?? "x"), .error(words.dropFirst().first ?? "e")]
    let region = OutputRegion.markdown(parts)
    let outputs = doc.cells.map { _ in Optional(region) }
    let fresh = doc.rendered(outputs: outputs)
    do {
        let back = try NotebookDocument.parse(fresh, path: "fuzz.md")
        if back.cells.count != doc.cells.count {
            fail("rendering with outputs changed the number of cells: \(doc.cells.count) → \(back.cells.count)", text)
        }
        for c in back.cells {
            guard let p = c.previousOutput else { fail("a cell lost its new output region", text) }
            _ = OutputRegion.parse(p)
        }
    } catch {
        fail("a notebook rendered with outputs does not parse again: \(error)", text)
    }
    return 0
}
