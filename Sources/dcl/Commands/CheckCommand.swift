import ArgumentParser
import DCLApplication
import DCLDomain
import DCLODCS
import Foundation

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check schema compatibility: two files against each other, or one file against the ledger (a dry run of publish).",
        discussion: """
        dcl check OLD NEW [--mode M] compares two schemas under a mode, whatever their declared versions. Files \
        are ODCS contracts (.yaml/.yml) or Avro schemas (.avsc/.json). Avro files are judged by Apache Avro's \
        resolution rules alone; two ODCS contracts are compared in full (schema with the stricter contract rules, \
        quality rules, SLA and every other field) and are incompatible when a change needs a new major version \
        under the mode (docs/compatibility.md).

        dcl check NEW --against OLDER... (or a folder) checks NEW against a history of schema files in one \
        process: every older file under a transitive mode, the last one otherwise (a folder's .avsc, .json, \
        .yaml and .yml files are taken in name order).

        dcl check FILE answers: would `dcl publish FILE` be accepted? It prints one graded line per change, the \
        computed and declared bump and, when the bump is too small, the version to publish instead. It writes \
        nothing.

        Modes: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE (default), FULL, FULL_TRANSITIVE \
        (case-insensitive; '-' and '_' alike). Exit 0 compatible/accepted, 1 incompatible/rejected, 2 bad input. \
        With --json, JSON is printed on every outcome, bad input included.

        Examples:
          dcl check orders.odcs.yaml
          dcl check order-v1.avsc order-v2.avsc --mode FULL
          dcl check order-v9.avsc --against schemas/ --mode FULL_TRANSITIVE
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var defaults: ContractDefaultsOptions
    @Argument(help: "One contract file (dry run), or OLD and NEW schema files.") var files: [String]
    @Option(help: "Compatibility mode for OLD NEW (default FORWARD_TRANSITIVE).") var mode: String?
    @Option(parsing: .upToNextOption, help: "Older schema files (or folders of them) to check NEW against, oldest first.")
    var against: [String] = []
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (1...2).contains(files.count) else { throw ValidationError("give one contract file, or OLD and NEW") }
        if !against.isEmpty && files.count != 1 { throw ValidationError("--against takes one NEW file") }
        if files.count == 1 && against.isEmpty && mode != nil {
            throw ValidationError("--mode applies to OLD NEW and --against; a dry run uses the contract's configured mode")
        }
    }

    func run() async throws {
        do {
            try await withExitCodes {
                if !against.isEmpty {
                    try await compareHistory()
                } else if files.count == 2 {
                    try await compareFiles()
                } else {
                    try await dryRun()
                }
            }
        } catch let error as CLIError where json && error.exitCode == CLIError.badInputCode {
            // Scripts reading --json get JSON whatever happens; the message still goes to stderr.
            print(try Output.json(InputFailure(error: error.message, exitCode: error.exitCode)))
            throw error
        }
    }

    struct InputFailure: Encodable {
        var accepted = false
        var error: String
        var exitCode: Int32
    }

    // MARK: OLD NEW

    struct PairResult: Encodable {
        var compatible: Bool
        var mode: String
        var old: String
        var new: String
        var incompatibilities: [VersionedIncompatibility]
        /// Every change with its grade and required bump (ODCS pairs only).
        var changes: [ClassifiedChange]?
        /// The least bump the changes need (ODCS pairs only).
        var requiredBump: String?
        var reasons: [String]?
    }

    private func chosenMode() throws -> CompatibilityMode {
        guard let mode else { return .default }
        guard let parsed = CompatibilityMode(parsing: mode) else {
            throw CLIError.badInput("--mode '\(mode)' is not one of \(CompatibilityMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return parsed
    }

    // MARK: NEW --against OLDER...

    struct HistoryResult: Encodable {
        var compatible: Bool
        var mode: String
        var new: String
        var against: [String]
        var compared: [String]
        var findings: [Finding]

        struct Finding: Encodable {
            var older: String
            var direction: String
            var ruleId: String
            var path: String
            var message: String
        }
    }

    /// The older files, folders expanded to their schema files sorted by name.
    private func olderFiles() throws -> [String] {
        var result: [String] = []
        for path in against {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CLIError.badInput("\(path): no such file or folder")
            }
            guard isFolder.boolValue else { result.append(path); continue }
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { name in
                let lowered = name.lowercased()
                return [".avsc", ".json", ".yaml", ".yml"].contains { lowered.hasSuffix($0) }
            }
            result += names.sorted().map { (path as NSString).appendingPathComponent($0) }
        }
        guard !result.isEmpty else { throw CLIError.badInput("--against names no schema files") }
        return result
    }

    private func compareHistory() async throws {
        let chosen = try chosenMode()
        let new = try SchemaFile.read(files[0])
        let older = try olderFiles()
        // Prepared once for every older schema it is checked against.
        var preparedNew: PreparedSchema?
        // Transitive modes check every older schema; the others the latest (last) only.
        let compared = chosen.isTransitive ? older : [older[older.count - 1]]
        var findings: [HistoryResult.Finding] = []
        // Read a slice at a time: both cores parse, and memory holds one slice, not the whole history.
        var olderSchemas: [SchemaFile] = []
        for (offset, path) in compared.enumerated() {
            if offset % 64 == 0 { olderSchemas = try await SchemaFile.readAll(Array(compared[offset..<min(offset + 64, compared.count)])) }
            let old = olderSchemas[offset % 64]
            var incompatibilities: [VersionedIncompatibility]
            if case .contract(let newObjects) = new.content, case .contract(let oldObjects) = old.content {
                let version = old.version ?? SemanticVersion(major: 1, minor: 0, patch: 0)
                incompatibilities = CompatibilityChecker.check(new: newObjects, against: [(version, oldObjects)], mode: chosen,
                                                               newVersion: new.version).incompatibilities
            } else {
                let oldType = try old.singleType()
                let prepared = try preparedNew ?? PreparedSchema(new.singleType())
                preparedNew = prepared
                incompatibilities = SchemaFile.plainAvroVerdict(old: PreparedSchema(oldType), new: prepared,
                                                                oldVersion: SemanticVersion(major: 1, minor: 0, patch: 0),
                                                                newVersion: SemanticVersion(major: 1, minor: 1, patch: 0), mode: chosen).incompatibilities
            }
            for finding in incompatibilities {
                let item = finding.incompatibility
                findings.append(.init(older: path, direction: finding.direction.rawValue, ruleId: item.ruleId.rawValue, path: item.path,
                                      message: item.message))
            }
        }
        let result = HistoryResult(compatible: findings.isEmpty, mode: chosen.rawValue, new: files[0], against: older,
                                   compared: compared, findings: findings)
        if json {
            print(try Output.json(result))
        } else {
            print(result.compatible
                  ? "compatible under \(chosen.rawValue): \(files[0]) against \(compared.count) older schema(s)"
                  : "INCOMPATIBLE under \(chosen.rawValue): \(files[0]) against \(compared.count) older schema(s)")
            for finding in findings {
                print("  \(finding.older): \(finding.direction) \(finding.ruleId) at \(finding.path.isEmpty ? "(root)" : finding.path): \(finding.message)")
            }
        }
        if !result.compatible { throw CLIError(exitCode: CLIError.ruleCode, message: "incompatible under \(chosen.rawValue) (\(findings.count) finding(s))") }
    }

    // MARK: OLD NEW

    private func compareFiles() async throws {
        let chosen = try chosenMode()
        let pair = try await SchemaFile.readAll([files[0], files[1]])
        // The process exits right after the report: hand the files' memory back with it.
        KeptUntilExit.shared.keep(pair)
        let (old, new) = (pair[0], pair[1])
        let oldVersion = old.version ?? SemanticVersion(major: 1, minor: 0, patch: 0)
        let newVersion = new.version ?? SemanticVersion(major: 2, minor: 0, patch: 0)
        var result: PairResult
        if let oldContract = old.contract, let newContract = new.contract {
            // Contracts: the whole promise (schema, rules, SLA, every field), whatever versions they declare.
            var candidate = newContract
            candidate.version = newVersion
            var baseline = oldContract
            baseline.version = oldVersion
            // The schema verdict and the change grading are independent: on a large pair each takes a core.
            async let verdict = ContractChangeClassifier.schemaVerdict(from: baseline, to: candidate, mode: chosen, history: [])
            let changes = ContractChangeClassifier.classify(from: baseline, to: candidate, documents: (old.document, new.document),
                                                            rules: .current)
            let decision = ContractChangeClassifier.decision(from: baseline, to: candidate, mode: chosen, verdict: await verdict,
                                                             changes: changes)
            let breaking = decision.computed == .major
            result = PairResult(compatible: !breaking, mode: chosen.rawValue, old: files[0], new: files[1],
                                incompatibilities: decision.incompatibilities, changes: decision.changes,
                                requiredBump: decision.computed.rawValue,
                                reasons: decision.reasons.filter { !$0.hasPrefix("declared ") && !$0.hasPrefix("version ") && !$0.hasPrefix("a new major") })
        } else {
            let verdict = SchemaFile.plainAvroVerdict(old: PreparedSchema(try old.singleType()), new: PreparedSchema(try new.singleType()),
                                                      oldVersion: oldVersion,
                                                      newVersion: newVersion, mode: chosen)
            result = PairResult(compatible: verdict.isCompatible, mode: chosen.rawValue, old: files[0], new: files[1],
                                incompatibilities: verdict.incompatibilities)
        }
        if json {
            print(try Output.json(result))
        } else {
            print(result.compatible
                  ? "compatible under \(chosen.rawValue): \(files[1]) can replace \(files[0])"
                  : "INCOMPATIBLE under \(chosen.rawValue): \(files[1]) cannot replace \(files[0]) without a new major version")
            if let reasons = result.reasons {
                for reason in reasons { print("  \(reason)") }
            } else {
                for finding in result.incompatibilities {
                    let item = finding.incompatibility
                    print("  \(finding.direction) \(item.ruleId.rawValue) at \(item.path.isEmpty ? "(root)" : item.path): reader \(item.readerType), writer \(item.writerType): \(item.message)")
                }
            }
        }
        if !result.compatible { throw CLIError(exitCode: CLIError.ruleCode, message: "incompatible under \(chosen.rawValue)") }
    }

    // MARK: FILE (dry run)

    private func dryRun() async throws {
        let file = try ContractFiles.read(files[0], defaults: try defaults.resolved())
        let command = LedgerCommand.publishContract(file.contract, document: file.document, original: file.original)
        let snapshot = try await ledger.openForReading()?.focusedSnapshot(for: [command]) ?? LedgerSnapshot()
        // The same use case as the HTTP API's check (`POST /api/contracts/check`).
        let run = PublishDryRun(contract: file.contract, document: file.document, original: file.original, snapshot: snapshot)
        let result = run.check
        let (decision, rejection) = (run.decision, run.rejection)
        if json {
            print(try Output.json(result))
        } else {
            if let previous = result.previousVersion {
                print("\(file.contract.id): \(previous) → \(file.contract.version)")
                if let decision {
                    // The reasons hold every change once, with its bump, grade and why.
                    print("mode \(decision.mode.rawValue): computed \(decision.computed.rawValue), declared \(decision.declared.rawValue)")
                    for reason in decision.reasons { print("  \(reason)") }
                } else {
                    for change in result.changes { print("  \(change)") }
                }
            } else {
                print("\(file.contract.id) \(file.contract.version): a new contract (first version)")
            }
            for impact in result.consumerImpacts { print("breaks \(impact)") }
            print(rejection.map { "would be REJECTED: \($0.message)" } ?? "would be accepted (nothing was written)")
        }
        if let rejection { throw CLIError(exitCode: CLIError.ruleCode, message: "publish would be rejected (\(rejection.code))") }
    }
}
