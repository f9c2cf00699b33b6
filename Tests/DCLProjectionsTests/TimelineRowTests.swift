import DCLApplication
import DCLDomain
import DCLEventLog
@testable import DCLProjections
import Foundation
import GRDB
import Testing

/// The timeline stores each entry as columns of its `audit_timeline` row; the timeline query must
/// read back exactly the entry that was written, and an accepted quality result's row must appear
/// in the seed's `data_quality_checks` view with its columns.
@Suite("timeline rows")
struct TimelineRowTests {
    @Test(arguments: [false, true])
    func timelineRowReadsBackAsTheSameEntry(full: Bool) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-timeline-\(UUID().uuidString).db").path
        let store = try ReadModelStore(path: path)
        // Closed first: an open pool would write its -wal and -shm files again after they were removed.
        defer {
            try? store.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let entry = HistoryEntry(
            position: 42, eventId: "e-\"quoted\"", stream: "lifecycle/sales.orders", sequence: 7, type: "SchemaChanged", schemaVersion: 1,
            version: full ? "2.0.0" : nil, actor: "ana@company.com", occurredAt: "2026-01-02T03:04:05.006Z",
            recordedAt: "2026-01-02T03:04:06.000Z", summary: "schema: removed orders.amount\nline two ✓",
            changes: full ? [ContractChange(kind: .fieldRemoved, path: "orders.amount", old: "decimal(12,2)", new: nil)] : nil,
            outcome: full ? "rejected" : "accepted", reason: full ? "sequence 7 was already taken" : nil, hash: String(repeating: "ab", count: 32))
        let check = HistoryEntry(
            position: 43, eventId: "check-1", stream: "quality/sales.orders", sequence: 1, type: "QualityCheckRecorded", schemaVersion: 1,
            version: "2.0.0", actor: "bot", occurredAt: "2026-01-02T03:00:00.000Z", recordedAt: "2026-01-02T03:04:07.000Z",
            summary: "not_null_id passed", changes: nil, outcome: "accepted", reason: nil, hash: String(repeating: "cd", count: 32))
        var batch = ProjectionBatch(fromPosition: 0, toPosition: 43, state: LedgerState(), lastRecordedAt: nil)
        batch.timeline = [entry, check]
        batch.checks = [QualityCheckRow(position: 43, rule: "not_null_id", passed: true, value: full ? "0.5" : nil,
                                        checkedAt: Timestamp(iso8601: check.occurredAt)!, recordedAt: Timestamp(iso8601: check.recordedAt)!)]
        try await store.commit(batch, rate: 0)
        #expect(try await store.timeline(of: ContractID("sales.orders")!) == [entry, check])

        let rows = try store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT check_id, position, contract_id, rule, passed, value, checked_at, lag_ms, contract_version FROM data_quality_checks")
        }
        #expect(rows.count == 1)
        #expect(rows.first?["check_id"] == "check-1")
        #expect(rows.first?["position"] == 43)
        #expect(rows.first?["passed"] == true)
        #expect(rows.first?["value"] as String? == (full ? "0.5" : nil))
        #expect(rows.first?["checked_at"] == "2026-01-02T03:00:00.000Z")
        #expect(rows.first?["lag_ms"] == 247_000)
        #expect(rows.first?["contract_version"] == "2.0.0")
        try store.close()
    }

    /// The fold leaves the sentence of an accepted quality result without a run to the store
    /// (`ProjectionBatch.timeline`), and writes it for one it rejects or quarantines: either way
    /// the timeline answers the sentence `EventSummary` makes of the event.
    @Test func aResultWithoutARunReadsBackWithItsSentenceWhateverItsOutcome() async throws {
        let id = ContractID("sales.orders")!
        let time = { (minute: Int64) in Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + minute * 60_000) }
        let contract = DataContract(id: id, domain: DomainName("sales")!, dataProduct: "orders", version: SemanticVersion(major: 1, minor: 0, patch: 0),
                                    owner: EmailAddress("ana@company.com")!)
        func envelope(_ stream: StreamID, _ sequence: Int64, _ event: LedgerEvent, _ eventId: String, after previous: String) -> EventEnvelope {
            EventCodec.envelope(for: ProposedEvent(stream: stream, sequence: sequence, event: event), eventId: eventId,
                                occurredAt: time(sequence), recordedAt: time(sequence + 1), actor: "bot", previousHash: previous)
        }
        func result(_ rule: String, passed: Bool, threshold: String?) -> LedgerEvent {
            .qualityCheckRecorded(QualityCheckRecorded(contractId: id, rule: rule, passed: passed, value: NumericLiteral("0.5"),
                                                       observedAt: time(3), threshold: threshold))
        }
        let published = envelope(.lifecycle(id), 1, .contractPublished(ContractPublished(contract: contract, previousVersion: nil, document: nil)),
                                 "publish", after: EventEnvelope.genesisHash)
        let accepted = envelope(.quality(id), 1, result("not_null_id", passed: true, threshold: "mustBe 0"), "accepted", after: EventEnvelope.genesisHash)
        // A writer that lost the race for sequence 1, and a result whose hash was tampered with.
        let rejected = envelope(.quality(id), 1, result("unique_id", passed: false, threshold: nil), "rejected", after: EventEnvelope.genesisHash)
        var tampered = envelope(.quality(id), 2, result("row_count", passed: true, threshold: nil), "tampered", after: accepted.hash)
        tampered.hash = String(repeating: "f", count: 64)
        let events = [published, accepted, rejected, tampered].enumerated().map { StoredEvent(position: Int64($0.offset + 1), envelope: $0.element) }
        let sentences = try events.map { EventSummary.text(for: try EventCodec.recorded($0).event) }

        let batch = ProjectionFold.fold(events, from: LedgerState(), position: 0, lastRecordedAt: nil)
        #expect(batch.timeline.map(\.outcome) == ["accepted", "accepted", "rejected", "quarantined"])
        #expect(batch.timeline.map(\.summary) == [sentences[0], "", sentences[2], sentences[3]])
        #expect(batch.checks.map(\.loneResultSummary) == [sentences[1]])

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-timeline-\(UUID().uuidString).db").path
        let store = try ReadModelStore(path: path)
        defer {
            try? store.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        try await store.commit(batch, rate: 0)
        #expect(try await store.timeline(of: id).map(\.summary) == sentences)
        try store.close()
    }

    /// The row's constraints keep quality columns on accepted results only.
    @Test func aRejectedEventCannotCarryQualityColumns() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-timeline-\(UUID().uuidString).db").path
        let store = try ReadModelStore(path: path)
        // Closed first: an open pool would write its -wal and -shm files again after they were removed.
        defer {
            try? store.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        await #expect(throws: (any Error).self) {
            try await store.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO audit_timeline_rows (position, event_id, contract_id, stream, sequence, type, schema_version, actor, occurred_at,
                        recorded_at, summary, outcome, hash, rule, passed, checked_at, checked_at_ms, lag_ms)
                    VALUES (1, 'e', 'sales.orders', 'quality/sales.orders', 1, 'QualityCheckRecorded', 1, 'bot', 't', 't', 's', 'rejected', 'h',
                            'r', 1, 't', 0, 0)
                    """)
            }
        }
        try store.close()
    }

    /// A store from before v16, whose timeline checked `outcome` with an `IN` list, is migrated by
    /// copying the table: every row, the contract indexes and the seed's view come through as
    /// they were, and the new CHECK refuses what the old one refused.
    @Test func aStoreFromBeforeV16KeepsEveryTimelineRow() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try ProjectionTests.service(folder.path("ledger.db"))
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.0.0"), document: nil)], actor: "ana")
        for minute in 0..<12 { try await ledger.execute([ProjectionTests.check(minute % 4 != 0, at: Int64(minute))], actor: "bot") }
        let path = folder.path("read.db")
        var store = try ReadModelStore(path: path)
        try await Projector(log: ledger.log, store: store).catchUp()
        let rowsBefore = try store.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM audit_timeline ORDER BY position") }
        let checksBefore = try store.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM data_quality_checks ORDER BY position") }
        #expect(rowsBefore.count > 12 && checksBefore.count == 12)
        try store.close()

        // The table as v3 to v15 left it, and the migration not applied.
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try TimelineBeforeV18.restore(db)
            let current = try #require(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'audit_timeline'"))
            let previous = current.replacingOccurrences(
                of: "outcome = 'accepted' OR outcome = 'rejected' OR outcome = 'quarantined'",
                with: "outcome IN ('accepted', 'rejected', 'quarantined')")
            #expect(previous != current)
            let view = try #require(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'data_quality_checks'"))
            try db.execute(sql: """
                DROP VIEW data_quality_checks;
                ALTER TABLE audit_timeline RENAME TO audit_timeline_now;
                \(previous);
                INSERT INTO audit_timeline SELECT * FROM audit_timeline_now;
                DROP TABLE audit_timeline_now;
                CREATE INDEX timeline_by_contract ON audit_timeline (contract_id, position);
                CREATE INDEX checks_by_contract ON audit_timeline (contract_id, position) WHERE rule IS NOT NULL;
                CREATE INDEX lone_runs_by_contract ON audit_timeline (contract_id, position) WHERE lone_origin IS NOT NULL;
                \(view);
                DELETE FROM grdb_migrations WHERE identifier = 'v16-timeline-outcome-checked-by-comparison';
                """)
        }
        try old.close()

        store = try ReadModelStore(path: path)
        let schema = try await store.pool.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'audit_timeline_rows'") }
        #expect(schema?.contains("outcome IN") == false)
        #expect(try store.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM audit_timeline ORDER BY position") } == rowsBefore)
        #expect(try store.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM data_quality_checks ORDER BY position") } == checksBefore)
        #expect(try await store.pool.read(ReadModelStore.missingBulkLoadIndexes).isEmpty)
        await #expect(throws: (any Error).self) {
            try await store.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO audit_timeline_rows (position, event_id, stream, sequence, type, schema_version, actor, occurred_at,
                        recorded_at, summary, outcome, hash)
                    VALUES (1000, 'e', 'lifecycle/sales.orders', 99, 'ContractRetired', 1, 'ana', 't', 't', 's', 'lost', 'h')
                    """)
            }
        }
        try await store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO audit_timeline_rows (position, event_id, stream, sequence, type, schema_version, actor, occurred_at,
                    recorded_at, summary, outcome, hash)
                VALUES (1000, 'e', 'lifecycle/sales.orders', 99, 'ContractRetired', 1, 'ana', 't', 't', 's', 'quarantined', 'h')
                """)
        }
        try store.close()
    }
}

@Suite("quality rows")
struct QualityRowTests {
    @Test func storedSummaryReadsBackAsTheSameSummary() throws {
        var summary = QualitySummary()
        #expect(try JSONDecoder().decode(QualitySummary.self, from: Data(summary.storedJSON)) == summary)
        let id = ContractID("sales.orders")!
        for minute in 0..<7 {
            summary.record(QualityCheckRecorded(contractId: id, rule: minute % 2 == 0 ? "not_null_id" : "row \"count\"", passed: minute % 3 != 0,
                                                value: minute == 4 ? nil : NumericLiteral("0.\(minute)5"),
                                                observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(minute) * 60_000)))
        }
        let decoded = try JSONDecoder().decode(QualitySummary.self, from: Data(summary.storedJSON))
        #expect(decoded == summary)
        #expect(decoded.rules.count == 2)
    }

    /// The direct writer gives the same bytes as the canonical form of the JSON tree, for an empty
    /// summary, one rule, and rules whose names sort differently by UTF-8 bytes than by Swift's `<`
    /// (and need escaping), with and without a last value.
    @Test func storedSummaryIsTheCanonicalFormOfItsTree() throws {
        var summary = QualitySummary()
        #expect(summary.storedJSON == summary.storedJSONValue.canonicalBytes)
        let id = ContractID("sales.orders")!
        let names = ["not_null_id", "Zeta", "é_accent", "e\u{301}_combining", "row \"count\"", "a\nb", "A"]
        for (index, name) in names.enumerated() {
            summary.record(QualityCheckRecorded(contractId: id, rule: name, passed: index % 2 == 0,
                                                value: index == 3 ? nil : NumericLiteral("1\(index).5"),
                                                observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(index) * 60_000)))
            #expect(summary.storedJSON == summary.storedJSONValue.canonicalBytes, "after rule \(name)")
        }
        #expect(String(decoding: summary.storedJSON, as: UTF8.self).hasPrefix(#"{"lastCheckedAt":"2025-11-24T16:06:00.000Z","passedChecks":4,"rules":{"A":"#))
    }

    /// The view writes back the texts a row leaves out (v18) exactly as the fold made them: a
    /// quality stream's name, an accepted result's type and outcome, an occurrence time equal to
    /// the record time, a result's check time (at the edges of the years it covers, and stored
    /// outside them), and the sentence of a result that is a run of its own (with and without a
    /// value or threshold, in any script). A result of a named run keeps its sentence.
    @Test func textsLeftOutOfQualityRowsReadBackAsTheFoldMadeThem() async throws {
        let folder = ProjectionTests.Folder()
        let store = try ReadModelStore(path: folder.path("read.db"))
        defer { try? store.close() }
        let id = ContractID("sales.orders")!
        let times: [Int64] = [0, 999, 1_000, 951_782_400_000, 1_764_000_000_123, 4_102_444_799_999, 253_402_300_799_999,
                              -1, -86_400_001, 253_402_300_800_000]
        var events: [QualityCheckRecorded] = []
        for (index, time) in times.enumerated() {
            events.append(QualityCheckRecorded(
                contractId: id, rule: index % 3 == 0 ? "not_null_id" : "règle « \"quotée\" » 'ok' ✓", passed: index % 2 == 0,
                value: index % 4 == 0 ? nil : NumericLiteral(index % 4 == 1 ? "0.98" : "-12")!,
                observedAt: Timestamp(millisecondsSinceEpoch: time), contractVersion: SemanticVersion("1.2.0"),
                threshold: index % 3 == 1 ? nil : (index % 3 == 0 ? ">= 0.95" : "≤ 5 (strict)"), rowsScanned: index % 2 == 0 ? 10 : nil))
        }
        events.append(QualityCheckRecorded(contractId: id, rule: "named", passed: false, value: NumericLiteral("1")!,
                                           observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000), runId: "run-1",
                                           threshold: "> 2", origin: "dcl:csv"))
        var batch = ProjectionBatch(fromPosition: 0, toPosition: Int64(events.count), state: LedgerState(), lastRecordedAt: nil)
        for (index, event) in events.enumerated() {
            let position = Int64(index + 1)
            let recordedAt = Timestamp(millisecondsSinceEpoch: 1_764_000_060_000)
            batch.timeline.append(HistoryEntry(
                position: position, eventId: "check-\(position)", stream: "quality/sales.orders", sequence: position,
                type: "QualityCheckRecorded", schemaVersion: 1, version: "1.2.0", actor: "bot",
                occurredAt: index % 2 == 0 ? recordedAt.iso8601 : event.observedAt.iso8601,
                recordedAt: recordedAt.iso8601, summary: EventSummary.text(for: .qualityCheckRecorded(event)), changes: nil,
                outcome: "accepted", reason: nil, hash: String(repeating: "ab", count: 32)))
            batch.checks.append(QualityCheckRow(
                position: position, rule: event.rule, passed: event.passed, value: event.value?.text, checkedAt: event.observedAt,
                recordedAt: recordedAt, totalSoFar: position, passedSoFar: 0,
                run: QualityRunMembers(contractId: id.rawValue, runId: event.runId ?? "check-\(position)", origin: event.origin ?? "manual",
                                       contractVersion: "1.2.0", threshold: event.threshold, rowsScanned: event.rowsScanned,
                                       fingerprint: nil, standsAlone: event.runId == nil)))
        }
        try await store.commit(batch, rate: 0)

        #expect(try await store.timeline(of: id) == batch.timeline)
        let checkedAt = try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT checked_at FROM data_quality_checks ORDER BY position")
        }
        #expect(checkedAt == events.map(\.observedAt.iso8601))
        // What the rows hold: the stream and in-range times left out, the sentence only for results without a run.
        let stored = try store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT stream, type, outcome, occurred_at, summary, checked_at FROM audit_timeline_rows ORDER BY position")
        }
        #expect(stored.allSatisfy { ($0["stream"] as String?) == nil && ($0["type"] as String?) == nil && ($0["outcome"] as String?) == nil })
        #expect(stored.map { ($0["occurred_at"] as String?) == nil } == batch.timeline.map { $0.occurredAt == $0.recordedAt })
        #expect(stored.map { ($0["summary"] as String?) == nil } == events.map { $0.runId == nil })
        #expect(stored.map { ($0["checked_at"] as String?) != nil }
                == events.map { $0.observedAt.millisecondsSinceEpoch < 0 || $0.observedAt.millisecondsSinceEpoch > 253_402_300_799_999 })
    }

    /// A store from before v18 keeps every timeline text it stored; the timeline, the seed's view
    /// and the store's indexes read as before, and rows projected after it leave out what the
    /// view writes back.
    @Test func aStoreFromBeforeV18ReadsAsBeforeAndGoesOn() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try ProjectionTests.service(folder.path("ledger.db"))
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.0.0"), document: nil)], actor: "ana")
        for minute in 0..<6 { try await ledger.execute([ProjectionTests.check(minute % 3 != 0, at: Int64(minute))], actor: "bot") }
        let path = folder.path("read.db")
        var store = try ReadModelStore(path: path)
        try await Projector(log: ledger.log, store: store).catchUp()
        let rowsBefore = try store.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM audit_timeline ORDER BY position") }
        let checksBefore = try store.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM data_quality_checks ORDER BY position") }
        #expect(rowsBefore.count > 6 && checksBefore.count == 6)
        try store.close()

        let old = try DatabaseQueue(path: path)
        try await old.write(TimelineBeforeV18.restore)
        try old.close()

        store = try ReadModelStore(path: path)
        defer { try? store.close() }
        #expect(try store.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM audit_timeline ORDER BY position") } == rowsBefore)
        #expect(try store.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM data_quality_checks ORDER BY position") } == checksBefore)
        #expect(try await store.pool.read(ReadModelStore.missingBulkLoadIndexes).isEmpty)
        let keptTexts = try await store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_timeline_rows WHERE stream IS NOT NULL AND summary IS NOT NULL")
        }
        #expect(keptTexts == rowsBefore.count)

        try await ledger.execute([ProjectionTests.check(false, at: 9)], actor: "bot")
        try await Projector(log: ledger.log, store: store).catchUp()
        let fresh = try ReadModelStore(path: folder.path("fresh.db"))
        defer { try? fresh.close() }
        try await Projector(log: ledger.log, store: fresh).catchUp()
        let all = "SELECT * FROM audit_timeline ORDER BY position"
        let migratedRows = try store.pool.read { db in try Row.fetchAll(db, sql: all) }
        #expect(try fresh.pool.read { db in try Row.fetchAll(db, sql: all) } == migratedRows)
        let newRow = try store.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT stream, type, outcome, summary, checked_at FROM audit_timeline_rows ORDER BY position DESC LIMIT 1")
        }
        #expect(newRow.map { row in ["stream", "type", "outcome", "summary", "checked_at"].allSatisfy { (row[$0] as String?) == nil } } == true)
    }
}
