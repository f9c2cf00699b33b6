import ArgumentParser
import DCLApplication
import DCLDomain
import DCLEventLog
import DCLODCS
import DCLProjections
import DCLSQLite
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a sample data mesh in a temporary ledger and show its catalog and a history.",
        discussion: """
        Registers the Sales and Marketing domains, publishes three contracts (the seed's revenue_metrics, \
        crm_orders and campaign_performance), evolves revenue_metrics' schema, records quality results, then \
        prints the catalog, revenue_metrics' history and the audit verdict. Your own ledger is not touched.

        Examples:
          dcl demo
          dcl demo --ledger /tmp/mesh/ledger.db
        """)

    @Option(help: ArgumentHelp("Where to build the demo ledger (default: a new temporary folder).", valueName: "path"))
    var ledger: String?

    /// Where this `dcl` is and how to put it on the PATH, unless the shell already finds it there:
    /// after `make demo` the binary sits in the build folder, which no shell searches.
    static func pathAdvice(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard let running = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return "" }
        let searched = (environment["PATH"] ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("dcl") }
        if searched.contains(where: { $0.resolvingSymlinksInPath() == running }) { return "" }
        // The path as typed (`.build/debug/dcl` from make demo) names the stable `debug` link rather
        // than the platform folder it points to.
        let typed = CommandLine.arguments.first.flatMap { $0.contains("/") ? URL(fileURLWithPath: $0).standardizedFileURL : nil }
        let executable = typed.flatMap { $0.resolvingSymlinksInPath() == running ? $0 : nil } ?? running
        let folder = executable.deletingLastPathComponent().path
        return """
              # dcl is \(executable.path); put it on your PATH (or run make install PREFIX=$HOME/.local):
              export PATH="\(folder):$PATH"

            """
    }

    func run() async throws {
        try await withExitCodes {
            let path = try ledger.map { try FileLocation.check($0, source: "--ledger") } ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("dcl-demo-\(UUID().uuidString.prefix(8))").appendingPathComponent("ledger.db").path
            if FileManager.default.fileExists(atPath: path) {
                throw CLIError.badInput("\(path) already exists; the demo builds a new ledger")
            }
            let service = LedgerService(log: try OpenFiles.ledger(path))
            print("Building a sample mesh in \(path)\n")

            func step(_ title: String, _ commands: [LedgerCommand], actor: String) async throws {
                let outcome = try await service.execute(commands, actor: actor)
                print("• \(title): \(outcome.recorded.count) event(s)")
            }
            func contract(_ yaml: String, _ name: String) throws -> LedgerCommand {
                let result = try ODCSReader.read(yaml: yaml, file: name)
                return .publishContract(result.contract, document: result.document)
            }

            try await step("register domain sales (owner team sales-engineering, SLA 2h, threshold 0.995)", [
                .registerDomain(DomainRegistered(domain: DomainName("sales")!, ownerTeam: "sales-engineering",
                                                 description: "Orders, revenue and CRM", slaHours: 2,
                                                 qualityThreshold: NumericLiteral("0.995")!)),
            ], actor: "platform-team")
            try await step("register domain marketing (owner team marketing-de, SLA 4h)", [
                .registerDomain(DomainRegistered(domain: DomainName("marketing")!, ownerTeam: "marketing-de",
                                                 description: "Campaigns and attribution", slaHours: 4)),
            ], actor: "platform-team")
            let piiPolicy = try PolicyReader.read(yaml: DemoMesh.piiPolicy, file: "pii.policy.yaml")
            try await step("adopt policy pii-classified for domain sales (e-mail and phone properties must be classified pii; "
                           + "consumers sign off breaking versions)",
                           [.adoptPolicy(PolicyAdopted(policy: piiPolicy, domain: "sales", reason: "GDPR review"))], actor: "governance-council")
            try await step("publish sales.revenue_metrics 1.0.0",
                           [try contract(DemoMesh.revenueMetricsV1, "revenue_metrics.odcs.yaml")], actor: "sales-de@company.com")
            try await step("publish sales.crm_orders 1.0.0",
                           [try contract(DemoMesh.crmOrders, "crm_orders.odcs.yaml")], actor: "sales-de@company.com")
            try await step("publish marketing.campaign_performance 1.0.0",
                           [try contract(DemoMesh.campaignPerformance, "campaign_performance.odcs.yaml")], actor: "marketing-de@company.com")
            try await step("evolve sales.revenue_metrics to 1.1.0 (adds optional field channel)",
                           [try contract(DemoMesh.revenueMetricsV2, "revenue_metrics.odcs.yaml")], actor: "sales-de@company.com")

            do {
                _ = try await service.execute([try contract(DemoMesh.customerContacts, "customer_contacts.odcs.yaml")], actor: "sales-de@company.com")
            } catch let error as LedgerServiceError {
                print("• publish sales.customer_contacts 1.0.0: refused by the policy (exit 1 from dcl publish):\n    "
                      + error.description.replacingOccurrences(of: "\n", with: "\n    "))
            }
            let revenue = ContractID("sales.revenue_metrics")!
            let orders = ContractID("sales.crm_orders")!
            let campaigns = ContractID("marketing.campaign_performance")!
            let now = LedgerService.systemNow()
            func check(_ id: ContractID, _ rule: String, _ passed: Bool, _ value: String?, hoursAgo: Int64) -> LedgerCommand {
                .recordQualityCheck(id, rule: rule, passed: passed, value: value.flatMap(NumericLiteral.init),
                                    observedAt: Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch - hoursAgo * 3_600_000))
            }
            try await step("record quality results for revenue_metrics (3 passed, 1 failed)", [
                check(revenue, "not_null_date", true, "0", hoursAgo: 3),
                check(revenue, "unique_date", true, "0", hoursAgo: 3),
                check(revenue, "range_revenue", false, "10400000", hoursAgo: 2),
                check(revenue, "not_null_date", true, "0", hoursAgo: 1),
            ], actor: "quality-bot")
            try await step("record quality results for crm_orders and campaign_performance", [
                check(orders, "unique_order_id", true, "0", hoursAgo: 1),
                check(orders, "not_null_customer_email", true, "0", hoursAgo: 1),
                check(campaigns, "accepted_values_channel", true, nil, hoursAgo: 5),
            ], actor: "quality-bot")

            try await step("consumer finance-reporting (domain finance) subscribes to sales.revenue_metrics, reading order_count and revenue", [
                .subscribeConsumer(ConsumerSubscribed(contractId: revenue, consumer: "finance-reporting", fields: ["order_count", "revenue"],
                                                      major: 1, consumerDomain: "finance")),
            ], actor: "finance-de@company.com")
            try await step("consumer campaign-attribution (domain marketing) subscribes to sales.crm_orders", [
                .subscribeConsumer(ConsumerSubscribed(contractId: orders, consumer: "campaign-attribution", fields: [], major: nil,
                                                      consumerDomain: "marketing")),
            ], actor: "marketing-de@company.com")
            try await step("marketing requests platform infrastructure for campaign_performance (tier medium, 100 GB); approved, provisioned", [
                .requestPlatform(PlatformRequested(requestId: "pr-demo0001", domain: "marketing", product: "campaign_performance", tier: .medium,
                                                   storageGB: 100, schedule: "0 6 * * *", ownerEmail: "marketing-de@company.com")),
                .decidePlatformRequest(PlatformRequestDecided(requestId: "pr-demo0001", approved: true, reason: "within budget")),
                .markProvisioned(PlatformProvisioned(requestId: "pr-demo0001", note: ComputeTier.medium.cluster(for: "marketing"))),
            ], actor: "platform-team")

            let snapshot = try await service.snapshot()
            print("\nCatalog (dcl list):\n")
            print(Renderers.catalog(CatalogEntry.catalog(snapshot.state)))
            print("\nHistory of sales.revenue_metrics (dcl history sales.revenue_metrics):\n")
            print(Renderers.history(HistoryEntry.entries(for: revenue, in: snapshot)))
            let report = AuditVerifier.verify(snapshot.events)
            print("\nAudit (dcl audit verify): " + (report.firstFailure.map { "TAMPERED: \($0)" }
                ?? "intact: \(report.eventsChecked) events in \(report.streamsChecked) streams verify"))
            // The governance read models, folded by the projector as `dcl policy compliance` and `dcl mesh maturity` do.
            let storePath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("readmodels.db").path
            let store = try ReadModelStore(path: storePath)
            try await Projector(log: service.log, store: store).catchUp()
            let compliance = ComplianceReport(rows: try await store.compliance(domain: nil), policies: snapshot.state.policies.keys.sorted())
            print("\nPolicies (dcl policy list, dcl policy compliance): "
                  + compliance.policies.joined(separator: ", ") + "; \(compliance.mesh.compliantContracts) of \(compliance.mesh.activeContracts) active contracts compliant")
            print("Consumers (dcl consumer list sales.revenue_metrics): "
                  + (snapshot.state.consumers[revenue] ?? [:]).values.map { "\($0.consumer) reads \($0.fields.joined(separator: ", "))" }.joined(separator: "; "))
            let (meshState, onTime) = try await store.meshState()
            try store.close()
            print("\nMaturity (dcl mesh maturity):\n")
            print(Renderers.maturity(MeshMaturity(metrics: MeshMetrics(state: meshState, onTimeChecks: onTime))))
            print("\nExplore it yourself:\n" + Self.pathAdvice() + "  export DCL_LEDGER=\(path)\n  dcl show sales.revenue_metrics\n  dcl history sales.revenue_metrics --json\n  dcl mesh maturity --json")
        }
    }
}
