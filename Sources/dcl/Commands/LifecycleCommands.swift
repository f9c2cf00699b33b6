import ArgumentParser
import DCLApplication
import DCLDomain
import DCLEventLog

/// Runs one command against the ledger and prints what it recorded.
func record(_ command: LedgerCommand, ledger: LedgerOptions, actor: ActorOptions, occurredAt: Timestamp? = nil,
            maxClockSkew: TimeSpan = ObservationClock.defaultMaximumSkew) async throws {
    try await withExitCodes {
        var service = try ledger.openService()
        service.maxClockSkew = maxClockSkew
        let outcome = try await service.execute([command], actor: try actor.resolved(), occurredAt: occurredAt)
        for stored in outcome.recorded {
            let event = try EventCodec.recorded(stored).event
            print("recorded \(stored.envelope.stream)#\(stored.envelope.sequence) \(stored.envelope.type): \(EventSummary.text(for: event))")
        }
    }
}

struct DeprecateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deprecate",
        abstract: "Announce the end of a contract (status → deprecated). Consumers see the reason.",
        discussion: """
        A deprecated contract takes no new versions; it can be retired, or, if the deprecation was a mistake, \
        reactivated with `dcl reactivate`.

        Examples:
          dcl deprecate sales.orders --reason "use sales.orders_v2 from 2027-01-01"
          dcl --actor ana@company.com deprecate sales.orders --reason "replaced by sales.orders_v2"
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The contract id.") var id: String
    @Option(help: "Why, and what consumers should use instead.") var reason: String

    func run() async throws {
        try await record(.deprecateContract(try Output.parseContractID(id), reason: reason), ledger: ledger, actor: actor)
    }
}

struct RetireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Retire a deprecated contract (status → retired). Terminal: it takes no more versions or results.",
        discussion: """
        Only a deprecated contract can be retired, and retirement cannot be undone.

        Examples:
          dcl retire sales.orders
          dcl retire sales.orders --reason "last consumer moved on 2027-02-01"
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The contract id.") var id: String
    @Option(help: "An optional note for the audit trail.") var reason: String?

    func run() async throws {
        try await record(.retireContract(try Output.parseContractID(id), reason: reason), ledger: ledger, actor: actor)
    }
}

struct TransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Transfer a data product to a new owner.",
        discussion: """
        Examples:
          dcl transfer sales.orders --owner finance-de@company.com
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The contract id.") var id: String
    @Option(help: "The new owner's e-mail.") var owner: String

    func run() async throws {
        guard let email = EmailAddress(owner) else { throw CLIError.badInput("--owner '\(owner)' is not an e-mail address") }
        try await record(.transferOwnership(try Output.parseContractID(id), newOwner: email), ledger: ledger, actor: actor)
    }
}

struct DomainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domain",
        abstract: "Manage business domains.",
        subcommands: [DomainRegisterCommand.self])
}

struct DomainRegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register a business domain with its owner team and default SLA and quality threshold.",
        discussion: """
        Publishing a contract in an unregistered domain registers it implicitly with the contract's owner and SLA.

        Examples:
          dcl domain register sales --owner-team sales-engineering
          dcl domain register marketing --owner-team marketing-de --sla-hours 2 --quality-threshold 0.995
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The domain name (e.g. sales).") var name: String
    @Option(help: "The team that owns the domain (e.g. sales-engineering).") var ownerTeam: String
    @Option(help: "Default SLA hours for its products.") var slaHours: Int = 4
    @Option(help: "Default quality threshold, between 0 and 1.") var qualityThreshold: String = "0.99"
    @Option(help: "What the domain covers.") var description: String?

    func run() async throws {
        guard let domain = DomainName(name) else { throw CLIError.badInput("'\(name)' is not a domain name") }
        guard let threshold = NumericLiteral(qualityThreshold), (0...1).contains(threshold.doubleValue) else {
            throw CLIError.badInput("--quality-threshold '\(qualityThreshold)' must be a number between 0 and 1")
        }
        guard slaHours >= 0 else { throw CLIError.badInput("--sla-hours must not be negative") }
        try await record(.registerDomain(DomainRegistered(domain: domain, ownerTeam: ownerTeam, description: description,
                                                          slaHours: slaHours, qualityThreshold: threshold)),
                         ledger: ledger, actor: actor)
    }
}
