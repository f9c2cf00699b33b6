import GRDB

extension ReadModelStore {
    /// Positions taken from the counter at once: a block of eight of the largest batches, so a
    /// catch-up waits for the writer (to take the next block) once per eight batches at most.
    static let positionBlock: Int64 = 65_536

    /// The first of `count` fresh positions, never handed out before by any store on this file
    /// (see `ReadModelStoring`). A partitioned log's projector numbers a batch's events with them.
    ///
    /// Positions come from a block this store took from `position_counter` in a short write
    /// transaction of its own; `close()` gives back what it did not hand out when no one took
    /// positions after it, so a single projector numbers a log without gaps.
    ///
    /// ```swift
    /// let first = try await store.reservePositions(events.count)
    /// for index in events.indices { events[index].position = first + Int64(index) }
    /// ```
    public func reservePositions(_ count: Int) async throws -> Int64 {
        guard count > 0 else { throw ProjectionError(.invalidArgument, "reserve at least one position, not \(count)") }
        let wanted = Int64(count)
        if let first = reserved.take(wanted) { return first }
        let reserved = self.reserved
        return try await pool.write { db in
            // This pool's writes run one at a time: another caller may have taken a block since.
            if let first = reserved.take(wanted) { return first }
            let size = max(wanted, Self.positionBlock)
            // Never below the checkpoint, whatever numbered the events before.
            guard let last = try Int64.fetchOne(db, sql: """
                UPDATE position_counter SET last = max(last, COALESCE((SELECT position FROM fold_checkpoint WHERE id = 1), 0)) + ?
                WHERE id = 1 RETURNING last
                """, arguments: [size]) else {
                throw ProjectionError(.unavailable, "the store has no position counter")
            }
            reserved.refill(first: last - size + 1, last: last)
            guard let first = reserved.take(wanted) else { throw ProjectionError(.unavailable, "a fresh block of positions is too small") }
            return first
        }
    }

    /// Gives the positions this store reserved and never handed out back to the counter, if no
    /// one reserved after them (else they stay unused: a gap).
    func returnUnusedPositions() throws {
        guard let unused = reserved.takeRemainder() else { return }
        try pool.write { db in
            try db.execute(sql: "UPDATE position_counter SET last = ? WHERE id = 1 AND last = ?",
                           arguments: [unused.lowerBound - 1, unused.upperBound])
        }
    }
}
