#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file with POSIX calls, turning every failure into a sentence the user can act on.
public enum FileBytes {
    /// The most a text source (a script, a notebook) may hold; CSV files have their own limit.
    public static let sourceLimit = 1 << 30

    /// Reads `path` whole. A regular file larger than `limit` is refused before anything is
    /// allocated; a pipe or device is read until its end, but refused as soon as it passes
    /// `limit` (so `/dev/zero` cannot eat the memory); a read error is an error, never a
    /// silently shortened file. With `stopAtNUL` (for text formats that refuse NUL bytes) a
    /// stream is read only up to its first NUL, which the caller then reports, so an endless
    /// binary stream ends at once.
    public static func read(_ path: String, limit: Int = sourceLimit, what: String = "file", stopAtNUL: Bool = false) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            let e = errno
            switch e {
            case ENOENT: throw FrameError("file not found: \(path)", hint: "check the path; relative paths start from \(currentDirectory())", isIO: true)
            case EACCES: throw FrameError("permission denied reading \(path)", isIO: true)
            default: throw FrameError("cannot open \(path): \(String(cString: strerror(e)))", isIO: true)
            }
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FrameError("cannot read \(path): \(String(cString: strerror(errno)))", isIO: true) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw FrameError("\(path) is a directory, not a file", isIO: true) }
        func tooLarge() -> FrameError {
            FrameError("\(path) is larger than \(sizeText(limit)), the most a \(what) may hold", hint: "split it into smaller files", isIO: true)
        }
        func readFailed(_ e: Int32) -> FrameError {
            FrameError("cannot read \(path): \(String(cString: strerror(e)))", hint: "the file may be on a failing disk or a vanished network share", isIO: true)
        }
        var out = [UInt8]()
        if (st.st_mode & S_IFMT) == S_IFREG {
            let size = Int(st.st_size)
            guard size <= limit else { throw tooLarge() }
            var failure: Int32 = 0
            out = [UInt8](unsafeUninitializedCapacity: size) { buf, initialized in
                var done = 0
                while done < size {
                    let r = Glibc.read(fd, buf.baseAddress! + done, size - done)
                    if r < 0 && errno == EINTR { continue }
                    if r < 0 { failure = errno; break }
                    if r == 0 { break } // the file shrank while we read it: what is there now
                    done += r
                }
                initialized = done
            }
            if failure != 0 { throw readFailed(failure) }
            if out.count < size { return out }
            // The file may have grown since fstat: read the rest like a stream.
        }
        // Pipes and devices (and the tail of a growing file): read until end, within the limit.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let r = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if r < 0 && errno == EINTR { continue }
            if r < 0 { throw readFailed(errno) }
            if r == 0 { break }
            guard out.count + r <= limit else { throw tooLarge() }
            out.append(contentsOf: chunk[0..<r])
            if stopAtNUL && chunk[0..<r].contains(0) { break }
        }
        return out
    }

    static func sizeText(_ bytes: Int) -> String {
        bytes >= 1 << 30 && bytes % (1 << 30) == 0 ? "\(bytes >> 30) GB" : bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }

    public static func currentDirectory() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buf, buf.count) != nil else { return "." }
        return String(cString: buf)
    }

    /// Writes via a temporary file in the same folder and a rename, so readers never see half a file
    /// and a crash never leaves a truncated one.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        // Only regular files (or new paths) are replaced by rename; a FIFO, a device or another
        // special file is written in place, so it keeps being what it is.
        var existing = stat()
        if stat(path, &existing) == 0, (existing.st_mode & S_IFMT) != S_IFREG {
            if (existing.st_mode & S_IFMT) == S_IFDIR { throw FrameError("\(path) is a directory, not a file", isIO: true) }
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { throw FrameError("cannot write \(path): \(String(cString: strerror(errno)))", isIO: true) }
            defer { close(fd) }
            try bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let r = write(fd, raw.baseAddress! + done, raw.count - done)
                    if r <= 0 { throw FrameError("cannot write \(path): \(String(cString: strerror(errno)))", isIO: true) }
                    done += r
                }
            }
            return
        }
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw FrameError("cannot write \(path): \(String(cString: strerror(errno)))", hint: "does the folder exist and is it writable?", isIO: true)
        }
        var done = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            while done < raw.count {
                let r = write(fd, raw.baseAddress! + done, raw.count - done)
                if r <= 0 { return false }
                done += r
            }
            return true
        }
        let syncOK = fsync(fd) == 0 || errno == EINVAL
        close(fd)
        guard ok, syncOK, rename(tmp, path) == 0 else {
            let msg = String(cString: strerror(errno))
            unlink(tmp)
            throw FrameError("cannot write \(path): \(msg)", isIO: true)
        }
    }
}
