/// An event as the ledger recorded it: the facts the fold needs besides the payload.
/// (The event-log envelope adds hashes and the payload's schema version.)
public struct RecordedEvent: Sendable, Hashable {
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
    /// The envelope's chain link, when read from a log: the fold accepts an event only if it
    /// chains to its stream's accepted head, so a batch whose first event lost a race cannot
    /// have its later events accepted on top of the winner's. Nil where there is no envelope
    /// (decisions simulated in memory).
    public var previousHash: String?
    public var hash: String?

    public init(eventId: String, position: Int64, stream: StreamID, sequence: Int64, occurredAt: Timestamp,
                recordedAt: Timestamp, actor: String, event: LedgerEvent, previousHash: String? = nil, hash: String? = nil) {
        self.previousHash = previousHash
        self.hash = hash
        self.eventId = eventId
        self.position = position
        self.stream = stream
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.event = event
    }
}
