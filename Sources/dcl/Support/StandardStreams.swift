#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to the process's standard streams without trapping.
///
/// Foundation's `FileHandle.write` traps (SIGILL) when the descriptor cannot be written — `2>/dev/full`,
/// a closed descriptor, a full disk — so an error exit would become a crash. These go through
/// `write(2)` and report failure instead, and `finishStandardOutput()` tells whether everything
/// `print` buffered actually reached standard output, so `dcl list >/dev/full` can exit 2.
///
/// ```swift
/// StandardStreams.writeError("dcl: no ledger at x.db\n")   // never traps
/// if !StandardStreams.finishStandardOutput() { exit(2) }
/// ```
enum StandardStreams {
    /// Writes all of `text` to standard error; returns false when it could not (the caller has no
    /// better channel left, so it only uses this to choose the exit code).
    @discardableResult
    static func writeError(_ text: String) -> Bool {
        write(text, to: STDERR_FILENO)
    }

    /// Writes all of `text` to standard output unbuffered (after flushing what `print` buffered,
    /// so the order is kept); returns false when it could not.
    @discardableResult
    static func writeOutput(_ text: String) -> Bool {
        guard fflush(nil) == 0 else { return false }
        return write(text, to: STDOUT_FILENO)
    }

    /// Flushes what `print` buffered; false when it could not be written.
    ///
    /// (`fflush(nil)` flushes every C stream: Swift 6 cannot name the mutable global `stdout`
    /// safely, and standard output is the only C stream `print` buffers.)
    static func finishStandardOutput() -> Bool {
        fflush(nil) == 0
    }

    private static func write(_ text: String, to descriptor: Int32) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                Darwin.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            if written == 0 { return false }
            offset += written
        }
        return true
    }
}
