import DCLDomain

/// Recomputes every hash and checks every stream's chain, one event at a time in log order.
///
/// An event verifies when its stored hash equals SHA-256 of its canonical form, and its
/// `previousHash` equals the hash of an event recorded before it at the previous sequence of its
/// stream (the genesis hash for sequence 1). On Kafka, two writers can race for a sequence: the
/// loser's batch forms a short fork whose events chain to each other; they verify (nothing was
/// altered) while every fold rejects them. Altering an event breaks its own hash; removing one
/// breaks the link of the event after it.
///
/// ```swift
/// let report = try await AuditVerifier.verify(log)        // reads the log in batches
/// report.firstFailure?.description                      // nil when intact
/// ```
public enum AuditVerifier {
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        public var position: Int64
        public var eventId: String
        public var stream: StreamID
        public var sequence: Int64
        public var problem: String
        /// The event that failed, as read (to find where a partitioned log stores it).
        public var envelope: EventEnvelope

        public var description: String {
            "event \(eventId) at position \(position) (\(stream) #\(sequence)): \(problem)"
        }
    }

    public struct Report: Sendable, Hashable {
        public var eventsChecked: Int
        public var streamsChecked: Int
        /// The first event that does not verify, in log order; nil when the ledger is intact.
        public var firstFailure: Finding?
    }

    /// Every event of `events`, in order, kept in memory as the check goes (events already read).
    public static func verify<Events: Sequence>(_ events: Events) -> Report where Events.Element == StoredEvent {
        var chain = Chain(window: .max)
        for stored in events {
            guard case .checked = chain.check(stored) else { break }
        }
        return chain.report
    }

    /// Every event of `log`, read `batchSize` at a time, except those for which `include` is false
    /// (an audit as of a time checks each stream up to then: on a log with one global order the
    /// read stops at the first such event). The check stops at the first event that fails; `visit`
    /// sees each event checked, and with `visitAll` every further one too, for a comparison made in
    /// the same pass (a checkpoint's).
    ///
    /// Memory follows the streams, not the events: each stream keeps the hashes of its last few
    /// sequences. A link to an older sequence (a lost race on Kafka answered long after, or an
    /// event after a gap) is looked up in the stream itself. The log is read as a projector reads
    /// it, partition by partition (`read(from:until:limit:)`): a stream lives in one partition, in
    /// order. A partitioned log's events are numbered 1, 2, 3… in the order read.
    ///
    /// With `checkpointEnd` (the cursor an audit checkpoint recorded), the log is read in two
    /// passes: every partition up to that cursor, then on to the log's end; `visit` is told which
    /// pass an event came from (true: at or before the checkpoint's end). Each stream still comes
    /// in order, as its partition's records before the cursor precede those after it.
    public static func verify(_ log: some EventLog, batchSize: Int = 10_000, checkpointEnd: LogCursor? = nil,
                              include: (StoredEvent) -> Bool = { _ in true },
                              visitAll: Bool = false, visit: (StoredEvent, Bool) -> Void = { _, _ in }) async throws -> Report {
        var chain = Chain(window: Chain.streamingWindow)
        var failed = false
        var numbered: Int64 = 0
        var cursor = LogCursor.start
        let end = try await log.endCursor()
        let passes: [(until: LogCursor, beforeCheckpoint: Bool)] = checkpointEnd.map { [($0, true), (end, false)] } ?? [(end, false)]
        reading: for pass in passes {
            while true {
                let remaining = cursor.remaining(to: pass.until)
                guard remaining > 0 else { break }
                let batch = try await log.read(from: cursor, until: pass.until, limit: Int(min(Int64(batchSize), remaining)))
                let moved = batch.after != cursor
                cursor = batch.after
                guard !batch.events.isEmpty || moved else { break }
                for var stored in batch.events {
                    if !batch.hasGlobalPositions {
                        numbered += 1
                        stored.position = numbered
                    }
                    guard include(stored) else {
                        if batch.hasGlobalPositions { break reading }
                        continue
                    }
                    if !failed {
                        var verdict = chain.check(stored)
                        if case .needsEarlier(let stream, let sequence) = verdict {
                            let earlier = try await log.readStream(stream)
                                .filter { $0.envelope.sequence == sequence && $0.envelope.eventId != stored.envelope.eventId }
                                .map(\.envelope.hash)
                            verdict = chain.check(stored, earlier: earlier)
                        }
                        if case .failed = verdict { failed = true }
                    }
                    visit(stored, pass.beforeCheckpoint)
                    if failed && !visitAll { break reading }
                }
            }
        }
        return chain.report
    }
}
