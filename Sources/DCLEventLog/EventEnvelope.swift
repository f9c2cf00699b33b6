import DCLDomain

/// The versioned envelope every event travels in, on SQLite and on Kafka alike.
///
/// `hash` is SHA-256 over the canonical form of every other field (see `EventHasher` and
/// `docs/event-format.md`); `previousHash` chains it to the previous event of the same stream.
/// The payload is kept as JSON exactly as written at its `schemaVersion`; `EventCodec`
/// upcasts old versions when decoding, and the stored bytes are never rewritten.
public struct EventEnvelope: Sendable, Hashable {
    public var eventId: String
    public var type: String
    public var schemaVersion: Int
    /// The contract the event belongs to; nil for domain-stream events.
    public var contractId: String?
    public var stream: StreamID
    public var sequence: Int64
    public var occurredAt: Timestamp
    public var recordedAt: Timestamp
    public var actor: String
    public var payload: JSONValue
    public var previousHash: String
    public var hash: String

    public init(eventId: String, type: String, schemaVersion: Int, contractId: String?, stream: StreamID, sequence: Int64,
                occurredAt: Timestamp, recordedAt: Timestamp, actor: String, payload: JSONValue,
                previousHash: String, hash: String) {
        self.eventId = eventId
        self.type = type
        self.schemaVersion = schemaVersion
        self.contractId = contractId
        self.stream = stream
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.payload = payload
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The `previousHash` of a stream's first event.
    public static let genesisHash = String(repeating: "0", count: 64)
}
