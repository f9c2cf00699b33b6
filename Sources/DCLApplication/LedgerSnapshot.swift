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

    public mutating func fold(_ stored: StoredEvent) {
        events.append(stored)
        let recorded: RecordedEvent
        do {
            recorded = try EventCodec.recorded(stored)
        } catch {
            quarantined.append(QuarantinedEvent(position: stored.position, eventId: stored.envelope.eventId,
                                                type: stored.envelope.type, reason: error.description))
            return
        }
        Ledger.evolve(&state, recorded)
    }

    /// Folds an event whose envelope this process just sealed from `event`: the same fold as
    /// `fold(_:)` without decoding the payload it encoded a moment ago.
    public mutating func fold(_ stored: StoredEvent, decoded event: LedgerEvent) {
        events.append(stored)
        let envelope = stored.envelope
        Ledger.evolve(&state, RecordedEvent(eventId: envelope.eventId, position: stored.position, stream: envelope.stream,
                                            sequence: envelope.sequence, occurredAt: envelope.occurredAt, recordedAt: envelope.recordedAt,
                                            actor: envelope.actor, event: event, previousHash: envelope.previousHash, hash: envelope.hash))
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
