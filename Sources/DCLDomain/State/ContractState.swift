/// Everything the ledger knows about one contract after folding its streams.
public struct ContractState: Sendable, Hashable, Codable {
    public var id: ContractID
    public var versions: [ContractVersionRecord]
    public var status: ContractStatus
    public var owner: EmailAddress?
    public var deprecationReason: String?
    /// The first version's occurrence time (seed `created_at`).
    public var createdAt: Timestamp
    /// The latest lifecycle event's occurrence time (seed `updated_at`).
    public var updatedAt: Timestamp
    /// The contract version at which the schema last changed (seed `schema_version`).
    public var schemaVersion: SemanticVersion

    public init(first record: ContractVersionRecord) {
        id = record.contract.id
        versions = [record]
        status = record.contract.status
        owner = record.contract.owner
        createdAt = record.occurredAt
        updatedAt = record.occurredAt
        schemaVersion = record.contract.version
    }

    /// The latest version, with status and owner as later events left them.
    public var latest: DataContract {
        var contract = versions[versions.count - 1].contract
        contract.status = status
        contract.owner = owner
        return contract
    }

    /// The latest version's freshness SLA, in hours (without building `latest`).
    /// (Read through the buffer: the array's getter copied the whole version record for one number.)
    public var latestSLAHours: Int { versions.withUnsafeBufferPointer { $0[$0.count - 1].contract.serviceLevel.slaHours } }
    public var latestVersion: SemanticVersion { versions[versions.count - 1].contract.version }
    /// The status the latest version was published with (`status` is where later events left it).
    public var latestPublishedStatus: ContractStatus { versions[versions.count - 1].contract.status }
    public var domain: DomainName? { versions[versions.count - 1].contract.domain }

    public func version(_ version: SemanticVersion) -> ContractVersionRecord? {
        versions.first { $0.contract.version.hasSamePrecedence(as: version) }
    }

    /// Seed `is_active`.
    public var isActive: Bool { status.isActive }
}
