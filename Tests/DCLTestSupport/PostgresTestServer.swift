import Foundation

/// A real PostgreSQL server for tests: one per test process, started on first use by
/// `scripts/pg-test/pg-test-server.sh` (a temporary data directory, a free loopback port, the
/// `postgres` user when the tests run as root) and stopped, its directory removed, when the test
/// process ends — also when it crashes, because the script stops the server as soon as its
/// standard input (a pipe held only by this process) closes.
///
/// ```swift
/// let server = try PostgresTestServer.shared()
/// let url = try server.createDatabase()            // postgres://postgres@127.0.0.1:54012/t_3f2a…
/// try server.psql(url, "CREATE TABLE orders (id text); INSERT INTO orders VALUES ('1')")
/// #expect(try server.psql(url, "SELECT count(*) FROM orders") == "1")
/// ```
///
/// `DCL_TEST_POSTGRES_URL` (e.g. `postgres://postgres@127.0.0.1:5432/postgres`) points the tests at
/// a server someone else runs instead; databases are then created there.
public struct PostgresTestServer: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The server's default database, `postgres://USER@127.0.0.1:PORT/dcl_test`.
    public let url: String
    /// The write end of the script's standard input: open as long as this process runs. Never
    /// written to; closing it (or this process ending) stops the server.
    private let lifeline: FileHandle?

    /// The repository's root, found from this file (`Tests/DCLTestSupport/…`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Swift initialises a static `let` once, thread-safely, on first use: one server per process.
    private static let started: Result<PostgresTestServer, Failure> = Result { () throws(Failure) in try start() }

    /// The process's server, started on the first call.
    public static func shared() throws -> PostgresTestServer {
        try started.get()
    }

    private init(url: String, lifeline: FileHandle?) {
        self.url = url
        self.lifeline = lifeline
    }

    private static func start() throws(Failure) -> PostgresTestServer {
        if let external = ProcessInfo.processInfo.environment["DCL_TEST_POSTGRES_URL"], !external.isEmpty {
            return PostgresTestServer(url: external, lifeline: nil)
        }
        let script = root.appendingPathComponent("scripts/pg-test/pg-test-server.sh").path
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, "dcl_test"]
        let input = Pipe()
        let output = Pipe()
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-pg-start-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorLog) }
        process.standardInput = input
        process.standardOutput = output
        do {
            process.standardError = try FileHandle(forWritingTo: errorLog)
            try process.run()
        } catch {
            throw Failure("cannot run \(script): \(error)")
        }
        // The script prints the URL once the server accepts connections, or exits on failure.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let url = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard url.hasPrefix("postgres://") else {
            process.waitUntilExit()
            let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            throw Failure("PostgreSQL for the tests did not start (exit \(process.terminationStatus)): \(log)"
                + "\nInstall it with scripts/install-deps.sh (Debian package postgresql).")
        }
        return PostgresTestServer(url: url, lifeline: input.fileHandleForWriting)
    }

    /// Stops the server now and removes its directory (it also happens when the process ends).
    public func stop() {
        try? lifeline?.close()
    }

    /// The URL of `database` on this server.
    public func url(database: String) -> String {
        guard let slash = url.range(of: "/", options: .backwards) else { return url }
        return url[..<slash.upperBound] + database
    }

    /// A new, empty database with a fresh name (or `name`), as a connection URL.
    public func createDatabase(_ name: String? = nil) throws -> String {
        let database = name ?? "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try psql(url, "CREATE DATABASE \"\(database.replacingOccurrences(of: "\"", with: "\"\""))\"")
        return url(database: database)
    }

    /// Runs SQL (one or several statements, or psql meta-commands such as `\copy`) with `psql`,
    /// stopping at the first error; returns what psql printed, unaligned, without headers.
    @discardableResult
    public func psql(_ url: String, _ sql: String) throws -> String {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-psql-\(UUID().uuidString).sql")
        try sql.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let (status, output) = try Self.runProgram(Self.psqlPath, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url,
                                                                    "-f", script.path])
        guard status == 0 else { throw Failure("psql on \(url) failed (exit \(status)): \(output)\nSQL: \(sql)") }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `psql` of the newest installed server version, else the one on PATH.
    public static var psqlPath: String {
        if let bin = ProcessInfo.processInfo.environment["PG_BIN"], !bin.isEmpty { return bin + "/psql" }
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
            .compactMap(Int.init).sorted()
        if let newest = versions.last, FileManager.default.isExecutableFile(atPath: "\(base)/\(newest)/bin/psql") {
            return "\(base)/\(newest)/bin/psql"
        }
        return "/usr/bin/psql"
    }

    /// Runs a program to its end; stdout and stderr together.
    static func runProgram(_ path: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-psql-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
