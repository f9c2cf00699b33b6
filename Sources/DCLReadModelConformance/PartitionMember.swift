import DCLDomain
import DCLEventLog
import DCLProjections

/// One projector of a group sharing a store, owning some partitions of a partitioned log: it
/// folds batches of its partitions as `Projector` does on a partitioned log (positions from
/// `reservePositions`, `fromCursor` where its partitions stood, `cursor` naming only its
/// partitions, the fold state carried from batch to batch, parts loaded once), and leaves the
/// commits to the caller, so a check can interleave members' folds and commits as it likes.
///
/// ```swift
/// var member = try await PartitionMember(store: store, log: log.owning([0, 2]))
/// while let batch = try await member.fold(limit: 3) { try await store.commit(batch, rate: 0) }
/// ```
struct PartitionMember {
    let store: any ReadModelStoring
    let log: PartitionedMemoryLog
    /// The fold state as this member's last batch left it: its own partitions' contracts and
    /// streams, and the global part as the store held it when the member started plus its own.
    private(set) var checkpoint: ProjectionCheckpoint
    /// Where this member's partitions stand after its last folded batch.
    private(set) var cursor: LogCursor
    private var held = FoldParts()

    init(store: any ReadModelStoring, log: PartitionedMemoryLog) async throws {
        self.store = store
        self.log = log
        let header = try await store.checkpointHeader()
        checkpoint = header
        // Only its own partitions, where the store has them.
        cursor = LogCursor(next: Dictionary(uniqueKeysWithValues: log.keys.map { ($0, header.cursor.next[$0] ?? 0) }))
    }

    /// The next batch of at most `limit` events of this member's partitions, folded; nil when
    /// they are drained. The member moves on as if it was committed.
    mutating func fold(limit: Int) async throws -> ProjectionBatch? {
        let read = try await log.read(from: cursor, limit: limit)
        guard !read.events.isEmpty else { return nil }
        var events = read.events
        let first = try await store.reservePositions(events.count)
        for index in events.indices { events[index].position = first + Int64(index) }
        let parts = FoldParts(events)
        let missing = parts.subtracting(held)
        try await store.loadParts(missing, into: &checkpoint)
        held.formUnion(missing)
        var batch = ProjectionFold.fold(events, from: checkpoint.state, position: checkpoint.position,
                                        lastRecordedAt: checkpoint.lastRecordedAt, onTimeChecks: checkpoint.onTimeChecks)
        batch.toPosition = events[events.count - 1].position
        batch.lastHash = nil
        batch.fromCursor = cursor
        batch.cursor = read.after
        batch.eventCount = events.count
        batch.contractPartitions = try await log.contractPartitions()
        checkpoint = ProjectionCheckpoint(position: batch.toPosition, lastRecordedAt: batch.lastRecordedAt, state: batch.state,
                                          onTimeChecks: batch.onTimeChecks, cursor: read.after)
        cursor = read.after
        return batch
    }
}
