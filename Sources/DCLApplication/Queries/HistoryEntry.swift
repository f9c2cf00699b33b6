import DCLDomain
import DCLEventLog

/// One line of a contract's audit history: what happened, when, by whom, and whether the fold
/// applied it.
public struct HistoryEntry: Sendable, Codable, Hashable {
    // `hash` is declared second so that the compiler's memberwise initializer
    // (`init(position:hash:eventId:…)`, internal) differs from the public one, and no initializer
    // is declared here, so that it exists: the others delegate to it. Swift 6.3 builds a struct
    // with a `String?` member that an initializer sets field by field in a temporary and then
    // copies it out (a retain and a release of every string); a projector makes an entry per event.
    public var position: Int64
    public var hash: String
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
}

extension HistoryEntry {
    /// One entry for a stored event and what the fold made of it. `occurredAt` and `recordedAt`,
    /// when given, are the envelope's times as `Timestamp.iso8601` formats them.
    ///
    /// The event and its decoded form are borrowed: a projector makes an entry for every event
    /// it reads, and taking them as an initializer's owned arguments copied both (a retain and
    /// a release of each of their strings) only to read a few fields.
    public init(stored: borrowing StoredEvent, event: borrowing LedgerEvent?, outcome: String, reason: String?,
                occurredAt: String? = nil, recordedAt: String? = nil) {
        var changes: [ContractChange]?
        var version: String?
        let summary: String
        switch event {
        case .some(let decoded):
            changes = decoded.schemaChanges
            version = decoded.contractVersion?.description
            summary = EventSummary.text(for: decoded)
        case .none:
            summary = "undecodable \(stored.envelope.type)"
        }
        self.init(position: stored.position, hash: stored.envelope.hash, eventId: stored.envelope.eventId,
                  stream: stored.envelope.stream.description, sequence: stored.envelope.sequence, type: stored.envelope.type,
                  schemaVersion: stored.envelope.schemaVersion, version: version, actor: stored.envelope.actor,
                  occurredAt: occurredAt ?? stored.envelope.occurredAt.iso8601,
                  recordedAt: recordedAt ?? stored.envelope.recordedAt.iso8601,
                  summary: summary, changes: changes, outcome: outcome, reason: reason)
    }

    /// The same for an event that was decoded: a projector's fold has the decoded event, and
    /// wrapping it in an optional for the initializer above copied it (every string it holds
    /// retained and released) once per event. (It delegates to the memberwise initializer
    /// itself: going through the one above, a hand-written initializer, copied the entry.)
    /// `summary`, when given, stands in for `EventSummary.text(for: decoded)`.
    public init(stored: borrowing StoredEvent, decoded: borrowing LedgerEvent, outcome: String, reason: String?,
                occurredAt: String? = nil, recordedAt: String? = nil, summary: String? = nil) {
        self.init(position: stored.position, hash: stored.envelope.hash, eventId: stored.envelope.eventId,
                  stream: stored.envelope.stream.description, sequence: stored.envelope.sequence, type: stored.envelope.type,
                  schemaVersion: stored.envelope.schemaVersion, version: decoded.contractVersion?.description, actor: stored.envelope.actor,
                  occurredAt: occurredAt ?? stored.envelope.occurredAt.iso8601,
                  recordedAt: recordedAt ?? stored.envelope.recordedAt.iso8601,
                  summary: summary ?? EventSummary.text(for: decoded), changes: decoded.schemaChanges, outcome: outcome, reason: reason)
    }

    public init(position: Int64, eventId: String, stream: String, sequence: Int64, type: String, schemaVersion: Int,
                version: String?, actor: String, occurredAt: String, recordedAt: String, summary: String,
                changes: [ContractChange]?, outcome: String, reason: String?, hash: String) {
        self.init(position: position, hash: hash, eventId: eventId, stream: stream, sequence: sequence, type: type,
                  schemaVersion: schemaVersion, version: version, actor: actor, occurredAt: occurredAt, recordedAt: recordedAt,
                  summary: summary, changes: changes, outcome: outcome, reason: reason)
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

extension LedgerEvent {
    /// A schema change's graded changes; nil for any other event (read from a borrowed event,
    /// which a pattern match outside the type would have to copy first).
    var schemaChanges: [ContractChange]? {
        if case .schemaChanged(let change) = self { return change.changes }
        return nil
    }
}
