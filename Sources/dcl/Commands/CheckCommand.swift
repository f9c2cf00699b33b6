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
        dcl check OLD NEW [--mode M]   Compare two schemas under a mode, whatever their declared versions.
                                       Files are ODCS contracts (.yaml/.yml) or Avro schemas (.avsc/.json).
                                       Avro files are judged by Apache Avro's resolution rules alone; ODCS
                                       contracts also by the stricter contract rules (docs/compatibility.md).
        dcl check FILE                 Would `dcl publish FILE` be accepted? Prints the changes, the computed
                                       and declared bump and the reasons. Writes nothing.

        Modes: NONE, BACKWARD (default), BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE
        (case-insensitive; '-' and '_' alike). Exit 0 compatible/accepted, 1 incompatible/rejected, 2 bad input.
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var defaults: ContractDefaultsOptions
    @Argument(help: "One contract file (dry run), or OLD and NEW schema files.") var files: [String]
    @Option(help: "Compatibility mode for OLD NEW (default BACKWARD).") var mode: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (1...2).contains(files.count) else { throw ValidationError("give one contract file, or OLD and NEW") }
        if files.count == 1 && mode != nil { throw ValidationError("--mode applies to OLD NEW; a dry run uses the contract's configured mode") }
    }

    func run() async throws {
        try await withExitCodes {
            if files.count == 2 { try compareFiles() } else { try await dryRun() }
        }
    }

    // MARK: OLD NEW

    struct PairResult: Encodable {
        var compatible: Bool
        var mode: String
        var old: String
        var new: String
        var incompatibilities: [VersionedIncompatibility]
    }

    private func compareFiles() throws {
        var chosen = CompatibilityMode.default
        if let mode {
            guard let parsed = CompatibilityMode(parsing: mode) else {
                throw CLIError.badInput("--mode '\(mode)' is not one of \(CompatibilityMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            chosen = parsed
        }
        let old = try SchemaFile.read(files[0])
        let new = try SchemaFile.read(files[1])
        let oldVersion = old.version ?? SemanticVersion(major: 1, minor: 0, patch: 0)
        let newVersion = new.version ?? SemanticVersion(major: 2, minor: 0, patch: 0)
        let verdict: CompatibilityVerdict
        switch (old.content, new.content) {
        case (.contract(let oldObjects), .contract(let newObjects)):
            verdict = CompatibilityChecker.check(new: newObjects, against: [(oldVersion, oldObjects)], mode: chosen, newVersion: newVersion)
        default:
            verdict = SchemaFile.plainAvroVerdict(old: try old.singleType(), new: try new.singleType(), oldVersion: oldVersion,
                                                  newVersion: newVersion, mode: chosen)
        }
        let result = PairResult(compatible: verdict.isCompatible, mode: chosen.rawValue, old: files[0], new: files[1],
                                incompatibilities: verdict.incompatibilities)
        if json {
            print(try Output.json(result))
        } else if verdict.isCompatible {
            print("compatible under \(chosen.rawValue): \(files[1]) can replace \(files[0])")
        } else {
            print("INCOMPATIBLE under \(chosen.rawValue): \(files[1]) cannot replace \(files[0])")
            for finding in verdict.incompatibilities {
                let item = finding.incompatibility
                print("  \(finding.direction) \(item.ruleId.rawValue) at \(item.path.isEmpty ? "(root)" : item.path): reader \(item.readerType), writer \(item.writerType): \(item.message)")
            }
        }
        if !verdict.isCompatible { throw CLIError(exitCode: CLIError.ruleCode, message: "incompatible (\(verdict.incompatibilities.count) finding(s))") }
    }

    // MARK: FILE (dry run)

    struct DryRun: Encodable {
        var accepted: Bool
        var contractId: String
        var version: String
        var previousVersion: String?
        var mode: String?
        var computedBump: String?
        var declaredBump: String?
        var changes: [ContractChange]
        var reasons: [String]
        var rejection: String?
    }

    private func dryRun() async throws {
        let file = try ContractFiles.read(files[0], defaults: try defaults.resolved())
        let command = LedgerCommand.publishContract(file.contract, document: file.document, original: file.original)
        let snapshot = try await ledger.openForReading()?.focusedSnapshot(for: [command]) ?? LedgerSnapshot()
        let existing = snapshot.state.contracts[file.contract.id]
        let decision = Ledger.dryRun(file.contract, state: snapshot.state)
        var rejection: LedgerRejection?
        do { _ = try Ledger.decide(command, state: snapshot.state) } catch { rejection = error }
        let changes = existing.map { ContractDiff.changes(from: $0.latest, to: file.contract) } ?? []
        let result = DryRun(accepted: rejection == nil, contractId: file.contract.id.rawValue, version: file.contract.version.description,
                            previousVersion: existing?.latestVersion.description, mode: decision?.mode.rawValue,
                            computedBump: decision?.computed.rawValue, declaredBump: decision?.declared.rawValue,
                            changes: changes, reasons: decision?.reasons ?? [], rejection: rejection?.description)
        if json {
            print(try Output.json(result))
        } else {
            if let existing {
                print("\(file.contract.id): \(existing.latestVersion) → \(file.contract.version)")
                for change in changes { print("  \(change)") }
                if let decision {
                    print("mode \(decision.mode.rawValue): computed \(decision.computed.rawValue), declared \(decision.declared.rawValue)")
                    for reason in decision.reasons { print("  \(reason)") }
                }
            } else {
                print("\(file.contract.id) \(file.contract.version): a new contract (first version)")
            }
            print(rejection.map { "would be REJECTED: \($0.message)" } ?? "would be accepted (nothing was written)")
        }
        if let rejection { throw CLIError(exitCode: CLIError.ruleCode, message: "publish would be rejected (\(rejection.code))") }
    }
}
