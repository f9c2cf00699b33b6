import DCLDomain

/// A notice for a contract's consumers: a version with changes that break consumers, or a
/// deprecation. The projector writes one per such event into the `notifications` read model.
///
/// ```swift
/// let notices = try await store.notifications(contract: nil, consumer: "finance-reporting")
/// notices.map { "\($0.kind.rawValue) \($0.contractId) \($0.version)" }
/// ```
public struct GovernanceNotification: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case breakingChange = "breaking-change", deprecation }

    public var position: Int64
    public var contractId: String
    public var kind: Kind
    public var version: String
    public var message: String
    /// The subscribed consumers it concerns (for a breaking change: those it breaks at field level).
    public var consumers: [String]
    public var recordedAt: String
    /// The id of the event behind it: what identifies a notification wherever it is delivered
    /// (a rebuild sends the same one again). Absent only in rows folded before it was kept.
    public var eventId: String?

    public init(position: Int64, contractId: String, kind: Kind, version: String, message: String, consumers: [String], recordedAt: String,
                eventId: String? = nil) {
        self.position = position
        self.contractId = contractId
        self.kind = kind
        self.version = version
        self.message = message
        self.consumers = consumers
        self.recordedAt = recordedAt
        self.eventId = eventId
    }
}
