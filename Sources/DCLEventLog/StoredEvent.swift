import DCLDomain

/// An envelope at its place in the log.
public struct StoredEvent: Sendable, Hashable {
    /// Global read order, starting at 1 (SQLite: the row id; Kafka: see the Kafka adapter).
    public var position: Int64
    public var envelope: EventEnvelope

    public init(position: Int64, envelope: EventEnvelope) {
        self.position = position
        self.envelope = envelope
    }
}
