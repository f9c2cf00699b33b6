/// Everything the ledger knows about one contract after folding its streams.
public struct ContractState: Sendable, Hashable, Codable {
    public var id: ContractID
    public var versions: [ContractVersionRecord] {
        didSet { latestSLAHours = Self.slaHours(of: versions) }
    }
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
        latestSLAHours = record.contract.serviceLevel.slaHours
    }

    /// Every member but `latestSLAHours`, which follows from `versions` (and is not stored).
    enum CodingKeys: String, CodingKey {
        case id, versions, status, owner, deprecationReason, createdAt, updatedAt, schemaVersion
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(ContractID.self, forKey: .id)
        versions = try container.decode([ContractVersionRecord].self, forKey: .versions)
        status = try container.decode(ContractStatus.self, forKey: .status)
        owner = try container.decodeIfPresent(EmailAddress.self, forKey: .owner)
        deprecationReason = try container.decodeIfPresent(String.self, forKey: .deprecationReason)
        createdAt = try container.decode(Timestamp.self, forKey: .createdAt)
        updatedAt = try container.decode(Timestamp.self, forKey: .updatedAt)
        schemaVersion = try container.decode(SemanticVersion.self, forKey: .schemaVersion)
        latestSLAHours = Self.slaHours(of: versions)
    }

    private static func slaHours(of versions: [ContractVersionRecord]) -> Int {
        versions.last?.contract.serviceLevel.slaHours ?? 0
    }

    /// The latest version, with status and owner as later events left them.
    public var latest: DataContract {
        var contract = versions[versions.count - 1].contract
        contract.status = status
        contract.owner = owner
        return contract
    }

    /// The latest version's freshness SLA, in hours, kept beside `versions` (set whenever they
    /// change): every quality result reads it, and reaching it through the versions' buffer to the
    /// latest contract's service level was the fold's costliest single read.
    public private(set) var latestSLAHours: Int
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
