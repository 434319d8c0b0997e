#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sliding window over a regular file, read front to back with plain `read` calls into one
/// reusable buffer, so a large CSV file never sits in memory whole (and, unlike mmap, consumed
/// bytes never linger in the process's resident set). The bytes are checked for NUL and UTF-8
/// as they arrive; the reader gives up on the streaming path when they are not clean.
struct CSVFileWindow {
    /// Why reading stopped early; the caller then reads the file the whole-buffer way, which
    /// reports the problem with its usual message.
    enum Trouble: Error { case readFailed, notText }

    private let fd: Int32
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Valid bytes in the buffer.
    private(set) var fill = 0
    /// File offset of the buffer's first byte.
    private(set) var origin = 0
    private(set) var atEnd = false
    /// Buffer index up to which the bytes are known to be well-formed UTF-8 without NUL.
    private var checkedUpTo = 0

    init(fd: Int32, capacity: Int) {
        self.fd = fd
        self.capacity = max(16, capacity)
        storage = .allocate(capacity: self.capacity)
    }

    /// A second window over the same file, for reading ahead while the first is still in use.
    /// Only one of the two reads at a time: they share the file position.
    init(sharingFileWith other: CSVFileWindow, capacity: Int) {
        self.init(fd: other.fd, capacity: capacity)
    }

    func release() { storage.deallocate() }

    /// Makes this window the continuation of `other`: the bytes from `k` on (a record cut by
    /// `other`'s end) move to the front, then up to `amount` more bytes are read after them.
    mutating func continueAfter(_ other: CSVFileWindow, at k: Int, reading amount: Int) throws {
        let rest = other.fill - k
        if capacity < rest {
            storage.deallocate()
            capacity = max(rest, capacity * 2)
            storage = .allocate(capacity: capacity)
        }
        if rest > 0 { storage.update(from: other.storage + k, count: rest) }
        fill = rest
        origin = other.origin + k
        atEnd = other.atEnd
        checkedUpTo = max(0, other.checkedUpTo - k)
        try readMore(max(amount - fill, max(1, amount / 2)))
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: fill) }

    /// Appends up to `amount` more bytes from the file (fewer only at its end), growing the
    /// buffer if it has to hold a record longer than a chunk.
    mutating func readMore(_ amount: Int) throws {
        guard !atEnd else { return }
        if capacity - fill < amount {
            let newCapacity = max(capacity * 2, fill + amount)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: storage, count: fill)
            storage.deallocate()
            storage = grown
            capacity = newCapacity
        }
        let before = fill
        var got = 0
        while got < amount {
            let r = read(fd, storage + fill, amount - got)
            if r < 0 && errno == EINTR { continue }
            if r < 0 { throw Trouble.readFailed }
            if r == 0 { atEnd = true; break }
            fill += r
            got += r
        }
        if fill > before, memchr(storage + before, 0, fill - before) != nil { throw Trouble.notText }
        guard let resume = UTF8Check.resumePoint(bytes, from: checkedUpTo, final: atEnd) else { throw Trouble.notText }
        checkedUpTo = resume
    }
}
