import DCLApplication
import DCLDomain
@testable import DCLProjections
import DCLSQLite
import Foundation
import GRDB
import Testing

/// A long catch-up grows its transactions and loads without the bulk-load indexes; neither may
/// change what the read models say.
@Suite("bulk load")
struct BulkLoadTests {
    @Test func batchesGrowWithTheBacklogWithinTheirBounds() throws {
        let folder = ProjectionTests.Folder()
        let store = try ReadModelStore(path: folder.path("read.db"))
        let ledger = try SQLiteEventLog(path: folder.path("ledger.db"))
        var projector = Projector(log: ledger, store: store, batchSize: 2000)
        #expect(projector.nextBatchSize(remaining: 5, batchesRead: 9) == 5)
        #expect(projector.nextBatchSize(remaining: 10_000, batchesRead: 9) == 2000)
        #expect(projector.nextBatchSize(remaining: 40_000, batchesRead: 9) == 5_000)
        #expect(projector.nextBatchSize(remaining: 10_000_000, batchesRead: 9) == projector.maxBatchSize)
        // A catch-up's first batches double from `batchSize` up to what the backlog allows.
        #expect((0..<4).map { projector.nextBatchSize(remaining: 10_000_000, batchesRead: $0) } == [2000, 4000, 8000, projector.maxBatchSize])
        #expect((0..<3).map { projector.nextBatchSize(remaining: 40_000, batchesRead: $0) } == [2000, 4000, 5000])
        #expect(projector.nextBatchSize(remaining: 10_000_000, batchesRead: 64) == projector.maxBatchSize)
        projector.batchSize = 100_000
        #expect(projector.nextBatchSize(remaining: 10_000_000, batchesRead: 0) == 100_000)
        // A batch size so large that doubling it overflows is still the batch size.
        projector.batchSize = Int.max / 2 + 1
        #expect(projector.nextBatchSize(remaining: Int64.max, batchesRead: 3) == Int.max / 2 + 1)
    }

    @Test func aBulkLoadEqualsAnIndexedRebuildAndLeavesTheIndexes() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try ProjectionTests.service(folder.path("ledger.db"))
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.0.0"), document: nil)], actor: "ana")
        for minute in 0..<40 { try await ledger.execute([ProjectionTests.check(minute % 4 != 0, at: Int64(minute))], actor: "bot") }
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.1.0", channel: true), document: nil)], actor: "ana")

        let bulk = try ReadModelStore(path: folder.path("bulk.db"))
        var projector = Projector(log: ledger.log, store: bulk, batchSize: 5)
        projector.bulkLoadThreshold = 10
        projector.maxBatchSize = 7
        try await projector.catchUp()
        #expect(try await bulk.pool.read(ReadModelStore.missingBulkLoadIndexes).isEmpty)

        let indexed = try ReadModelStore(path: folder.path("indexed.db"))
        try await Projector(log: ledger.log, store: indexed).catchUp()
        try await ProjectionTests().expectIdentical(bulk, indexed)
        #expect(try await indexed.pool.read(ReadModelStore.missingBulkLoadIndexes).isEmpty)
    }

    /// A projector that may hold only two contracts' fold state drops and reloads them between
    /// batches; what it writes must not differ from one that holds them all.
    @Test func aProjectorHoldingFewContractsWritesWhatOneHoldingAllWrites() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try ProjectionTests.service(folder.path("ledger.db"))
        let ids = (0..<6).map { "sales.product_\($0)" }
        for id in ids { try await ledger.execute([.publishContract(ProjectionTests.contract("1.0.0", id: id), document: nil)], actor: "ana") }
        for minute in 0..<60 {
            let id = ContractID(ids[minute * 7 % ids.count])!
            try await ledger.execute([.recordQualityCheck(id, rule: "not_null_date", passed: minute % 5 != 0, value: nil,
                                                          observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(minute) * 60_000))],
                                     actor: "bot")
        }
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.1.0", channel: true, id: ids[2]), document: nil)], actor: "ana")

        let few = try ReadModelStore(path: folder.path("few.db"))
        var projector = Projector(log: ledger.log, store: few, batchSize: 3)
        projector.maxHeldContracts = 2
        try await projector.catchUp()
        let all = try ReadModelStore(path: folder.path("all.db"))
        try await Projector(log: ledger.log, store: all, batchSize: 3).catchUp()
        try await ProjectionTests().expectIdentical(few, all)
        let folded = try await few.checkpointHeader().position
        let expected = try await all.checkpointHeader().position
        #expect(folded >= 67 && folded == expected)
    }

    @Test func openingAStoreRestoresIndexesAKilledBulkLoadLeftOut() async throws {
        let folder = ProjectionTests.Folder()
        let path = folder.path("read.db")
        let store = try ReadModelStore(path: path)
        try await store.dropBulkLoadIndexes()
        #expect(try await store.pool.read(ReadModelStore.missingBulkLoadIndexes).count == ReadModelStore.bulkLoadIndexes.count)
        try store.close()
        let reopened = try ReadModelStore(path: path)
        #expect(try await reopened.pool.read(ReadModelStore.missingBulkLoadIndexes).isEmpty)
        let plan = try await reopened.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT position FROM audit_timeline WHERE contract_id = ? ORDER BY position",
                             arguments: ["sales.orders"]).map { $0["detail"] as String }.joined()
        }
        #expect(plan.contains("timeline_by_contract"))
    }

    /// A store made before v17 had a second index for quality results alone; opening it drops it,
    /// and every query for a contract's results then walks `timeline_by_contract`, never the
    /// whole timeline.
    @Test func qualityResultsAreFoundThroughTheTimelineIndex() async throws {
        let folder = ProjectionTests.Folder()
        let path = folder.path("read.db")
        let old = try ReadModelStore(path: path)
        try await old.pool.write { db in
            try TimelineBeforeV18.restore(db)
            try db.execute(sql: """
                CREATE INDEX IF NOT EXISTS checks_by_contract ON audit_timeline (contract_id, position) WHERE rule IS NOT NULL;
                DELETE FROM grdb_migrations WHERE identifier = 'v17-quality-results-by-timeline-index';
                """)
        }
        try old.close()

        let store = try ReadModelStore(path: path)
        let indexes = try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_timeline_rows' ORDER BY name")
        }
        #expect(indexes == ["timeline_by_contract"])
        let queries: [(sql: String, arguments: StatementArguments)] = [
            (ReadModelStore.qualityResultsQuery, ["sales.orders", 40]),
            ("SELECT \(ReadModelView.totalsColumns) FROM catalog_history h \(ReadModelView.totalsJoin) WHERE h.contract_id = ?",
             [40, "sales.orders"]),
            ("SELECT count(*) FROM data_quality_checks WHERE contract_id = ?", ["sales.orders"]),
            // The view `audit_timeline` (v18) is read as its table, through the table's indexes.
            ("SELECT \(HistoryEntry.timelineColumns) FROM audit_timeline WHERE contract_id = ? ORDER BY position", ["sales.orders"]),
        ]
        for query in queries {
            let plan = try await store.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query.sql, arguments: query.arguments).map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.contains("USING") && $0.contains("INDEX timeline_by_contract") }, "\(query.sql): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(query.sql): \(plan)")
        }
        let lonePlan = try await store.pool.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT summary, checked_at FROM audit_timeline
                WHERE contract_id = ? AND lone_origin IS NOT NULL AND position <= ? ORDER BY position DESC LIMIT 5
                """, arguments: ["sales.orders", 40]).map { $0["detail"] as String }
        }
        #expect(lonePlan.contains { $0.contains("INDEX timeline_by_contract") } && !lonePlan.contains { $0.hasPrefix("SCAN") }, "\(lonePlan)")
    }
}
