import DCLTestSupport
import Foundation

extension CLIHarness {
    /// Runs a program (`dcl`, or e.g. `runuser … dcl …`, kcat) in the harness's folder without the
    /// caller's `DCL_LEDGER`/`DCL_ACTOR`, capturing its output.
    func runExecutable(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["DCL_LEDGER"] = nil
        env["DCL_ACTOR"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The bytes of every file in the folder (recursively), to show a command changed nothing.
    func snapshot(_ relative: String = "") throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = folder.appendingPathComponent(relative)
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [:] }
        for case let path as String in enumerator {
            var isFolder: ObjCBool = false
            let full = root.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = FileManager.default.contents(atPath: full) ?? Data()
            }
        }
        return files
    }
}
