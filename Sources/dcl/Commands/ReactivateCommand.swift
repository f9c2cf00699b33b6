import ArgumentParser
import DCLDomain

/// `dcl reactivate ID --reason R`: takes back a deprecation, recorded as a `ContractReactivated` event.
struct ReactivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reactivate",
        abstract: "Take back a deprecation (status deprecated → the status its latest version was published with).",
        discussion: """
        For a deprecation that was a mistake, or whose replacement fell through. The contract returns to the status its latest version was published with (usually active) and takes new versions and quality results again. The deprecation is not erased: both events stay in the history, and consumers see the reason given here. A retired contract cannot be reactivated; retirement is final.

        Examples:
          dcl reactivate sales.orders --reason "deprecated by mistake; orders_v2 is not ready"
          dcl history sales.orders
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The contract id.") var id: String
    @Option(help: "Why, for the consumers who saw the deprecation.") var reason: String

    func run() async throws {
        try await record(.reactivateContract(try Output.parseContractID(id), reason: reason), ledger: ledger, actor: actor)
    }
}
