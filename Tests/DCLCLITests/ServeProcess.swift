import DCLTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built `dcl serve` running as a child process on a free loopback port, talked to over HTTP.
final class ServeProcess: @unchecked Sendable {
    // @unchecked: every stored property is a `let` set in init; `Process` is only touched from the
    // test that owns this object (start, signal, wait), never concurrently.
    let process = ChildProcess()
    let output: URL
    let port: Int

    struct Reply {
        var status: Int
        var contentType: String?
        var body: String

        func object() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
                throw CLIHarness.Failure(message: "not a JSON object: \(body)")
            }
            return object
        }
    }

    /// Starts `dcl serve --port 0 ARGUMENTS` in `harness`'s folder and waits for its "listening on" line.
    init(_ harness: CLIHarness, _ arguments: [String], environment: [String: String] = [:]) throws {
        output = harness.folder.appendingPathComponent("serve-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.executableURL = CLIHarness.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        process.currentDirectoryURL = harness.folder
        var env = ProcessInfo.processInfo.environment
        env["DCL_LEDGER"] = nil
        env["DCL_ACTOR"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        var found: Int?
        while found == nil && Date() < deadline && process.isRunning {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on http://[^:]+:(\d+)"#, options: .regularExpression) {
                found = Int(text[range].split(separator: ":").last ?? "")
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            throw CLIHarness.Failure(message: "dcl serve did not start: \((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
        }
        port = found
    }

    var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    func request(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"),
                     body: String(decoding: data, as: UTF8.self))
    }

    /// Sends SIGTERM and waits (up to 20 s) for the process to end; returns its exit status.
    func terminate() throws -> Int32 {
        process.terminate()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            throw CLIHarness.Failure(message: "dcl serve did not stop on SIGTERM")
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
