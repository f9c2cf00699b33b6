import DCLDomain
import DCLEventLog

/// One line of a contract's audit history: what happened, when, by whom, and whether the fold
/// applied it.
public struct HistoryEntry: Sendable, Codable, Hashable {
    public var position: Int64
    public var eventId: String
    public var stream: String
    public var sequence: Int64
    public var type: String
    public var schemaVersion: Int
    public var version: String?
    public var actor: String
    public var occurredAt: String
    public var recordedAt: String
    public var summary: String
    public var changes: [ContractChange]?
    /// `accepted`, `rejected` or `quarantined`.
    public var outcome: String
    public var reason: String?
    public var hash: String

    /// One entry for a stored event and what the fold made of it. `occurredAt` and `recordedAt`,
    /// when given, are the envelope's times as `Timestamp.iso8601` formats them.
    public init(stored: StoredEvent, event: LedgerEvent?, outcome: String, reason: String?,
                occurredAt: String? = nil, recordedAt: String? = nil) {
        let envelope = stored.envelope
        var changes: [ContractChange]?
        if case .schemaChanged(let change)? = event { changes = change.changes }
        self.init(position: stored.position, eventId: envelope.eventId, stream: envelope.stream.description,
                  sequence: envelope.sequence, type: envelope.type, schemaVersion: envelope.schemaVersion,
                  version: event?.contractVersion?.description, actor: envelope.actor,
                  occurredAt: occurredAt ?? envelope.occurredAt.iso8601, recordedAt: recordedAt ?? envelope.recordedAt.iso8601,
                  summary: event.map(EventSummary.text(for:)) ?? "undecodable \(envelope.type)",
                  changes: changes, outcome: outcome, reason: reason, hash: envelope.hash)
    }

    public init(position: Int64, eventId: String, stream: String, sequence: Int64, type: String, schemaVersion: Int,
                version: String?, actor: String, occurredAt: String, recordedAt: String, summary: String,
                changes: [ContractChange]?, outcome: String, reason: String?, hash: String) {
        self.position = position
        self.eventId = eventId
        self.stream = stream
        self.sequence = sequence
        self.type = type
        self.schemaVersion = schemaVersion
        self.version = version
        self.actor = actor
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.summary = summary
        self.changes = changes
        self.outcome = outcome
        self.reason = reason
        self.hash = hash
    }

    /// The history of one contract, in log order, from a full snapshot.
    public static func entries(for id: ContractID, in snapshot: LedgerSnapshot) -> [HistoryEntry] {
        let rejected = Dictionary(snapshot.state.rejected.map { ($0.eventId, $0) }, uniquingKeysWith: { first, _ in first })
        let quarantined = Dictionary(snapshot.quarantined.map { ($0.eventId, $0) }, uniquingKeysWith: { first, _ in first })
        return snapshot.events.filter { $0.envelope.contractId == id.rawValue }.map { stored in
            let event = try? EventCodec.recorded(stored).event
            if let rejection = rejected[stored.envelope.eventId] {
                return HistoryEntry(stored: stored, event: event, outcome: "rejected", reason: rejection.reason.description)
            }
            if let problem = quarantined[stored.envelope.eventId] {
                return HistoryEntry(stored: stored, event: event, outcome: "quarantined", reason: problem.reason)
            }
            return HistoryEntry(stored: stored, event: event, outcome: "accepted", reason: nil)
        }
    }
}
