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
    public var batchSize: Int
    public var limit: ProjectionLimit

    public init(log: any EventLog, store: ReadModelStore, batchSize: Int = 2000, limit: ProjectionLimit = .none) {
        self.log = log
        self.store = store
        self.batchSize = max(1, batchSize)
        self.limit = limit
    }

    /// Brings the read models up to the log's end as it is when called (or the limit), then returns.
    @discardableResult
    public func catchUp(progress: (@Sendable (ProjectionProgress) -> Void)? = nil,
                        shouldStop: @Sendable () -> Bool = { false }) async throws -> ProjectionReport {
        var checkpoint = try await store.checkpoint()
        let logEnd = try await log.endPosition()
        let end = limit.toPosition.map { min($0, logEnd) } ?? logEnd
        let started = Date()
        var folded = 0
        // The next batch is read while the current one is folded and committed (read-ahead).
        var prefetched: (after: Int64, task: Task<[StoredEvent], any Error>)?
        defer { prefetched?.task.cancel() }
        while checkpoint.position < end && !shouldStop() {
            let batchStart = Date()
            let events: [StoredEvent]
            if let ahead = prefetched, ahead.after == checkpoint.position {
                events = try await ahead.task.value
            } else {
                events = try await log.read(after: checkpoint.position, limit: min(batchSize, Int(end - checkpoint.position)))
            }
            prefetched = nil
            guard let last = events.last else { break }
            if last.position < end {
                let log = self.log
                let limit = min(batchSize, Int(end - last.position))
                prefetched = (last.position, Task { try await log.read(after: last.position, limit: limit) })
            }
            let included = events.filter(limit.includes)
            var batch = ProjectionFold.fold(included, from: checkpoint.state, position: checkpoint.position,
                                            lastRecordedAt: checkpoint.lastRecordedAt)
            batch.toPosition = last.position
            batch.eventCount = events.count
            let seconds = Date().timeIntervalSince(batchStart)
            do {
                try await store.commit(batch, rate: seconds > 0 ? Double(events.count) / seconds : 0)
            } catch let error as ProjectionError where error.code == .staleCheckpoint {
                // Another projector got there first: continue from where it left the store.
                checkpoint = try await store.checkpoint()
                continue
            }
            checkpoint = ProjectionCheckpoint(position: batch.toPosition, lastRecordedAt: batch.lastRecordedAt, state: batch.state)
            folded += events.count
            let elapsed = Date().timeIntervalSince(started)
            progress?(ProjectionProgress(position: checkpoint.position, end: end, events: folded,
                                         eventsPerSecond: elapsed > 0 ? Double(folded) / elapsed : 0))
        }
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
