import CProcessTuning
import Foundation
import GRDB

extension ReadModelStore {
    /// Secondary indexes a long catch-up leaves out while it loads, then builds in one pass.
    ///
    /// Each orders a row per event (or per quality run) by contract: a batch inserts into them all
    /// over, so each commit rewrote most of their pages into the write-ahead log.
    /// Building one once after a million rows takes seconds; keeping the timeline's during the
    /// load cost 15–30 % of a rebuild. Queries are correct without them (only slower), and no
    /// invariant depends on them: none is `UNIQUE` (the quality runs' upsert goes by their
    /// primary key, which stays). The definitions are the migrations' own, so a store after a
    /// bulk load has the same schema as one without.
    static let bulkLoadIndexes: [(name: String, definition: String)] = [
        ("timeline_by_contract", "audit_timeline_rows (contract_id, position)"),
        ("quality_runs_by_contract", "quality_runs (contract_id, last_position)"),
        ("quality_run_results_by_run", "quality_run_results (contract_id, run_id, position)"),
    ]

    /// Drops the bulk-load indexes before a long catch-up (see `Projector.bulkLoadThreshold`).
    public func dropBulkLoadIndexes() async throws {
        try await pool.write { db in
            for index in Self.bulkLoadIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
        }
    }

    /// Creates any bulk-load index that is missing, after a long catch-up.
    public func createBulkLoadIndexes() async throws {
        try await pool.write(Self.createMissingBulkLoadIndexes)
    }

    /// The same when a store is opened (a projector killed during a bulk load had no chance to);
    /// takes the write lock only when an index is missing.
    func createBulkLoadIndexesIfMissing() throws {
        guard try !pool.read(Self.missingBulkLoadIndexes).isEmpty else { return }
        try pool.write(Self.createMissingBulkLoadIndexes)
    }

    private static func createMissingBulkLoadIndexes(_ db: Database) throws {
        // Building an index sorts with memory of its own (up to the page cache's size again) on top
        // of what the load freed but the allocator still holds: hand that back first, so the
        // build does not raise the catch-up's peak.
        dcl_release_free_memory()
        // SQLite's sorter keeps up to the page cache's size in memory before it spills to a
        // temporary file; a quarter of it is enough for a sort done once.
        try db.execute(sql: "PRAGMA cache_size = -\(pageCacheKiB / 4)")
        // The sort may use a helper thread per other core (SQLite's own; none by default): the
        // builds end a long catch-up (or follow one that was killed), with nothing else to run beside them.
        let helpers = max(0, ProcessInfo.processInfo.activeProcessorCount - 1)
        try db.execute(sql: "PRAGMA threads = \(helpers)")
        defer {
            try? db.execute(sql: "PRAGMA threads = 0")
            try? db.execute(sql: "PRAGMA cache_size = -\(pageCacheKiB)")
        }
        for index in try missingBulkLoadIndexes(db) { try db.execute(sql: "CREATE INDEX \(index.name) ON \(index.definition)") }
    }

    static func missingBulkLoadIndexes(_ db: Database) throws -> [(name: String, definition: String)] {
        try bulkLoadIndexes.filter { index in
            try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?)",
                                arguments: [index.name]) ?? false)
        }
    }
}
