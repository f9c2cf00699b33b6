import DCLTestSupport
import Foundation
import Testing

/// `ChildProcess` behaves as the part of `Foundation.Process` the tests rely on.
@Suite struct ChildProcessTests {
    private func shell(_ script: String) -> ChildProcess {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        return process
    }

    @Test func exitCodeOutputAndErrorArriveThroughPipes() throws {
        let process = shell("echo out; echo err >&2; exit 3")
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Reading to the end only returns because the parent's copy of the write ends is closed.
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output == "out\n")
        #expect(errors == "err\n")
        #expect(process.terminationStatus == 3)
        #expect(process.terminationReason == .exit)
        #expect(!process.isRunning)
    }

    @Test func aSignalIsTheTerminationStatus() throws {
        let process = shell("exec sleep 30")
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        #expect(process.isRunning)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGTERM)
    }

    @Test func inputDirectoryAndEnvironmentAreTheChildsOwn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = shell("read line; printf '%s %s %s' \"$line\" \"$(pwd -P)\" \"$ONLY_THIS\"")
        process.currentDirectoryURL = folder
        process.environment = ["ONLY_THIS": "set", "PATH": "/usr/bin:/bin"]
        let input = Pipe()
        let out = Pipe()
        process.standardInput = input
        process.standardOutput = out
        try process.run()
        input.fileHandleForWriting.write(Data("hello\n".utf8))
        try input.fileHandleForWriting.close()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expectedFolder = folder.resolvingSymlinksInPath().path
        #expect(output == "hello \(expectedFolder) set")
        #expect(process.terminationStatus == 0)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd")))
    func noDescriptorOfTheTestProcessLeaksIntoTheChild() throws {
        // A pipe made without close-on-exec, as Foundation's `Pipe` makes them: the child must not
        // hold its write end, or another test reading that pipe to the end would wait for this child.
        let leaky = Pipe()
        let process = shell("ls /proc/self/fd")
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let listed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").compactMap { Int32($0) }
        process.waitUntilExit()
        #expect(!listed.contains(leaky.fileHandleForWriting.fileDescriptor))
        #expect(!listed.contains(leaky.fileHandleForReading.fileDescriptor))
        // 0, 1, 2 and the descriptor `ls` opens to read the folder.
        #expect(listed.allSatisfy { $0 <= 3 })
    }

    @Test func aMissingProgramIsAnErrorNotACrash() {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/nonexistent/dcl-no-such-program")
        #expect(throws: ChildProcess.Failure.self) { try process.run() }
        #expect(!process.isRunning)
    }
}
