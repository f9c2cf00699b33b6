import DCLDomain

/// Recomputes every hash and checks every stream's chain. Pure: give it the log's events.
///
/// An event verifies when its stored hash equals SHA-256 of its canonical form, and its
/// `previousHash` equals the hash of the event before it in its stream (the genesis hash for
/// sequence 1). A rejected duplicate of a sequence (possible on Kafka) verifies against the
/// same predecessor as the event that won that sequence.
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

    public static func verify<Events: Sequence>(_ events: Events) -> Report where Events.Element == StoredEvent {
        var winners: [StreamID: [Int64: String]] = [:]
        var count = 0
        for stored in events {
            count += 1
            let envelope = stored.envelope
            func finding(_ problem: String) -> Report {
                Report(eventsChecked: count, streamsChecked: winners.count,
                       firstFailure: Finding(position: stored.position, eventId: envelope.eventId, stream: envelope.stream,
                                             sequence: envelope.sequence, problem: problem))
            }
            let recomputed = EventHasher.hash(of: envelope)
            if recomputed != envelope.hash {
                return finding("content does not match its hash (stored \(envelope.hash.prefix(16))…, recomputed \(recomputed.prefix(16))…)")
            }
            let expectedPrevious = envelope.sequence == 1
                ? EventEnvelope.genesisHash
                : winners[envelope.stream]?[envelope.sequence - 1]
            guard let expectedPrevious else {
                return finding("no earlier event at sequence \(envelope.sequence - 1) of its stream")
            }
            if envelope.previousHash != expectedPrevious {
                return finding("previousHash \(envelope.previousHash.prefix(16))… does not match the hash of sequence \(envelope.sequence - 1) (\(expectedPrevious.prefix(16))…)")
            }
            if winners[envelope.stream]?[envelope.sequence] == nil {
                winners[envelope.stream, default: [:]][envelope.sequence] = envelope.hash
            }
        }
        return Report(eventsChecked: count, streamsChecked: winners.count, firstFailure: nil)
    }
}
