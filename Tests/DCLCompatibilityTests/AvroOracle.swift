import DCLTestSupport
import DCLDomain
import Foundation

/// Runs the Python reference scripts in `scripts/avro-oracle/` for the differential tests.
///
/// Foundation and `Process` are fine here (tests), never in DCLDomain. Every script writes to a
/// temporary file rather than a pipe, so a large output can never fill a pipe buffer and stall.
enum AvroOracle {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The package root, found from this file's path (`Tests/DCLCompatibilityTests/…`).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var scriptsFolder: URL { repositoryRoot.appendingPathComponent("scripts/avro-oracle") }
    static var python: URL { scriptsFolder.appendingPathComponent(".venv-avro/bin/python") }

    /// Creates `.venv-avro` with the pinned `avro` wheel when it is missing.
    static func ensureEnvironment() throws {
        if FileManager.default.isExecutableFile(atPath: python.path) { return }
        _ = try run(URL(fileURLWithPath: "/bin/bash"), [scriptsFolder.appendingPathComponent("setup.sh").path])
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Failure(description: "scripts/avro-oracle/setup.sh did not create \(python.path)")
        }
    }

    /// Runs a script of the oracle folder with the venv's Python and returns its standard output.
    static func runScript(_ name: String, _ arguments: [String] = [], input: String? = nil) throws -> String {
        try run(python, [scriptsFolder.appendingPathComponent(name).path] + arguments, input: input)
    }

    /// The reference verdict for each `{"reader", "writer"}` line, in order; nil where the
    /// reference could not parse a schema.
    static func verdicts(for lines: [String]) throws -> [Bool?] {
        let output = try runScript("oracle.py", input: lines.joined(separator: "\n") + "\n")
        let answers = output.split(separator: "\n", omittingEmptySubsequences: true)
        guard answers.count == lines.count else {
            throw Failure(description: "oracle answered \(answers.count) lines for \(lines.count) questions")
        }
        return try answers.map { answer in
            let value = try JSONValue.parse(String(answer))
            if case .bool(let compatible)? = value["compatible"] { return compatible }
            return nil
        }
    }

    private static func run(_ executable: URL, _ arguments: [String], input: String? = nil) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-avro-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputURL = folder.appendingPathComponent("stdin")
        let outputURL = folder.appendingPathComponent("stdout")
        let errorURL = folder.appendingPathComponent("stderr")
        try Data((input ?? "").utf8).write(to: inputURL)
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)

        let process = ChildProcess()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = scriptsFolder
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let errors = String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
            throw Failure(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) exited "
                + "\(process.terminationStatus): \(errors.suffix(2000))")
        }
        return output
    }
}

/// One schema pair as JSON, in the form the oracle reads.
struct SchemaPair {
    var reader: JSONValue
    var writer: JSONValue
    var label: String

    var oracleLine: String {
        JSONValue.object(["reader": reader, "writer": writer]).canonicalText
    }

    var swapped: SchemaPair { SchemaPair(reader: writer, writer: reader, label: label) }

    /// The Swift verdict, or the reason the Swift parser refused a schema.
    func swiftVerdict() -> Result<[Incompatibility], SchemaError> {
        do {
            let readerType = try SchemaType(avroJSON: reader)
            let writerType = try SchemaType(avroJSON: writer)
            return .success(SchemaResolution.incompatibilities(reader: readerType, writer: writerType))
        } catch {
            return .failure(error)
        }
    }
}
