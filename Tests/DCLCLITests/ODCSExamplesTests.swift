import DCLTestSupport
import Foundation
import Testing

/// The Open Data Contract Standard's own 44 example documents (`../shared/reference/odcs-examples`,
/// beside the package): every one is valid ODCS, so `dcl check` and `dcl publish` accept each as
/// written, and `dcl show` gives each back: `--original` byte for byte, `--odcs` semantically equal
/// with YAML types kept (judged by an independent YAML loader, PyYAML, which reads an unquoted date
/// as a date and a quoted one as text); and each exports as valid JSON Schema (checked by the Python
/// `jsonschema` package against the draft 2020-12 metaschema).
@Suite("ODCS example documents", .serialized)
struct ODCSExamplesTests {
    /// `DCL_ODCS_EXAMPLES`, else `../shared/reference/odcs-examples` relative to the package root
    /// (a fresh clone has `shared/` as its sibling).
    static var examplesFolder: URL {
        if let path = ProcessInfo.processInfo.environment["DCL_ODCS_EXAMPLES"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/reference/odcs-examples")
    }

    static func exampleFiles() throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: examplesFolder.path)
        return names.filter { $0.hasSuffix(".odcs.yaml") }.sorted().map { examplesFolder.appendingPathComponent($0) }
    }

    /// The document's top-level `id` line, without a YAML library in the test.
    static func contractID(in text: String) -> String? {
        for line in text.components(separatedBy: .newlines) where line.hasPrefix("id:") {
            return line.dropFirst(3).split(separator: "#").first.map { String($0).trimmingCharacters(in: .whitespaces) }
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
        }
        return nil
    }

    @Test func everyExampleIsAcceptedAndRoundTrips() throws {
        let files = try Self.exampleFiles()
        #expect(files.count == 44, "expected the standard's 44 examples in \(Self.examplesFolder.path), found \(files.count)")
        let cli = try CLIHarness()
        defer { cli.remove() }
        var pairs: [[String]] = []
        for (index, file) in files.enumerated() {
            let name = file.lastPathComponent
            let original = try Data(contentsOf: file)
            let id = try #require(Self.contractID(in: String(decoding: original, as: UTF8.self)), "\(name) has no id line")
            let ledger = cli.path("ledger-\(index).db")
            // Each ledger gets its own read-model store: a store answers for one ledger only.
            let store = cli.path("store-\(index).db")
            let check = try cli.run("check", file.path, "--ledger", ledger)
            #expect(check.status == 0, "dcl check \(name): \(check.stderr)")
            let publish = try cli.run("publish", file.path, "--ledger", ledger)
            #expect(publish.status == 0, "dcl publish \(name): \(publish.stderr)")
            guard publish.status == 0 else { continue }
            let shownOriginal = try cli.run("show", id, "--original", "--ledger", ledger, "--store", store)
            #expect(shownOriginal.status == 0 && Data(shownOriginal.stdout.utf8) == original, "show --original \(name) differs from the file")
            let shown = try cli.run("show", id, "--odcs", "--ledger", ledger, "--store", store)
            #expect(shown.status == 0, "show --odcs \(name): \(shown.stderr)")
            try cli.write("shown-\(index).yaml", shown.stdout)
            let export = try cli.run("schema", "export", id, "--format", "json-schema", "--ledger", ledger)
            #expect(export.status == 0, "schema export \(name): \(export.stderr)")
            try cli.write("export-\(index).json", export.stdout)
            pairs.append([file.path, cli.path("shown-\(index).yaml"), cli.path("export-\(index).json")])
        }
        #expect(pairs.count == 44)
        // One Python run compares every pair: equal documents, same YAML types (dates stay dates).
        let script = """
            import json, sys, yaml
            from jsonschema import Draft202012Validator
            pairs = json.load(sys.stdin)
            for source, shown, export in pairs:
                with open(source) as a, open(shown) as b:
                    if yaml.safe_load(a) != yaml.safe_load(b):
                        print("DIFFERENT", source)
                with open(export) as c:
                    try:
                        Draft202012Validator.check_schema(json.load(c))
                    except Exception as error:
                        print("INVALID JSON SCHEMA", source, str(error).splitlines()[0])
            print("compared", len(pairs))
            """
        let input = try JSONSerialization.data(withJSONObject: pairs)
        try input.write(to: cli.folder.appendingPathComponent("pairs.json"))
        let python = try Self.runPython(script, stdin: cli.folder.appendingPathComponent("pairs.json"))
        #expect(python.contains("compared \(pairs.count)"), "\(python)")
        #expect(!python.contains("DIFFERENT"), "\(python)")
        #expect(!python.contains("INVALID"), "every `schema export --format json-schema` must be valid JSON Schema: \(python)")
    }

    @Test func unsetDomainAndOwnerAreShownAndFlagsFillThem() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let file = Self.examplesFolder.appendingPathComponent("main_schema_table-column.odcs.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let id = try #require(Self.contractID(in: text))
        try cli.write("c.yaml", text)
        #expect(try cli.run("publish", "c.yaml").status == 0)
        let shown = try cli.run("show", id)
        #expect(shown.stdout.contains("domain: (unset)") && shown.stdout.contains("owner: (unset)"), "\(shown.stdout)")
        // Another ledger, with flags: the document lacks both, so the flags fill them in.
        let filled = try cli.run("publish", "c.yaml", "--ledger", "other.db", "--domain", "sales", "--owner", "ana@example.com")
        #expect(filled.status == 0, "\(filled.stderr)")
        let shownFilled = try cli.run("show", id, "--ledger", "other.db", "--store", "other-store.db")
        #expect(shownFilled.stdout.contains("domain: sales") && shownFilled.stdout.contains("owner: ana@example.com"), "\(shownFilled.stdout)")
        // A document with a domain and a different --domain: the author must choose (exit 2).
        try cli.write("d.yaml", text.replacingOccurrences(of: "\nid:", with: "\ndomain: marketing\nid:"))
        let conflict = try cli.run("check", "d.yaml", "--domain", "sales")
        #expect(conflict.status == 2 && conflict.stderr.contains("marketing") && conflict.stderr.contains("--domain"), "\(conflict.stderr)")
        // Statuses ODCS does not list are kept as written.
        try cli.write("e.yaml", text.replacingOccurrences(of: "status: active", with: "status: production")
            .replacingOccurrences(of: "id: \(id)", with: "id: other-\(id.prefix(8))"))
        #expect(try cli.run("publish", "e.yaml").status == 0)
        #expect(try cli.run("show", "other-\(id.prefix(8))").stdout.contains("[production]"))
    }

    static func runPython(_ script: String, stdin: URL) throws -> String {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        process.standardInput = try FileHandle(forReadingFrom: stdin)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
