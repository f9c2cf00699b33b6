import DCLTestSupport
import Foundation
import Testing

/// The test-support PostgreSQL server: a real server answers on loopback, databases are separate,
/// it runs unprivileged, and the script stops it and removes its directory when its caller goes away.
@Suite("PostgreSQL for the tests", .serialized)
struct PostgresTestServerTests {
    @Test("the shared server answers, as a non-root user, with one empty database per createDatabase")
    func sharedServer() throws {
        let server = try PostgresTestServer.shared()
        #expect(server.url.hasPrefix("postgres://postgres@127.0.0.1:"))
        let first = try server.createDatabase()
        let second = try server.createDatabase()
        #expect(first != second)
        try server.psql(first, "CREATE TABLE t (v text); INSERT INTO t VALUES ('a'), (NULL)")
        #expect(try server.psql(first, "SELECT count(*), count(v) FROM t") == "2|1")
        // The other database does not see the table.
        #expect(throws: PostgresTestServer.Failure.self) { try server.psql(second, "SELECT * FROM t") }
        // PostgreSQL refuses to run as root; the server process's user is never root.
        let directory = try server.psql(first, "SHOW data_directory")
        let owner = try FileManager.default.attributesOfItem(atPath: directory)[.ownerAccountID] as? Int
        #expect(owner != 0, "data directory \(directory) owned by uid \(owner ?? -1)")
        #expect(directory.hasPrefix(FileManager.default.temporaryDirectory.path) || directory.hasPrefix("/tmp"))
    }

    @Test("the script stops the server and removes its directory when its standard input closes")
    func scriptCleansUp() throws {
        let script = PostgresTestServerTests.root.appendingPathComponent("scripts/pg-test/pg-test-server.sh").path
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, "cleanup_check"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let url = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix("postgres://postgres@127.0.0.1:") && url.hasSuffix("/cleanup_check"), "\(url)")
        let server = try PostgresTestServer.shared()
        let directory = try server.psql(url, "SHOW data_directory")
        #expect(FileManager.default.fileExists(atPath: directory))

        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) left behind")
        #expect(throws: PostgresTestServer.Failure.self) { try server.psql(url, "SELECT 1") }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
