import ArgumentParser
import DCLApplication
import DCLDomain
import DCLProjections
import Foundation

struct ConsumerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consumer",
        abstract: "Register who reads a contract (and which properties), so changes name the consumers they break.",
        discussion: """
        Subscriptions are ledger events. `dcl check` and `dcl publish` then name every subscribed consumer a \
        change breaks, at field level; a policy with `consumers: { approvalForBreaking: true }` refuses such a \
        version until each broken consumer signs it off with `dcl approve`.

        Examples:
          dcl consumer subscribe sales.revenue_metrics --consumer finance-reporting --fields revenue_metrics.order_count,revenue
          dcl consumer list sales.revenue_metrics
          dcl consumer notifications --consumer finance-reporting
          dcl consumer unsubscribe sales.revenue_metrics --consumer finance-reporting
        """,
        subcommands: [ConsumerSubscribeCommand.self, ConsumerUnsubscribeCommand.self, ConsumerListCommand.self, NotificationsCommand.self])
}

struct ConsumerSubscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribe",
        abstract: "Record that a consumer reads a contract (recorded as ConsumerSubscribed; again to change fields).",
        discussion: """
        --fields names the properties read, as object.property paths or bare property names (default: every \
        property). --major pins the consumer to one major version: a new major does not break it. \
        --consumer-domain names the consumer's own domain, for the cross-domain metrics.

        Examples:
          dcl consumer subscribe sales.revenue_metrics --consumer finance-reporting --fields order_count,revenue --consumer-domain finance
          dcl consumer subscribe sales.crm_orders --consumer churn-model --major 1
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The contract id.") var id: String
    @Option(help: "The consumer's name (a team, job or application).") var consumer: String
    @Option(help: "Comma-separated properties read (object.property or property); default: all.") var fields: String?
    @Option(help: "The major version the consumer reads.") var major: Int?
    @Option(help: "The consumer's own domain.") var consumerDomain: String?

    func run() async throws {
        try await withExitCodes {
            let list = (fields ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let consumerDomain, DomainName(consumerDomain) == nil {
                throw CLIError.badInput("--consumer-domain '\(consumerDomain)' is not a domain name")
            }
            try await record(.subscribeConsumer(ConsumerSubscribed(contractId: try Output.parseContractID(id), consumer: consumer, fields: list,
                                                                   major: major, consumerDomain: consumerDomain)), ledger: ledger, actor: actor)
        }
    }
}

struct ConsumerUnsubscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsubscribe",
        abstract: "Record that a consumer no longer reads a contract (recorded as ConsumerUnsubscribed).",
        discussion: """
        Examples:
          dcl consumer unsubscribe sales.revenue_metrics --consumer finance-reporting --reason "moved to finance.ledger"
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The contract id.") var id: String
    @Option(help: "The consumer's name.") var consumer: String
    @Option(help: "Why.") var reason: String?

    func run() async throws {
        try await record(.unsubscribeConsumer(ConsumerUnsubscribed(contractId: try Output.parseContractID(id), consumer: consumer, reason: reason)),
                         ledger: ledger, actor: actor)
    }
}

struct ConsumerListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "A contract's consumers: what they read, their major version, the versions they signed off.",
        discussion: """
        Examples:
          dcl consumer list sales.revenue_metrics --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "The contract id.") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await withExitCodes {
            let contract = try Output.parseContractID(id)
            let consumers = try await ledger.openForReading()?.consumers(of: contract).values.sorted { $0.consumer < $1.consumer } ?? []
            if json { print(try Output.json(consumers)); return }
            if consumers.isEmpty { print("no consumer subscribes to \(contract)"); return }
            print(Output.table(["consumer", "reads", "major", "domain", "signed off"], consumers.map {
                [$0.consumer, $0.fields.isEmpty ? "(every property)" : $0.fields.joined(separator: ", "), $0.major.map(String.init) ?? "any",
                 $0.consumerDomain ?? "", $0.approvedVersions.map(\.description).joined(separator: ", ")]
            }))
        }
    }
}

struct NotificationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "Notices for consumers: versions with breaking changes and deprecations (the notifications read model).",
        discussion: """
        Examples:
          dcl consumer notifications
          dcl consumer notifications --consumer finance-reporting --json
          dcl consumer notifications --contract sales.revenue_metrics
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Option(help: "Only this contract's notices.") var contract: String?
    @Option(help: "Only the notices that concern this consumer.") var consumer: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await withExitCodes {
            let id = try contract.map(Output.parseContractID)
            let notices = try await withGovernance(store, ledger) { try await $0.notifications(contract: id, consumer: consumer) }
            if json { print(try Output.json(notices)); return }
            if notices.isEmpty { print("no notifications"); return }
            for notice in notices {
                print("#\(notice.position) \(notice.recordedAt) \(notice.kind.rawValue) \(notice.contractId) \(notice.version)"
                      + (notice.consumers.isEmpty ? "" : " → \(notice.consumers.joined(separator: ", "))"))
                print("  \(notice.message)")
            }
        }
    }
}

struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "A consumer signs off a version before it is published (recorded as ConsumerApproved).",
        discussion: """
        Needed when a policy in force has `consumers: { approvalForBreaking: true }` and the version breaks what \
        the consumer reads: `dcl publish` names the consumers and this command.

        Examples:
          dcl approve sales.revenue_metrics --version 2.0.0 --consumer finance-reporting
          dcl approve sales.revenue_metrics --version 2.0.0 --consumer finance-reporting --note "migrated in FIN-123"
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The contract id.") var id: String
    @Option(help: "The version to be published.") var version: String
    @Option(help: "The subscribed consumer signing off.") var consumer: String
    @Option(help: "A note kept with the sign-off.") var note: String?

    func run() async throws {
        try await withExitCodes {
            guard let parsed = SemanticVersion(version) else { throw CLIError.badInput("--version '\(version)' is not a semantic version (2.0.0)") }
            try await record(.approveVersion(ConsumerApproved(contractId: try Output.parseContractID(id), version: parsed, consumer: consumer, note: note)),
                             ledger: ledger, actor: actor)
        }
    }
}
