import CChildSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program the tests start and wait for: the part of `Foundation.Process` they use, started with
/// `posix_spawn` instead.
///
/// Why not `Process`: on Linux, swift-corelibs-foundation (6.3.1 here) looks for the highest open
/// descriptor by copying each `/proc/self/fd` entry's whole 256-byte name out of glibc's `readdir`
/// buffer. When an entry sits at the end of that buffer and the next page is unmapped, the copy
/// faults and the whole test process dies (swiftlang/swift-corelibs-foundation#5472, fixed upstream
/// after 6.3). The more descriptors are open — and a test process with several mock Kafka clusters
/// holds hundreds of sockets — the likelier it is; it ended fresh-clone test runs at random.
/// Here the child closes every descriptor above 2 itself (`posix_spawn_file_actions_addclosefrom_np`).
///
/// ```swift
/// let process = ChildProcess()
/// process.executableURL = URL(fileURLWithPath: "/bin/sh")
/// process.arguments = ["-c", "exit 3"]
/// try process.run()
/// process.waitUntilExit()
/// assert(process.terminationStatus == 3 && process.terminationReason == .exit)
/// ```
///
/// `standardInput`, `standardOutput` and `standardError` take a `Pipe` or a `FileHandle`
/// (`FileHandle.nullDevice` included) or nil for the test process's own; after `run()` the
/// parent's copy of a pipe's child end is closed, as `Process` does, so reading to the end works.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: every stored property is read and written under `lock`; nothing blocks while
    // holding it (`waitpid` without WNOHANG runs outside it).
    private let lock = NSLock()
    private var _executableURL: URL?
    private var _arguments: [String] = []
    private var _environment: [String: String]?
    private var _currentDirectoryURL: URL?
    private var _standardInput: Any?
    private var _standardOutput: Any?
    private var _standardError: Any?
    private var pid: pid_t = 0
    /// The raw `waitpid` status once the child has been reaped.
    private var waitStatus: Int32?

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init() {}

    public var executableURL: URL? {
        get { locked { _executableURL } }
        set { locked { _executableURL = newValue } }
    }
    public var arguments: [String]? {
        get { locked { _arguments } }
        set { locked { _arguments = newValue ?? [] } }
    }
    /// The child's whole environment; nil inherits this process's.
    public var environment: [String: String]? {
        get { locked { _environment } }
        set { locked { _environment = newValue } }
    }
    public var currentDirectoryURL: URL? {
        get { locked { _currentDirectoryURL } }
        set { locked { _currentDirectoryURL = newValue } }
    }
    public var standardInput: Any? {
        get { locked { _standardInput } }
        set { locked { _standardInput = newValue } }
    }
    public var standardOutput: Any? {
        get { locked { _standardOutput } }
        set { locked { _standardOutput = newValue } }
    }
    public var standardError: Any? {
        get { locked { _standardError } }
        set { locked { _standardError = newValue } }
    }
    public var processIdentifier: Int32 { locked { pid } }

    /// Starts the program; throws when it cannot be started (missing, not executable).
    public func run() throws {
        let (path, argv, env, directory, input, output, error) = try locked { () throws -> (
            String, [String], [String: String]?, String?, Any?, Any?, Any?
        ) in
            guard pid == 0 else { throw Failure(description: "ChildProcess.run() called twice") }
            guard let url = _executableURL else { throw Failure(description: "ChildProcess has no executableURL") }
            return (url.path, [url.path] + _arguments, _environment, _currentDirectoryURL?.path,
                    _standardInput, _standardOutput, _standardError)
        }
        let environmentLines = env.map { $0.map { "\($0.key)=\($0.value)" } }
        var child: pid_t = 0
        let result = withCStrings(argv) { argvPointers in
            withOptionalCStrings(environmentLines) { envPointers in
                Self.withOptionalCString(directory) { directoryPointer in
                    dcl_child_spawn(&child, path, argvPointers, envPointers ?? UnsafePointer(environ), directoryPointer,
                                    Self.descriptor(input, childReads: true),
                                    Self.descriptor(output, childReads: false),
                                    Self.descriptor(error, childReads: false))
                }
            }
        }
        guard result == 0 else {
            throw Failure(description: "cannot start \(path): \(String(cString: strerror(result)))")
        }
        locked { pid = child }
        // The child has its own copies now; keeping the parent's copy of a pipe's child end open
        // would keep the reader of its other end from ever seeing the end of the output.
        if let pipe = input as? Pipe { try? pipe.fileHandleForReading.close() }
        if let pipe = output as? Pipe { try? pipe.fileHandleForWriting.close() }
        if let pipe = error as? Pipe, (output as? Pipe) !== pipe { try? pipe.fileHandleForWriting.close() }
    }

    /// Blocks until the child has ended.
    public func waitUntilExit() {
        while !reap(blocking: true) {}
    }

    public var isRunning: Bool {
        guard processIdentifier != 0 else { return false }
        return !reap(blocking: false)
    }

    /// The exit code, or the number of the signal that ended the child.
    public var terminationStatus: Int32 {
        guard let status = locked({ waitStatus }) else {
            preconditionFailure("ChildProcess.terminationStatus read before the child ended")
        }
        return Self.exited(status) ? (status >> 8) & 0xff : status & 0x7f
    }

    public var terminationReason: Process.TerminationReason {
        guard let status = locked({ waitStatus }) else {
            preconditionFailure("ChildProcess.terminationReason read before the child ended")
        }
        return Self.exited(status) ? .exit : .uncaughtSignal
    }

    /// Sends SIGTERM (nothing once the child has been reaped: its pid may belong to another process).
    public func terminate() { send(SIGTERM) }

    /// Sends SIGINT.
    public func interrupt() { send(SIGINT) }

    private func send(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if pid != 0 && waitStatus == nil { kill(pid, signal) }
    }

    /// True once the child has been reaped, by this call or an earlier one.
    private func reap(blocking: Bool) -> Bool {
        let child: pid_t = locked { waitStatus == nil ? pid : 0 }
        guard child != 0 else { return locked { waitStatus != nil } }
        var status: Int32 = 0
        let answer = waitpid(child, &status, blocking ? 0 : WNOHANG)
        if answer == child {
            locked { waitStatus = status }
            return true
        }
        if answer == -1 && errno == ECHILD {
            // Another thread's waitpid took it; it records the status right after.
            if !blocking { return locked { waitStatus != nil } }
            usleep(1_000)
        }
        return locked { waitStatus != nil }
    }

    private static func exited(_ status: Int32) -> Bool { status & 0x7f == 0 }

    /// The descriptor to give the child; -1 keeps the parent's, -2 is /dev/null.
    private static func descriptor(_ value: Any?, childReads: Bool) -> Int32 {
        switch value {
        case let pipe as Pipe:
            return childReads ? pipe.fileHandleForReading.fileDescriptor : pipe.fileHandleForWriting.fileDescriptor
        case let handle as FileHandle:
            return handle === FileHandle.nullDevice || handle.fileDescriptor < 0 ? -2 : handle.fileDescriptor
        default:
            return -1
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private static func withOptionalCString<T>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> T) -> T {
        guard let string else { return body(nil) }
        return string.withCString { body($0) }
    }
}

/// A NULL-terminated C array of the strings, alive for `body`.
private func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> T) -> T {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

private func withOptionalCStrings<T>(
    _ strings: [String]?, _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> T
) -> T {
    guard let strings else { return body(nil) }
    return withCStrings(strings) { body($0) }
}
