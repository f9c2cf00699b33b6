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

    /// Every event of `log`, read `batchSize` at a time, up to the first for which `include` is
    /// false (an audit as of a time checks a prefix of the log). The check stops at the first event
    /// that fails; `visit` sees each event checked, and with `visitAll` every further one too, for a
    /// comparison made in the same pass (a checkpoint's).
    ///
    /// Memory follows the streams, not the events: each stream keeps the hashes of its last few
    /// sequences. A link to an older sequence (a lost race on Kafka answered long after, or an
    /// event after a gap) is looked up in the stream itself.
    public static func verify(_ log: some EventLog, batchSize: Int = 10_000, include: (StoredEvent) -> Bool = { _ in true },
                              visitAll: Bool = false, visit: (StoredEvent) -> Void = { _ in }) async throws -> Report {
        var chain = Chain(window: Chain.streamingWindow)
        var failed = false
        var after: Int64 = 0
        reading: while true {
            let batch = try await log.read(after: after, limit: batchSize)
            guard let last = batch.last else { break }
            for stored in batch {
                guard include(stored) else { break reading }
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
                visit(stored)
                if failed && !visitAll { break reading }
            }
            after = last.position
        }
        return chain.report
    }
}
