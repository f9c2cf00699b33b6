import DCLDomain
import DCLEventLog

/// Events read from the log and folded with the domain's own `Ledger.evolve`.
public struct LedgerSnapshot: Sendable {
    public var state = LedgerState()
    /// The stored events that were folded, in log order.
    public var events: [StoredEvent] = []
    /// Events that could not be decoded (unknown type, damaged payload), kept out of the fold.
    public var quarantined: [QuarantinedEvent] = []

    public init() {}

    /// Folds stored events in order; undecodable ones are quarantined, never fatal.
    public init<Events: Sequence>(folding stored: Events) where Events.Element == StoredEvent {
        for event in stored { fold(event) }
    }

    /// Folds one stored event; returns its domain event as decoded from the payload (nil when it
    /// is quarantined), so a caller that needs it does not decode the payload a second time.
    @discardableResult
    public mutating func fold(_ stored: StoredEvent) -> LedgerEvent? {
        events.append(stored)
        let recorded: RecordedEvent
        do {
            recorded = try EventCodec.recorded(stored)
        } catch {
            quarantined.append(QuarantinedEvent(position: stored.position, eventId: stored.envelope.eventId,
                                                type: stored.envelope.type, reason: error.description))
            return nil
        }
        Ledger.evolve(&state, recorded)
        return recorded.event
    }

    public func headHash(of stream: StreamID) -> String { state.headHash(of: stream) }

    /// Whether the fold applied the event at this position (false for rejected or quarantined).
    public func rejection(of eventId: String) -> RejectedEvent? { state.rejected.first { $0.eventId == eventId } }
}

/// An event the fold could not read, with its position and why.
public struct QuarantinedEvent: Sendable, Hashable, Codable {
    public var position: Int64
    public var eventId: String
    public var type: String
    public var reason: String

    public init(position: Int64, eventId: String, type: String, reason: String) {
        self.position = position
        self.eventId = eventId
        self.type = type
        self.reason = reason
    }
}
