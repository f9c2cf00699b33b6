import ArgumentParser
import DCLApplication
import DCLDomain
import DCLProjections

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every event of a contract: what changed, when, by whom, and whether it took effect.",
        discussion: """
        --json prints an array with one object per event: sequence, type, version, actor, occurredAt, \
        recordedAt, summary, changes, outcome and hash.

        Examples:
          dcl history sales.revenue_metrics
          dcl history sales.revenue_metrics --json | jq '.[] | select(.type == "SchemaChanged")'
        """
    )

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Argument(help: "The contract id.") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await withExitCodes {
            let contractID = try Output.parseContractID(id)
            let entries = try await withReadModels(store, ledger) { try await $0.timeline(of: contractID) }
            if entries.isEmpty { throw CLIError.rejected("no contract '\(contractID)' in the ledger at \(ledger.description)") }
            print(json ? try Output.json(entries) : Renderers.history(entries))
        }
    }
}
