import DCLDomain

/// Recomputes every hash and checks every stream's chain. Pure: give it the log's events.
///
/// An event verifies when its stored hash equals SHA-256 of its canonical form, and its
/// `previousHash` equals the hash of an event recorded before it at the previous sequence of its
/// stream (the genesis hash for sequence 1). On Kafka, two writers can race for a sequence: the
/// loser's batch forms a short fork whose events chain to each other; they verify (nothing was
/// altered) while every fold rejects them. Altering an event breaks its own hash; removing one
/// breaks the link of the event after it.
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
        var recorded: [StreamID: [Int64: Set<String>]] = [:]
        var count = 0
        for stored in events {
            count += 1
            let envelope = stored.envelope
            func finding(_ problem: String) -> Report {
                Report(eventsChecked: count, streamsChecked: recorded.count,
                       firstFailure: Finding(position: stored.position, eventId: envelope.eventId, stream: envelope.stream,
                                             sequence: envelope.sequence, problem: problem))
            }
            let recomputed = EventHasher.hash(of: envelope)
            if recomputed != envelope.hash {
                return finding("content does not match its hash (stored \(envelope.hash.prefix(16))…, recomputed \(recomputed.prefix(16))…)")
            }
            if envelope.sequence == 1 {
                if envelope.previousHash != EventEnvelope.genesisHash {
                    return finding("the first event of its stream must chain to the genesis hash, not \(envelope.previousHash.prefix(16))…")
                }
            } else {
                guard let candidates = recorded[envelope.stream]?[envelope.sequence - 1] else {
                    return finding("no earlier event at sequence \(envelope.sequence - 1) of its stream (removed?)")
                }
                if !candidates.contains(envelope.previousHash) {
                    return finding("previousHash \(envelope.previousHash.prefix(16))… matches no event at sequence \(envelope.sequence - 1) of its stream")
                }
            }
            recorded[envelope.stream, default: [:]][envelope.sequence, default: []].insert(envelope.hash)
        }
        return Report(eventsChecked: count, streamsChecked: recorded.count, firstFailure: nil)
    }
}
