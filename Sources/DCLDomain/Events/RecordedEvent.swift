/// An event as the ledger recorded it: the facts the fold needs besides the payload.
/// (The event-log envelope adds hashes and the payload's schema version.)
public struct RecordedEvent: Sendable, Hashable {
    // The chain links come first so that the compiler's memberwise initializer
    // (`init(previousHash:hash:eventId:…)`, internal) differs from the public one below, which
    // delegates to it: Swift 6.3 builds a struct with a `String?` member that an initializer sets
    // field by field in a temporary and then copies it out (a retain and a release of every
    // string), and a projector records every event it reads. (Spelled `Optional<String>`, the
    // links get no implicit `nil`, so the memberwise initializer needs them and no call is ambiguous.)

    /// The envelope's chain link, when read from a log: the fold accepts an event only if it
    /// chains to its stream's accepted head, so a batch whose first event lost a race cannot
    /// have its later events accepted on top of the winner's. Nil where there is no envelope
    /// (decisions simulated in memory).
    public var previousHash: Optional<String>
    public var hash: Optional<String>
    public var eventId: String
    /// Global order of the log (SQLite rowid, or a Kafka-derived position).
    public var position: Int64
    public var stream: StreamID
    /// The stream sequence the writer expected to take (1 for a new stream).
    public var sequence: Int64
    public var occurredAt: Timestamp
    public var recordedAt: Timestamp
    public var actor: String
    public var event: LedgerEvent
}

extension RecordedEvent {
    public init(eventId: String, position: Int64, stream: StreamID, sequence: Int64, occurredAt: Timestamp,
                recordedAt: Timestamp, actor: String, event: LedgerEvent, previousHash: String? = nil, hash: String? = nil) {
        self.init(previousHash: previousHash, hash: hash, eventId: eventId, position: position, stream: stream, sequence: sequence,
                  occurredAt: occurredAt, recordedAt: recordedAt, actor: actor, event: event)
    }
}
