import GRDB

extension ReadModelStore {
    /// Secondary indexes a long catch-up leaves out while it loads, then builds in one pass.
    ///
    /// `timeline_by_contract` orders a row per event by contract: a batch inserts into it all
    /// over, so each commit rewrote most of its pages into the write-ahead log. Building it once
    /// after a million rows took under a second; keeping it during the load cost 15–30 % of a
    /// rebuild. Queries are correct without it (only slower), and no invariant depends on it:
    /// it is not `UNIQUE`.
    static let bulkLoadIndexes: [(name: String, definition: String)] = [
        ("timeline_by_contract", "audit_timeline (contract_id, position)"),
    ]

    /// Drops the bulk-load indexes before a long catch-up (see `Projector.bulkLoadThreshold`).
    func dropBulkLoadIndexes() async throws {
        try await pool.write { db in
            for index in Self.bulkLoadIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
        }
    }

    /// Creates any bulk-load index that is missing, after a long catch-up.
    func createBulkLoadIndexes() async throws {
        try await pool.write(Self.createMissingBulkLoadIndexes)
    }

    /// The same when a store is opened (a projector killed during a bulk load had no chance to);
    /// takes the write lock only when an index is missing.
    func createBulkLoadIndexesIfMissing() throws {
        guard try !pool.read(Self.missingBulkLoadIndexes).isEmpty else { return }
        try pool.write(Self.createMissingBulkLoadIndexes)
    }

    private static func createMissingBulkLoadIndexes(_ db: Database) throws {
        for index in try missingBulkLoadIndexes(db) { try db.execute(sql: "CREATE INDEX \(index.name) ON \(index.definition)") }
    }

    static func missingBulkLoadIndexes(_ db: Database) throws -> [(name: String, definition: String)] {
        try bulkLoadIndexes.filter { index in
            try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?)",
                                arguments: [index.name]) ?? false)
        }
    }
}
