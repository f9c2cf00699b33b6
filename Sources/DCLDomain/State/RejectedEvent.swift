/// A recorded event the fold did not apply, and why. Every read model lists the same ones.
public struct RejectedEvent: Sendable, Hashable, Codable {
    public var eventId: String
    public var position: Int64
    public var stream: StreamID
    public var sequence: Int64
    public var type: String
    public var reason: LedgerRejection

    public init(eventId: String, position: Int64, stream: StreamID, sequence: Int64, type: String, reason: LedgerRejection) {
        self.eventId = eventId
        self.position = position
        self.stream = stream
        self.sequence = sequence
        self.type = type
        self.reason = reason
    }
}
