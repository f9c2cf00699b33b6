import DCLDomain
import DCLEventLog
import Foundation

/// Reads the log from the store's checkpoint, folds with `Ledger.evolve`, and commits each batch
/// (read-model rows and position together).
///
/// ```swift
/// let report = try await Projector(log: log, store: store).catchUp()
/// print(report.position, report.events)
/// ```
public struct Projector: Sendable {
    public let log: any EventLog
    public let store: ReadModelStore
    /// Events per transaction while following the log.
    public var batchSize: Int
    public var limit: ProjectionLimit
    /// The largest transaction a long catch-up grows to. A commit rewrites one quality row per
    /// contract it touches, so larger batches write fewer rows per event; the cost is memory
    /// (three batches are in flight: read, folded, committing).
    public var maxBatchSize = Projector.defaultMaxBatchSize
    public static let defaultMaxBatchSize = 32_768
    /// A catch-up at least this long, and at least as long as what the store already holds,
    /// loads without the store's bulk-load indexes and builds them once at the end.
    public var bulkLoadThreshold: Int64 = 100_000

    public init(log: any EventLog, store: ReadModelStore, batchSize: Int = 2000, limit: ProjectionLimit = .none) {
        self.log = log
        self.store = store
        self.batchSize = max(1, batchSize)
        self.limit = limit
    }

    /// Events to read next with `remaining` events left to fold: `batchSize` while following,
    /// growing with the backlog up to `maxBatchSize` (never below `batchSize`).
    func nextBatchSize(remaining: Int64) -> Int {
        let grown = max(batchSize, min(maxBatchSize, Int(clamping: remaining / 8)))
        return max(1, min(grown, Int(clamping: remaining)))
    }

    /// Brings the read models up to the log's end as it is when called (or the limit), then returns.
    ///
    /// Three stages overlap: the next batch is read while the current one is folded, and the
    /// current one is folded while the previous one commits. Commits stay in order (each waits
    /// for the one before), and a batch is folded from the state its predecessor reached, so the
    /// store sees exactly the sequence of transactions a one-batch-at-a-time loop would write.
    @discardableResult
    public func catchUp(progress: (@Sendable (ProjectionProgress) -> Void)? = nil,
                        shouldStop: @Sendable () -> Bool = { false }) async throws -> ProjectionReport {
        var checkpoint = try await store.checkpoint()
        try await refuseIfFrozen()
        let logEnd = try await log.endPosition()
        let end = limit.toPosition.map { min($0, logEnd) } ?? logEnd
        let started = Date()
        var folded = 0
        var prefetched: (after: Int64, task: Task<[StoredEvent], any Error>)?
        var committing: (task: Task<Void, any Error>, events: Int, toPosition: Int64)?
        // How far the log has been read. It runs ahead of the checkpoint in a limited projection,
        // whose checkpoint stays at the last event it applied (the cutoff), not the log's end.
        var scanned = checkpoint.position
        defer { prefetched?.task.cancel() }
        let store = self.store
        let bulkLoad = end - checkpoint.position >= max(bulkLoadThreshold, checkpoint.position)
        if bulkLoad { try await store.dropBulkLoadIndexes() }
        /// Waits for the commit in flight; false when another projector moved the store first.
        func finishCommit() async throws -> Bool {
            guard let pending = committing else { return true }
            committing = nil
            do {
                try await pending.task.value
            } catch let error as ProjectionError where error.code == .staleCheckpoint {
                return false
            }
            folded += pending.events
            let elapsed = Date().timeIntervalSince(started)
            progress?(ProjectionProgress(position: pending.toPosition, end: end, events: folded,
                                         eventsPerSecond: elapsed > 0 ? Double(folded) / elapsed : 0))
            return true
        }
        do {
            while scanned < end && !shouldStop() {
                let batchStart = Date()
                let events: [StoredEvent]
                if let ahead = prefetched, ahead.after == scanned {
                    events = try await ahead.task.value
                } else {
                    events = try await log.read(after: scanned, limit: nextBatchSize(remaining: end - scanned))
                }
                prefetched = nil
                guard let last = events.last else { break }
                if last.position < end {
                    let log = self.log
                    let limit = nextBatchSize(remaining: end - last.position)
                    prefetched = (last.position, Task { try await log.read(after: last.position, limit: limit) })
                }
                // (Filtering copies every event; an unlimited projection takes them all.)
                let included = limit.isLimited ? events.filter(limit.includes) : events
                var batch = ProjectionFold.fold(included, from: checkpoint.state, position: checkpoint.position,
                                                lastRecordedAt: checkpoint.lastRecordedAt)
                batch.toPosition = limit.isLimited ? (included.last?.position ?? checkpoint.position) : last.position
                batch.eventCount = included.count
                scanned = last.position
                guard try await finishCommit() else {
                    // Another projector got there first: continue from where it left the store.
                    checkpoint = try await store.checkpoint()
                    scanned = checkpoint.position
                    continue
                }
                let seconds = Date().timeIntervalSince(batchStart)
                let rate = seconds > 0 ? Double(events.count) / seconds : 0
                let ready = batch
                committing = (Task { try await store.commit(ready, rate: rate) }, included.count, batch.toPosition)
                checkpoint = ProjectionCheckpoint(position: batch.toPosition, lastRecordedAt: batch.lastRecordedAt, state: batch.state)
            }
        } catch {
            // Never leave a commit running behind the caller's back (it may close the store next).
            if let pending = committing { _ = try? await pending.task.value }
            if bulkLoad { try? await store.createBulkLoadIndexes() }
            throw error
        }
        if try await !finishCommit() { checkpoint = try await store.checkpoint() }
        if bulkLoad { try await store.createBulkLoadIndexes() }
        let elapsed = Date().timeIntervalSince(started)
        return ProjectionReport(position: checkpoint.position, end: end, events: folded,
                                eventsPerSecond: elapsed > 0 ? Double(folded) / elapsed : 0)
    }
}

/// Which events a projection folds: all, or those up to a position and/or a record time (audit replay).
public struct ProjectionLimit: Sendable, Hashable {
    public var toPosition: Int64?
    public var asOf: Timestamp?

    public init(toPosition: Int64? = nil, asOf: Timestamp? = nil) {
        self.toPosition = toPosition
        self.asOf = asOf
    }

    public static let none = ProjectionLimit()
    public var isLimited: Bool { toPosition != nil || asOf != nil }

    func includes(_ event: StoredEvent) -> Bool {
        if let toPosition, event.position > toPosition { return false }
        if let asOf, event.envelope.recordedAt > asOf { return false }
        return true
    }
}

/// Progress of a catch-up, for the progress bar.
public struct ProjectionProgress: Sendable {
    public var position: Int64
    public var end: Int64
    public var events: Int
    public var eventsPerSecond: Double
}

/// What a catch-up did.
public struct ProjectionReport: Sendable {
    public var position: Int64
    public var end: Int64
    public var events: Int
    public var eventsPerSecond: Double
}
