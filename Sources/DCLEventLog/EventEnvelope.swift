import DCLDomain

/// The versioned envelope every event travels in, on SQLite and on Kafka alike.
///
/// `hash` is SHA-256 over the canonical form of every other field (see `EventHasher` and
/// `docs/event-format.md`); `previousHash` chains it to the previous event of the same stream.
/// The payload is kept as JSON exactly as written at its `schemaVersion`; `EventCodec`
/// upcasts old versions when decoding, and the stored bytes are never rewritten.
public struct EventEnvelope: Sendable {
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
    /// The event's data at `schemaVersion`.
    public var payload: JSONValue {
        get { payloadStorage.value }
        set { payloadStorage = .parsed(newValue) }
    }
    var payloadStorage: EnvelopePayload
    public var previousHash: String
    public var hash: String

    // No initializer is declared here, so the compiler's memberwise one exists (internal,
    // `init(eventId:…payloadStorage:previousHash:hash:)`) and every other initializer, in the
    // extension below, delegates to it. Swift 6.3 builds a struct with a `String?` member that
    // an initializer sets field by field in a temporary and then copies it out (a retain and a
    // release of every string); the memberwise initializer builds it in place. A reader makes
    // an envelope per event.

    /// The `previousHash` of a stream's first event.
    public static let genesisHash = String(repeating: "0", count: 64)
}

extension EventEnvelope {
    public init(eventId: String, type: String, schemaVersion: Int, contractId: String?, stream: StreamID, sequence: Int64,
                occurredAt: Timestamp, recordedAt: Timestamp, actor: String, payload: JSONValue,
                previousHash: String, hash: String) {
        self.init(eventId: eventId, type: type, schemaVersion: schemaVersion, contractId: contractId, stream: stream,
                  sequence: sequence, occurredAt: occurredAt, recordedAt: recordedAt, actor: actor, payloadStorage: .parsed(payload),
                  previousHash: previousHash, hash: hash)
    }
}

/// Equal when every field is equal; payloads compare by their canonical form, which is one text
/// per JSON value, so a parsed payload equals the same payload kept as text.
extension EventEnvelope: Hashable {
    public static func == (lhs: EventEnvelope, rhs: EventEnvelope) -> Bool {
        lhs.eventId == rhs.eventId && lhs.type == rhs.type && lhs.schemaVersion == rhs.schemaVersion
            && lhs.contractId == rhs.contractId && lhs.stream == rhs.stream && lhs.sequence == rhs.sequence
            && lhs.occurredAt == rhs.occurredAt && lhs.recordedAt == rhs.recordedAt && lhs.actor == rhs.actor
            && lhs.previousHash == rhs.previousHash && lhs.hash == rhs.hash
            && lhs.payloadStorage.canonicalBytes == rhs.payloadStorage.canonicalBytes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(eventId)
        hasher.combine(hash)
        hasher.combine(payloadStorage.canonicalBytes)
    }
}
