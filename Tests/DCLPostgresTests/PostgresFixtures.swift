import DCLApplication
import DCLDomain
import DCLEventLog
import DCLPostgres
import DCLProjections
import DCLSQLite
import DCLTestSupport
import Foundation

/// Ledgers, stores and projection drivers the PostgreSQL store's tests share.
enum PostgresFixtures {
    final class Folder: Sendable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-pg-\(UUID().uuidString)")
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    final class Clock: @unchecked Sendable {
        // Guarded by `lock`; shared by the service's @Sendable clock closure.
        private let lock = NSLock()
        private var value: Int64
        init(_ start: Int64) { value = start }
        func tick() -> Timestamp { lock.withLock { value += 60_000; return Timestamp(millisecondsSinceEpoch: value) } }
    }

    static let start: Int64 = 1_764_000_000_000
    static let revenue = ContractID("sales.revenue_metrics")!
    static let refunds = ContractID("sales.refunds")!
    static let campaigns = ContractID("marketing.campaigns")!

    /// A ledger on an embedded log whose clock ticks one minute per command.
    static func service(_ path: String) throws -> LedgerService {
        let clock = Clock(start)
        return LedgerService(log: try SQLiteEventLog(path: path), now: { clock.tick() })
    }

    /// A fresh store in a new database of the test server.
    static func store() async throws -> PostgresReadModelStore {
        try await PostgresReadModelStore(url: try PostgresTestServer.shared().createDatabase())
    }

    static func contract(_ version: String, id: String, channel: Bool = false, name: String? = nil, description: String? = nil,
                         tags: [String]? = nil) -> DataContract {
        let domain = String(id.split(separator: ".")[0])
        var fields = [FieldSchema(name: "date", type: .date, primaryKey: true),
                      FieldSchema(name: "revenue", type: .decimal(DecimalType(precision: 14, scale: 2)))]
        if channel { fields.append(FieldSchema(name: "channel", type: .string.optional, defaultValue: .null)) }
        var contract = DataContract(id: ContractID(id)!, domain: DomainName(domain)!, dataProduct: String(id.split(separator: ".").last!),
                                    version: SemanticVersion(version)!, owner: EmailAddress("\(domain)@company.com")!, tags: tags ?? [domain],
                                    schema: [RecordSchema(name: "t", fields: fields)],
                                    quality: [QualityRule(kind: .notNull, object: "t", column: "date"),
                                              QualityRule(name: "unique_date", kind: .unique, object: "t", column: "date"),
                                              QualityRule(name: "not_null_revenue", kind: .notNull, object: "t", column: "revenue"),
                                              QualityRule(name: "row \"count\"", kind: .rowCount(min: 1, max: nil), object: "t")],
                                    serviceLevel: ServiceLevel(slaHours: 2, freshness: TimeSpan("4h")!))
        if let name { contract.name = name }
        contract.description = description
        return contract
    }

    static func check(_ id: ContractID, _ passed: Bool, at minute: Int64) -> LedgerCommand {
        .recordQualityCheck(id, rule: "not_null_date", passed: passed, value: passed ? nil : NumericLiteral("3"),
                            observedAt: Timestamp(millisecondsSinceEpoch: start + minute * 60_000))
    }

    static func run(_ id: ContractID, _ runId: String, at minute: Int64, results: [(Bool, Int64?, String?)]) -> LedgerCommand {
        .recordQualityRun(QualityRun(
            contractId: id, version: nil, runId: runId, observedAt: Timestamp(millisecondsSinceEpoch: start + minute * 60_000), origin: "postgres",
            results: results.enumerated().map { index, result in
                QualityRun.Result(rule: ruleNames[index], passed: result.0, value: NumericLiteral(result.0 ? "0" : "2"), threshold: "= 0",
                                  rowsScanned: result.1, fingerprint: result.2)
            }))
    }

    static let ruleNames = ["not_null_date", "unique_date", "not_null_revenue", "row \"count\""]

    /// Products whose text exercises the search: case, quotes, non-ASCII letters, `%` and `_`,
    /// and enough similar ones for paging.
    static func products() -> [DataContract] {
        var products = [
            contract("1.0.0", id: "sales.orders", name: "Orders", description: "Every ORDER placed online", tags: ["orders", "core"]),
            contract("1.0.0", id: "sales.order_lines", name: "Order lines", description: "One row per line of an order", tags: ["orders"]),
            contract("1.0.0", id: "sales.refunds", name: "Refunds", description: "Money \"returned\" to customers", tags: ["finance"]),
            contract("1.0.0", id: "sales.umsatz", name: "Umsätze", description: "Café Übersicht — Ümlaut test", tags: ["dach", "a/b"]),
            contract("1.0.0", id: "marketing.campaigns", name: "Campaigns", tags: ["ads", "spend"]),
            contract("1.0.0", id: "marketing.ab", name: "AB tests", description: "ab", tags: ["ab"]),
            contract("1.0.0", id: "finance.ledger_export", name: "Ledger export", description: "Monthly close, 100% reconciled",
                     tags: ["finance", "close"]),
        ]
        for index in 0..<14 {
            products.append(contract("1.0.0", id: "sales.load_\(index / 10)_\(index)", description: "Load product \(index)", tags: ["load"]))
        }
        return products
    }

    static let searchTexts = ["order", "ORDER", "or", "o", "\"returned\"", "\"", "umsätze", "ÜMLAUT", "café", "100%", "load_1",
                              "load_1_1", "product 4", "finance", "ab", "abc", "nothing like it", "é", "  ", "_", "%", "order lines",
                              "a/b", "\",\"", "\\"]

    static var filters: [CatalogFilter] {
        var filters = searchTexts.flatMap { [CatalogFilter(text: $0), CatalogFilter(text: $0, domain: "sales")] }
        filters += [CatalogFilter(), CatalogFilter(domain: "marketing"), CatalogFilter(owner: "SALES@company.com"),
                    CatalogFilter(tag: "orders"), CatalogFilter(tag: "a/b"), CatalogFilter(field: "channel"), CatalogFilter(field: "t.date"),
                    CatalogFilter(field: "date"), CatalogFilter(status: .deprecated), CatalogFilter(status: .active),
                    CatalogFilter(text: "REFUND", owner: "finance@company.com"), CatalogFilter(tag: "load", status: .active)]
        return filters
    }

    /// A ledger with every kind of read model: publishes and new versions (one breaking, with
    /// consumers), quality results and runs (one run split over batches), a policy, domains, a
    /// token, an ownership transfer, a deprecation and a retirement.
    static func mixedLedger(_ path: String) async throws -> LedgerService {
        let ledger = try service(path)
        for domain in ["sales", "marketing"] {
            try await ledger.execute([.registerDomain(DomainRegistered(domain: DomainName(domain)!, ownerTeam: "\(domain)-team", slaHours: 4,
                                                                       qualityThreshold: NumericLiteral("0.9")!))], actor: "admin")
        }
        for product in products() { try await ledger.execute([.publishContract(product, document: nil)], actor: "ana") }
        try await ledger.execute([.publishContract(contract("1.0.0", id: revenue.rawValue, channel: true), document: nil)], actor: "ana")
        try await ledger.execute([.subscribeConsumer(ConsumerSubscribed(contractId: revenue, consumer: "finance", fields: ["channel"], major: nil,
                                                                        consumerDomain: "finance"))], actor: "fin")
        try await ledger.execute([.subscribeConsumer(ConsumerSubscribed(contractId: revenue, consumer: "web", fields: ["revenue"], major: nil,
                                                                        consumerDomain: "sales"))], actor: "web")
        try await ledger.execute([check(revenue, true, at: 1)], actor: "bot")
        try await ledger.execute([run(revenue, "run-1", at: 2, results: [(true, 10, "csv:a"), (false, 12, "csv:b"), (true, nil, "csv:a"),
                                                                           (false, 11, nil)])], actor: "runner")
        try await ledger.execute([check(revenue, false, at: 3), check(revenue, true, at: -600)], actor: "bot")
        try await ledger.execute([.publishContract(contract("2.0.0", id: revenue.rawValue), document: nil)], actor: "ana")
        var policy = Policy(name: "described")
        policy.require = Policy.Required(description: true)
        try await ledger.execute([.adoptPolicy(PolicyAdopted(policy: policy, domain: nil, reason: "catalog hygiene"))], actor: "council")
        try await ledger.execute([run(campaigns, "run-2", at: 5, results: [(true, 5, "pg:x"), (true, 7, "pg:y")])], actor: "runner")
        try await ledger.execute([.transferOwnership(refunds, newOwner: EmailAddress("finance@company.com")!)], actor: "ana")
        try await ledger.execute([.deprecateContract(refunds, reason: "merged into revenue_metrics")], actor: "ana")
        try await ledger.execute([.deprecateContract(revenue, reason: "use v3")], actor: "ana")
        try await ledger.execute([.deprecateContract(ContractID("marketing.ab")!, reason: "done")], actor: "ana")
        try await ledger.execute([.retireContract(ContractID("marketing.ab")!, reason: "done")], actor: "ana")
        try await ledger.execute([check(campaigns, true, at: 6), run(revenue, "run-3", at: 7, results: [(true, 20, "csv:a")])], actor: "bot")
        try await ledger.execute([.issueToken(APITokenIssued(tokenId: "t1", name: "ci", domains: ["sales"], admin: false,
                                                              secretHash: String(repeating: "a", count: 64)))], actor: "admin")
        return ledger
    }

    /// Folds the log into the store batch by batch, as `Projector.catchUp` does on a log with one
    /// global order (loading each batch's parts, folding, committing with the position guard).
    static func project(_ log: any EventLog, into store: PostgresReadModelStore, batchSize: Int) async throws {
        var checkpoint = try await store.checkpointHeader()
        while true {
            let read = try await log.read(from: .after(position: checkpoint.position), limit: batchSize)
            guard !read.events.isEmpty else { return }
            try await store.loadParts(FoldParts(read.events), into: &checkpoint)
            var batch = ProjectionFold.fold(read.events, from: checkpoint.state, position: checkpoint.position,
                                            lastRecordedAt: checkpoint.lastRecordedAt, onTimeChecks: checkpoint.onTimeChecks)
            batch.cursor = read.after
            batch.eventCount = read.events.count
            try await store.commit(batch, rate: 100)
            checkpoint = ProjectionCheckpoint(position: batch.toPosition, lastRecordedAt: batch.lastRecordedAt, state: batch.state,
                                              onTimeChecks: batch.onTimeChecks, cursor: read.after)
        }
    }
}
