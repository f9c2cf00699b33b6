import DCLTestSupport
import Foundation
import Testing

/// docs/openapi.yaml is kept true by third-party tools run against the built `dcl serve`:
/// openapi-core validates the response of every operation (each one exercised, success and
/// failure), and schemathesis generates requests from the spec (no 5xx, every response conforms).
/// Their pinned versions are installed by scripts/http-check/setup.sh into a venv.
@Suite("HTTP API against docs/openapi.yaml", .serialized)
struct HTTPConformanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tools = root.appendingPathComponent("scripts/http-check")
    static let spec = root.appendingPathComponent("docs/openapi.yaml").path

    /// Runs a program to its end; stdout and stderr together.
    static func run(_ executable: String, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        // In the temporary folder, never `folder` (setup runs in the source tree's scripts/http-check).
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-tool-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    static func python() throws -> String {
        let setup = try run("/bin/bash", [tools.appendingPathComponent("setup.sh").path], in: tools)
        guard setup.status == 0 else { throw CLIHarness.Failure(message: "scripts/http-check/setup.sh failed: \(setup.output)") }
        return tools.appendingPathComponent(".venv-http/bin/python").path
    }

    @Test("every operation's responses conform to the spec (openapi-core)")
    func everyOperationConforms() async throws {
        let python = try Self.python()
        let harness = try CLIHarness()
        defer { harness.remove() }
        try harness.write("v1.yaml", ContractTexts.orders())
        try harness.write("v2.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db", "--open-writes"])
        let result = try Self.run(python, [Self.tools.appendingPathComponent("conformance.py").path, "http://127.0.0.1:\(server.port)",
                                           Self.spec, harness.path("v1.yaml"), harness.path("v2.yaml")], in: harness.folder)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("0 failure(s)"), "\(result.output)")
        #expect(try server.terminate() == 0)
    }

    @Test("schemathesis: generated requests get no 5xx and conforming responses")
    func schemathesis() async throws {
        let python = try Self.python()
        let harness = try CLIHarness()
        defer { harness.remove() }
        // A contract in the ledger, so generated ids sometimes hit one.
        try harness.write("v1.yaml", ContractTexts.orders())
        #expect(try harness.run("publish", "v1.yaml", "--ledger", "ledger.db").status == 0)
        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db", "--open-writes"])
        let st = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("st").path
        let result = try Self.run(st, ["run", Self.spec, "--url", "http://127.0.0.1:\(server.port)",
                                       "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                                       "--phases", "examples,coverage,fuzzing", "--max-examples", "15",
                                       // One worker: CPython 3.11 before 3.11.9 can fail parsing source in two threads at once
                                       // ("AST constructor recursion depth mismatch", seen here), which hypothesis does.
                                       "--workers", "1",
                                       "--no-color"], in: harness.folder)
        #expect(result.status == 0, "\(result.output)")
        #expect(try server.terminate() == 0)
    }
}
