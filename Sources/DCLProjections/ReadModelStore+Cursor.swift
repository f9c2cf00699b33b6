import DCLEventLog
import GRDB

extension ReadModelStore {
    /// Where the store's read models stand in the log, per partition (one row per partition a
    /// projector has committed): the cheap question a member of a projector group asks to know
    /// whether the whole ledger is folded, whoever folded each partition.
    ///
    /// ```swift
    /// let behind = try await store.checkpointCursor().remaining(to: try await log.endCursor())
    /// ```
    public func checkpointCursor() async throws -> LogCursor {
        try await pool.read { db in
            var cursor = LogCursor()
            for row in try Row.fetchAll(db, sql: "SELECT partition, next FROM log_cursor") { cursor.next[row["partition"]] = row["next"] }
            return cursor
        }
    }
}
