/// Hands out a record batch's buffers in schema order, each bounds-checked against the body.
struct ArrowBufferCursor {
    let body: UnsafeRawBufferPointer
    let buffers: [(offset: Int, length: Int)]
    private(set) var next = 0

    init(body: UnsafeRawBufferPointer, buffers: [(offset: Int, length: Int)]) {
        self.body = body
        self.buffers = buffers
    }

    /// The length of the buffer `ahead` positions after the next one (0 when there is none).
    func peekLength(_ ahead: Int) -> Int {
        next + ahead < buffers.count ? buffers[next + ahead].length : 0
    }

    mutating func take() throws -> UnsafeRawBufferPointer {
        guard next < buffers.count else { throw ArrowError("record batch has fewer buffers than its schema needs") }
        let b = buffers[next]
        next += 1
        guard b.offset <= body.count, b.length <= body.count - b.offset else {
            throw ArrowError("buffer \(next - 1) (\(b.length) bytes at \(b.offset)) does not fit the \(body.count)-byte body")
        }
        return UnsafeRawBufferPointer(rebasing: body[b.offset..<(b.offset + b.length)])
    }
}

/// A dictionary batch's values, with a version that changes when a batch replaces them.
struct ArrowDictionary {
    var values: [String]
    var version: Int
}
