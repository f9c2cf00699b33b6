import DCLApplication
import DCLDomain
import DCLEventLog
import Foundation

/// The mixed ledger the read-model conformance checks project: every kind of event a store folds
/// (domains, publishes with a breaking change, deprecation, reactivation, retirement, ownership,
/// quality results and a run, consumers, policies adopted and retired, compatibility settings at
/// every scope, tokens, platform requests), written through a real `LedgerService` with a clock
/// and event ids that are counters, so every build of it is the same events, byte for byte.
///
/// Laid out over partitions (`PartitionedMemoryLog`), the global events fall in several
/// partitions. No consumer subscribes to a contract that later breaks or is deprecated: which
/// consumers a notification names depends on whether the subscription (another partition) was
/// folded first, which projectors owning different partitions do not agree on.
///
/// ```swift
/// let log = MemoryEventLog()
/// try await ReferenceLedger.write(to: log)
/// let events = try await log.readAll()
/// ```
public enum ReferenceLedger {
    static let start: Int64 = 1_764_000_000_000

    /// Writes the whole ledger to `log` (which must be empty).
    public static func write(to log: any EventLog) async throws {
        try await write(commands, to: log, first: 0)
    }

    /// Writes the commands from `first` on, as the same service would have: a service's clock and
    /// ids continue from that command, so the two halves of `write(_:to:first:)` make the events
    /// `write(to:)` makes.
    public static func write(_ commands: [(actor: String, command: LedgerCommand)], to log: any EventLog, first: Int) async throws {
        for index in commands.indices where index >= first {
            let counter = IDCounter(prefix: "ref-\(index)-")
            let service = LedgerService(log: log, now: { Timestamp(millisecondsSinceEpoch: start + Int64(index + 1) * 60_000) },
                                        newEventID: counter.next)
            try await service.execute([commands[index].command], actor: commands[index].actor)
        }
    }

    /// The ledger's commands, in order, with who gave them. Command *i* is recorded at minute *i* + 1.
    public static var commands: [(actor: String, command: LedgerCommand)] {
        let orders = ContractID("sales.orders")!
        let revenue = ContractID("sales.revenue")!
        let customers = ContractID("sales.customers")!
        let leads = ContractID("marketing.leads")!
        let budget = ContractID("finance.budget")!
        var commands: [(actor: String, command: LedgerCommand)] = [
            ("platform", .registerDomain(DomainRegistered(domain: DomainName("sales")!, ownerTeam: "sales-team"))),
            ("platform", .registerDomain(DomainRegistered(domain: DomainName("marketing")!, ownerTeam: "marketing-team", slaHours: 8))),
            ("platform", .registerDomain(DomainRegistered(domain: DomainName("finance")!, ownerTeam: "finance-team"))),
        ]
        for (id, domain) in [("sales.orders", "sales"), ("sales.revenue", "sales"), ("sales.customers", "sales"), ("sales.returns", "sales"),
                             ("marketing.campaigns", "marketing"), ("marketing.leads", "marketing"), ("finance.ledger", "finance"),
                             ("finance.budget", "finance"), ("finance.invoices", "finance"), ("ops.incidents", "ops")] {
            commands.append(("\(domain)-owner", .publishContract(contract(id, domain: domain, version: "1.0.0", channel: true), document: nil)))
        }
        for (minute, passed) in [(1, true), (2, false), (3, true)] {
            commands.append(("bot", .recordQualityCheck(orders, rule: "not_null_date", passed: passed, value: nil, observedAt: at(minute))))
            commands.append(("bot", .recordQualityCheck(revenue, rule: "not_null_date", passed: !passed, value: NumericLiteral("0"),
                                                        observedAt: at(minute))))
        }
        commands += [
            ("bot", .recordQualityCheck(ContractID("finance.ledger")!, rule: "not_null_date", passed: true, value: nil, observedAt: at(4))),
            ("runner", .recordQualityRun(QualityRun(
                contractId: customers, version: nil, runId: "run-1", observedAt: at(5), origin: "dcl:csv",
                results: [QualityRun.Result(rule: "not_null_date", passed: true, value: NumericLiteral("0"), threshold: "mustBe 0",
                                            rowsScanned: 1000, fingerprint: "sha256:aa"),
                          QualityRun.Result(rule: "not_null_revenue", passed: false, value: NumericLiteral("3"), threshold: "mustBe 0",
                                            rowsScanned: 1000, fingerprint: "sha256:bb")]))),
            ("web", .subscribeConsumer(ConsumerSubscribed(contractId: revenue, consumer: "web", fields: ["revenue"], major: nil,
                                                          consumerDomain: "marketing"))),
            ("finance", .subscribeConsumer(ConsumerSubscribed(contractId: revenue, consumer: "finance", fields: ["channel"], major: 1,
                                                              consumerDomain: "finance"))),
            ("sales-owner", .publishContract(contract("sales.orders", domain: "sales", version: "1.1.0", channel: true, extra: true),
                                             document: nil)),
            // Breaking: `channel` is gone (no consumer reads sales.orders).
            ("sales-owner", .publishContract(contract("sales.orders", domain: "sales", version: "2.0.0", channel: false, extra: true),
                                             document: nil)),
            ("marketing-owner", .deprecateContract(leads, reason: "use marketing.campaigns")),
            ("marketing-owner", .reactivateContract(leads, reason: "still read by the CRM")),
            ("finance-owner", .deprecateContract(budget, reason: "moved to finance.ledger")),
            ("finance-owner", .retireContract(budget, reason: "no readers left")),
            ("sales-owner", .transferOwnership(customers, newOwner: EmailAddress("crm@company.com")!)),
            ("council", .configureCompatibility(CompatibilityConfigured(scope: .global, subject: "global", mode: .backward))),
            ("council", .configureCompatibility(CompatibilityConfigured(scope: .domain, subject: "marketing", mode: .full))),
            ("sales-owner", .configureCompatibility(CompatibilityConfigured(scope: .contract, subject: "sales.returns", mode: .none))),
            ("admin", .issueToken(APITokenIssued(tokenId: "tok-1", name: "ci", domains: ["sales"], admin: false,
                                                 secretHash: String(repeating: "ab", count: 32)))),
            ("admin", .issueToken(APITokenIssued(tokenId: "tok-2", name: "ops", domains: [], admin: true,
                                                 secretHash: String(repeating: "cd", count: 32)))),
            ("admin", .revokeToken(id: "tok-1", reason: "rotated")),
            ("finance", .requestPlatform(PlatformRequested(requestId: "req-1", domain: "finance", product: "forecast", tier: .small,
                                                           storageGB: 50, schedule: "daily", ownerEmail: "finance@company.com"))),
            ("platform", .decidePlatformRequest(PlatformRequestDecided(requestId: "req-1", approved: true, reason: nil))),
            ("platform", .markProvisioned(PlatformProvisioned(requestId: "req-1", note: "warehouse schema ready"))),
            ("sales", .requestPlatform(PlatformRequested(requestId: "req-2", domain: "sales", product: "basket", tier: .medium,
                                                         storageGB: 100, schedule: nil, ownerEmail: nil))),
            ("platform", .decidePlatformRequest(PlatformRequestDecided(requestId: "req-2", approved: false, reason: "over budget"))),
            // Policies come after the last undescribed publish (a publish must comply with them).
            ("council", .adoptPolicy(PolicyAdopted(policy: describedPolicy, domain: nil, reason: "discoverability"))),
            ("council", .adoptPolicy(PolicyAdopted(policy: goldPolicy, domain: "marketing", reason: nil))),
            ("finance-owner", .publishContract(contract("finance.ledger", domain: "finance", version: "1.1.0", channel: true, extra: true,
                                                        description: "The general ledger"), document: nil)),
            ("council", .retirePolicy(PolicyRetired(name: "gold", domain: "marketing", reason: "too strict"))),
        ]
        for (minute, passed) in [(30, true), (31, true), (32, false)] {
            commands.append(("bot", .recordQualityCheck(orders, rule: "not_null_date", passed: passed, value: nil, observedAt: at(minute))))
            commands.append(("bot", .recordQualityCheck(ContractID("marketing.campaigns")!, rule: "not_null_date", passed: passed,
                                                        value: nil, observedAt: at(minute))))
        }
        return commands
    }

    static var describedPolicy: Policy {
        var policy = Policy(name: "described")
        policy.require = Policy.Required(description: true)
        return policy
    }

    static var goldPolicy: Policy {
        var policy = Policy(name: "gold")
        policy.allowedTags = ["gold"]
        return policy
    }

    /// A contract of `domain` with a date key, revenue, optionally an optional `channel` and an
    /// `extra` field, not-null rules on the date and the revenue, and a two-hour SLA.
    static func contract(_ id: String, domain: String, version: String, channel: Bool, extra: Bool = false,
                         description: String? = nil) -> DataContract {
        var fields = [FieldSchema(name: "date", type: .date, primaryKey: true),
                      FieldSchema(name: "revenue", type: .decimal(DecimalType(precision: 14, scale: 2)))]
        if channel { fields.append(FieldSchema(name: "channel", type: .string.optional, defaultValue: .null)) }
        if extra { fields.append(FieldSchema(name: "region", type: .string.optional, defaultValue: .null)) }
        var contract = DataContract(id: ContractID(id)!, domain: DomainName(domain)!, dataProduct: String(id.split(separator: ".").last!),
                                    version: SemanticVersion(version)!, owner: EmailAddress("\(domain)@company.com")!, tags: [domain],
                                    schema: [RecordSchema(name: "t", fields: fields)],
                                    quality: [QualityRule(kind: .notNull, object: "t", column: "date"),
                                              QualityRule(kind: .notNull, object: "t", column: "revenue")],
                                    serviceLevel: ServiceLevel(slaHours: 2, freshness: TimeSpan("4h")!))
        contract.description = description
        return contract
    }

    /// An observation time `minute` minutes after the ledger's start (before its records).
    static func at(_ minute: Int) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: start + Int64(minute) * 60_000 - 30_000)
    }
}

/// Event ids `prefix1`, `prefix2`, ... for one command's service.
final class IDCounter: @unchecked Sendable {
    // @unchecked: `value` is only read or written while holding `lock`.
    private let lock = NSLock()
    private var value = 0
    let prefix: String

    init(prefix: String) { self.prefix = prefix }

    @Sendable func next() -> String {
        lock.withLock {
            value += 1
            return prefix + String(value)
        }
    }
}
