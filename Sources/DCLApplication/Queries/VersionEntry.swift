import DCLDomain

/// One accepted version of a contract in the compatibility read model: when it arrived,
/// what changed against the previous version, and the compatibility decision recorded with it.
public struct VersionEntry: Sendable, Codable, Hashable {
    public var contractId: String
    public var version: String
    public var major: Int
    public var sequence: Int64
    public var recordedAt: String
    public var actor: String
    public var status: String
    /// The computed bump (`MAJOR`, `MINOR`, `PATCH`, `NONE`), when a decision was recorded.
    public var bump: String?
    public var decision: CompatibilityDecisionView?
    public var changes: [ContractChange]
    /// The version's schema objects in Avro JSON form.
    public var schema: [JSONValue]

    public init(contractId: ContractID, record: ContractVersionRecord) {
        self.contractId = contractId.rawValue
        version = record.contract.version.description
        major = record.contract.version.major
        sequence = record.sequence
        recordedAt = record.recordedAt.iso8601
        actor = record.actor
        status = record.contract.status.rawValue
        decision = CompatibilityDecisionView(record: record)
        bump = decision?.computedBump
        changes = record.changes
        schema = record.contract.schema.map(\.avroJSON)
    }
}

/// The compatibility decision stored with a version (see `docs/compatibility.md`).
public struct CompatibilityDecisionView: Sendable, Codable, Hashable {
    public var mode: String
    public var computedBump: String
    public var declaredBump: String
    public var comparedWith: [String]
    public var reasons: [String]

    init?(record: ContractVersionRecord) {
        guard let decision = record.decision else { return nil }
        mode = decision.mode
        computedBump = decision.computedBump
        declaredBump = decision.declaredBump
        comparedWith = decision.comparedWith
        reasons = decision.reasons
    }
}
