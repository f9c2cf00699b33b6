import DCLEventLog

/// Gathers the appends of concurrent writers into shared commits of the log (group commit).
///
/// While one commit is in progress, the appends that arrive wait; when it ends they go to the log
/// together, as separate batches of one `EventLog.appendBatches` call: on the embedded log one
/// transaction and one sync to disk for all of them, each batch still checked against its
/// streams' heads and refused alone. A writer alone goes straight through, so a single command
/// costs what it did; under load the cost of the sync is shared by every publish that waited.
///
/// ```swift
/// let commits = GroupCommit(log: try SQLiteEventLog(path: ".dcl/ledger.db"))
/// let stored = try await commits.append(envelopes)   // as log.append, shared with concurrent callers
/// ```
public actor GroupCommit {
    public let log: any EventLog
    private var waiting: [(envelopes: [EventEnvelope], reply: CheckedContinuation<[StoredEvent], any Error>)] = []
    private var committing = false

    public init(log: any EventLog) {
        self.log = log
    }

    /// Appends one batch (all or nothing, as `EventLog.append`), in a commit shared with the
    /// batches of other callers waiting at the same time.
    public func append(_ envelopes: [EventEnvelope]) async throws -> [StoredEvent] {
        try await withCheckedThrowingContinuation { reply in
            waiting.append((envelopes, reply))
            if !committing {
                committing = true
                Task { await self.commitWaiting() }
            }
        }
    }

    /// Commits what waits, then what arrived meanwhile, until nothing waits.
    private func commitWaiting() async {
        while !waiting.isEmpty {
            let group = waiting
            waiting = []
            let results = await log.appendBatches(group.map(\.envelopes))
            for (index, writer) in group.enumerated() {
                // An adapter owes one result per batch; a missing one is a failure, never a writer left waiting.
                writer.reply.resume(with: index < results.count ? results[index]
                                        : .failure(EventLogError(.unavailable, "the log gave no result for this append")))
            }
        }
        committing = false
    }
}
