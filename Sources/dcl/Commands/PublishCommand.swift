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
        Every file is read and validated first: one bad file (exit 2) records nothing. Each version
        is then diffed against the contract's latest version and decided by the ledger's rules
        (version must increase, status only moves forward…); if any is rejected (exit 1) nothing
        is recorded and the ledger file is left unchanged.
        """
    )

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "ODCS v3.1 YAML contract files.") var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one contract file") }
    }

    func run() async throws {
        try await withExitCodes {
            var commands: [LedgerCommand] = []
            for file in files {
                let result = try ContractFiles.read(file)
                commands.append(.publishContract(result.contract, document: result.document))
            }
            let who = try actor.resolved()
            let outcome = try await ledger.openService().execute(commands, actor: who)
            for stored in outcome.recorded {
                let event = try EventCodec.recorded(stored).event
                print("recorded \(stored.envelope.stream)#\(stored.envelope.sequence) \(stored.envelope.type): \(EventSummary.text(for: event))")
            }
        }
    }
}

/// Reading contract files with errors that name the file.
enum ContractFiles {
    static func read(_ file: String) throws -> ODCSReadResult {
        let limits = try DocumentLimitSettings.resolve()
        let text = try InputFile.readText(file, maxBytes: limits.maxDocumentBytes)
        do { return try ODCSReader.read(yaml: text, file: file, limits: limits) } catch { throw CLIError.badInput(error.description) }
    }
}
