import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections
import DCLSQLite
import Foundation
import GRDB
import Testing

/// The governance read models on a real SQLite ledger and store: compliance follows policies as
/// they are adopted and retired, in small batches and in one rebuild alike; metrics follow the events.
@Suite("governance read models")
struct GovernanceProjectionTests {
    typealias Folder = ProjectionTests.Folder

    static func described(_ contract: DataContract) -> DataContract {
        var copy = contract
        copy.description = "described"
        return copy
    }

    static var descriptionPolicy: Policy {
        var policy = Policy(name: "described")
        policy.require = Policy.Required(description: true)
        return policy
    }

    @Test func complianceFollowsAdoptionAndRetirementBatchByBatchAndInOneRebuild() async throws {
        let folder = Folder()
        let service = try ProjectionTests.service(folder.path("ledger.db"))
        let store = try ReadModelStore(path: folder.path("read.db"))
        let projector = Projector(log: service.log, store: store)
        try await service.execute([.publishContract(ProjectionTests.contract("1.0.0"), document: nil)], actor: "ana")
        try await service.execute([.publishContract(Self.described(ProjectionTests.contract("1.0.0", id: "marketing.c", domain: "marketing")),
                                                    document: nil)], actor: "ana")
        try await projector.catchUp()
        #expect(try await store.compliance(domain: nil).allSatisfy { $0.compliant }, "no policy: everything complies")

        // Adopted mesh-wide: the undescribed sales contract's row changes although its lifecycle did not.
        try await service.execute([.adoptPolicy(PolicyAdopted(policy: Self.descriptionPolicy, domain: nil, reason: nil))], actor: "council")
        try await projector.catchUp()
        var rows = try await store.compliance(domain: nil)
        #expect(rows.map(\.contractId) == ["marketing.c", "sales.revenue_metrics"])
        #expect(rows.map(\.compliant) == [true, false])
        #expect(rows[1].violations.map(\.path) == ["description"])
        let report = ComplianceReport(rows: rows, policies: ["described"])
        #expect(report.mesh.share == 0.5)
        #expect(report.domains.map(\.name) == ["marketing", "sales"])
        #expect(try await store.compliance(domain: "sales").count == 1)

        // A new described version makes it compliant (its own row, from its lifecycle change).
        try await service.execute([.publishContract(Self.described(ProjectionTests.contract("1.1.0", channel: true)), document: nil)], actor: "ana")
        try await projector.catchUp()
        rows = try await store.compliance(domain: nil)
        #expect(rows.allSatisfy { $0.compliant })

        // A second, domain policy then its retirement.
        var strict = Policy(name: "tagged")
        strict.allowedTags = ["gold"]
        try await service.execute([.adoptPolicy(PolicyAdopted(policy: strict, domain: "marketing", reason: nil))], actor: "council")
        try await projector.catchUp()
        rows = try await store.compliance(domain: nil)
        #expect(rows.map(\.compliant) == [false, true])
        #expect(rows[0].violations.first?.domain == "marketing")
        try await service.execute([.retirePolicy(PolicyRetired(name: "tagged", domain: "marketing", reason: nil))], actor: "council")
        try await projector.catchUp()
        let incremental = try await store.compliance(domain: nil)
        #expect(incremental.allSatisfy { $0.compliant })

        // One rebuild from position zero gives the same rows.
        let rebuilt = try ReadModelStore(path: folder.path("rebuilt.db"))
        try await Projector(log: service.log, store: rebuilt).catchUp()
        #expect(try await rebuilt.compliance(domain: nil) == incremental)
    }

    @Test func notificationsAndMetricsFollowTheEvents() async throws {
        let folder = Folder()
        let service = try ProjectionTests.service(folder.path("ledger.db"))
        let store = try ReadModelStore(path: folder.path("read.db"))
        let projector = Projector(log: service.log, store: store)
        let id = ProjectionTests.revenue
        try await service.execute([.publishContract(ProjectionTests.contract("1.0.0", channel: true), document: nil)], actor: "ana")
        try await service.execute([.subscribeConsumer(ConsumerSubscribed(contractId: id, consumer: "finance", fields: ["channel"], major: nil,
                                                                         consumerDomain: "finance"))], actor: "fin")
        try await service.execute([.subscribeConsumer(ConsumerSubscribed(contractId: id, consumer: "web", fields: ["revenue"], major: nil,
                                                                         consumerDomain: "sales"))], actor: "web")
        try await projector.catchUp()
        var metrics = MeshMetrics(state: try await store.meshState().state, onTimeChecks: [:])
        #expect(metrics.mesh.consumers == 2)
        #expect(metrics.mesh.crossDomainConsumers == 1)
        #expect(metrics.mesh.breakingVersionShare == nil, "one version: nothing to compare")

        try await service.execute([.publishContract(ProjectionTests.contract("2.0.0"), document: nil)], actor: "ana")
        try await service.execute([.deprecateContract(id, reason: "use v3")], actor: "ana")
        try await projector.catchUp()
        let notices = try await store.notifications(contract: nil, consumer: nil)
        #expect(notices.map(\.kind) == [.breakingChange, .deprecation])
        #expect(notices[0].consumers == ["finance"], "only finance reads the removed channel")
        #expect(notices[0].message.contains("consumer finance reads t.channel, removed here"), "\(notices[0].message)")
        #expect(notices[1].consumers == ["finance", "web"])
        #expect(try await store.notifications(contract: nil, consumer: "web").count == 1)

        metrics = MeshMetrics(state: try await store.meshState().state, onTimeChecks: [:])
        #expect(metrics.mesh.breakingVersionShare == 1, "the one later version needed a MAJOR bump")
        #expect(metrics.mesh.activeContracts == 0, "deprecated")
        let maturity = MeshMaturity(metrics: metrics)
        #expect(maturity.principles.count == 4)
        #expect(maturity.principles.allSatisfy { (1...5).contains($0.level) && !$0.evidence.isEmpty })
    }

    @Test func maturityLevelsFollowTheSeedBands() {
        #expect([0, 19, 20, 39, 40, 59, 60, 79, 80, 100].map { MeshMaturity.level(for: Double($0)) } == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        let empty = MeshMaturity(metrics: MeshMetrics(state: LedgerState(), onTimeChecks: [:]))
        #expect(empty.maturityLevel == "Initial")
        #expect(empty.principles.allSatisfy { $0.level == 1 && !$0.gaps.isEmpty })
    }
}
