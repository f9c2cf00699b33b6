import DCLDomain

/// A data product as the catalog lists it: the seed's `data_product_contracts` row plus
/// the quality dashboard's numbers.
public struct CatalogEntry: Sendable, Codable, Hashable {
    public var contractId: String
    /// `(unset)` for a contract without a domain (ODCS does not require one).
    public var domain: String
    public var product: String
    public var name: String
    public var version: String
    public var schemaVersion: String
    public var status: String
    public var isActive: Bool
    /// `(unset)` for a contract without an owner.
    public var owner: String
    public var slaHours: Int
    public var freshnessSla: String
    public var qualityThreshold: String
    public var tags: [String]
    public var description: String?
    public var fields: [String]
    public var versions: Int
    public var totalChecks: Int
    public var passedChecks: Int
    public var qualityScore: String?
    public var lastChecked: String?
    public var createdAt: String
    public var updatedAt: String

    public init(_ contract: ContractState, quality: QualitySummary) {
        let latest = contract.latest
        contractId = contract.id.rawValue
        domain = latest.domain?.rawValue ?? DataContract.unsetText
        product = latest.dataProduct
        name = latest.name
        version = latest.version.description
        schemaVersion = contract.schemaVersion.description
        status = contract.status.rawValue
        isActive = contract.isActive
        owner = contract.owner?.rawValue ?? DataContract.unsetText
        slaHours = latest.serviceLevel.slaHours
        freshnessSla = latest.serviceLevel.freshness.description
        qualityThreshold = latest.qualityThreshold.text
        tags = latest.tags
        description = latest.description
        fields = latest.fieldPaths
        versions = contract.versions.count
        totalChecks = quality.totalChecks
        passedChecks = quality.passedChecks
        qualityScore = quality.qualityScore?.text
        lastChecked = quality.lastCheckedAt?.iso8601
        createdAt = contract.createdAt.iso8601
        updatedAt = contract.updatedAt.iso8601
    }

    /// The catalog, sorted by domain then contract id, optionally for one domain.
    public static func catalog(_ state: LedgerState, domain: DomainName? = nil) -> [CatalogEntry] {
        state.contracts.values
            .filter { domain == nil || $0.domain == domain }
            .sorted { ($0.domain?.rawValue ?? "", $0.id) < ($1.domain?.rawValue ?? "", $1.id) }
            .map { CatalogEntry($0, quality: state.qualitySummary(for: $0.id)) }
    }
}
