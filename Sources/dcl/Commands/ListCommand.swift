import ArgumentParser
import DCLApplication
import DCLDomain
import DCLProjections

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
    @OptionGroup var store: StoreOptions
    @Option(help: "Only this domain's products.") var domain: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await withExitCodes {
            var filter: DomainName?
            if let domain {
                guard let name = DomainName(domain) else { throw CLIError.badInput("--domain '\(domain)' is not a domain name") }
                filter = name
            }
            let entries = try await withReadModels(store, ledger) { try await $0.catalog(CatalogFilter(domain: filter?.rawValue)) }
            print(json ? try Output.json(entries) : Renderers.catalog(entries))
        }
    }
}
