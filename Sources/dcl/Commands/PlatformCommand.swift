import ArgumentParser
import DCLApplication
import DCLDomain
import Foundation

struct PlatformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "platform",
        abstract: "Self-serve platform requests: what a domain team asked for, and what was decided (events).",
        discussion: """
        The seed's PlatformRequest as a lifecycle of events: requested → approved | rejected → provisioned. The \
        provisioning itself happens outside dcl; the ledger keeps what was asked, by whom, and what was decided. \
        The compute tiers are data: `dcl platform tiers`.

        Examples:
          dcl platform request --domain marketing --product campaign_performance --tier medium --storage 100 --schedule "0 6 * * *"
          dcl platform approve pr-1a2b3c4d --reason "within budget"
          dcl platform provisioned pr-1a2b3c4d --note "bucket data-product-marketing-campaign_performance"
          dcl platform list
        """,
        subcommands: [PlatformRequestCommand.self, PlatformApproveCommand.self, PlatformRejectCommand.self, PlatformProvisionedCommand.self,
                      PlatformListCommand.self, PlatformTiersCommand.self])

    static func tier(_ text: String) throws -> ComputeTier {
        guard let tier = ComputeTier(rawValue: text.lowercased()) else {
            throw CLIError.badInput("--tier '\(text)' is not one of \(ComputeTier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return tier
    }
}

struct PlatformRequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Ask the platform for a data product's infrastructure (recorded as PlatformRequested); prints the request id.",
        discussion: """
        --storage defaults to the tier's storage (see `dcl platform tiers`) and may be at most ten times it.

        Examples:
          dcl platform request --domain marketing --product campaign_performance --tier medium --storage 100
          dcl platform request --domain sales --product orders --tier small --owner sales-de@company.com
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: "The requesting domain.") var domain: String
    @Option(help: "The data product.") var product: String
    @Option(help: "Compute tier: x-small, small, medium, large, x-large.") var tier: String
    @Option(help: "Storage in GB (default: the tier's).") var storage: Int?
    @Option(help: "Pipeline schedule (cron).") var schedule: String?
    @Option(help: "Owner e-mail.") var owner: String?

    func run() async throws {
        try await withExitCodes {
            let chosen = try PlatformCommand.tier(tier)
            guard DomainName(domain) != nil else { throw CLIError.badInput("--domain '\(domain)' is not a domain name") }
            if let owner, EmailAddress(owner) == nil { throw CLIError.badInput("--owner '\(owner)' is not an e-mail address") }
            let id = "pr-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8)
            try await record(.requestPlatform(PlatformRequested(requestId: id, domain: domain, product: product, tier: chosen,
                                                                storageGB: storage ?? chosen.defaultStorageGB, schedule: schedule, ownerEmail: owner)),
                             ledger: ledger, actor: actor)
            print("request id: \(id)")
        }
    }
}

struct PlatformApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a platform request (requested → approved).",
        discussion: "Examples:\n  dcl platform approve pr-1a2b3c4d --reason \"within budget\"")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The request id.") var id: String
    @Option(help: "Why.") var reason: String?

    func run() async throws {
        try await record(.decidePlatformRequest(PlatformRequestDecided(requestId: id, approved: true, reason: reason)), ledger: ledger, actor: actor)
    }
}

struct PlatformRejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject a platform request (requested → rejected), with a reason the team can act on.",
        discussion: "Examples:\n  dcl platform reject pr-1a2b3c4d --reason \"use tier small: the data is 2 GB\"")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The request id.") var id: String
    @Option(help: "Why, and what to ask for instead.") var reason: String

    func run() async throws {
        try await record(.decidePlatformRequest(PlatformRequestDecided(requestId: id, approved: false, reason: reason)), ledger: ledger, actor: actor)
    }
}

struct PlatformProvisionedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provisioned", abstract: "Record that an approved request's infrastructure exists (approved → provisioned).",
        discussion: "Examples:\n  dcl platform provisioned pr-1a2b3c4d --note \"cluster marketing-wh-medium\"")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The request id.") var id: String
    @Option(help: "Where it lives.") var note: String?

    func run() async throws {
        try await record(.markProvisioned(PlatformProvisioned(requestId: id, note: note)), ledger: ledger, actor: actor)
    }
}

struct PlatformListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every platform request: what was asked, by whom, and where it stands.",
        discussion: "Examples:\n  dcl platform list\n  dcl platform list --json")

    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await withExitCodes {
            let requests = try await ledger.openForReading()?.platformRequests().values.sorted { $0.requestedAt < $1.requestedAt } ?? []
            if json { print(try Output.json(requests)); return }
            if requests.isEmpty { print("no platform requests (ask with: dcl platform request --domain D --product P --tier T)"); return }
            print(Output.table(["id", "domain", "product", "tier", "GB", "status", "requested by", "decided by", "reason"], requests.map {
                [$0.request.requestId, $0.request.domain, $0.request.product, $0.request.tier.rawValue, String($0.request.storageGB),
                 $0.status.rawValue, $0.requestedBy, $0.decidedBy ?? "", $0.reason ?? ""]
            }))
        }
    }
}

struct PlatformTiersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiers", abstract: "The seed's compute tiers as data: storage and freshness each gives.",
        discussion: "Examples:\n  dcl platform tiers")

    func run() async throws {
        print(Output.table(["tier", "default GB", "max GB", "freshness", "cluster"], ComputeTier.allCases.map {
            [$0.rawValue, String($0.defaultStorageGB), String($0.maxStorageGB), "\($0.freshnessHours)h", $0.cluster(for: "DOMAIN")]
        }))
    }
}
