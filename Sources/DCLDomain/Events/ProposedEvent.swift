/// What `decide` returns: an event and the stream sequence it must take to be valid.
public struct ProposedEvent: Sendable, Hashable {
    public var stream: StreamID
    public var sequence: Int64
    public var event: LedgerEvent

    public init(stream: StreamID, sequence: Int64, event: LedgerEvent) {
        self.stream = stream
        self.sequence = sequence
        self.event = event
    }
}
