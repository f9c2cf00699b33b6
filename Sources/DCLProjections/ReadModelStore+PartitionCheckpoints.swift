import DCLDomain
import DCLEventLog
import Foundation
import GRDB

/// How a batch of a partitioned log (Kafka) is checked and recorded, so that projectors owning
/// disjoint partitions commit into one store side by side (see `ReadModelStoring`, "Commits"):
/// each batch is checked against, and records itself in, the `log_cursor` rows of its own
/// partitions; the global fold state is merged, not replaced, and only by batches with global
/// events. The embedded log (one global order) never comes here.
///
/// ```swift
/// var batch = ProjectionFold.fold(events, from: checkpoint.state, position: checkpoint.position, lastRecordedAt: nil)
/// batch.fromCursor = checkpoint.cursor      // where its partitions stood
/// batch.cursor = read.after                 // only the partitions this projector owns
/// try await store.commit(batch, rate: 0)    // .staleCheckpoint if one of them moved since
/// ```
extension ReadModelStore {
    /// Refuses the batch (`.staleCheckpoint`) when one of its partitions no longer stands where
    /// it was folded from: another projector committed that partition since.
    static func checkPartitions(of batch: ProjectionBatch, db: Database) throws {
        guard let cursor = batch.cursor, let from = batch.fromCursor else { return }
        let stored = try db.cachedStatement(sql: "SELECT next FROM log_cursor WHERE partition = ?")
        for partition in cursor.next.keys.sorted() {
            let current = try Int64.fetchOne(stored, arguments: [partition]) ?? 0
            let expected = from.next[partition] ?? 0
            guard current == expected else {
                throw ProjectionError(.staleCheckpoint, """
                    partition '\(partition)' of the store is at \(current), not \(expected): another projector committed it
                    """)
            }
        }
    }

    /// The global part of the fold state the store holds (empty before any).
    static func storedGlobalState(_ db: Database) throws -> LedgerState {
        guard let text = try String.fetchOne(db, sql: "SELECT state FROM fold_checkpoint WHERE id = 1") else { return LedgerState() }
        return try JSONDecoder().decode(LedgerState.self, from: Data(text.utf8))
    }

    /// Applies a batch's accepted global events (domains, policies, tokens, consumers, platform
    /// requests, compatibility settings) to the stored global state and writes it back; returns
    /// the merged state. Each rule reads only its own stream's part (`Ledger.applyAccepted`), so
    /// the merged state is the same whichever projector commits first.
    ///
    /// The state's `acceptedCount` is left as it is: accepted events are counted per partition.
    static func mergeGlobalState(_ events: [RecordedEvent], db: Database, encoder: JSONEncoder) throws -> LedgerState {
        var state = try storedGlobalState(db)
        for event in events { Ledger.applyAccepted(event, to: &state) }
        // Position and record time 0 and NULL: on a partitioned log they live in the partition rows.
        try db.execute(sql: """
            INSERT INTO fold_checkpoint (id, position, last_recorded_at, state) VALUES (1, 0, NULL, ?)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state
            """, arguments: [try globalStateText(state, encoder: encoder)])
        return state
    }

    /// Moves the batch's partitions to its cursor, and records the batch's position, latest
    /// record time, counts and rate with one of them: the first partition it advanced (its
    /// events came from those). Readers sum and take the maximum over the rows.
    static func writePartitionCheckpoint(of batch: ProjectionBatch, rate: Double, db: Database) throws {
        guard let cursor = batch.cursor else { return }
        let from = batch.fromCursor ?? LogCursor()
        let partitions = cursor.next.keys.sorted()
        let attributed = partitions.first { cursor.next[$0] != (from.next[$0] ?? 0) } ?? partitions.first
        let moved = try RowWriter(db, sql: """
            INSERT INTO log_cursor (partition, next) VALUES (?, ?) ON CONFLICT (partition) DO UPDATE SET next = excluded.next
            """)
        for partition in partitions where partition != attributed {
            moved.bind(1, partition)
            moved.bind(2, cursor.next[partition] ?? 0)
            try moved.run()
        }
        guard let attributed else { return }
        try db.execute(sql: """
            INSERT INTO log_cursor (partition, next, position, last_recorded_at, events, quarantined, accepted, rate)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (partition) DO UPDATE SET next = excluded.next,
                position = max(COALESCE(position, 0), excluded.position),
                last_recorded_at = CASE WHEN last_recorded_at IS NULL OR excluded.last_recorded_at > last_recorded_at
                                        THEN excluded.last_recorded_at ELSE last_recorded_at END,
                events = events + excluded.events, quarantined = quarantined + excluded.quarantined,
                accepted = accepted + excluded.accepted, rate = excluded.rate
            """, arguments: [attributed, cursor.next[attributed] ?? 0, batch.toPosition, batch.lastRecordedAt?.iso8601,
                             batch.eventCount, batch.quarantined.count, batch.acceptedCount, rate])
    }

    /// The highest position folded: the checkpoint's on a log with one global order, the highest
    /// partition row's on a partitioned one (both count for a store folded before `v11`).
    static func foldedPosition(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: """
            SELECT max(COALESCE((SELECT position FROM fold_checkpoint WHERE id = 1), 0),
                       COALESCE((SELECT MAX(position) FROM log_cursor), 0))
            """) ?? 0
    }

    /// The latest record time folded, the read models' "now" (ISO 8601 texts of one width, so
    /// the greatest text is the latest time).
    static func lastRecordedAt(_ db: Database) throws -> Timestamp? {
        try lastRecordedAtText(db).flatMap { Timestamp(iso8601: $0) }
    }

    /// The same as stored, for the export.
    static func lastRecordedAtText(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT MAX(t) FROM (SELECT last_recorded_at AS t FROM fold_checkpoint WHERE id = 1
                                UNION ALL SELECT last_recorded_at FROM log_cursor)
            """)
    }
}
