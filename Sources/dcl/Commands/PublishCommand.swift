import ArgumentParser
import DCLApplication
import DCLDomain
import DCLEventLog
import DCLODCS
import Foundation

struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Validate ODCS contract files and record them as new versions.",
        discussion: """
        Every file is read and validated first: one bad file (exit 2) records nothing. Each version is then diffed against the contract's latest version and decided by the ledger's rules (the version must increase, the status only moves forward, the changes must fit the declared version bump); if any is rejected (exit 1), nothing is recorded and the ledger file is left unchanged.

        Publishing is safe to repeat, as a GitOps step: a file whose version the ledger already holds with the same content is reported as unchanged and records nothing (exit 0), so a CI job can publish every contract of a repository on every run. Other content under a version the ledger already holds is rejected (exit 1) with what differs; give the changed contract a new version. In a batch, only the changed files are recorded, all of them or none.

        Examples:
          dcl publish orders.odcs.yaml
          dcl publish contracts/*.odcs.yaml --actor ci@company.com
          dcl --ledger shared/ledger.db publish orders.odcs.yaml
        """
    )

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var defaults: ContractDefaultsOptions
    @Argument(help: "ODCS v3.x YAML contract files.") var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one contract file") }
    }

    func run() async throws {
        try await withExitCodes {
            var commands: [LedgerCommand] = []
            var contracts: [DataContract] = []
            for file in files {
                let result = try ContractFiles.read(file, defaults: try defaults.resolved())
                commands.append(.publishContract(result.contract, document: result.document, original: result.original))
                contracts.append(result.contract)
            }
            let who = try actor.resolved()
            let outcome = try await ledger.openService().execute(commands, actor: who)
            for index in outcome.unchanged {
                print("unchanged \(contracts[index].id) \(contracts[index].version) (\(files[index])): already recorded with the same content")
            }
            var impacts: [ConsumerImpact] = []
            for stored in outcome.recorded {
                let event = try EventCodec.recorded(stored).event
                print("recorded \(stored.envelope.stream)#\(stored.envelope.sequence) \(stored.envelope.type): \(EventSummary.text(for: event))")
                if case .schemaChanged(let change) = event {
                    impacts += ConsumerImpact.assess(gradedChanges: change.changes, consumers: outcome.state.consumers[change.contractId] ?? [:],
                                                     contractId: change.contractId, version: change.toVersion)
                }
            }
            // Who this breaks, at field level: the subscribed consumers to tell.
            for impact in impacts { print("breaks \(impact)") }
        }
    }
}

/// Reading contract files with errors that name the file.
enum ContractFiles {
    static func read(_ file: String, defaults: ODCSDefaults = ODCSDefaults()) throws -> ODCSReadResult {
        let limits = try DocumentLimitSettings.resolve()
        let text = try InputFile.readText(file, maxBytes: limits.maxDocumentBytes)
        do { return try ODCSReader.read(yaml: text, file: file, defaults: defaults, limits: limits) } catch { throw CLIError.badInput(error.description) }
    }
}
