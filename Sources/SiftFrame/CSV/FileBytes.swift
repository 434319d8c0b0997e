#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file with POSIX calls, turning every failure into a sentence the user can act on.
public enum FileBytes {
    public static func read(_ path: String) throws -> [UInt8] {
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
        let size = Int(st.st_size)
        var out = [UInt8]()
        if (st.st_mode & S_IFMT) == S_IFREG {
            out = [UInt8](unsafeUninitializedCapacity: size) { buf, initialized in
                var done = 0
                while done < size {
                    let r = Glibc.read(fd, buf.baseAddress! + done, size - done)
                    if r <= 0 { break }
                    done += r
                }
                initialized = done
            }
            return out
        }
        // Pipes and devices: read until end.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let r = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if r < 0 { throw FrameError("cannot read \(path): \(String(cString: strerror(errno)))", isIO: true) }
            if r == 0 { break }
            out.append(contentsOf: chunk[0..<r])
        }
        return out
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
