import DCLDomain
import DCLProjections
import PostgresNIO

extension PostgresReadModelStore {
    /// Marks the store as an audit replay frozen at `cutoff`; projectors refuse it from then on.
    /// The table is created here, as in the SQLite store: only replay stores have it.
    public func freeze(at cutoff: ReplayCutoff) async throws {
        try await transaction { connection in
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS replay_cutoff (
                    id integer PRIMARY KEY CHECK (id = 1), as_of text COLLATE "C", to_position bigint, position bigint NOT NULL)
                """, logger: logger)
            try await connection.query("""
                INSERT INTO replay_cutoff (id, as_of, to_position, position) VALUES (1, \(cutoff.asOf?.iso8601), \(cutoff.toPosition), \(cutoff.position))
                ON CONFLICT (id) DO UPDATE SET as_of = excluded.as_of, to_position = excluded.to_position, position = excluded.position
                """, logger: logger)
        }
    }

    /// The cutoff this store was frozen at by `dcl audit replay`, or nil for a live store.
    public func replayCutoff() async throws -> ReplayCutoff? {
        try await read { connection in
            guard try await rows("SELECT to_regclass('replay_cutoff') IS NOT NULL AS frozen", on: connection).first?.bool("frozen") == true,
                  let row = try await rows("SELECT as_of, to_position, position FROM replay_cutoff WHERE id = 1", on: connection).first
            else { return nil }
            return ReplayCutoff(asOf: try row.textOrNil("as_of").flatMap { Timestamp(iso8601: $0) }, toPosition: try row.int64OrNil("to_position"),
                                position: try row.int64("position"))
        }
    }
}
