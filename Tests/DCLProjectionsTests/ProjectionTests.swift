import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections
import DCLSQLite
import Foundation
import GRDB
import Testing

@Suite("projector and read models")
struct ProjectionTests {
    final class Folder: Sendable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-proj-\(UUID().uuidString)")
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    static let revenue = ContractID("sales.revenue_metrics")!

    static func contract(_ version: String, channel: Bool = false, id: String = "sales.revenue_metrics", domain: String = "sales") -> DataContract {
        var fields = [FieldSchema(name: "date", type: .date, primaryKey: true), FieldSchema(name: "revenue", type: .decimal(DecimalType(precision: 14, scale: 2)))]
        if channel { fields.append(FieldSchema(name: "channel", type: .string.optional, defaultValue: .null)) }
        return DataContract(id: ContractID(id)!, domain: DomainName(domain)!, dataProduct: String(id.split(separator: ".").last!),
                            version: SemanticVersion(version)!, owner: EmailAddress("\(domain)@company.com")!, tags: [domain],
                            schema: [RecordSchema(name: "t", fields: fields)],
                            quality: [QualityRule(kind: .notNull, object: "t", column: "date")],
                            serviceLevel: ServiceLevel(slaHours: 2, freshness: TimeSpan("4h")!))
    }

    /// A service whose clock is a counter, so record times are known.
    static func service(_ path: String, start: Int64 = 1_764_000_000_000) throws -> LedgerService {
        let clock = Clock(start)
        return LedgerService(log: try SQLiteEventLog(path: path), now: { clock.tick() })
    }

    final class Clock: @unchecked Sendable {
        // Guarded by `lock`; shared by the service's @Sendable clock closure.
        private let lock = NSLock()
        private var value: Int64
        init(_ start: Int64) { value = start }
        func tick() -> Timestamp { lock.withLock { value += 60_000; return Timestamp(millisecondsSinceEpoch: value) } }
    }

    static func check(_ passed: Bool, at minute: Int64) -> LedgerCommand {
        .recordQualityCheck(revenue, rule: "not_null_date", passed: passed, value: nil,
                            observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + minute * 60_000))
    }

    @Test func dashboardShowsTheSeedQueryForTwoVersionsAndFourChecks() async throws {
        let folder = Folder()
        let ledger = try Self.service(folder.path("ledger.db"))
        try await ledger.execute([.publishContract(Self.contract("1.0.0"), document: nil)], actor: "ana")
        try await ledger.execute([.publishContract(Self.contract("1.1.0", channel: true), document: nil)], actor: "ana")
        for (minute, passed) in [(3, true), (4, true), (5, false), (6, true)] {
            try await ledger.execute([Self.check(passed, at: Int64(minute))], actor: "bot")
        }
        let store = try ReadModelStore(path: folder.path("read.db"))
        try await Projector(log: ledger.log, store: store).catchUp()
        let rows = try await store.qualityDashboard()
        let row = try #require(rows.first { $0.contractId == Self.revenue.rawValue })
        #expect(row.totalChecks == 4)
        #expect(row.passedChecks == 3)
        #expect(row.qualityScore == "0.7500")
        #expect(row.domain == "sales" && row.product == "revenue_metrics" && row.slaHours == 2)
        #expect(row.lastChecked == Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + 6 * 60_000).iso8601)
        #expect(row.meetsThreshold == false)
        let versions = try await store.versions(of: Self.revenue)
        #expect(versions.map(\.version) == ["1.0.0", "1.1.0"])
        #expect(versions[1].changes.map(\.kind) == [.fieldAdded])
    }

    @Test func catalogFindsByFieldAndReplaysAsOf() async throws {
        let folder = Folder()
        let ledger = try Self.service(folder.path("ledger.db"))
        try await ledger.execute([.publishContract(Self.contract("1.0.0"), document: nil)], actor: "ana")
        try await ledger.execute([.publishContract(Self.contract("1.0.0", id: "marketing.campaigns", domain: "marketing"), document: nil)], actor: "mo")
        let firstEnd = try await ledger.log.readAll().last!.envelope.recordedAt
        try await ledger.execute([.publishContract(Self.contract("1.1.0", channel: true), document: nil)], actor: "ana")

        let store = try ReadModelStore(path: folder.path("read.db"))
        try await Projector(log: ledger.log, store: store).catchUp()
        #expect(try await store.catalog(CatalogFilter(field: "channel")).map(\.contractId) == ["sales.revenue_metrics"])
        #expect(try await store.catalog(CatalogFilter(field: "date")).map(\.contractId) == ["marketing.campaigns", "sales.revenue_metrics"])
        #expect(try await store.catalog(CatalogFilter(field: "t.revenue")).count == 2)
        #expect(try await store.catalog(CatalogFilter(domain: "marketing")).map(\.contractId) == ["marketing.campaigns"])
        #expect(try await store.catalog(CatalogFilter(text: "REVENUE")).map(\.contractId) == ["sales.revenue_metrics"])
        #expect(try await store.catalog(CatalogFilter(owner: "marketing@company.com")).count == 1)
        #expect(try await store.catalog(CatalogFilter(tag: "sales")).count == 1)

        let replay = try ReadModelStore(path: folder.path("replay.db"))
        try await Projector(log: ledger.log, store: replay, limit: ProjectionLimit(asOf: firstEnd)).catchUp()
        let before = try await replay.catalog(CatalogFilter(text: "revenue"))
        #expect(before.map(\.version) == ["1.0.0"])
        #expect(try await replay.catalog(CatalogFilter(field: "channel")).isEmpty)
    }

    @Test func resumingInSmallBatchesEqualsARebuild() async throws {
        let folder = Folder()
        var ledger = try Self.service(folder.path("ledger.db"))
        // Observations run up to half an hour ahead of this service's minute-per-command clock.
        ledger.maxClockSkew = TimeSpan(seconds: 3600)
        try await ledger.execute([.publishContract(Self.contract("1.0.0"), document: nil)], actor: "ana")
        let incremental = try ReadModelStore(path: folder.path("incremental.db"))
        for round in 0..<5 {
            for minute in 0..<7 { try await ledger.execute([Self.check(minute % 3 != 0, at: Int64(round * 10 + minute))], actor: "bot") }
            if round == 2 { try await ledger.execute([.publishContract(Self.contract("1.1.0", channel: true), document: nil)], actor: "ana") }
            try await Projector(log: ledger.log, store: incremental, batchSize: 3).catchUp()
        }
        let rebuilt = try ReadModelStore(path: folder.path("rebuilt.db"))
        try await Projector(log: ledger.log, store: rebuilt, batchSize: 1000).catchUp()
        try await expectIdentical(incremental, rebuilt)
        #expect(try await incremental.position() == ledger.orderedLog.endPosition())
    }

    @Test func concurrentProjectorsOnOneStoreNeverDoubleCount() async throws {
        let folder = Folder()
        let ledger = try Self.service(folder.path("ledger.db"))
        try await ledger.execute([.publishContract(Self.contract("1.0.0"), document: nil)], actor: "ana")
        for minute in 0..<60 { try await ledger.execute([Self.check(true, at: Int64(minute))], actor: "bot") }
        let path = folder.path("shared.db")
        _ = try ReadModelStore(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    let store = try ReadModelStore(path: path)
                    try await Projector(log: try SQLiteEventLog(path: folder.path("ledger.db")), store: store, batchSize: 4).catchUp()
                }
            }
            try await group.waitForAll()
        }
        let shared = try ReadModelStore(path: path)
        #expect(try await shared.qualityDashboard().first?.totalChecks == 60)
        let rebuilt = try ReadModelStore(path: folder.path("rebuilt.db"))
        try await Projector(log: ledger.log, store: rebuilt).catchUp()
        try await expectIdentical(shared, rebuilt)
    }

    @Test func poisonEventsAreQuarantinedAndProjectionGoesOn() async throws {
        let folder = Folder()
        let ledger = try Self.service(folder.path("ledger.db"))
        try await ledger.execute([.publishContract(Self.contract("1.0.0"), document: nil)], actor: "ana")
        // A writer from the future appends a type this dcl does not know.
        let queue = try DatabaseQueue(path: folder.path("ledger.db"))
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO events (event_id, stream, sequence, contract_id, type, schema_version, occurred_at, recorded_at, actor,
                                    payload, previous_hash, hash)
                VALUES ('poison', 'quality/sales.revenue_metrics', 1, 'sales.revenue_metrics', 'QualityCheckRecorded', 9,
                        '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'future', '{}', ?, ?)
                """, arguments: [String(repeating: "0", count: 64), String(repeating: "a", count: 64)])
        }
        try await ledger.execute([.publishContract(Self.contract("1.1.0", channel: true), document: nil)], actor: "ana")
        let store = try ReadModelStore(path: folder.path("read.db"))
        try await Projector(log: ledger.log, store: store).catchUp()
        let quarantine = try await store.quarantine()
        #expect(quarantine.map(\.eventId) == ["poison"])
        #expect(quarantine.first?.reason.contains("schema version 9") == true)
        #expect(try await store.catalog().first?.version == "1.1.0", "projection went on past the poison event")
        let status = try await store.status(logEnd: try await ledger.orderedLog.endPosition())
        #expect(status.allSatisfy { $0.quarantined == 1 && $0.lag == 0 })
        #expect(try await store.timeline(of: Self.revenue).map(\.outcome).contains("quarantined"))
    }

    /// Every read model answers identically.
    func expectIdentical(_ left: ReadModelStore, _ right: ReadModelStore) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func dump(_ store: ReadModelStore) async throws -> String {
            var text = String(decoding: try encoder.encode(try await store.catalog()), as: UTF8.self)
            text += String(decoding: try encoder.encode(try await store.qualityDashboard(includeInactive: true)), as: UTF8.self)
            for entry in try await store.catalog() {
                let id = ContractID(entry.contractId)!
                text += String(decoding: try encoder.encode(try await store.versions(of: id)), as: UTF8.self)
                text += String(decoding: try encoder.encode(try await store.timeline(of: id)), as: UTF8.self)
            }
            return text
        }
        let leftText = try await dump(left)
        let rightText = try await dump(right)
        #expect(leftText == rightText)
        #expect(leftText.count > 100)
    }
}
