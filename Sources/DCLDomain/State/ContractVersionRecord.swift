/// One accepted version of a contract and when, by whom and with what changes it arrived.
public struct ContractVersionRecord: Sendable, Hashable, Codable {
    public var contract: DataContract
    public var document: JSONValue?
    public var sequence: Int64
    public var occurredAt: Timestamp
    public var recordedAt: Timestamp
    public var actor: String
    public var changes: [ContractChange]
    public var decision: CompatibilityDecision?
    /// The published file's text, when the event kept it.
    public var original: String?

    public init(contract: DataContract, document: JSONValue?, sequence: Int64, occurredAt: Timestamp,
                recordedAt: Timestamp, actor: String, changes: [ContractChange] = [], decision: CompatibilityDecision? = nil,
                original: String? = nil) {
        self.original = original
        self.decision = decision
        self.contract = contract
        self.document = document
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.changes = changes
    }
}
