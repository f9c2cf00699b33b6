import ArgumentParser
import DCLApplication
import DCLDomain

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the contracts in the ledger (the catalog).",
        discussion: """
        One row per data product: domain, product, contract id, latest version, status, owner, SLA and quality score.

        Examples:
          dcl list
          dcl --ledger team/ledger.db list --domain sales
          dcl list --json
        """
    )

    @OptionGroup var ledger: LedgerOptions
    @Option(help: "Only this domain's products.") var domain: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await withExitCodes {
            var filter: DomainName?
            if let domain {
                guard let name = DomainName(domain) else { throw CLIError.badInput("--domain '\(domain)' is not a domain name") }
                filter = name
            }
            let snapshot = try await ledger.openForReading()?.snapshot() ?? LedgerSnapshot()
            let entries = CatalogEntry.catalog(snapshot.state, domain: filter)
            print(json ? try Output.json(entries) : Renderers.catalog(entries))
        }
    }
}
