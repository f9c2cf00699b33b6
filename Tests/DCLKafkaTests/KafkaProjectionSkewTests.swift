import DCLApplication
import DCLDomain
import DCLEventLog
@testable import DCLKafka
import DCLProjections
import Foundation
import Testing

/// Writers whose clocks disagree, on different partitions, while a projector follows: nothing is
/// skipped and nothing is read twice, because the projector reads each partition from its own
/// offset (a merge by record time would slot a late record before positions already projected).
@Suite("Kafka projection with skewed writer clocks")
struct KafkaProjectionSkewTests {
    static let start: Int64 = 1_764_000_000_000

    static func contract(_ index: Int) -> DataContract {
        DataContract(id: ContractID("sales.product_\(index)")!, domain: DomainName("sales")!, dataProduct: "product_\(index)",
                     version: SemanticVersion("1.0.0")!, owner: EmailAddress("sales@company.com")!,
                     schema: [RecordSchema(name: "t", fields: [FieldSchema(name: "id", type: .string, primaryKey: true)])],
                     quality: [QualityRule(kind: .notNull, object: "t", column: "id")])
    }

    /// The dashboard without store positions: a store numbers events in the order it read them, and
    /// two stores reading the same partitions interleave them differently (the values must agree).
    static func withoutStorePositions(_ rows: [QualityDashboardRow]) -> [QualityDashboardRow] {
        rows.map { row in
            var row = row
            row.latestRun?.firstPosition = 0
            row.latestRun?.lastPosition = 0
            row.latestRunFailures = row.latestRunFailures?.map { failure in
                var failure = failure
                failure.position = 0
                return failure
            }
            return row
        }
    }

    static func result(_ index: Int, passed: Bool, minute: Int64) -> LedgerCommand {
        .recordQualityCheck(ContractID("sales.product_\(index)")!, rule: "not_null_id", passed: passed, value: nil,
                            observedAt: Timestamp(millisecondsSinceEpoch: start + minute * 60_000))
    }

    @Test func lateRecordsOnOtherPartitionsAreProjectedOnce() async throws {
        let bed = try KafkaTestBed(partitions: 4)
        let log = try bed.openLog()
        defer { Task { await log.shutdown() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-skew-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let contracts = 0..<8
        // Writer A's clock is right; writer B's is ten minutes slow.
        let minuteA = LockedCounter(100)
        let writerA = LedgerService(log: log, now: { Timestamp(millisecondsSinceEpoch: Self.start + minuteA.next() * 60_000) })
        let writerB = LedgerService(log: log, now: { Timestamp(millisecondsSinceEpoch: Self.start + (minuteA.current - 10) * 60_000) })
        try await writerA.execute(contracts.map { .publishContract(Self.contract($0), document: nil) }, actor: "a")
        try await writerA.execute(contracts.map { Self.result($0, passed: true, minute: 1) }, actor: "a")

        let following = try ReadModelStore(path: folder.appendingPathComponent("following.db").path)
        try await Projector(log: log, store: following).catchUp()
        var expected = contracts.count
        for round in 0..<3 {
            // B records for every contract (so on every partition), all stamped before A's records.
            try await writerB.execute(contracts.map { Self.result($0, passed: round % 2 == 0, minute: 2) }, actor: "b")
            expected += contracts.count
            try await writerA.execute([Self.result(round, passed: true, minute: 3)], actor: "a")
            expected += 1
            try await Projector(log: log, store: following, batchSize: 3).catchUp()
        }

        let rebuilt = try ReadModelStore(path: folder.appendingPathComponent("rebuilt.db").path)
        try await Projector(log: log, store: rebuilt).catchUp()
        let followed = try await following.qualityDashboard(includeInactive: true)
        #expect(followed.reduce(0) { $0 + $1.totalChecks } == expected, "every result projected once")
        #expect(try await Self.withoutStorePositions(rebuilt.qualityDashboard(includeInactive: true)) == Self.withoutStorePositions(followed))
        #expect(try await rebuilt.catalog(CatalogFilter()) == following.catalog(CatalogFilter()))
        for index in contracts {
            let timeline = try await following.timeline(of: ContractID("sales.product_\(index)")!)
            #expect(timeline.allSatisfy { $0.outcome == "accepted" }, "no event read twice: \(timeline.filter { $0.outcome != "accepted" })")
            #expect(timeline.count == (try await rebuilt.timeline(of: ContractID("sales.product_\(index)")!)).count)
        }
        try following.close()
        try rebuilt.close()
    }
}

/// A minute counter shared by the writers' clocks.
final class LockedCounter: @unchecked Sendable {
    // @unchecked: `value` is only read or written while holding `lock`.
    private let lock = NSLock()
    private var value: Int64
    init(_ value: Int64) { self.value = value }
    func next() -> Int64 { lock.withLock { value += 1; return value } }
    var current: Int64 { lock.withLock { value } }
}
