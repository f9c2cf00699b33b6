import DCLDomain
import GRDB

extension ReadModelStore {
    /// Marks the store as an audit replay frozen at `cutoff`; `Projector.catchUp` refuses it from now on.
    ///
    /// The table is created here rather than by a migration: only replay stores ever have it, and
    /// its absence is what "not frozen" means, so every existing store stays as it is.
    public func freeze(at cutoff: ReplayCutoff) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS replay_cutoff (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    as_of TEXT, to_position INTEGER, position INTEGER NOT NULL)
                """)
            try db.execute(sql: "INSERT OR REPLACE INTO replay_cutoff (id, as_of, to_position, position) VALUES (1, ?, ?, ?)",
                           arguments: [cutoff.asOf?.iso8601, cutoff.toPosition, cutoff.position])
        }
    }

    /// The cutoff this store was frozen at by `dcl audit replay`, or nil for a live store.
    public func replayCutoff() async throws -> ReplayCutoff? {
        try await pool.read { db in
            guard try db.tableExists("replay_cutoff"),
                  let row = try Row.fetchOne(db, sql: "SELECT as_of, to_position, position FROM replay_cutoff WHERE id = 1")
            else { return nil }
            let asOfText: String? = row["as_of"]
            return ReplayCutoff(asOf: asOfText.flatMap { Timestamp(iso8601: $0) }, toPosition: row["to_position"], position: row["position"])
        }
    }
}

extension Projector {
    /// A frozen replay store answers as the ledger stood at its cutoff; folding later events into
    /// it would turn them into sequence-gap rejections and change what it certifies.
    func refuseIfFrozen() async throws {
        guard let cutoff = try await store.replayCutoff() else { return }
        throw ProjectionError(.frozen, """
            the read-model store '\(store.location)' is an audit replay frozen at its cutoff (\(cutoff)); \
            it is never caught up — read it with --stale-ok, or project into another store
            """)
    }
}
